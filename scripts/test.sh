#!/usr/bin/env bash
# Command 2: set up and run the whole test suite (lint, unit, integration on
# SQLite and, when IGU_TEST_DATABASE_URL is set, PostgreSQL; browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-browser
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
