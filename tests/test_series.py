"""Series and charts: checked like facts, drawn as vector SVG, a table in Markdown, fitted."""

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, pdf_pages_text

from briefgen.checks.series import chart_rules
from briefgen.model import Brief, Catalog, Citation, Point, Series, Source
from briefgen.plan.select import select_charts
from briefgen.render.chart import svg
from briefgen.render.templates import TEMPLATES

BORDER = "issue-border-encounters-2025-06-13"


def shipped(tmp_path: Path, *briefs: str) -> Path:
    """A copy of the shipped catalog and snapshots, with the named briefs."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "sources.yaml", root / "sources.yaml")
    shutil.copytree(REPO / "sources", root / "sources")
    (root / "briefs").mkdir()
    for brief in briefs:
        shutil.copy(REPO / "briefs" / f"{brief}.yaml", root / "briefs" / f"{brief}.yaml")
    return root


def line_of(path: Path, text: str) -> int:
    lines = path.read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def edit(path: Path, old: str, new: str, after: str = "") -> None:
    """Replace the first `old` in a file, or the first after `after`."""
    text = path.read_text()
    at = text.index(after) if after else 0
    assert old in text[at:], old
    path.write_text(text[:at] + text[at:].replace(old, new, 1))


SERIES = "id: sw-border-encounters"


# A point of the wrong measure, hedged, from the low-reliability rewrite: three findings.
APPREHENSIONS = """
      - label: "Nov 2023"
        date: 2023-11-30
        value: 191000
        cite:
          source: rewrite-2023-12-30-officials-meet-lopez-obrador
          evidence: "In November, Border Patrol agents apprehended more than 191,000 migrants\
 who crossed the US-Mexico border illegally."
