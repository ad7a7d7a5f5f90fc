"""The overview's charts: bars, labels and gaps read from the SVG itself."""

from decimal import Decimal
from xml.etree import ElementTree

from igu_admin.documents.overview_charts import BarChart, Series, Value, bar_chart, ticks

SVG = "{http://www.w3.org/2000/svg}"


def _chart(**changes: object) -> BarChart:
    values: dict[str, object] = dict(
        chart_id="started-ended", title="Started & ended <per quarter>",
        description="Bars per quarter.", categories=("3. kvt. 2026", "4. kvt. 2026"),
        series=(Series("Started", (Value(12), Value(None, "<5"))),
                Series("Ended", (Value(0), Value(1234)))))
    values.update(changes)
    return BarChart(**values)  # type: ignore[arg-type]


def _parse(chart: BarChart, locale: str = "da") -> ElementTree.Element:
    return ElementTree.fromstring(str(bar_chart(chart, locale)))


def test_the_chart_is_an_image_named_by_its_title_and_description() -> None:
    svg = _parse(_chart())
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "started-ended-title started-ended-desc"
    title = svg.find(f"{SVG}title")
    assert title is not None and title.get("id") == "started-ended-title"
    # Escaped on the way in, read back as the text it was.
    assert title.text == "Started & ended <per quarter>"
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and desc.text == "Bars per quarter."


def test_each_shown_value_is_a_bar_with_its_value_written_above_it() -> None:
    svg = _parse(_chart())
    bars = svg.findall(f".//{SVG}rect[@class='bar']")
    assert len(bars) == 3  # four values, one not shown
    labels = [t.text for t in svg.findall(f".//{SVG}text[@class='value']")]
    assert labels == ["12", "0", "1.234"]  # Danish thousands separator
    heights = [float(b.get("height", "0")) for b in bars]
    assert heights[1] == 0 and heights[2] > heights[0] > 0


def test_a_value_not_shown_is_a_labelled_gap_not_a_bar_of_zero() -> None:
    svg = _parse(_chart())
    gaps = svg.findall(f".//{SVG}text[@class='gap']")
    assert [g.text for g in gaps] == ["<5"]
    second = svg.findall(f".//{SVG}g[@class='category']")[1]
    assert second.get("data-category") == "4. kvt. 2026"
    assert [r.get("data-series") for r in second.findall(f"{SVG}rect")] == ["1"]


def test_the_series_differ_by_pattern_and_the_legend_repeats_them() -> None:
    svg = _parse(_chart())
    bars = svg.findall(f".//{SVG}rect[@class='bar']")
    assert bars[0].get("fill") != bars[1].get("fill")
    assert bars[1].get("fill") == "url(#started-ended-diagonal)"
    swatches = svg.findall(f".//{SVG}rect[@class='swatch']")
    assert [s.get("fill") for s in swatches] == [bars[0].get("fill"), bars[1].get("fill")]
    assert [t.text for t in svg.findall(f".//{SVG}text[@class='legend-label']")] == [
        "Started", "Ended"]
    assert {p.get("id") for p in svg.iter(f"{SVG}pattern")} == {
        "started-ended-diagonal", "started-ended-dots"}


def test_axis_ticks_are_round_steps_in_the_readers_number_format() -> None:
    svg = _parse(_chart(series=(Series("Days", (Value(Decimal("12.5")), Value(None))),),
                        decimals=1))
    assert [t.text for t in svg.findall(f".//{SVG}text[@class='tick']")] == [
        "0", "5", "10", "15"]
    assert [t.text for t in svg.findall(f".//{SVG}text[@class='value']")] == ["12,5"]
    english = _parse(_chart(series=(Series("Days", (Value(Decimal("12.5")), Value(1500))),)),
                     "en")
    assert "1,500" in [t.text for t in english.findall(f".//{SVG}text[@class='value']")]


def test_amounts_in_thousands_say_so_on_the_axis() -> None:
    svg = _parse(_chart(series=(Series("Due", (Value(Decimal("88750.00")),
                                               Value(Decimal("20000.00")))),),
                        scale=1000, decimals=1, unit="Thousands of kroner"))
    assert [t.text for t in svg.findall(f".//{SVG}text[@class='value']")] == ["88,8", "20"]
    unit = svg.find(f".//{SVG}text[@class='unit']")
    assert unit is not None and unit.text == "Thousands of kroner"


def test_a_chart_with_nothing_shown_still_draws_an_axis() -> None:
    svg = _parse(_chart(series=(Series("Started", (Value(None), Value(None))),)))
    assert svg.findall(f".//{SVG}rect[@class='bar']") == []
    assert len(svg.findall(f".//{SVG}text[@class='gap']")) == 2
    assert ticks(Decimal(0)) == (Decimal(0), Decimal(1))


def test_ticks_cover_the_largest_value() -> None:
    assert ticks(Decimal(7)) == tuple(Decimal(n) for n in (0, 2, 4, 6, 8))
    assert ticks(Decimal(3)) == tuple(Decimal(n) for n in (0, 1, 2, 3))
    assert ticks(Decimal(230))[-1] == Decimal(250)
