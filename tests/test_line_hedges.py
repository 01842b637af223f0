"""Rule 8 on the page: a summary sentence or talking point keeps the hedge of the fact it cites.

The fact says the paper "says Trump has expressed interest in reinstating MPP"; a bottom line
that gives "U.S. aims: MPP reinstated" says more than the fact, and the principal reads the
line, not the fact.
"""

from pathlib import Path

import pytest
from conftest import check_lines, write_project

SNAPSHOT = """\
Outlook for the bridge talks

Washington has expressed interest in reinstating the joint inspection program.

Mexico is willing to receive returned nationals at the bridge.

Officials expect more than 1,200 crossings a day once the bridge reopens.

The two sides agreed that more staff were needed so the bridge could be reopened.

Prosecutors named officials with suspected links to the smuggling ring.

Much of the grain the valley needs comes by rail from the north.

Trucks are frequently delayed at the bridge.
"""

CATALOG = """\
topics:
  ports: {label: Ports}
sources:
  - id: wire
    title: "Outlook for the bridge talks"
    publisher: Example Wire
    published: 2025-06-02
    kind: news
    archive: sources/wire.txt
    reliability: high
facts:
  - id: inspections-interest
    text: "Washington has expressed interest in reinstating the joint inspection program."
    date: 2025-06-02
    topics: [ports]
    cite:
      - source: wire
        evidence: "Washington has expressed interest in reinstating the joint inspection program."
  - id: returns-willing
    text: >-
      Mexico is willing to receive returned nationals at the bridge.
    date: 2025-06-02
    topics: [ports]
    cite:
      - source: wire
        evidence: >-
          Mexico is willing to receive returned nationals at the bridge.
  - id: staff-needed
    text: "The two sides agreed that more staff were needed so the bridge could be reopened."
    date: 2025-06-02
    topics: [ports]
    cite:
      - source: wire
        evidence: >-
          The two sides agreed that more staff were needed so the bridge could be reopened.
  - id: suspected-links
    text: "Prosecutors named officials with suspected links to the smuggling ring."
    date: 2025-06-02
    topics: [ports]
    cite:
      - source: wire
        evidence: "Prosecutors named officials with suspected links to the smuggling ring."
  - id: grain-by-rail
    text: "Much of the grain the valley needs comes by rail from the north."
    date: 2025-06-02
    topics: [ports]
    cite:
      - source: wire
        evidence: "Much of the grain the valley needs comes by rail from the north."
  - id: trucks-delayed
    text: "Trucks are frequently delayed at the bridge."
    date: 2025-06-02
    topics: [ports]
    cite:
      - source: wire
        evidence: "Trucks are frequently delayed at the bridge."
quotes: []
"""

BRIEF = """\
kind: issue
title: "Bridge talks"
date: 2025-06-05
prepared_for: "U.S. Under Secretary"
summary: >-
  SUMMARY
facts: [inspections-interest, returns-willing, staff-needed, suspected-links, FARM]
talking_points:
  - "POINT"
"""


def make(tmp_path: Path, summary: str, point: str = "Propose a date [@staff-needed].") -> Path:
    brief = BRIEF.replace("SUMMARY", summary).replace("POINT", point)
    brief = brief.replace("FARM", "grain-by-rail, trucks-delayed")
    return write_project(tmp_path / "p", CATALOG, {"wire.txt": SNAPSHOT}, {"bridge.yaml": brief})


def findings(cli, root: Path, *flags: str) -> tuple[int, list[str]]:
    return check_lines(cli, root, *flags)


@pytest.mark.parametrize(
    ("summary", "fact", "phrase"),
    [
        ("U.S. aims: the joint inspection program reinstated "
         "[@inspections-interest].",
         "inspections-interest", "expressed interest in reinstating"),
        ("Mexico receives returned nationals at the bridge "
         "[@returns-willing].",
         "returns-willing", "willing to receive"),
        ("Prosecutors named officials with links to the smuggling ring [@suspected-links].",
         "suspected-links", "suspected links"),
        # Part, not all; now and then, not always.
        ("Grain for the valley comes by rail from the north [@grain-by-rail].",
         "grain-by-rail", "Much of the grain"),
        ("Trucks are delayed at the bridge [@trucks-delayed].",
         "trucks-delayed", "frequently delayed"),
    ],
)  # fmt: skip
@pytest.mark.slow
def test_a_summary_that_drops_its_facts_hedge_is_a_finding(cli, tmp_path, summary, fact, phrase):
    code, lines = findings(cli, make(tmp_path, summary), "--strict")
    assert code == 1
    assert len(lines) == 1, lines
    assert lines[0].startswith("briefs/bridge.yaml:5:10: warning: brief 'bridge': the summary ")
    assert f"drops the hedge of '{fact}': “{phrase}" in lines[0]
    assert lines[0].endswith(
        "(keep the hedge, or one of like force, where the line restates what it qualifies "
        "(“has expressed interest in”, not “wants”)) [line-hedge-dropped]"
    )
    # A warning: without --strict, check passes and the brief builds.
    assert findings(cli, make(tmp_path, summary))[0] == 0


@pytest.mark.parametrize(
    "summary",
    [
        # The hedge kept, or one of its family.
        "Washington has expressed interest in reinstating the joint inspection program "
        "[@inspections-interest].",
        "Mexico is ready to receive returned nationals at the bridge [@returns-willing].",
        "Prosecutors named officials with reportedly close links to the smuggling ring "
        "[@suspected-links].",
        "Much of the valley's grain comes by rail [@grain-by-rail].",
        "Trucks are often delayed at the bridge [@trucks-delayed].",
        # A line that cites the fact for something else restates nothing it hedges.
        "The inspection program is on the agenda [@inspections-interest].",
        # "could" after "so": a purpose, not a doubt.
        "More staff are needed so the bridge can reopen [@staff-needed].",
    ],
)
@pytest.mark.slow
def test_a_line_that_keeps_the_hedge_or_restates_nothing_passes(cli, tmp_path, summary):
    assert findings(cli, make(tmp_path, summary), "--strict") == (0, [])


def test_a_talking_point_is_read_too_unless_it_is_an_ask(cli, tmp_path):
    summary = "More staff are needed [@staff-needed]."
    stated = "Mexico receives returned nationals at the bridge [@returns-willing]."
    code, lines = findings(cli, make(tmp_path, summary, stated), "--strict")
    assert code == 1 and len(lines) == 1, lines
    assert lines[0].startswith("briefs/bridge.yaml:9:5: warning: brief 'bridge': talking point 1")
    assert lines[0].endswith("[line-hedge-dropped]")
    # An ask is the principal's request, not a statement of what Mexico does.
    asked = "Seek Mexico's agreement to receive returned nationals [@returns-willing]."
    assert findings(cli, make(tmp_path, summary, asked), "--strict") == (0, [])
