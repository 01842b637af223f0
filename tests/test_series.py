"""Series and charts: checked like facts, drawn as vector SVG, a table in Markdown, fitted.

They run on the kinds fixture project: its brief crossings-monthly draws the bar chart of the
series monthly-encounters, and its two-pager a line chart.
"""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import pdf_pages_text

from briefgen.checks.series import chart_rules
from briefgen.model import Brief, Catalog, Citation, Point, Series, Source
from briefgen.plan.select import select_charts
from briefgen.render.chart import svg
from briefgen.render.templates import TEMPLATES

CHART = "crossings-monthly"
CHARTS = (CHART, "ports-in-depth")  # a bar chart, and a line chart on a two-pager


def line_of(path: Path, text: str) -> int:
    lines = path.read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def edit(path: Path, old: str, new: str, after: str = "") -> None:
    """Replace the first `old` in a file, or the first after `after`."""
    text = path.read_text()
    at = text.index(after) if after else 0
    assert old in text[at:], old
    path.write_text(text[:at] + text[at:].replace(old, new, 1))


SERIES = "id: monthly-encounters"


# A point of another measure, hedged, from the low-reliability rewrite: three findings.
APPREHENSIONS = (
    '      - label: "Jan 2025, apprehended"\n'
    "        date: 2025-01-31\n"
    "        value: 41000\n"
    "        cite:\n"
    "          source: digest-2025-03-05-monterrey-rewrite\n"
    '          evidence: "More than 41,000 migrants were apprehended at the southern border'
    ' in January 2025"\n'
)


# -- check -------------------------------------------------------------------------------


@pytest.mark.slow
def test_check_catches_a_value_that_is_not_in_its_evidence(kinds, cli):
    catalog = kinds / "sources.yaml"
    edit(catalog, "value: 61240", "value: 61420")
    line = line_of(catalog, "value: 61420")
    code, out, _ = cli("--root", kinds, "check")
    assert code == 1
    assert (
        f"sources.yaml:{line}:16: error: series 'monthly-encounters' point 'Oct 2024': "
        "value 61,420 is not in its evidence" in out
    )


def test_check_catches_evidence_that_is_not_verbatim(kinds, cli):
    catalog = kinds / "sources.yaml"
    edit(catalog, "agents recorded 61,240", "agents counted 61,240", after=SERIES)
    code, out, _ = cli("--root", kinds, "check")
    assert code == 1
    assert "point 'Oct 2024': evidence is not verbatim in" in out
    assert 'closest passage: "' in out


def test_a_point_of_another_measure_hedged_from_a_weak_other_source_is_named_each_way(kinds, cli):
    catalog = kinds / "sources.yaml"
    anchor = (
        'evidence: "In January 2025, agents recorded 39,880 encounters at the southern border"\n'
    )
    text = catalog.read_text()
    at = text.index(anchor, text.index(SERIES)) + len(anchor)
    catalog.write_text(text[:at] + APPREHENSIONS + text[at:])
    code, out, _ = cli("--root", kinds, "check", "--strict")
    assert code == 1
    point = [line for line in out.splitlines() if "point 'Jan 2025, apprehended'" in line]
    assert any("does not count encounters per month" in p and "[mixed-units]" in p for p in point)
    assert any(
        "hedges the value (“More than 41,000”)" in p and "[hedge-dropped]" in p for p in point
    )
    assert any("low-reliability source alone" in p and "[low-reliability-only]" in p for p in point)
    assert "series 'monthly-encounters' draws from 2 sources" in out
    assert "[mixed-sources]" in out


