#!/usr/bin/env bash
# Re-extract messages.pot and merge it into the Danish and English catalogues,
# then compile the pages' catalogues and the trainee's copy's (the `trainee`
# domain, one catalogue per language of the copy, where there are any).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
  --project igu-admin --msgid-bugs-address igu-admin@localhost -o locale/messages.pot .
for lang in da en; do
  if [ -f "locale/$lang/LC_MESSAGES/messages.po" ]; then
    .venv/bin/pybabel -q update -i locale/messages.pot -d locale -l "$lang" --no-fuzzy-matching --ignore-obsolete
  else
    .venv/bin/pybabel -q init -i locale/messages.pot -d locale -l "$lang"
  fi
done
.venv/bin/pybabel -q compile -d locale -D messages
if compgen -G "locale/*/LC_MESSAGES/trainee.po" >/dev/null; then
  # Never fuzzy: each string's review state is a translator comment
  # (`igu-admin translations status`), and compile would leave fuzzy ones out.
  .venv/bin/pybabel -q compile -d locale -D trainee
fi
