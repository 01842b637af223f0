"""Rule 11: a guess is for a note, not for the page.

An attribution, a translator, a caption or a header line is the catalog's own word on the page:
"translated from Spanish by AP, presumably" prints a doubt the principal cannot act on.
"""

from pathlib import Path

import pytest
from conftest import check_lines, write_project

from briefgen.checks.vocabulary import GUESS_WORDS

SNAPSHOT = """\
Minister speaks on the bridge

The foreign minister said Mexico would probably reopen the bridge in stages.

“Queremos el puente abierto”, she said. In English: “We want the bridge open.”

Crossings fell to 1,200 in May 2025 from 1,500 crossings in April 2025.
"""

CATALOG = """\
topics:
  ports: {label: Ports}
sources:
  - id: wire
    title: "Minister speaks on the bridge"
    publisher: PUBLISHER
    published: 2025-06-02
    kind: news
    archive: sources/wire.txt
    reliability: high
facts:
  - id: reopen-in-stages
    text: "The foreign minister said Mexico would probably reopen the bridge in stages."
    date: 2025-06-02
    topics: [ports]
    claimed_by: CLAIMANT
    accept:
      expectation-undated: "no date was given for the reopening"
    cite:
      - source: wire
        evidence: "The foreign minister said Mexico would probably reopen the bridge in stages."
quotes:
  - id: bridge-open
    speaker: "Ana Example"
    role: ROLE
    text: "We want the bridge open."
    date: 2025-06-02
    context: CONTEXT
    topics: [ports]
    source: wire
    said_in: es
    translated_by: TRANSLATOR
series:
  - id: crossings
    title: TITLE
    unit: "crossings"
    axis: "Month"
    topics: [ports]
    points:
      - {label: "Apr 2025", date: 2025-04-30, value: 1500, span: "April 2025",
         cite: {source: wire, evidence: "from 1,500 crossings in April 2025"}}
      - {label: "May 2025", date: 2025-05-31, value: 1200, span: "May 2025",
         cite: {source: wire, evidence: "Crossings fell to 1,200 in May 2025"}}
"""

BRIEF = """\
kind: meeting
title: "Bridge talks"
date: 2025-06-06
as_of: 2025-06-05
location: LOCATION
participants:
  - {name: "John Example, U.S. Under Secretary", side: us}
  - {name: PARTICIPANT, side: mx}
not_on_record: [us]
prepared_for: "U.S. Under Secretary"
summary: >-
  The foreign minister said Mexico would probably reopen the bridge in stages [@reopen-in-stages].
facts: [reopen-in-stages]
quotes: [bridge-open]
charts: [crossings]
talking_points:
  - "Ask when the bridge reopens [@reopen-in-stages]."
sourced_by: {date: [wire], location: [wire], participants: [wire]}
"""

PLAIN = {
    "PUBLISHER": '"Example Wire"',
    "CLAIMANT": '"Foreign Minister Ana Example"',
    "ROLE": '"Foreign Minister of Mexico"',
    "CONTEXT": '"Remarks to reporters on the bridge."',
    "TRANSLATOR": '"Example Wire"',
    "TITLE": '"Crossings at the bridge, April and May 2025"',
    "LOCATION": '"Laredo"',
    "PARTICIPANT": '"Ana Example, Foreign Minister of Mexico"',
}


def make(tmp_path: Path, **changed: str) -> Path:
    values = PLAIN | changed
    catalog, brief = CATALOG, BRIEF
    for key, value in values.items():
        catalog, brief = catalog.replace(key, value), brief.replace(key, value)
    return write_project(tmp_path / "p", catalog, {"wire.txt": SNAPSHOT}, {"bridge.yaml": brief})


def findings(cli, root: Path, *flags: str) -> tuple[int, list[str]]:
    return check_lines(cli, root, *flags)


def test_a_project_without_guesses_passes_though_its_fact_keeps_the_sources_hedge(cli, tmp_path):
    # "probably" in the fact and the summary is the minister's hedge, kept (rule 8): no guess.
    assert findings(cli, make(tmp_path), "--strict") == (0, [])


