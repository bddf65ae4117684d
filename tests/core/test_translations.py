"""Every user-facing string is translated in all six catalogs: none missing, empty or fuzzy."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from lecturehall.core.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def extracted_messages() -> set[str]:
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2"), ("**/templates/**.txt", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT / "lecturehall"), method_map=method_map, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.fixture(scope="module")
def source_messages() -> set[str]:
    messages = extracted_messages()
    assert len(messages) > 100
    return messages


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_catalog_is_complete(language, source_messages):
    path = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    missing = sorted(m for m in source_messages if m not in catalog or not catalog[m].string)
    assert not missing, f"{language}: {len(missing)} strings not translated, e.g. {missing[:5]}"
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, f"{language}: fuzzy entry {message.id!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        assert all(strings), f"{language}: empty translation for {message.id!r}"
        expected = set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) <= expected | set(PLACEHOLDER.findall(ids[-1])), (
                f"{language}: placeholders differ in {message.id!r}"
            )


def test_compiled_catalogs_are_present():
    for language in LANGUAGES:
        assert (ROOT / "translations" / language / "LC_MESSAGES" / "messages.mo").exists(), (
            f"{language}: run `lecturehall i18n compile` (the setup scripts do)"
        )
