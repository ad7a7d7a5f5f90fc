#!/usr/bin/env bash
# Set up everything igu-admin needs on a Debian machine with Python 3.11:
# system packages (installed when root, else the exact command is printed),
# the virtual environment, DKFDS assets from npm, and compiled translations.
# Usage: scripts/setup.sh [--with-browser]   (browser: Chromium and the other test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

with_browser=0
[ "${1:-}" = "--with-browser" ] && with_browser=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# 1. System packages.
need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
# fonts-noto-core: the trainee's copy's scripts (Arabic and Farsi in Noto Naskh
# Arabic, Tigrinya in Noto Sans Ethiopic, Somali, Ukrainian and English in
# Noto Sans), found by fontconfig (fc-list) and embedded by WeasyPrint.
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core \
    fonts-noto-core; do
  have_pkg "$pkg" || need+=("$pkg")
done
command -v npm >/dev/null || need+=(nodejs npm)
if [ "$with_browser" = 1 ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  # The HTTP load generator of `igu-admin bench --http` (and its test).
  command -v wrk >/dev/null || need+=(wrk)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "Installing Debian packages: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "Missing Debian packages. Run this, then try again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

# The trainee's copy needs a font for each of its scripts: fail here, not in a PDF.
for script in ar fa ti so uk; do
  if [ -z "$(fc-list ":lang=$script" family)" ]; then
    echo "No font for the language $script (fontconfig). Install fonts-noto-core." >&2
    exit 1
  fi
done

# 2. Python virtual environment (re-installed when pyproject.toml changes).
python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "igu-admin needs Python 3.11 or newer ($python is $("$python" --version 2>&1))." >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
  say "Creating the virtual environment in .venv"
  "$python" -m venv .venv
fi
stamp=.venv/.igu-installed
wanted=$(cat pyproject.toml setup.py | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  say "Installing Python packages"
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -e '.[dev]'
  echo "$wanted" > "$stamp"
fi

# 3. Design-system assets from the npm registry, copied into a git-ignored folder.
vendor=igu_admin/static/vendor/dkfds
assets_stamp=$(cat package-lock.json scripts/dkfds_files.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$vendor/.version" ] || [ "$(cat "$vendor/.version")" != "$assets_stamp" ]; then
  say "Installing DKFDS from npm"
  npm ci --no-audit --no-fund --ignore-scripts --silent
  .venv/bin/python scripts/bundle.py dkfds "$vendor"  # the same copy the wheel's build makes
  echo "$assets_stamp" > "$vendor/.version"
fi

# 4. Translations: .po files are committed, .mo files are built here: the
# pages' catalogues and the trainee's copy's (the `trainee` domain).
.venv/bin/pybabel -q compile -d locale -D messages
if compgen -G "locale/*/LC_MESSAGES/trainee.po" >/dev/null; then
  .venv/bin/pybabel -q compile -d locale -D trainee
fi
