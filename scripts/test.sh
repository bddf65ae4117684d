#!/usr/bin/env bash
# Sets everything up, then runs the whole test suite: on SQLite, or on the database named by
# LECTUREHALL_TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test).
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
echo "==> Running the tests on ${LECTUREHALL_TEST_DATABASE_URL:-SQLite}"
exec .venv/bin/python -m pytest "$@"
