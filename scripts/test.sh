#!/usr/bin/env bash
# Command 2: set up and run the whole test suite: lint (ruff, mypy, the layer
# contracts of lint-imports), then unit, integration and browser tests in
# parallel (pytest-xdist, one worker per core; IGU_TEST_WORKERS overrides),
# on SQLite and, when IGU_TEST_DATABASE_URL is set, on PostgreSQL too, each
# worker in databases of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-browser
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/lint-imports
.venv/bin/python -m pytest -n "${IGU_TEST_WORKERS:-auto}" --dist worksteal "$@"
