#!/usr/bin/env bash
# Sets everything up, then runs the whole test suite: on SQLite, or on the database named by
# LECTUREHALL_TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test).
# LECTUREHALL_TEST_DATABASE_URLS="sqlite postgresql+psycopg://…" runs the suite once per database, at the same time
# (each run's output goes to its own log, shown when it ends; the command fails if any run fails).
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests

if [ -z "${LECTUREHALL_TEST_DATABASE_URLS:-}" ]; then
  echo "==> Running the tests on ${LECTUREHALL_TEST_DATABASE_URL:-SQLite}"
  exec .venv/bin/python -m pytest "$@"
fi

logs=$(mktemp -d)
pids=()
names=()
index=0
for url in $LECTUREHALL_TEST_DATABASE_URLS; do
  index=$((index + 1))
  [ "$url" = sqlite ] && url=""
  name=${url:-SQLite}
  echo "==> Running the tests on $name (log: $logs/run-$index.log)"
  # Each run has a temporary folder of its own (pytest's numbered folders are cleaned up by the next session).
  LECTUREHALL_TEST_DATABASE_URL="$url" .venv/bin/python -m pytest --basetemp="$logs/tmp-$index" "$@" \
    >"$logs/run-$index.log" 2>&1 &
  pids+=($!)
  names+=("$name")
done
status=0
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then result=passed; else result=FAILED; status=1; fi
  echo "==> ${names[$i]}: $result"
  cat "$logs/run-$((i + 1)).log"
done
exit $status
