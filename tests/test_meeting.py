"""Editorial rule 14: a preparation brief sees nothing from the meeting; its header is sourced.

The project: a meeting in Mexico City on June 17, 2025, announced by a ministry statement of
June 16; a wire report of the meeting day itself (published before or after it began, as a
test says); and a readout of June 18.
"""

import re
from pathlib import Path

import pytest
from conftest import check_lines, pdf_pages_text, write_project

STATEMENT = """\
Ministry of Foreign Affairs, June 16, 2025

The Foreign Minister will receive Deputy Secretary David Sample in Mexico City on June 17.
"""

MORNING = """\
Example Wire, June 17, 2025

Deputy Secretary Sample arrived in Mexico City before the talks with the Foreign Minister.
"""

READOUT = """\
Example Wire, June 18, 2025

The Foreign Minister and Deputy Secretary Sample agreed in Mexico City to meet again.
"""

CATALOG = """\
topics:
  talks: {label: Talks}
sources:
  - id: statement
    title: "Statement"
    publisher: Ministry of Foreign Affairs
    published: 2025-06-16
    kind: statement
    archive: sources/statement.txt
    reliability: high
  - id: morning
    title: "Sample arrives"
    publisher: Example Wire
    published: 2025-06-17
    kind: news
    archive: sources/morning.txt
    reliability: high
  - id: readout
    title: "Sample and the minister agree to meet again"
    publisher: Example Wire
    published: 2025-06-18
    kind: news
    archive: sources/readout.txt
    reliability: high
facts:
  - id: visit-announced
    text: >-
      The Foreign Minister is to receive Deputy Secretary Sample in Mexico City on June 17, 2025.
    date: 2025-06-16
    expected: 2025-06-17
    topics: [talks]
    claimed_by: Ministry of Foreign Affairs
    side: mx
    cite:
      - source: statement
        evidence: >-
          The Foreign Minister will receive Deputy Secretary David Sample in Mexico City on
          June 17.
    inferred: "year from the statement's date, June 16, 2025"
  - id: sample-arrived
    text: "Deputy Secretary Sample arrived in Mexico City before the talks."
    date: 2025-06-17
    topics: [talks]
    cite:
      - source: morning
        evidence: "Deputy Secretary Sample arrived in Mexico City before the talks"
  - id: agreed-to-meet-again
    text: "The Foreign Minister and Deputy Secretary Sample agreed in Mexico City to meet again."
    date: 2025-06-17
    topics: [talks]
    cite:
      - source: readout
        evidence: >-
          The Foreign Minister and Deputy Secretary Sample agreed in Mexico City to meet again.
"""

PREP = """\
kind: meeting
title: "Deputy Secretary Sample in Mexico City"
date: 2025-06-17
as_of: 2025-06-16
location: "Mexico City"
participants: [{name: "David Sample, Deputy Secretary", side: us}, \
{name: "the Foreign Minister", side: mx}]
prepared_for: "Deputy Secretary Sample"
summary: "The ministry says the minister receives Sample in Mexico City [@visit-announced]."
facts: [visit-announced]
sourced_by:
  date: [visit-announced]
  location: [statement]
  participants: [visit-announced]
not_on_record: [us]
"""

AFTER = """\
kind: readout
title: "Sample and the minister agree to meet again"
date: 2025-06-17
as_of: 2025-06-18
location: "Mexico City"
prepared_for: "Deputy Secretary Sample"
summary: >-
  By Example Wire's account, they agreed to meet again [@agreed-to-meet-again]
  [@sample-arrived].
facts: [agreed-to-meet-again, sample-arrived]
sourced_by: {date: [readout], location: [readout]}
not_on_record: [us, mx]
"""


def make(tmp_path: Path, catalog: str = CATALOG, prep: str = PREP) -> Path:
    snapshots = {"statement.txt": STATEMENT, "morning.txt": MORNING, "readout.txt": READOUT}
    briefs = {"prep.yaml": prep, "after.yaml": AFTER}
    return write_project(tmp_path / "p", catalog, snapshots, briefs)