@pytest.mark.slow
def test_a_series_acknowledges_a_warning_by_its_name(kinds, cli):
    catalog = kinds / "sources.yaml"
    # A date whose year its evidence does not state: a warning, which the series accepts.
    edit(catalog, "date: 2024-10-31", "date: 2023-10-31", after=SERIES)
    _, out, _ = cli("--root", kinds, "check")
    assert "point 'Oct 2024': its evidence does not state the year of its date" in out
    assert "[period-unstated]" in out
    edit(
        catalog,
        "    priority: 1\n    points:",
        "    priority: 1\n    accept:\n"
        '      period-unstated: "Checked against the bulletin\'s table."\n    points:',
        after=SERIES,
    )
    _, out, _ = cli("--root", kinds, "check")
    assert "[period-unstated]" not in out
    edit(catalog, "date: 2023-10-31", "date: 2024-10-31", after=SERIES)
    _, out, _ = cli("--root", kinds, "check")
    assert "accepts a 'period-unstated' warning that no longer fires" in out


def test_a_brief_charting_points_after_its_as_of_leaves_them_off_and_says_so():
    points = (
        Point("A", 1, Citation("x", "1 encounters in 2024 here"), dt.date(2024, 1, 31)),
        Point("B", 2, Citation("x", "2 encounters in 2024 here"), dt.date(2024, 12, 31)),
    )
    series = Series("s", "T", "encounters", points)
    cut = dt.date(2024, 6, 30)
    brief = Brief("b", "issue", "T", cut, cut, charts=("s",))
    late = Source("x", "T", "P", dt.date(2024, 12, 31), "news", "x.txt", "high")
    cat = Catalog({}, {"x": late}, {}, {}, series={"s": series})
    assert select_charts(brief, cat, ()) == []  # its source was published after as_of
    # Said by the source's date, which is what the brief could not know, not the points'.
    (found,) = chart_rules(brief, cat)
    assert found.severity == "error" and found.message == (
        "brief 'b': series 's' points A, B cite 'x', published December 31, 2024, "
        "after as_of 2024-06-30"
    )
    early = Source("x", "T", "P", dt.date(2024, 2, 1), "news", "x.txt", "high")
    cat = Catalog({}, {"x": early}, {}, {}, series={"s": series})
    (drawn,) = select_charts(brief, cat, ())
    assert [p.label for p in drawn.points] == ["A"]
    (found,) = chart_rules(brief, cat)
    assert found.rule == "point-after-as-of" and "(B)" in found.message


def test_an_unknown_series_in_a_brief_is_an_error_with_a_suggestion(kinds, cli):
    brief = kinds / "briefs" / f"{CHART}.yaml"
    edit(brief, "charts: [monthly-encounters]", "charts: [monthly-encounter]")
    code, out, _ = cli("--root", kinds, "check")
    assert code == 1
    assert "unknown series 'monthly-encounter' (did you mean 'monthly-encounters'?)" in out


def test_a_brief_line_may_cite_a_series_by_its_id(kinds, cli):
    brief = kinds / "briefs" / f"{CHART}.yaml"
    edit(
        brief,
        "until it is final.",
        "until it is final. The chart shows the fall [@monthly-encounters].",
    )
    code, out, err = cli("--root", kinds, "build", CHART, "--format", "md")
    assert code == 0, out + err
    md = (kinds / "build" / f"{CHART}.md").read_text()
    assert "The chart shows the fall.[^1]" in md


def test_a_value_written_as_text_is_refused_with_its_fix(kinds, cli):
    edit(kinds / "sources.yaml", "value: 61240", 'value: "61,240"')
    code, out, _ = cli("--root", kinds, "check")
    assert code == 1
    assert "'value' '61,240' is text, not a number (write the number bare: 61240)" in out


# -- drawing -----------------------------------------------------------------------------
# What each chart says, word for word and value for value, is in the golden files of
# crossings-monthly and ports-in-depth (test_golden.py); these check how it is drawn.