"""


# -- check -------------------------------------------------------------------------------


def test_check_catches_a_value_that_is_not_in_its_evidence(tmp_path, cli):
    root = shipped(tmp_path, BORDER)
    catalog = root / "sources.yaml"
    edit(catalog, "value: 301981", "value: 310981")
    line = line_of(catalog, "value: 310981")
    code, out, _ = cli("--root", root, "check")
    assert code == 1
    assert (
        f"sources.yaml:{line}:16: error: series 'sw-border-encounters' point 'Dec 2023': "
        "value 310,981 is not in its evidence" in out
    )


def test_check_catches_evidence_that_is_not_verbatim(tmp_path, cli):
    root = shipped(tmp_path, BORDER)
    catalog = root / "sources.yaml"
    edit(catalog, "fallen to 106,330", "dropped to 106,330", after=SERIES)
    code, out, _ = cli("--root", root, "check")
    assert code == 1
    assert "point 'Oct 2024': evidence is not verbatim in" in out
    assert 'closest passage: "' in out


def test_a_point_of_another_measure_hedged_from_a_weak_other_source_is_named_each_way(
    tmp_path, cli
):
    root = shipped(tmp_path, BORDER)
    catalog = root / "sources.yaml"
    anchor = 'the month prior to Trump’s election"\n'
    text = catalog.read_text()
    at = text.index(anchor, text.index("id: sw-border-encounters")) + len(anchor)
    catalog.write_text(text[:at] + APPREHENSIONS.lstrip("\n") + text[at:])
    code, out, _ = cli("--root", root, "check", "--strict")
    assert code == 1
    point = [line for line in out.splitlines() if "point 'Nov 2023'" in line]
    assert any("does not count encounters per month" in p and "[mixed-units]" in p for p in point)
    assert any(
        "hedges the value (“more than 191,000”)" in p and "[hedge-dropped]" in p for p in point
    )
    assert any("low-reliability source alone" in p and "[low-reliability-only]" in p for p in point)
    assert "series 'sw-border-encounters' draws from 2 sources" in out
    assert "[mixed-sources]" in out


def test_a_series_acknowledges_a_warning_by_its_name(tmp_path, cli):
    root = shipped(tmp_path, BORDER)
    catalog = root / "sources.yaml"
    # A date whose year its evidence does not state: a warning, which the series accepts.
    edit(catalog, "date: 2024-10-31", "date: 2023-10-31", after=SERIES)
    _, out, _ = cli("--root", root, "check")
    assert "point 'Oct 2024': its evidence does not state the year of its date" in out
    assert "[period-unstated]" in out
    edit(
        catalog,
        "    priority: 1\n    points:",
        "    priority: 1\n    accept:\n"
        '      period-unstated: "Checked against the paper\'s Figure 1."\n    points:',
        after=SERIES,
    )
    _, out, _ = cli("--root", root, "check")
    assert "[period-unstated]" not in out
    edit(catalog, "date: 2023-10-31", "date: 2024-10-31", after=SERIES)
    _, out, _ = cli("--root", root, "check")
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
    assert "the chart is left out" in next(iter(chart_rules(brief, cat))).message
    early = Source("x", "T", "P", dt.date(2024, 2, 1), "news", "x.txt", "high")
    cat = Catalog({}, {"x": early}, {}, {}, series={"s": series})
    (drawn,) = select_charts(brief, cat, ())
    assert [p.label for p in drawn.points] == ["A"]
    (found,) = chart_rules(brief, cat)
    assert found.rule == "point-after-as-of" and "(B)" in found.message


def test_an_unknown_series_in_a_brief_is_an_error_with_a_suggestion(tmp_path, cli):
    root = shipped(tmp_path, BORDER)
    brief = root / "briefs" / f"{BORDER}.yaml"
    edit(brief, "charts: [sw-border-encounters]", "charts: [sw-border-encounter]")
    code, out, _ = cli("--root", root, "check")
    assert code == 1
    assert "unknown series 'sw-border-encounter' (did you mean 'sw-border-encounters'?)" in out


def test_a_brief_line_may_cite_a_series_by_its_id(tmp_path, cli):
    root = shipped(tmp_path, BORDER)
    brief = root / "briefs" / f"{BORDER}.yaml"
    edit(
        brief, "until checked.", "until checked. The chart shows the fall [@sw-border-encounters]."
    )
    code, out, err = cli("--root", root, "build", BORDER, "--format", "md")
    assert code == 0, out + err
    md = (root / "build" / f"{BORDER}.md").read_text()
    assert "The chart shows the fall[^1]." in md


def test_a_value_written_as_text_is_refused_with_its_fix(tmp_path, cli):
    root = shipped(tmp_path, BORDER)
    edit(root / "sources.yaml", "value: 301981", 'value: "301,981"')
    code, out, _ = cli("--root", root, "check")
    assert code == 1
    assert "'value' '301,981' is text, not a number (write the number bare: 301981)" in out


# -- drawing -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def border_build(tmp_path_factory):
    root = shipped(tmp_path_factory.mktemp("border"), BORDER)
    out = root / "build"
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "--root", str(root), "build", "--out", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no font lookup chatter from the drawing
    return root, out


def test_the_border_brief_draws_its_chart_as_vector_svg_with_text_in_its_fonts(border_build):
    _, out = border_build
    html = (out / f"{BORDER}.html").read_text()
    assert html.count('<figure class="chart"') == 1
    figure = html[html.index('<figure class="chart"') : html.index("</figure>")]
    assert '<svg role="img"' in figure and "<image" not in figure
    assert "<title>Southwest border encounters" in figure
    assert "font-family: 'Inter'" in figure  # text kept as text, in the brief's sans
    for text in ("301,981", "106,330", "Dec 2023", "encounters per month", "Month"):
        assert f">{text}<" in figure or f"{text}</text>" in figure or text in figure
    assert "<metadata>" not in figure and "dc:date" not in figure
    caption = figure[figure.index("<figcaption") :]
    assert "Encounters per month: Dec 2023, 301,981; Oct 2024, 106,330." in caption
    assert 'href="#note-1"' in caption


def test_the_border_brief_pdf_is_one_page_with_the_chart_text_and_its_alt(border_build):
    import pikepdf

    _, out = border_build
    pdf = out / f"{BORDER}.pdf"
    (page,) = pdf_pages_text(pdf)
    assert "Southwest border encounters: the December 2023 record" in page
    assert "Encounters per month: Dec 2023, 301,981; Oct 2024, 106,330." in page

    def figures(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                yield from figures(kid)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                yield node
            if "/K" in node:
                yield from figures(node.K)

    with pikepdf.open(pdf) as doc:
        (figure,) = figures(doc.Root.StructTreeRoot.K)
        assert str(figure.Alt).startswith("Southwest border encounters")


def test_the_border_brief_markdown_has_the_table_with_the_same_footnote(border_build):
    _, out = border_build
    md = (out / f"{BORDER}.md").read_text()
    assert (
        "**Southwest border encounters: the December 2023 record and October 2024**[^1]\n\n"
        "| Month | Encounters per month |\n| --- | ---: |\n"
        "| Dec 2023 | 301,981 |\n| Oct 2024 | 106,330 |\n"
    ) in md
    assert "[^1]: “U.S.-Mexico Migration Cooperation in the Trump-Sheinbaum Era,”" in md


def test_rebuilds_are_byte_identical(border_build, tmp_path):
    root, out = border_build
    again = tmp_path / "again"
    subprocess.run(
        [sys.executable, "-m", "briefgen", "--root", str(root), "build", "--force",
         "--out", str(again)],
        check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    for fmt in ("md", "html", "pdf"):
        assert (out / f"{BORDER}.{fmt}").read_bytes() == (again / f"{BORDER}.{fmt}").read_bytes()


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
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
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


# -- fitting -----------------------------------------------------------------------------


def test_a_chart_that_does_not_fit_is_left_out_and_reported(tmp_path, cli):
    root = shipped(tmp_path, BORDER)
    catalog = root / "sources.yaml"
    # The border brief's facts fill most of the page; a 12-bar chart of priority 3, picked
    # up by topic, does not fit beside them.
    evidence = (
        "Mexicans were first surpassed by other nationalities in FY 2019, when 264,168 "
        "Guatemalan and 253,795 Honduran encounters exceeded the 166,458 Mexicans encountered "
        "by the CBP between ports of entry"
    )
    values = ("264168", "253795", "166458")
    points = "".join(
        f'      - {{label: "Row {i}", date: 2019-09-30, value: {values[i % 3]}, '
        f'cite: {{source: revista-2025-04-trump-sheinbaum-migration, evidence: "{evidence}"}}}}\n'
        for i in range(24)
    )
    catalog.write_text(
        catalog.read_text()
        + "\n  - id: tall-series\n    title: Tall\n    unit: encounters\n"
        + "    topics: [border-encounters]\n    priority: 3\n    points:\n"
        + points
    )
    brief = root / "briefs" / f"{BORDER}.yaml"
    edit(brief, "charts: [sw-border-encounters]", "charts: [sw-border-encounters, tall-series]")
    code, out, err = cli("--root", root, "build", BORDER, "--format", "pdf,md")
    assert code == 0, out + err
    manifest = json.loads((root / "build" / "manifest.json").read_text())
    left_out = manifest["briefs"][BORDER]["left_out"]
    assert "tall-series" in left_out
    assert "tall-series" in out  # "left out to fit one page: …"
    md = (root / "build" / f"{BORDER}.md").read_text()
    assert "**Tall**" not in md and "| Dec 2023 | 301,981 |" in md
    assert len(pdf_pages_text(root / "build" / f"{BORDER}.pdf")) == 1


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