def findings(cli, root: Path, *args: str) -> tuple[int, list[str]]:
    return check_lines(cli, root, *args)


def errors(lines: list[str]) -> list[str]:
    return [line for line in lines if ": error: " in line]


def test_the_project_is_clean(cli, tmp_path: Path):
    assert findings(cli, make(tmp_path), "--strict") == (0, [])


# -- the meeting day ----------------------------------------------------------------------


def test_a_preparation_brief_as_of_its_meeting_day_is_refused(cli, tmp_path: Path):
    code, lines = findings(cli, make(tmp_path, prep=PREP.replace("2025-06-16", "2025-06-17", 1)))
    assert code == 1 and errors(lines) == [
        "briefs/prep.yaml:4:8: error: brief 'prep': a preparation brief's as_of 2025-06-17 is "
        "its meeting day, so it could use reports of the meeting (set as_of to 2025-06-16 or "
        "earlier; or give starts_at: (when the meeting begins, with its UTC offset), so that "
        "only sources published before it are used)"
    ]


def test_a_preparation_brief_past_its_meeting_is_told_the_day_before(cli, tmp_path: Path):
    code, lines = findings(cli, make(tmp_path, prep=PREP.replace("2025-06-16", "2025-06-18", 1)))
    assert code == 1 and errors(lines)[0] == (
        "briefs/prep.yaml:4:8: error: brief 'prep': a preparation brief cannot know past its "
        "meeting (as_of 2025-06-18 is after date 2025-06-17) (set as_of before the meeting "
        "date (2025-06-16 at the latest), or make it kind: readout)"
    )


def test_a_preparation_brief_without_as_of_stops_the_day_before(cli, tmp_path: Path):
    root = make(tmp_path, prep=PREP.replace("as_of: 2025-06-16\n", ""))
    code, out, err = cli("--root", root, "build", "prep", "--format", "md")
    assert code == 0, out + err
    assert "Information as of June 16, 2025" in (root / "build" / "prep.md").read_text()


@pytest.mark.slow
def test_a_same_day_source_needs_to_say_it_came_out_before_the_meeting(cli, tmp_path: Path):
    starts = PREP.replace(
        "as_of: 2025-06-16\n", "as_of: 2025-06-17\nstarts_at: 2025-06-17T11:00:00-06:00\n"
    ).replace("facts: [visit-announced]", "facts: [visit-announced, sample-arrived]")
    root = make(tmp_path, prep=starts)
    code, lines = findings(cli, root)
    assert code == 1 and errors(lines) == [
        "briefs/prep.yaml:10:26: error: brief 'prep': 'sample-arrived' cites 'morning', "
        "published on the meeting day 2025-06-17 with no time: it may report the meeting "
        "(give 'morning' published_at: (the moment it came out, with its UTC offset) if it was "
        "published before the meeting began; otherwise drop it)"
    ]
    # Published after the meeting began: refused, and never by moving as_of.
    later = CATALOG.replace(
        "    published: 2025-06-17\n",
        "    published: 2025-06-17\n    published_at: 2025-06-17T12:30:00-06:00\n",
    )
    code, lines = findings(cli, make(tmp_path, later, starts))
    assert code == 1 and errors(lines) == [
        "briefs/prep.yaml:10:26: error: brief 'prep': 'sample-arrived' cites 'morning', "
        "published at 2025-06-17T12:30:00-06:00, after the meeting began "
        "(2025-06-17T11:00:00-06:00) (drop it: a preparation brief sees nothing from the "
        "meeting)"
    ]
    # Published before it began: used, and on the page.
    earlier = later.replace("T12:30:00-06:00", "T08:15:00-06:00")
    root = make(tmp_path, earlier, starts)
    assert findings(cli, root, "--strict") == (0, [])
    code, out, err = cli("--root", root, "build", "prep", "--format", "md")
    assert code == 0, out + err
    assert "arrived in Mexico City before the talks" in (root / "build" / "prep.md").read_text()


