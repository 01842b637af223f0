"""Rule 15: a side the header says is off the record is not then labelled on the page.

The header prints "Mexican aims for this meeting: none on file"; a bottom line that
goes on to give "**Mexico's aims:** …" tells the principal the opposite.
"""

from pathlib import Path

import pytest
from conftest import check_lines, write_project

SNAPSHOT = """\
Talks set for Friday

Under Secretary John Example meets Foreign Minister Ana Example in Laredo on Friday, June 6.

U.S. officials said they would press for joint inspections at the bridge.

A reporter said the Mexican press had reported that Mexico had asked for a new bridge.
"""

CATALOG = """\
topics:
  ports: {label: Ports}
sources:
  - id: wire
    title: "Talks set for Friday"
    publisher: Example Wire
    published: 2025-06-02
    kind: news
    archive: sources/wire.txt
    reliability: high
facts:
  - id: us-joint-inspections
    text: "U.S. officials said they would press for joint inspections at the bridge."
    date: 2025-06-02
    expected: 2025-06-06
    topics: [ports]
    side: us
    cite:
      - source: wire
        evidence: "U.S. officials said they would press for joint inspections at the bridge."
  - id: new-bridge-reported
    text: "A reporter said the Mexican press had reported that Mexico had asked for a new bridge."
    date: 2025-06-02
    topics: [ports]
    claimed_by: "A reporter, citing the Mexican press"
    cite:
      - source: wire
        evidence: >-
          A reporter said the Mexican press had reported that Mexico had asked for a new bridge.
quotes: []
"""

BRIEF = """\
kind: meeting
title: "Bridge talks"
date: 2025-06-06
as_of: 2025-06-05
location: "Laredo"
participants:
  - {name: "John Example, U.S. Under Secretary", side: us}
  - {name: "Ana Example, Foreign Minister of Mexico", side: mx}
not_on_record: [mx]
prepared_for: "U.S. Under Secretary"
summary: >-
  U.S. officials said they would press for joint inspections [@us-joint-inspections].
  SENTENCE [@new-bridge-reported].
facts: [us-joint-inspections, new-bridge-reported]
talking_points:
  - "Propose joint inspections [@us-joint-inspections]."
sourced_by: {date: [wire], location: [wire], participants: [wire]}
"""


def make(tmp_path: Path, sentence: str, brief: str = BRIEF) -> Path:
    briefs = {"bridge.yaml": brief.replace("SENTENCE", sentence)}
    return write_project(tmp_path / "p", CATALOG, {"wire.txt": SNAPSHOT}, briefs)


def findings(cli, root: Path, *flags: str) -> tuple[int, list[str]]:
    return check_lines(cli, root, *flags)


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        # A bold label, as a shipped meeting brief once had it.
        (
            "**Mexico's aims** are in the sources only as a reporter said the press reported them",
            "**Mexico's aims**",
        ),
        (
            "**Mexican priorities:** a new bridge, as the press reported it",
            "**Mexican priorities:**",
        ),
        # A colon label without bold, and a participant named for their side.
        ("Mexico's asks: a new bridge, a reporter said", "Mexico's asks:"),
        ("**Ana Example's agenda** is a new bridge, a reporter said", "**Ana Example's agenda**"),
        # A statement of the aims, with no word that they are missing.
        ("Mexico's goals include a new bridge, a reporter said", "Mexico's goals include"),
    ],
)
@pytest.mark.slow
def test_a_line_that_labels_an_off_record_sides_aims_is_a_finding(cli, tmp_path, sentence, label):
    code, lines = findings(cli, make(tmp_path, sentence), "--strict")
    assert code == 1
    assert lines == [
        "briefs/bridge.yaml:11:10: warning: brief 'bridge': the page says the Mexican aims for "
        "this meeting are not on the record (not_on_record: [mx]), but the summary labels "
        f"them: “{label}” (say whose reading it is, not that it is the Mexican aims: “No "
        "Mexican statement of its aims is on the record; reporters on the call said …”, or, "
        "if the page gives that government's own statement, remove mx from not_on_record) "
        "[off-record-label]"
    ]
    # A warning: the brief still builds, and check without --strict passes.
    assert findings(cli, make(tmp_path, sentence))[0] == 0


@pytest.mark.parametrize(
    "sentence",
    [
        "No Mexican statement of aims is in the sources, only what a reporter said: a new bridge",
        "**Mexico's aims** are not on the record; a reporter said the press expected a new bridge",
        "**Mexico:** no government statement is on file; a reporter said it wants a new bridge",
        "**Mexico's aims:** none on the record; a reporter said the press expected a new bridge",
        # The other side's aims, which are on the record, may be labelled.
        "**U.S. aims:** joint inspections; a reporter spoke of a Mexican bridge request",
    ],
)
@pytest.mark.slow
def test_a_line_that_says_whose_reading_it_is_passes(cli, tmp_path, sentence):
    assert findings(cli, make(tmp_path, sentence), "--strict") == (0, [])


def test_a_readout_is_held_to_its_account_not_to_aims(cli, tmp_path):
    readout = BRIEF.replace("kind: meeting", "kind: readout").replace(
        "date: 2025-06-06\nas_of: 2025-06-05", "date: 2025-06-02\nas_of: 2025-06-05"
    )
    readout = readout.replace(
        "  U.S. officials said", "  According to Example Wire, U.S. officials said"
    )
    root = make(
        tmp_path, "**The Mexican account:** a reporter said Mexico wants a new bridge", readout
    )
    code, lines = findings(cli, root, "--strict")
    assert code == 1 and len(lines) == 1, lines
    assert "the Mexican account of this meeting is not on the record" in lines[0]
    assert "labels it: “**The Mexican account:**”" in lines[0]
    assert lines[0].endswith("[off-record-label]")
    # An aims label in a readout says nothing of its account: no finding.
    root = make(tmp_path, "**Mexico's aims:** a new bridge, a reporter said", readout)
    assert findings(cli, root, "--strict") == (0, [])


def test_the_warning_can_be_acknowledged_with_a_reason(cli, tmp_path):
    brief = (
        BRIEF + 'accept:\n  off-record-label: "the label quotes the press report\'s own heading"\n'
    )
    root = make(tmp_path, "Mexico's asks: a new bridge, a reporter said", brief)
    code, out, _ = cli("--root", root, "check", "--strict")
    assert code == 0 and "1 acknowledged" in out, out
