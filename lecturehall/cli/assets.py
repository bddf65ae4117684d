"""``lecturehall assets``: build the static files for serving, and the nginx block that serves them."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from lecturehall.core.asset_build import FILES, build
from lecturehall.core.assets import nginx_static_location


@click.group("assets")
def assets_group() -> None:
    """Static files: content-hashed names, brotli and gzip copies."""


@assets_group.command("build")
@click.option("--force", is_flag=True, help="Build again even when the build is up to date.")
@with_appcontext
def build_command(force: bool) -> None:
    """Build lecturehall/static into STATIC_BUILD_DIR (hashed names, .br and .gz copies, manifest)."""
    build_dir = Path(current_app.config["STATIC_BUILD_DIR"])
    manifest, built = build(Path(current_app.static_folder), build_dir, force=force)
    files_dir = build_dir / FILES
    if not built:
        click.echo(f"Static files are up to date in {files_dir} ({len(manifest.files)} files).")
        return
    click.echo(f"Built {len(manifest.files)} static files into {files_dir}:")
    for name in sorted(manifest.files):
        hashed = files_dir / manifest.files[name]
        sizes = [f"{hashed.stat().st_size:,} B"] + [
            f"{suffix[1:]} {(files_dir / (manifest.files[name] + suffix)).stat().st_size:,} B"
            for suffix in (".br", ".gz") if (files_dir / (manifest.files[name] + suffix)).exists()]
        click.echo(f"  {manifest.files[name]}  ({', '.join(sizes)})")


@assets_group.command("nginx")
@with_appcontext
def nginx_command() -> None:
    """Print the nginx `location /static/` block that serves the build (see the README)."""
    click.echo(nginx_static_location(Path(current_app.config["STATIC_BUILD_DIR"]) / FILES,
                                     max_age=int(current_app.config["STATIC_MAX_AGE"])), nl=False)
