"""Series values are the figure for their period (rule 12): each check on a project of its own.

A point's value must be the figure its evidence gives for the point's period and in the
series' unit: not a year, not a percentage, not a count of something else; its span is the
evidence's own words (or its period_note says how it was established); and a brief may not
chart a point from a source it could not have known, said by that source's date.
"""

from pathlib import Path

import pytest
from conftest import check_lines, write_project

REPORT = """\
Border report, published April 30, 2025

In December 2023, agents recorded 301,981 encounters at the southwest border.
Mexicans made up 40 percent of the 106,330 encounters in October 2024.
The agency had 12 field offices and 19,500 agents in fiscal year 2019, and recorded 851,508 \
apprehensions.
"""

CATALOG = """\
topics:
  border: {label: Border}
sources:
  - id: report
    title: "Border report"
    publisher: Example Institute
    published: 2025-04-30
    kind: analysis
    archive: sources/report.txt
    reliability: high
series:
  - id: encounters
    title: "Southwest border encounters, December 2023 and October 2024"
    unit: encounters per month
    topics: [border]
    points:
      - label: "Dec 2023"
        date: 2023-12-31
        value: 301981
        span: "December 2023"
        cite:
          source: report
          evidence: "In December 2023, agents recorded 301,981 encounters at the southwest border."
      - label: "Oct 2024"
        date: 2024-10-31
        value: 106330
        span: "October 2024"
        cite:
          source: report
          evidence: "Mexicans made up 40 percent of the 106,330 encounters in October 2024."
  - id: apprehensions
    title: "Apprehensions, fiscal year 2019"
    unit: apprehensions
    topics: [border]
    points:
      - label: "FY 2019"
        date: 2019-09-30
        value: 851508
        span: "FY2019"
        period_note: "The report's fiscal year 2019: October 2018 to September 2019."
        cite:
          source: report
          evidence: >-
            The agency had 12 field offices and 19,500 agents in fiscal year 2019, and
            recorded 851,508 apprehensions.
"""

BRIEF = """\
kind: issue
title: "The border in figures"
date: 2025-05-01
prepared_for: "Office of Migration Policy"
summary: "Encounters fell from their December 2023 record [@encounters]."
charts: [encounters, apprehensions]
"""


def make(tmp_path: Path, catalog: str = CATALOG, brief: str = BRIEF) -> Path:
    return write_project(tmp_path / "p", catalog, {"report.txt": REPORT}, {"figures.yaml": brief})


def findings(cli, root: Path) -> tuple[int, list[str]]:
    return check_lines(cli, root)


def line_of(root: Path, text: str, after: str = "") -> int:
    lines = (root / "sources.yaml").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines[start:], start + 1) if text in line)


def test_the_project_is_clean(cli, tmp_path: Path):
    assert findings(cli, make(tmp_path)) == (0, [])


@pytest.mark.parametrize(
    ("old", "new", "at", "message"),
    [
        (
            "value: 301981",
            "value: 2023",
            "value: 2023",
            "error: series 'encounters' point 'Dec 2023': value 2023 is a year in its evidence, "
            "not a figure (chart the figure the evidence gives for the period, not its year)",
        ),
        (
            "value: 106330",
            "value: 40",
            "value: 40",
            "error: series 'encounters' point 'Oct 2024': value 40 is a percentage in its "
            "evidence (“made up 40 percent of”), and the series counts encounters per month "
            "(chart the count the evidence gives, or make a series whose unit is a percentage)",
        ),
        (
            "value: 851508",
            "value: 12",
            "evidence: >-",
            "warning: series 'apprehensions' point 'FY 2019': the words around 12 (“The agency "
            "had 12 field offices and 19,500 agents in”) do not count apprehensions (cite the "
            "words that give the figure in the series' unit, or chart it in a series of its "
            "own) [other-measure]",
        ),
    ],
    ids=["a-year", "a-percentage", "another-thing"],
)
def test_a_value_is_the_figure_not_a_year_a_share_or_another_count(
    cli, tmp_path: Path, old, new, at, message
):
    root = make(tmp_path, CATALOG.replace(old, new))
    code, lines = findings(cli, root)
    col = 16 if at.startswith("value") else 21
    where = f"sources.yaml:{line_of(root, at, new if at != new else '')}:{col}"
    assert lines == [f"{where}: {message}"]
    assert code == (1 if message.startswith("error") else 0)


def test_a_span_is_the_evidences_own_words_or_is_explained(cli, tmp_path: Path):
    root = make(tmp_path, CATALOG.replace('span: "December 2023"', 'span: "November 2023"'))
    code, lines = findings(cli, root)
    at = line_of(root, 'span: "November 2023"')
    assert code == 1 and lines == [
        f"sources.yaml:{at}:15: error: series 'encounters' point 'Dec 2023': its span “November "
        "2023” is not in its evidence (no “november”) (give the span as the evidence states it, "
        "or say how the period was established in period_note:)"
    ]
    # "FY2019" is not the report's wording; the period_note says how it was established.
    bare = CATALOG.replace(
        '        period_note: "The report\'s fiscal year 2019: October 2018 to September 2019."\n',
        "",
    )
    code, lines = findings(cli, make(tmp_path, bare))
    assert code == 1 and "its span “FY2019” is not in its evidence (no “fy2019”)" in lines[0]


def test_a_span_covers_its_points_date(cli, tmp_path: Path):
    root = make(tmp_path, CATALOG.replace("date: 2023-12-31", "date: 2024-12-31"))
    code, lines = findings(cli, root)
    at = line_of(root, 'span: "December 2023"')
    assert (
        code == 1
        and f"sources.yaml:{at}:15: error: series 'encounters' point 'Dec 2023': "
        "its span “December 2023” does not cover its date 2024-12-31 (correct the date or the "
        "span: a value is drawn at the time it covers)"
        in lines
    )


@pytest.mark.slow
def test_a_point_without_a_span_is_said(cli, tmp_path: Path):
    root = make(tmp_path, CATALOG.replace('        span: "October 2024"\n', ""))
    code, lines = findings(cli, root)
    at = line_of(root, '- label: "Oct 2024"')
    assert code == 0 and lines == [
        f"sources.yaml:{at}:9: warning: series 'encounters' point 'Oct 2024' does not say the "
        "period its figure covers (add span: the period as its evidence states it ('December "
        "2023', 'FY2019', 'since May 2024')) [span-unstated]"
    ]


def test_a_point_from_a_source_after_as_of_is_said_by_the_sources_date(cli, tmp_path: Path):
    # The points are of 2023 and 2019; what the brief could not know is the April 2025 report.
    root = make(tmp_path, brief=BRIEF.replace("date: 2025-05-01", "date: 2025-01-15"))
    code, lines = findings(cli, root)
    assert code == 1 and [line for line in lines if ": error: " in line] == [
        "briefs/figures.yaml:5:10: error: brief 'figures': [@encounters] cites 'report', "
        "published 2025-04-30, after as_of 2025-01-15 (cite what was known by as_of, or move "
        "as_of)",
        "briefs/figures.yaml:6:10: error: brief 'figures': series 'encounters' points Dec 2023, "
        "Oct 2024 cite 'report', published April 30, 2025, after as_of 2025-01-15 (chart a "
        "series the brief could know, or cite an earlier source, or move as_of)",
        "briefs/figures.yaml:6:22: error: brief 'figures': series 'apprehensions' point FY 2019 "
        "cites 'report', published April 30, 2025, after as_of 2025-01-15 (chart a series the "
        "brief could know, or cite an earlier source, or move as_of)",
    ]