def test_a_topic_match_from_after_the_start_is_left_out_quietly(cli, tmp_path: Path):
    starts = PREP.replace(
        "as_of: 2025-06-16\n", "as_of: 2025-06-17\nstarts_at: 2025-06-17T11:00:00-06:00\n"
    ).replace("facts: [visit-announced]", "facts: [visit-announced]\ntopics: [talks]")
    root = make(tmp_path, prep=starts)
    code, out, err = cli("--root", root, "build", "prep", "--format", "md")
    md = (root / "build" / "prep.md").read_text()
    assert code == 0, out + err
    assert "arrived in Mexico City" not in md and "agreed in Mexico City" not in md


@pytest.mark.parametrize(
    ("edit", "where", "message"),
    [
        (
            (
                "    published: 2025-06-17\n",
                "    published: 2025-06-17\n    published_at: 2025-06-16T23:00:00-06:00\n",
            ),
            "sources.yaml:15:19",
            "source 'morning': published_at 2025-06-16T23:00:00-06:00 is not on its published "
            "date 2025-06-17 (give the moment of publication on the day published, with its UTC "
            "offset, or correct published)",
        ),
    ],
)
def test_a_moment_of_publication_is_on_its_day(cli, tmp_path: Path, edit, where, message):
    root = make(tmp_path, CATALOG.replace(*edit))
    code, lines = findings(cli, root)
    assert code == 1 and errors(lines) == [f"{where}: error: {message}"]


@pytest.mark.parametrize(
    ("prep", "message"),
    [
        (
            PREP.replace(
                "as_of: 2025-06-16\n", "as_of: 2025-06-16\nstarts_at: 2025-06-18T11:00:00-06:00\n"
            ),
            "briefs/prep.yaml:5:12: error: brief 'prep': starts_at 2025-06-18T11:00:00-06:00 is "
            "not on the meeting's date 2025-06-17 (give the moment the meeting begins, on its "
            "date, with its UTC offset)",
        ),
        (
            PREP.replace("kind: meeting", "kind: issue")
            .replace(
                "as_of: 2025-06-16\n", "as_of: 2025-06-17\nstarts_at: 2025-06-17T11:00:00-06:00\n"
            )
            .split("sourced_by:")[0],
            "briefs/prep.yaml:5:12: error: brief 'prep': starts_at is for a meeting, and an issue "
            "brief has none (remove starts_at, or make the brief kind: meeting)",
        ),
    ],
)
def test_starts_at_is_a_meetings_and_on_its_day(cli, tmp_path: Path, prep, message):
    code, lines = findings(cli, make(tmp_path, prep=prep))
    assert code == 1 and errors(lines) == [message]


def test_no_fix_sends_a_preparation_brief_to_or_past_its_meeting(cli, tmp_path: Path):
    # Reaching for what came later every way a brief can: a pick, a ref, a header source.
    prep = (
        PREP.replace("facts: [visit-announced]", "facts: [visit-announced, agreed-to-meet-again]")
        .replace(
            "[@visit-announced].", "[@visit-announced]. The wire says they meet again [@readout]."
        )
        .replace("location: [statement]", "location: [readout]")
    )
    code, lines = findings(cli, make(tmp_path, prep=prep))
    mine = errors([line for line in lines if line.startswith("briefs/prep.yaml")])
    assert code == 1 and len(mine) == 3, lines
    for line in mine:
        # Moving as_of is offered only to a day before the meeting, never to it or past it.
        assert not re.search(r"move as_of(?! to 2025-06-(?:0\d|1[0-6])\b)", line), line
    # An item known before the meeting but after as_of may move as_of, up to the day before.
    early = PREP.replace("as_of: 2025-06-16", "as_of: 2025-06-15")
    code, lines = findings(cli, make(tmp_path, prep=early))
    moved = (
        "move as_of to 2025-06-16 (a preparation brief's as_of stays before its meeting on "
        "2025-06-17)"
    )
    late = "published June 16, 2025, after as_of 2025-06-15 (back it with a source published "
    late += "by as_of 2025-06-15, or leave it out of sourced_by to print it as unconfirmed, or "
    assert code == 1 and errors(lines) == [
        "briefs/prep.yaml:8:10: error: brief 'prep': [@visit-announced] cites 'statement', "
        f"published 2025-06-16, after as_of 2025-06-15 (cite what was known by as_of, or {moved})",
        "briefs/prep.yaml:9:9: error: brief 'prep': 'visit-announced' is dated 2025-06-16, "
        f"after as_of 2025-06-15 (drop the pick, or {moved})",
        f"briefs/prep.yaml:11:9: error: brief 'prep': its date rests only on 'statement', "
        f"{late}{moved})",
        f"briefs/prep.yaml:12:13: error: brief 'prep': its location rests only on 'statement', "
        f"{late}{moved})",
        f"briefs/prep.yaml:13:17: error: brief 'prep': its participants rest only on "
        f"'statement', {late}{moved})",
    ]