@pytest.mark.parametrize("brief", CHARTS)
def test_a_chart_is_vector_svg_with_its_text_in_the_briefs_fonts(fixture_builds, brief):
    html = (fixture_builds["kinds"] / f"{brief}.html").read_text()
    assert html.count('<figure class="chart"') == 1
    figure = html[html.index('<figure class="chart"') : html.index("</figure>")]
    assert '<svg role="img"' in figure and "<image" not in figure
    assert "<title>" in figure  # what a screen reader says of it
    assert "font-family: 'Inter'" in figure  # text kept as text, in the brief's sans
    assert "<metadata>" not in figure and "dc:date" not in figure
    caption = figure[figure.index("<figcaption") :]
    assert 'href="#note-1"' in caption


@pytest.mark.parametrize("brief", CHARTS)
def test_a_charts_figure_is_tagged_in_the_pdf_with_its_alternative_text(fixture_builds, brief):
    import pikepdf

    def figures(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                yield from figures(kid)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                yield node
            if "/K" in node:
                yield from figures(node.K)

    build = fixture_builds["kinds"]
    html = (build / f"{brief}.html").read_text()
    title = html[html.index("<svg") :].split("<title>", 1)[1].split("</title>", 1)[0]
    with pikepdf.open(build / f"{brief}.pdf") as doc:
        (figure,) = figures(doc.Root.StructTreeRoot.K)
        assert str(figure.Alt) == title.replace("&amp;", "&")


@pytest.mark.slow
def test_a_chart_drawn_by_another_process_is_the_same_bytes_and_says_nothing(kinds, kinds_built):
    root, _ = kinds_built
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "--root", str(kinds), "build", *CHARTS],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no font lookup chatter from the drawing
    for brief in CHARTS:
        for fmt in ("md", "html", "pdf"):
            name = f"{brief}.{fmt}"
            assert (kinds / "build" / name).read_bytes() == (root / "build" / name).read_bytes()


