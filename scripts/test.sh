#!/usr/bin/env bash
# Command 2: set up and run the whole test suite: lint (ruff, the layer
# contracts of lint-imports, mypy), then unit, integration and browser tests
# in parallel (pytest-xdist, one worker per core; IGU_TEST_WORKERS overrides),
# on SQLite and, when IGU_TEST_DATABASE_URL is set, on PostgreSQL too, each
# worker in databases of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-browser
.venv/bin/ruff check .
.venv/bin/lint-imports
# mypy runs beside the tests: its first run (no cache yet, as in CI) takes
# a core for a while, and the test workers leave one idle part of the time,
# waiting on the databases and the browser. Its verdict counts all the same.
mypy_log=$(mktemp)
trap 'rm -f "$mypy_log"' EXIT
.venv/bin/mypy > "$mypy_log" 2>&1 &
mypy_pid=$!
status=0
.venv/bin/python -m pytest -n "${IGU_TEST_WORKERS:-auto}" --dist worksteal "$@" || status=$?
mypy_status=0
wait "$mypy_pid" || mypy_status=$?
cat "$mypy_log"
if [ "$mypy_status" != 0 ]; then
  echo "mypy failed" >&2
  [ "$status" != 0 ] || status=$mypy_status
fi
exit "$status"
