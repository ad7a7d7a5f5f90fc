#!/usr/bin/env bash
# Re-extract the catalogues and merge them into each language's:
# - messages (the pages, the e-mails, the other PDFs): msgids are English,
#   Danish and English catalogues;
# - trainee (the trainee's copy, "Din IGU"): msgids are the Danish text, one
#   catalogue per trainee language (igu_admin/domain/trainee_languages.py).
#   Texts are marked `trainee_text` (Python) and `tr` (its template); see
#   babel-trainee.cfg. A new text comes in untranslated, which the copy counts
#   as not reviewed; fill in its msgstr with the translator comment
#   "# review: drafted" (never the fuzzy flag: compile would leave it out).
# Then compile both, so a working copy renders what its .po files say.
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

.venv/bin/pybabel -q extract -F babel-trainee.cfg --no-default-keywords -k trainee_text -k tr \
  --no-location --sort-output --project igu-admin --msgid-bugs-address igu-admin@localhost \
  -o locale/trainee.pot .
for lang in ar fa ti so uk en; do
  if [ -f "locale/$lang/LC_MESSAGES/trainee.po" ]; then
    .venv/bin/pybabel -q update -D trainee -i locale/trainee.pot -d locale -l "$lang" --no-fuzzy-matching --ignore-obsolete
  else
    .venv/bin/pybabel -q init -D trainee -i locale/trainee.pot -d locale -l "$lang"
  fi
done

.venv/bin/pybabel -q compile -d locale -D messages
.venv/bin/pybabel -q compile -d locale -D trainee