def test_a_sides_aims_from_after_the_cut_off_are_named_as_such(cli, tmp_path: Path):
    """Rules 14 and 15: the pick that gave the U.S. aims came too late; the fix says so."""
    catalog = CATALOG.replace(
        "    date: 2025-06-17\n    topics: [talks]\n    cite:\n      - source: morning\n",
        "    date: 2025-06-17\n    topics: [talks]\n    side: us\n    cite:\n"
        "      - source: morning\n",
    )
    prep = PREP.replace("facts: [visit-announced]", "facts: [visit-announced, sample-arrived]")
    code, lines = findings(cli, make(tmp_path, catalog, prep.replace("not_on_record: [us]\n", "")))
    assert code == 1 and [line for line in lines if line.startswith("briefs/prep.yaml")] == [
        "briefs/prep.yaml:6:15: warning: brief 'prep': no item gives the U.S. aims for this "
        "meeting ('sample-arrived' gives them but is past what the brief may know by as_of "
        "2025-06-16 (see the error at its pick): add them from what was known by then (a fact "
        "or quote with side: us), or say they are not on the record (not_on_record: [us])) "
        "[side-missing]",
        "briefs/prep.yaml:9:26: error: brief 'prep': 'sample-arrived' is dated 2025-06-17, "
        "after as_of 2025-06-16 (drop the pick: a preparation brief uses only what was "
        "published before its meeting on 2025-06-17)",
    ]


# -- the header is sourced ----------------------------------------------------------------


def test_a_sourced_header_carries_its_notes_in_every_format(cli, tmp_path: Path):
    root = make(tmp_path)
    code, out, err = cli("--root", root, "build", "prep")
    assert code == 0, out + err
    md = (root / "build" / "prep.md").read_text()
    html = (root / "build" / "prep.html").read_text().replace("\u00a0", " ")
    pdf = " ".join(" ".join(pdf_pages_text(root / "build" / "prep.pdf")).split())
    # The header is read first: its source is note 1.
    assert "Tuesday, June 17, 2025[^1] · Mexico City[^1] · Information as of June 16, 2025" in md
    # The statement names both participants: it backs the list, said once after its label.
    assert "**Participants:**[^1] David Sample, Deputy Secretary; the Foreign Minister\n" in md
    assert 'Mexico <span class="nowrap">City<sup class="call"><a href="#note-1"' in html
    assert "Tuesday, June 17, 20251 · Mexico City1 · Information as of June 16, 2025" in pdf
    assert "unconfirmed" not in md + html + pdf


def test_a_header_backed_by_what_the_page_does_not_show_is_sourced(cli, tmp_path: Path):
    """What backs the header need not be on the page: its source is cited beside the header."""
    catalog = CATALOG.replace("  - id: morning\n", EMBASSY + "  - id: morning\n") + PLACE
    prep = PREP.replace("location: [statement]", "location: [talks-place, embassy]")
    root = make(tmp_path, catalog, prep)
    (root / "sources" / "embassy.txt").write_text(EMBASSY_NOTE)
    # Neither the fact nor the source is unused: they back the header.
    assert findings(cli, root, "--strict") == (0, [])
    code, out, err = cli("--root", root, "build", "prep")
    assert code == 0, out + err
    md = (root / "build" / "prep.md").read_text()
    assert "Tuesday, June 17, 2025[^1] · Mexico City[^1][^2] · Information as of" in md
    assert "[^2]: “Travel note,” *U.S. Embassy*, June 15, 2025." in md
    assert "unconfirmed" not in md


