"""Static files for slow and costly connections: content-hashed URLs cached for a year, brotli or gzip copies
chosen by the browser's Accept-Encoding, and the same files served by nginx in production.

``url_for('static', filename='js/app.js')`` gives ``/static/js/app.3f2a9c1b04d5.js`` (a URL-defaults callback
swaps in the hashed name from the build's manifest, so every template gets hashed URLs without a helper). The
build (asset_build.py; ``lecturehall assets build``, which scripts/setup.sh runs) writes the files into
STATIC_BUILD_DIR; the app checks it against the sources the first time it needs it and rebuilds what changed, so
a fresh clone works without the command. WhiteNoise serves the build: the hashed names with
``Cache-Control: public, max-age=31536000, immutable``, the plain names (still valid) for STATIC_MAX_AGE seconds,
each as its ``.br`` or ``.gz`` copy when the browser accepts it (``Vary: Accept-Encoding``). A hashed name that
the build does not hold falls through to Flask and is a 404.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import Flask, current_app, url_for
from whitenoise import WhiteNoise

from lecturehall.core.asset_build import FILES, HASH_LENGTH, Manifest, build, is_up_to_date

IMMUTABLE = "public, max-age=31536000, immutable"
log = logging.getLogger(__name__)


class Assets:
    """The app's view of the build: hashed names for URLs, and the WSGI app that serves the files."""

    def __init__(self, app: Flask):
        self.source_dir = Path(app.static_folder)
        self.build_dir = Path(app.config["STATIC_BUILD_DIR"])
        self.max_age = int(app.config["STATIC_MAX_AGE"])
        self.url_path = app.static_url_path.rstrip("/")
        self._manifest: Manifest | None = None
        self._hashed: frozenset[str] = frozenset()
        self._built = False
        self._server = None
        self._lock = threading.Lock()

    @property
    def files_dir(self) -> Path:
        return self.build_dir / FILES

    def manifest(self) -> Manifest:
        """The build's manifest, built first if missing or older than the sources (once per process)."""
        if self._manifest is None:
            with self._lock:
                if self._manifest is None:
                    self._manifest = self._load()
        return self._manifest

    def _load(self) -> Manifest:
        manifest = Manifest.read(self.build_dir)
        if not is_up_to_date(manifest, self.source_dir):
            try:
                manifest, _built = build(self.source_dir, self.build_dir)
            except OSError:
                # A build folder we may not write (a read-only deploy whose build is stale): the site still works,
                # with the plain names served by Flask from the sources, uncompressed.
                log.exception("static files could not be built into %s; serving them unhashed", self.build_dir)
                return Manifest()
        self._hashed = frozenset(manifest.files.values()) | frozenset(manifest.previous)
        self._built = True
        return manifest

    def hashed(self, filename: str) -> str:
        return self.manifest().files.get(filename, filename)

    def is_hashed(self, filename: str) -> bool:
        self.manifest()
        return filename in self._hashed

    def module_preloads(self, filename: str) -> list[str]:
        """The plain names of every module ``filename`` imports, directly or not (for rel=modulepreload)."""
        return self.manifest().transitive_imports(filename)

    def server(self, application):
        """WhiteNoise over the build folder, made once; falls back to ``application`` (Flask's own static route)
        when there is no build."""
        if self._server is None:
            self.manifest()
            with self._lock:
                if self._server is None:
                    self._server = self._whitenoise(application) if self._built else application
        return self._server

    def _whitenoise(self, application) -> WhiteNoise:
        def headers(headers, _path: str, url: str) -> None:
            headers["X-Content-Type-Options"] = "nosniff"
            if self.is_hashed(url[len(self.url_path) + 1:]):
                headers["Cache-Control"] = IMMUTABLE

        return WhiteNoise(application, root=str(self.files_dir), prefix=self.url_path + "/", max_age=self.max_age,
                          allow_all_origins=False, add_headers_function=headers)


class StaticFiles:
    """WSGI middleware: requests under /static/ go to the build's server, the rest to the app."""

    def __init__(self, application, assets: Assets):
        self.application = application
        self.assets = assets
        self.prefix = assets.url_path + "/"

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith(self.prefix):
            return self.assets.server(self.application)(environ, start_response)
        return self.application(environ, start_response)


def get_assets() -> Assets:
    return current_app.extensions["lecturehall.assets"]


def module_preload_urls(filename: str) -> list[str]:
    """URLs for ``<link rel="modulepreload">`` of the modules ``filename`` imports: the browser fetches them at
    once instead of discovering them one import level at a time (round trips that a slow connection feels)."""
    return [url_for("static", filename=name) for name in get_assets().module_preloads(filename)]


def init_app(app: Flask) -> None:
    assets = Assets(app)
    app.extensions["lecturehall.assets"] = assets
    app.wsgi_app = StaticFiles(app.wsgi_app, assets)
    app.jinja_env.globals["module_preload_urls"] = module_preload_urls

    @app.url_defaults
    def hashed_static_names(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = assets.hashed(values["filename"])


# -- production: nginx serves the same build --------------------------------------------------------------------

# Debian's libnginx-mod-http-brotli-static; the nginx configuration loads it with `load_module`.
NGINX_BROTLI_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"


def nginx_static_location(files_dir: str | Path, *, max_age: int = 300, brotli: bool = True,
                          url_path: str = "/static") -> str:
    """The ``location /static/`` block of a server that serves the build (STATIC_BUILD_DIR/files) itself, as the
    app does: the ``.br`` or ``.gz`` copy the browser accepts (``brotli_static`` needs ngx_brotli's static module,
    NGINX_BROTLI_MODULE; ``brotli=False`` leaves it out), a year's immutable caching for content-hashed names,
    ``max_age`` seconds for plain names, and a 404 for a name the build does not hold. nginx's mime.types must
    be included at the http level (text/css, application/javascript)."""
    files = str(Path(files_dir).resolve()).rstrip("/") + "/"
    brotli_line = "    brotli_static on;\n" if brotli else ""
    return f"""location {url_path}/ {{
    alias {files};
    gzip_static on;
{brotli_line}    gzip_vary on;
    add_header Cache-Control "public, max-age={max_age}";
    add_header X-Content-Type-Options nosniff;
    # name.<{HASH_LENGTH} hex digits>.ext names one content for ever: cached for a year
    location ~ "\\.[0-9a-f]{{{HASH_LENGTH}}}(\\.[^./]+)?$" {{
        add_header Cache-Control "{IMMUTABLE}";
        add_header X-Content-Type-Options nosniff;
    }}
    # the compressed copies are served through Accept-Encoding only
    location ~ "\\.(br|gz)$" {{
        return 404;
    }}
}}
"""
