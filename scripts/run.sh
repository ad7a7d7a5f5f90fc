#!/usr/bin/env bash
# Command 1: set up and run igu-admin on the embedded default (SQLite), with
# the scheduler as its own process and demo data whose logins are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export IGU_ENV=${IGU_ENV:-development}
# The address people open the app at: the links in e-mails lead there. Both
# the server and the scheduler (which sends the e-mails) read it.
export IGU_PORT=${IGU_PORT:-5000}
export IGU_BASE_URL=${IGU_BASE_URL:-http://127.0.0.1:$IGU_PORT}
bin=.venv/bin
"$bin/igu-admin" db upgrade
"$bin/igu-admin" demo-data

"$bin/igu-admin" scheduler &
scheduler=$!
trap 'kill "$scheduler" 2>/dev/null || true' EXIT INT TERM

echo "igu-admin runs on $IGU_BASE_URL (Ctrl+C stops it)"
"$bin/igu-admin" run --host 127.0.0.1 --port "$IGU_PORT" --no-reload