EMBASSY = """\
  - id: embassy
    title: "Travel note"
    publisher: U.S. Embassy
    published: 2025-06-15
    kind: statement
    archive: sources/embassy.txt
    reliability: high
"""
EMBASSY_NOTE = "The Deputy Secretary travels to Mexico City on June 17, 2025.\n"
PLACE = """\
  - id: talks-place
    text: "The ministry said the Foreign Minister receives Sample in Mexico City."
    date: 2025-06-16
    topics: [talks]
    claimed_by: Ministry of Foreign Affairs
    cite:
      - source: statement
        evidence: "The Foreign Minister will receive Deputy Secretary David Sample in Mexico City"
"""


def test_an_unsourced_header_is_printed_unconfirmed_and_said(cli, tmp_path: Path):
    root = make(tmp_path, prep=re.sub(r"sourced_by:\n(?:  .*\n)+", "", PREP))
    code, lines = findings(cli, root)
    assert code == 0 and lines == [
        "briefs/prep.yaml:3:7: warning: brief 'prep': its date, location and participants name "
        "no source, and print as unconfirmed (add sourced_by: {date: [id], location: [id], "
        "participants: [id]} with the facts, quotes or sources that give them; sourced_by: {} "
        "prints them unconfirmed on purpose) [header-unsourced]"
    ]
    code, out, err = cli("--root", root, "build", "prep")
    assert code == 0, out + err
    md = (root / "build" / "prep.md").read_text()
    html = (root / "build" / "prep.html").read_text().replace("\u00a0", " ")
    pdf = " ".join(" ".join(pdf_pages_text(root / "build" / "prep.pdf")).split())
    said = "Tuesday, June 17, 2025 (unconfirmed) · Mexico City (unconfirmed) · Information as of"
    assert said in md and said in html and said in pdf
    assert "**Participants (unconfirmed):** David Sample" in md
    assert '<span class="label">Participants (unconfirmed):</span> David Sample' in html
    assert "Participants (unconfirmed): David Sample" in pdf
    # What is not on the record (rule 15) is the brief's own line, after the participants:
    # neither unconfirmed nor read as one of them.
    off = "U.S. aims for this meeting: none on file as of June 16, 2025."
    assert f"the Foreign Minister\n\n{off}\n" in md
    assert f'the Foreign Minister</p>\n  <p class="participants off-record">{off}</p>' in html
    assert f"the Foreign Minister {off}" in pdf


def test_a_header_backed_only_by_a_later_report_is_an_error(cli, tmp_path: Path):
    prep = PREP.replace("location: [statement]", "location: [readout, agreed-to-meet-again]")
    code, lines = findings(cli, make(tmp_path, prep=prep))
    assert code == 1 and errors(lines) == [
        "briefs/prep.yaml:12:13: error: brief 'prep': its location rests only on 'readout', "
        "published June 18, 2025, after as_of 2025-06-16 (back it with a source published by "
        "as_of 2025-06-16, or leave it out of sourced_by to print it as unconfirmed)"
    ]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("location: [statement]", "location: [statment]"),
            "briefs/prep.yaml:12:14: error: brief 'prep': sourced_by.location names 'statment', "
            "which is no fact, quote or source (did you mean 'statement'?)",
        ),
        (
            ('location: "Mexico City"\n', ""),
            "briefs/prep.yaml:11:13: error: brief 'prep': sourced_by.location backs a location "
            "the brief does not give (give the brief's location, or remove it from sourced_by)",
        ),
    ],
)
def test_what_backs_a_header_is_named_rightly(cli, tmp_path: Path, edit, message):
    code, lines = findings(cli, make(tmp_path, prep=PREP.replace(*edit)))
    assert code == 1 and errors(lines) == [message]