@pytest.mark.slow
def test_a_brief_without_charts_never_imports_matplotlib(built):
    root, _ = built
    code = (
        "import sys; from briefgen.cli import main\n"
        f"sys.argv = ['briefgen', '--root', {str(root)!r}, 'build', '--force', '--out', "
        f"{str(root / 'nochart')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('matplotlib' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


def _series(chart: str, dates: list[dt.date]) -> Series:
    points = tuple(
        Point(f"P{i}", 100 * (i + 1), Citation("s", f"{100 * (i + 1)} encounters"), d)
        for i, d in enumerate(dates)
    )
    return Series(f"line-{len(dates)}-{dates[-1]}", "Title", "encounters", points, chart=chart)


def test_a_line_chart_says_so_when_its_points_are_unevenly_spaced():
    months = [dt.date(2024, m, 28) for m in (1, 2, 3)]
    even = svg(_series("line", months), TEMPLATES)
    assert "unevenly spaced" not in even and "stroke-dasharray" not in even
    uneven = svg(_series("line", [*months, dt.date(2024, 12, 28)]), TEMPLATES)
    assert "Points are unevenly spaced in time" in uneven and "stroke-dasharray" in uneven


def test_bars_start_at_zero():
    from matplotlib.figure import Figure

    from briefgen.render.chart import _bar

    series = _series("bar", [dt.date(2024, 1, 1), dt.date(2024, 2, 1)])
    fig = Figure()
    _bar(fig, series)
    assert fig.axes[0].get_xlim()[0] == 0


@pytest.mark.slow
def test_a_long_bar_label_moves_the_bars_right_rather_than_being_cut():
    """The labels are measured in the chart's font: none may start left of the drawing."""
    import dataclasses

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from briefgen.render.chart import _bar, _fonts, _rc

    short = _series("bar", [dt.date(2024, 1, 1), dt.date(2024, 2, 1)])
    long = dataclasses.replace(
        short,
        points=(dataclasses.replace(short.points[0], label="W" * 38), *short.points[1:]),
    )
    _fonts(TEMPLATES)
    for series in (short, long):
        with matplotlib.rc_context(_rc()):  # as a chart is drawn: its fonts and sizes
            fig = Figure(figsize=(6.9, 1.5))
            _bar(fig, series)
            renderer = FigureCanvasAgg(fig).get_renderer()
            ticks = fig.axes[0].get_yticklabels()
            left = min(t.get_window_extent(renderer).x0 for t in ticks)
        assert left >= 0, (series.points[0].label, left)


def test_a_label_past_what_a_chart_holds_is_refused_at_its_line(kinds, cli):
    catalog = kinds / "sources.yaml"
    edit(catalog, 'label: "Oct 2024"', f'label: "{"October 2024, " * 4}"', after=SERIES)
    code, out, err = cli("--root", kinds, "check")
    assert code == 1, out + err
    line = line_of(catalog, "October 2024, October")
    assert f"sources.yaml:{line}:" in out and "is 55 characters long" in out, out
    assert "a chart has room for a label of a few words" in out


# -- fitting -----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_chart_that_does_not_fit_is_left_out_and_reported(kinds, cli):
    catalog = kinds / "sources.yaml"
    # A 40-bar chart of priority 3 is taller than what the page has left beside the facts.
    values = ("61240", "52870", "47310")
    evidence = {
        v: f"agents recorded {v[:2]},{v[2:]} encounters at the southern border" for v in values
    }
    points = "".join(
        f'      - {{label: "Row {i}", date: 2024-10-31, value: {values[i % 3]}, '
        "cite: {source: bulletin-2025-02-14-encounters, "
        f'evidence: "{evidence[values[i % 3]]}"}}}}\n'
        for i in range(40)
    )
    catalog.write_text(
        catalog.read_text()
        + "\n  - id: tall-series\n    title: Tall\n    unit: encounters\n"
        + "    topics: [crossings]\n    priority: 3\n    points:\n"
        + points
    )
    brief = kinds / "briefs" / f"{CHART}.yaml"
    edit(brief, "charts: [monthly-encounters]", "charts: [monthly-encounters, tall-series]")
    code, out, err = cli("--root", kinds, "build", CHART, "--format", "pdf,md")
    assert code == 0, out + err
    manifest = json.loads((kinds / "build" / "manifest.json").read_text())
    left_out = manifest["briefs"][CHART]["left_out"]
    assert "tall-series" in left_out and "monthly-encounters" not in left_out
    assert "tall-series" in out  # "left out to fit one page: …"
    md = (kinds / "build" / f"{CHART}.md").read_text()
    assert "**Tall**" not in md and "| Oct 2024 | 61,240 |" in md
    assert len(pdf_pages_text(kinds / "build" / f"{CHART}.pdf")) == 1


def test_fitting_never_takes_one_charts_height_for_anothers():
    from briefgen.model import Document, Entry, Note
    from briefgen.plan.fit import Block, Layout, Page, _proves_full

    day = dt.date(2025, 6, 13)
    source = Source("s", "T", "P", day, "news", "s.txt", "high")
    tall = _series("bar", [day] * 20)
    small = _series("bar", [day])
    brief = Brief("b", "issue", "T", day, day)
    note = (Note(1, source),)

    def doc(*charts: Series) -> Document:
        entries = tuple(Entry(c, (1,)) for c in charts)
        return Document(brief, (), "", (), (), (), note, charts=entries)

    # 150 px free under a 300 px chart: a small chart may still fit, so nothing is proved.
    page = Page(0.0, 1000.0, 800.0, 950.0, (Block(tall.id, "chart", 0, 100.0, 300, 300, 300),))
    laid = Layout((page,))
    assert not _proves_full(laid, doc(tall), doc(tall, small), small.id)
    # Measured at 200 px in a fuller layout, with the same note calls: it cannot fit.
    from briefgen.plan.fit import Measure

    m = Measure({small.id: 200.0}, {}, {}, set(), 0.0, 1000.0)
    assert _proves_full(laid, doc(tall), doc(tall, small), small.id, m, doc(tall, small))
