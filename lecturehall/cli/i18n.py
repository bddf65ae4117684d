"""``lecturehall i18n``: extract, update and compile the translation catalogs (wraps pybabel)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from lecturehall.core.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
POT = ROOT / "translations" / "messages.pot"


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@click.group("i18n")
def i18n_group() -> None:
    """Translation catalogs."""


@i18n_group.command("extract")
def extract() -> None:
    """Collect every translatable string into translations/messages.pot."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output",
             "--project", "Lecture Hall", "-o", str(POT), "lecturehall")


@i18n_group.command("update")
def update() -> None:
    """Extract, then merge the new strings into each language's catalog."""
    extract.callback()
    for language in LANGUAGES:
        catalog = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
        if catalog.exists():
            _pybabel("update", "-i", str(POT), "-d", "translations", "-l", language, "--no-fuzzy-matching")
        else:
            _pybabel("init", "-i", str(POT), "-d", "translations", "-l", language)


@i18n_group.command("compile")
def compile_catalogs() -> None:
    """Compile the catalogs to .mo files, which the app reads."""
    _pybabel("compile", "-d", "translations", "--statistics")