def test_an_issue_brief_has_no_header_to_source(cli, tmp_path: Path):
    # not_on_record, a meeting's too, goes with the kind: sourced_by is what is tried here.
    issue = PREP.replace("kind: meeting", "kind: issue").replace("not_on_record: [us]\n", "")
    code, lines = findings(cli, make(tmp_path, prep=issue))
    assert code == 1 and errors(lines) == [
        "briefs/prep.yaml:11:3: error: brief 'prep': sourced_by backs a meeting's header, and an "
        "issue brief has none (remove sourced_by, or make the brief kind: meeting or readout)"
    ]


def test_a_charted_point_of_the_meeting_day_is_held_to_the_same_rule(cli, tmp_path: Path):
    catalog = CATALOG + (
        "series:\n"
        "  - id: waits\n"
        '    title: "Waits"\n'
        "    unit: minutes\n"
        "    points:\n"
        '      - label: "Jun 17"\n'
        "        date: 2025-06-17\n"
        "        value: 2025\n"
        '        span: "June 2025"\n'
        '        period_note: "the day of the report"\n'
        "        cite:\n"
        "          source: morning\n"
        '          evidence: "Example Wire, June 17, 2025"\n'
    )
    starts = PREP.replace(
        "as_of: 2025-06-16\n", "as_of: 2025-06-17\nstarts_at: 2025-06-17T11:00:00-06:00\n"
    )
    charted = starts.replace("not_on_record:", "charts: [waits]\nnot_on_record:")
    code, lines = findings(cli, make(tmp_path, catalog, charted))
    mine = [line for line in errors(lines) if line.startswith("briefs/")]
    assert code == 1 and mine == [
        "briefs/prep.yaml:15:10: error: brief 'prep': series 'waits' cites 'morning', published "
        "on the meeting day 2025-06-17 with no time: it may report the meeting (give 'morning' "
        "published_at: (the moment it came out, with its UTC offset) if it was published before "
        "the meeting began; otherwise drop it)"
    ]


SAMPLE_ONLY = """\
  - id: sample-received
    text: "Deputy Secretary David Sample is to be received in Mexico City on June 17, 2025."
    date: 2025-06-16
    expected: 2025-06-17
    topics: [talks]
    claimed_by: Ministry of Foreign Affairs
    inferred: "year from the statement's date, June 16, 2025"
    cite:
      - source: statement
        evidence: "will receive Deputy Secretary David Sample in Mexico City on June 17"
"""


def test_each_participants_mark_follows_the_name_it_supports(cli, tmp_path: Path):
    """A ref's note stands after the names its words give; one naming none, after the label."""
    catalog = CATALOG.replace("  - id: morning\n", EMBASSY + "  - id: morning\n") + SAMPLE_ONLY
    prep = PREP.replace(
        "participants: [visit-announced]", "participants: [sample-received, embassy]"
    )
    root = make(tmp_path, catalog, prep)
    (root / "sources" / "embassy.txt").write_text(EMBASSY_NOTE)
    assert findings(cli, root, "--strict") == (0, [])
    code, out, err = cli("--root", root, "build", "prep")
    assert code == 0, out + err
    md = (root / "build" / "prep.md").read_text()
    html = (root / "build" / "prep.html").read_text()
    pdf = " ".join(" ".join(pdf_pages_text(root / "build" / "prep.pdf")).split())
    # The statement names Sample, not the minister; the embassy's note names neither.
    assert "**Participants:**[^2] David Sample, Deputy Secretary[^1]; the Foreign Minister\n" in md
    assert (
        '<span class="label">Participants:<sup class="call"><a href="#note-2" role="doc-noteref" '
        'aria-label="note 2">2</a></sup></span> David Sample, Deputy <span class="nowrap">'
        'Secretary<sup class="call"><a href="#note-1" role="doc-noteref" aria-label="note 1">1'
        "</a></sup></span>; the Foreign Minister</p>"
    ) in html
    assert "Participants:2 David Sample, Deputy Secretary1; the Foreign Minister" in pdf


