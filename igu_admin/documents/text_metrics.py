"""How wide a text is in DejaVu Sans, the PDFs' font (base.css).

The plan PDF's timeline drawing places each of its characters itself (see
timeline_drawing.py): WeasyPrint draws an SVG's text a character at a time,
and a character placed in one text element with the others costs far less
than a text element of its own. Placing them needs each character's advance
width, read once from DejaVu Sans 2.37 (its hmtx table, in 1/2048 em) and
kept here, so that no render reads a font file. A test holds this table
against the installed font.
"""

from __future__ import annotations

UNITS_PER_EM = 2048
# Characters by their advance width: printable ASCII, Latin-1's letters, the
# en dash of a row's weeks, and the timeline's signs (✱ a holiday, ▼ today).
_REGULAR_GROUPS = {
    563: "'", 569: "ijlìíîï", 604: "IJÌÍÎÏ", 651: " ,.", 690: "/:;\\|", 721: "f", 739: "-",
    799: "()[]", 803: "t", 821: "!", 842: "r", 942: '"', 1024: "*_`\N{EN DASH}", 1067: "s", 1075: "z",
    1087: "?", 1126: "cç", 1141: "L", 1178: "F", 1186: "k", 1212: "vxyýÿ", 1235: "P",
    1239: "Þ", 1251: "TYÝ", 1253: "oðòóôõöø", 1255: "aàáâãäå", 1260: "eèéêë", 1290: "ß",
    1294: "EÈÉÊË", 1298: "hnuñùúûü", 1300: "Sbdgpqþ", 1303: "$0123456789{}", 1343: "K",
    1401: "AVÀÁÂÃÄÅ", 1403: "XZ", 1405: "B", 1423: "R", 1430: "CÇ", 1499: "UÙÚÛÜ",
    1532: "NÑ", 1540: "H", 1575: "▼", 1577: "D", 1587: "GÐ", 1597: "&", 1612: "OQÒÓÔÕÖØ",
    1675: "w", 1716: "#+<=>^~\N{MULTIPLICATION SIGN}÷✱", 1767: "M", 1946: "%", 1995: "mÆ",
    2011: "æ", 2025: "W", 2048: "@",
}
REGULAR = {char: width for width, chars in _REGULAR_GROUPS.items() for char in chars}
# DejaVu Sans Bold's digits: the drawing's only bold text is a row's year.
BOLD_DIGIT = 1425
# A character not in the table (a letter of another script): as wide as the
# widest common letters, so that it crowds nothing.
FALLBACK = 1700


def advance(char: str, size: float, bold: bool = False) -> float:
    """The advance width of `char` at font size `size`, in the size's unit."""
    units = BOLD_DIGIT if bold and char.isdigit() else REGULAR.get(char, FALLBACK)
    return size * units / UNITS_PER_EM


def width(text: str, size: float, bold: bool = False) -> float:
    return sum(advance(char, size, bold) for char in text)
