"""The overview's tables written as CSV in Danish format, and shown as on the page."""

import csv
import io
from datetime import date
from decimal import Decimal

from igu_admin.documents.overview_tables import (
    HIDDEN_OTHER,
    HIDDEN_SMALL,
    Column,
    Hidden,
    Table,
    Typed,
    cells_shown,
    csv_bytes,
    csv_filename,
)

TABLE = Table(
    name="quarters", caption="Per quarter",
    columns=(Column("Quarter", "text"), Column("From", "date"), Column("Started", "count"),
             Column("Early-end share (%)", "share"), Column("Median days", "days"),
             Column("Due (DKK)", "amount")),
    rows=((("3. kvt. 2026", date(2026, 7, 1), 12, Decimal("0.25"), Decimal("12.5"),
            Decimal("120000.00"))),
          ("=SUM(A1)", date(2026, 10, 1), Hidden(HIDDEN_SMALL), Hidden(HIDDEN_OTHER),
           Hidden(HIDDEN_OTHER), Decimal("-3.50"))))


def _read(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_file_is_danish_excels_csv() -> None:
    rows = _read(csv_bytes(TABLE))
    assert rows[0] == ["Quarter", "From", "Started", "Early-end share (%)", "Median days",
                       "Due (DKK)"]
    assert rows[1] == ["3. kvt. 2026", "01-07-2026", "12", "25", "12,5", "120000,00"]


def test_hidden_figures_are_written_with_the_pages_marks() -> None:
    rows = _read(csv_bytes(TABLE))
    assert rows[2][2:5] == ["<5", "\u2013", "\u2013"]
    assert rows[2][5] == "-3,50"  # a number stays a number, negative or not


def test_text_that_a_spreadsheet_would_run_is_defused() -> None:
    assert _read(csv_bytes(TABLE))[2][0] == "'=SUM(A1)"


def test_the_page_shows_the_same_cells_in_the_readers_format() -> None:
    danish = cells_shown(TABLE, "da")
    assert danish[0] == ["3. kvt. 2026", "1. jul. 2026", "12", "25\u00a0%", "12,5",
                         "120.000,00"]
    assert danish[1][2:5] == ["<5", "\u2013", "\u2013"]
    english = cells_shown(TABLE, "en")[0]
    assert english[1] == "1 July 2026"  # English in igu-admin's one style
    assert english[5] == "120,000.00"


def test_the_file_is_named_by_table_municipality_and_period() -> None:
    assert csv_filename(TABLE, "101", date(2026, 1, 1), date(2026, 12, 7)) == \
        "overblik-quarters-101-2026-01-01-2026-12-07.csv"


def test_a_cell_may_have_a_kind_of_its_own() -> None:
    table = Table("figures", "Figures", (Column("Figure", "text"), Column("Value", "count")),
                  (("Started", 1200), ("Share", Typed(Decimal("0.10"), "share")),
                   ("Days", Typed(Hidden(HIDDEN_OTHER), "days"))))
    assert [row[1] for row in cells_shown(table, "da")] == ["1.200", "10\u00a0%", "\u2013"]
    assert [row[1] for row in _read(csv_bytes(table))[1:]] == ["1200", "10", "\u2013"]


def test_a_difference_of_shares_is_in_percentage_points() -> None:
    table = Table("benchmark", "Benchmark", (Column("Difference", "points"),),
                  ((Decimal("-0.04"),), (Decimal("0.115"),)))
    assert cells_shown(table, "da") == [["-4"], ["11,5"]]
    assert [row[0] for row in _read(csv_bytes(table))[1:]] == ["-4", "11,5"]