@pytest.mark.parametrize(
    ("key", "value", "where", "subject", "words"),
    [
        ("TRANSLATOR", '"Example Wire, presumably"', "sources.yaml:32:20",
         "quote 'bridge-open': translated_by “Example Wire, presumably”", "presumably"),
        ("ROLE", '"Foreign Minister of Mexico (?)"', "sources.yaml:25:11",
         "quote 'bridge-open': role “Foreign Minister of Mexico (?)”", "(?)"),
        ("ROLE", '"probably the Foreign Minister"', "sources.yaml:25:11",
         "quote 'bridge-open': role “probably the Foreign Minister”", "probably"),
        ("CONTEXT", '"Remarks to reporters, apparently on the bridge."', "sources.yaml:28:14",
         "quote 'bridge-open': context “Remarks to reporters, apparently on the bridge.”",
         "apparently"),
        ("CLAIMANT", '"Ana Example, presumably"', "sources.yaml:16:17",
         "fact 'reopen-in-stages': claimed_by “Ana Example, presumably”", "presumably"),
        ("PUBLISHER", '"Example Wire?"', "sources.yaml:6:16",
         "source 'wire': publisher “Example Wire?”", "?"),
        ("TITLE", '"Crossings at the bridge, likely monthly"', "sources.yaml:35:12",
         "series 'crossings': title “Crossings at the bridge, likely monthly”", "likely"),
        ("LOCATION", '"Laredo, we believe"', "briefs/bridge.yaml:5:11",
         "brief 'bridge': location “Laredo, we believe”", "we believe"),
        ("PARTICIPANT", '"Ana Example, perhaps with aides"', "briefs/bridge.yaml:8:5",
         "brief 'bridge': participant “Ana Example, perhaps with aides”", "perhaps"),
    ],
)  # fmt: skip
@pytest.mark.slow
def test_a_guess_in_a_printed_line_is_a_finding_at_its_line(
    cli, tmp_path, key, value, where, subject, words
):
    code, lines = findings(cli, make(tmp_path, **{key: value}), "--strict")
    assert code == 1
    assert lines == [
        f"{where}: warning: {subject} prints a guess on the page: “{words}” (print what is "
        "known (name the publisher whose words they are, the role on record), and keep the "
        "doubt in a note: a YAML comment, the source's date_note, or the item's inferred) "
        "[guess-on-page]"
    ]
    # A warning, not an error: without --strict check passes, and the brief builds.
    root = make(tmp_path, **{key: value})
    assert findings(cli, root)[0] == 0
    code, out, err = cli("--root", root, "build", "--format", "md")
    assert code == 0, out + err


def test_a_question_in_a_caption_is_not_a_guess(cli, tmp_path):
    context = '"Asked whether the bridge would reopen?, she answered in Spanish."'
    assert findings(cli, make(tmp_path, CONTEXT=context), "--strict") == (0, [])


def test_the_fix_is_a_true_name_and_a_note(cli, tmp_path):
    # The doubt moves to a YAML comment: the page then prints the publisher plainly.
    root = make(tmp_path, TRANSLATOR='"Example Wire"  # no translator named: the English is its')
    assert findings(cli, root, "--strict") == (0, [])
    code, out, err = cli("--root", root, "build", "--format", "md")
    assert code == 0, out + err
    page = (root / "build" / "bridge.md").read_text()
    assert "translated from Spanish by Example Wire)" in page
    assert "presumably" not in page


@pytest.mark.parametrize("word", GUESS_WORDS)
@pytest.mark.slow
def test_every_guess_word_is_found_in_a_translator_line(cli, tmp_path, word):
    code, lines = findings(cli, make(tmp_path, TRANSLATOR=f'"Example Wire, {word}"'), "--strict")
    assert code == 1 and len(lines) == 1 and f"“{word}”" in lines[0], lines