def test_a_pick_cut_off_by_as_of_is_said_once_as_the_cut_off(cli, tmp_path: Path):
    """The pick no other brief uses is the author's pick: its cut-off, not 'unused' as well."""
    prep = PREP.replace("facts: [visit-announced]", "facts: [visit-announced, sample-arrived]")
    root = make(tmp_path, prep=prep)
    after = AFTER.replace(", sample-arrived]", "]").replace("\n  [@sample-arrived]", "")
    assert "sample-arrived" not in after
    (root / "briefs" / "after.yaml").write_text(after)
    code, lines = findings(cli, root)
    assert code == 1 and [x for x in lines if "sample-arrived" in x] == [
        "briefs/prep.yaml:9:26: error: brief 'prep': 'sample-arrived' is dated 2025-06-17, "
        "after as_of 2025-06-16 (drop the pick: a preparation brief uses only what was "
        "published before its meeting on 2025-06-17)",
    ]
    # Dropped from the brief as the fix says, the item is used by no brief, and said so.
    (root / "briefs" / "prep.yaml").write_text(PREP)
    code, lines = findings(cli, root)
    assert [x.split(": warning: ")[1] for x in lines if "sample-arrived" in x] == [
        "'sample-arrived' is used by no brief (pick it in a brief or tag it with a brief's "
        "topic) [unused]"
    ]


def built_prep(cli, root: Path) -> tuple[str, str]:
    """Build the preparation brief; return its Markdown and its HTML's text."""
    code, out, err = cli("--root", root, "build", "prep", "--format", "md,html")
    assert code == 0, out + err
    md = (root / "build" / "prep.md").read_text()
    html = (root / "build" / "prep.html").read_text().replace("\u00a0", " ")
    return md, re.sub(r"<[^>]+>", "", html)


@pytest.mark.slow
def test_a_meeting_date_worked_out_from_a_weekday_says_so_in_the_header(cli, tmp_path: Path):
    # The statement says "on Tuesday", not the day: the header's date was worked out.
    catalog = CATALOG.replace(
        "Mexico City on\n          June 17.", "Mexico City on\n          Tuesday."
    ).replace(
        '    inferred: "year from the statement\'s date, June 16, 2025"\n',
        '    inferred: "“Tuesday” after the statement of Monday, June 16, 2025: June 17, 2025"\n',
        1,
    )
    root = make(tmp_path, catalog)
    (root / "sources" / "statement.txt").write_text(
        STATEMENT.replace("on June 17.", "on Tuesday."), encoding="utf-8"
    )
    md, html = built_prep(cli, root)
    assert "Tuesday, June 17, 2025 (date inferred)[^1]" in md
    assert "Tuesday, June 17, 2025 (date inferred)" in html
    # Stated in the source's own words ("on June 17"), it stands bare.
    stated = make(tmp_path / "stated")
    assert cli("--root", stated, "build", "prep", "--format", "md")[0] == 0
    header = (stated / "build" / "prep.md").read_text()
    assert "Tuesday, June 17, 2025[^1]" in header and "(date inferred)[^1] ·" not in header


@pytest.mark.slow
def test_a_meeting_day_stated_by_an_undated_source_says_its_year_was_inferred(cli, tmp_path: Path):
    # "on June 17" states the month and day; with the statement's own date worked out (its
    # date_note), the year is not the source's: the header says which part was inferred.
    catalog = CATALOG.replace(
        "    published: 2025-06-16\n",
        '    published: 2025-06-16\n    date_note: "undated; the year from its references"\n',
        1,
    )
    root = make(tmp_path, catalog)
    md, html = built_prep(cli, root)
    assert "Tuesday, June 17, 2025 (year inferred)[^1]" in md
    assert "Tuesday, June 17, 2025 (year inferred)" in html
