"""The static build (core/asset_build.py): content-hashed names whose hash covers what a file imports, imports and
CSS url()s rewritten to those names, brotli and gzip copies, and a manifest that tells when to build again."""

from __future__ import annotations

import brotli
import gzip
import json
import re
from pathlib import Path

import pytest

from lecturehall.core.asset_build import FILES, BuildError, Manifest, build, hashed_name, is_up_to_date

HASHED = re.compile(r"^(?P<stem>.+)\.[0-9a-f]{12}(?P<suffix>\.[a-z]+)?$")


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def tree(tmp_path) -> Path:
    """A small static folder shaped like ours: ES modules importing each other, a classic script, a stylesheet
    with url()s (one of a file we ship, one of a file we do not, one absolute), an image."""
    source = tmp_path / "static"
    write(source, {
        "js/player/index.js": 'import { Player } from "./player.js";\nimport "./side.js";\nnew Player();\n',
        "js/player/player.js": "import { el } from './dom.js';\nexport { el as element } from \"./dom.js\";\n"
                               "export class Player { load() { return import('./lazy.js'); } }\n",
        "js/player/dom.js": "export function el(name) { return document.createElement(name); }\n" * 20,
        "js/player/side.js": "window.side = true;\n",
        "js/player/lazy.js": "export const lazy = 1;\n",
        "js/app.js": "// moved from 'somewhere else'\n(function () { 'use strict'; })();\n" * 20,
        "css/app.css": 'body { background: url("../img/paper.png") } .x { background: url(missing.png) }\n'
                       '.y { background: url(/static/img/paper.png) } .z { background: url(data:image/png;base64,AA) }\n'
                       * 10,
    })
    (source / "img").mkdir()
    (source / "img" / "paper.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return source


def read_built(build_dir: Path, name: str) -> str:
    return (build_dir / FILES / name).read_text(encoding="utf-8")


def test_every_file_gets_a_hashed_name_and_compressed_copies(tree, tmp_path):
    build_dir = tmp_path / "build"
    manifest, built = build(tree, build_dir)
    assert built and set(manifest.files) == {
        "js/player/index.js", "js/player/player.js", "js/player/dom.js", "js/player/side.js", "js/player/lazy.js",
        "js/app.js", "css/app.css", "img/paper.png"}
    files = build_dir / FILES
    for name, hashed in manifest.files.items():
        match = HASHED.match(hashed)
        assert match and f"{match['stem']}{match['suffix'] or ''}" == name
        # The plain name serves the same bytes as the hashed one.
        assert (files / hashed).read_bytes() == (files / name).read_bytes()
    dom = manifest.files["js/player/dom.js"]
    data = (files / dom).read_bytes()
    assert brotli.decompress((files / f"{dom}.br").read_bytes()) == data
    assert gzip.decompress((files / f"{dom}.gz").read_bytes()) == data
    assert (files / "js/player/dom.js.br").read_bytes() == (files / f"{dom}.br").read_bytes()
    # An image is compressed already; a tiny file gains nothing from it.
    assert not (files / f"{manifest.files['img/paper.png']}.br").exists()
    assert not (files / f"{manifest.files['js/player/side.js']}.gz").exists()
    assert json.loads((build_dir / "manifest.json").read_text())["files"] == manifest.files


def test_imports_and_css_urls_name_the_hashed_files(tree, tmp_path):
    build_dir = tmp_path / "build"
    manifest, _ = build(tree, build_dir)
    base = {name: Path(hashed).name for name, hashed in manifest.files.items()}
    index = read_built(build_dir, manifest.files["js/player/index.js"])
    assert f'from "./{base["js/player/player.js"]}"' in index and f'import "./{base["js/player/side.js"]}"' in index
    player = read_built(build_dir, manifest.files["js/player/player.js"])
    assert f"from './{base['js/player/dom.js']}'" in player
    assert f'export {{ el as element }} from "./{base["js/player/dom.js"]}"' in player
    assert f"import('./{base['js/player/lazy.js']}')" in player
    assert manifest.imports["js/player/index.js"] == ["js/player/player.js", "js/player/side.js"]
    assert manifest.transitive_imports("js/player/index.js") == [
        "js/player/player.js", "js/player/dom.js", "js/player/lazy.js", "js/player/side.js"]
    # A comment that only looks like an import, in a classic script, is left alone.
    assert "moved from 'somewhere else'" in read_built(build_dir, manifest.files["js/app.js"])
    css = read_built(build_dir, manifest.files["css/app.css"])
    assert f'url("../img/{base["img/paper.png"]}")' in css
    assert "url(missing.png)" in css and "url(/static/img/paper.png)" in css and "url(data:image/png" in css


def test_a_change_renames_the_file_and_its_importers_only(tree, tmp_path):
    build_dir = tmp_path / "build"
    before, _ = build(tree, build_dir)
    (tree / "js/player/dom.js").write_text("export function el() { return null; }\n", encoding="utf-8")
    assert not is_up_to_date(Manifest.read(build_dir), tree)
    after, built = build(tree, build_dir)
    assert built
    changed = {name for name in before.files if before.files[name] != after.files[name]}
    assert changed == {"js/player/dom.js", "js/player/player.js", "js/player/index.js"}
    # The previous build's files stay for pages rendered before it (one build long), then go.
    files = build_dir / FILES
    assert (files / before.files["js/player/dom.js"]).exists()
    assert set(after.previous) == {before.files[name] for name in changed}
    (tree / "js/player/dom.js").write_text("export function el() { return 2; }\n", encoding="utf-8")
    build(tree, build_dir)
    assert not (files / before.files["js/player/dom.js"]).exists()
    assert not (files / f"{before.files['js/player/dom.js']}.br").exists()
    assert (files / after.files["js/player/dom.js"]).exists()


def test_an_up_to_date_build_is_not_redone(tree, tmp_path):
    build_dir = tmp_path / "build"
    first, built = build(tree, build_dir)
    assert built and is_up_to_date(Manifest.read(build_dir), tree)
    again, built = build(tree, build_dir)
    assert not built and again.files == first.files
    _, built = build(tree, build_dir, force=True)
    assert built


def test_a_removed_file_leaves_the_build(tree, tmp_path):
    build_dir = tmp_path / "build"
    build(tree, build_dir)
    (tree / "js/app.js").unlink()
    manifest, _ = build(tree, build_dir)
    assert "js/app.js" not in manifest.files and not (build_dir / FILES / "js/app.js").exists()


def test_an_import_of_a_missing_file_stops_the_build(tree, tmp_path):
    write(tree, {"js/player/index.js": 'import { Player } from "./plaeyr.js";\n'})
    with pytest.raises(BuildError, match=r"js/player/index.js imports './plaeyr.js'"):
        build(tree, tmp_path / "build")


def test_an_import_cycle_stops_the_build(tree, tmp_path):
    write(tree, {"js/player/dom.js": 'import { Player } from "./player.js";\nexport const el = 1;\n'})
    with pytest.raises(BuildError, match="import cycle"):
        build(tree, tmp_path / "build")


def test_hashed_names_keep_the_extension_last():
    assert re.fullmatch(r"vendor/hls\.min\.[0-9a-f]{12}\.js", hashed_name("vendor/hls.min.js", b"x"))
    assert re.fullmatch(r"LICENSE\.[0-9a-f]{12}", hashed_name("LICENSE", b"x"))
    assert hashed_name("a.js", b"x") != hashed_name("a.js", b"y")


def test_the_cli_builds_our_static_folder(make_app, tmp_path):
    from lecturehall.cli import cli

    build_dir = tmp_path / "static-build"
    app = make_app(STATIC_BUILD_DIR=str(build_dir))
    runner = app.test_cli_runner()
    result = runner.invoke(cli, ["assets", "build"])
    assert result.exit_code == 0, result.output
    manifest = Manifest.read(build_dir)
    hls = manifest.files["vendor/hls.js/hls.min.js"]
    assert f"{hls}  (623,915 B, br " in result.output
    # The full hls.js build (with alternate audio and subtitles) compresses to well under 200 kB with brotli.
    assert (build_dir / FILES / f"{hls}.br").stat().st_size < 200_000
    index = (build_dir / FILES / manifest.files["js/player/index.js"]).read_text(encoding="utf-8")
    assert re.search(r'from "\./player\.[0-9a-f]{12}\.js"', index)
    again = runner.invoke(cli, ["assets", "build"])
    assert again.exit_code == 0 and "up to date" in again.output
