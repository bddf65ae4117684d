#!/usr/bin/env bash
# Sets everything up, then runs Lecture Hall on the embedded default (SQLite, local media, in-process scheduler)
# with demo data. HOST and PORT change where it listens.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export LECTUREHALL_BASE_URL=${LECTUREHALL_BASE_URL:-http://$HOST:$PORT}
.venv/bin/lecturehall demo --if-empty
echo
echo "Lecture Hall: open http://$HOST:$PORT/ and log in with the demo admin above."
echo "Mail is written to instance/outbox/ (set LECTUREHALL_SMTP_HOST to send it)."
echo
exec .venv/bin/lecturehall serve --host "$HOST" --port "$PORT"
