"""Fill empty Danish msgstr entries from a JSON file {msgid: msgstr}.

Usage: .venv/bin/python scripts/fill_translations.py translations.json
Used when a change adds messages; pybabel keeps the catalogue's layout.
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).parents[1] / "locale" / "da" / "LC_MESSAGES" / "messages.po"


def main() -> None:
    wanted = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    with PO.open("rb") as handle:
        catalogue = read_po(handle, locale="da")
    for message in catalogue:
        if message.id and isinstance(message.id, str) and message.id in wanted:
            message.string = wanted[message.id]
            message.flags.discard("fuzzy")
    with PO.open("wb") as handle:
        write_po(handle, catalogue, width=76, omit_header=False, ignore_obsolete=True)


if __name__ == "__main__":
    main()
