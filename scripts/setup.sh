#!/usr/bin/env bash
# Sets up Lecture Hall on a Debian/Ubuntu machine: system packages, the .venv, Python dependencies from
# pyproject.toml, compiled translations, the static build and the database schema. Safe to run again: it only does
# what is missing.
#   scripts/setup.sh           what the app needs
#   scripts/setup.sh --tests   and what the test suite needs (Chromium for the browser tests, nginx with brotli)
#   scripts/setup.sh --bench   and what the benchmarks need besides (wrk, the heartbeat benchmark's load generator)
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=no
with_bench=no
for argument in "$@"; do
  case "$argument" in
    --tests) with_tests=yes ;;
    --bench) with_tests=yes; with_bench=yes ;;
    *) echo "setup.sh: unknown option $argument (--tests, --bench)" >&2; exit 2 ;;
  esac
done
PYTHON=${PYTHON:-python3}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

packages=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || packages+=(ffmpeg)
# The demo recording's slides are drawn with DejaVu Sans (ffmpeg's drawtext finds it through fontconfig).
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || packages+=(fonts-dejavu-core)
# live lectures: nginx takes the RTMP pushes (Debian's RTMP module), the app runs it as a child process
{ command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || packages+=(nginx)
[ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ] || packages+=(libnginx-mod-rtmp)
# certificates: WeasyPrint lays out the PDF with Pango; Noto shapes Arabic and the Latin/Cyrillic scripts, Noto CJK Chinese
[ -f /usr/lib/x86_64-linux-gnu/libpangoft2-1.0.so.0 ] || ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || packages+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -d /usr/share/fonts/truetype/noto ] || packages+=(fonts-noto-core)
[ -d /usr/share/fonts/opentype/noto ] || packages+=(fonts-noto-cjk)
"$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1 || packages+=(python3-venv)
if [ "$with_tests" = yes ]; then
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  # the certificate tests read the PDF's text with pdftotext
  command -v pdftotext >/dev/null 2>&1 || packages+=(poppler-utils)
  # nginx with the brotli static module: a test serves the static build with the README's location block
  { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || packages+=(nginx)
  [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || packages+=(libnginx-mod-http-brotli-static)
fi
if [ "$with_bench" = yes ]; then
  command -v wrk >/dev/null 2>&1 || packages+=(wrk)
fi
if [ ${#packages[@]} -gt 0 ]; then
  echo "==> Installing system packages: ${packages[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the virtual environment in .venv"
  "$PYTHON" -m venv .venv
fi

extras=""
[ "$with_tests" = yes ] && extras="[test]"
stamp=".venv/.lecturehall-installed${extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> Installing Python dependencies from pyproject.toml"
  .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
  .venv/bin/python -m pip install --quiet -e ".${extras}"
  touch "$stamp"
fi

echo "==> Compiling translations"
.venv/bin/lecturehall i18n compile >/dev/null 2>&1

echo "==> Building the static files (hashed names, brotli and gzip copies)"
.venv/bin/lecturehall assets build >/dev/null

if [ "$with_tests" = no ]; then
  echo "==> Migrating the database"
  .venv/bin/lecturehall db upgrade
fi
