"""Rule 15, two sides at the table: whom each participant speaks for, and both sides' aims."""

import shutil
from pathlib import Path

import pytest
from conftest import check_lines, pdf_pages_text, write_project

SNAPSHOT = """\
Talks set for Friday

Foreign Minister Ana Example and Under Secretary John Example meet in Laredo on Friday, June 6.

The foreign minister said Mexico wants the bridge reopened before the harvest.

U.S. officials said they would press for joint inspections at the bridge.

Both governments said in a joint statement that the bridge would reopen in stages.

The bridge has been closed since March 2, 2025, after a flood.
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
  - id: mx-wants-reopening
    text: "The foreign minister said Mexico wants the bridge reopened before the harvest."
    date: 2025-06-02
    topics: [ports]
    side: mx
    cite:
      - source: wire
        evidence: "The foreign minister said Mexico wants the bridge reopened before the harvest."
  - id: us-joint-inspections
    text: "U.S. officials said they would press for joint inspections at the bridge."
    date: 2025-06-02
    expected: 2025-06-06
    topics: [ports]
    side: us
    cite:
      - source: wire
        evidence: "U.S. officials said they would press for joint inspections at the bridge."
  - id: closed-since-march
    text: "The bridge has been closed since March 2, 2025, after a flood."
    date: 2025-06-02
    topics: [ports]
    cite:
      - source: wire
        evidence: "The bridge has been closed since March 2, 2025, after a flood."
quotes: []
"""

BRIEF = """\
kind: meeting
title: "Bridge talks"
date: 2025-06-06
as_of: 2025-06-05
location: "Laredo"
participants:
  - {name: "Ana Example, Foreign Minister of Mexico", side: mx}
  - {name: "John Example, U.S. Under Secretary", side: us}
prepared_for: "U.S. Under Secretary"
summary: "The foreign minister says Mexico wants the bridge open by harvest [@mx-wants-reopening]."
facts: [mx-wants-reopening, us-joint-inspections, closed-since-march]
talking_points:
  - "Propose joint inspections [@us-joint-inspections]."
sourced_by: {date: [wire], location: [wire], participants: [wire]}
"""


def make(tmp_path: Path, catalog: str = CATALOG, brief: str = BRIEF) -> Path:
    return write_project(tmp_path / "p", catalog, {"wire.txt": SNAPSHOT}, {"bridge.yaml": brief})


def findings(cli, root: Path) -> tuple[int, list[str]]:
    return check_lines(cli, root, "--strict")


def test_a_brief_that_gives_both_sides_passes(cli, tmp_path: Path):
    assert findings(cli, make(tmp_path)) == (0, [])


def test_a_participant_without_a_side_is_told_how_to_write_one(cli, tmp_path: Path):
    brief = BRIEF.replace(
        '  - {name: "John Example, U.S. Under Secretary", side: us}',
        '  - "John Example, U.S. Under Secretary"',
    )
    assert findings(cli, make(tmp_path, brief=brief)) == (
        1,
        [
            "briefs/bridge.yaml:8:5: warning: brief 'bridge': participant “John Example, U.S. "
            'Under Secretary” gives no side (write it as {name: "John Example, U.S. Under '
            'Secretary", side: us}: the government they speak for, us, mx or both) '
            "[participant-no-side]"
        ],
    )


def test_plain_participants_stay_valid_in_an_issue_brief(cli, tmp_path: Path):
    # An issue brief has no header to source: its sourced_by goes with the meeting.
    brief = BRIEF.replace("kind: meeting", "kind: issue").replace("as_of: 2025-06-05\n", "")
    brief = brief.split("sourced_by:")[0]
    brief = brief.replace(
        '  - {name: "Ana Example, Foreign Minister of Mexico", side: mx}',
        '  - "Ana Example, Foreign Minister of Mexico"',
    )
    assert findings(cli, make(tmp_path, brief=brief)) == (0, [])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            '{name: "Ana Example", side: mexico}',
            "briefs/bridge.yaml:6:15: error: brief 'bridge': 'participants' participant 1: side "
            "'mexico' is not us, mx or both (use us (the United States), mx (Mexico) or both (a "
            "joint statement or position))",
        ),
        (
            '"Ana Example", [nested]',
            "briefs/bridge.yaml:6:15: error: brief 'bridge': 'participants' participant 2 "
            "expected text, got a list (write it as a quoted string)",
        ),
        (
            '{name: "", side: mx}',
            "briefs/bridge.yaml:6:15: error: brief 'bridge': 'participants' participant 1: name "
            'is empty (write the name and role, "Name, role")',
        ),
        (
            '{who: "Ana Example", side: mx}',
            "briefs/bridge.yaml:6:15: error: brief 'bridge': 'participants' participant 1 has "
            "unknown key 'who' (write it as {name: \"Name, role\", side: us}, side being us, "
            "mx or both)",
        ),
    ],
)
def test_a_malformed_participant_is_refused_at_its_line(cli, tmp_path: Path, value, message):
    brief = BRIEF.replace(
        'participants:\n  - {name: "Ana Example, Foreign Minister of Mexico", side: mx}\n'
        '  - {name: "John Example, U.S. Under Secretary", side: us}',
        f"participants: [{value}]",
    )
    code, lines = findings(cli, make(tmp_path, brief=brief))
    assert code == 1 and message in lines, lines


def test_a_meeting_brief_with_one_sides_aims_names_the_missing_side(cli, tmp_path: Path):
    catalog = CATALOG.replace("    side: us\n", "")
    assert findings(cli, make(tmp_path, catalog)) == (
        1,
        [
            "briefs/bridge.yaml:7:3: warning: brief 'bridge': no item gives the U.S. aims for "
            "this meeting (add them (a fact or quote with side: us), or say they are not on the "
            "record (not_on_record: [us])) [side-missing]"
        ],
    )


def test_a_readout_with_one_sides_account_names_the_missing_side(cli, tmp_path: Path):
    catalog = CATALOG.replace("    side: mx\n", "")
    brief = BRIEF.replace("kind: meeting", "kind: readout").replace(
        "date: 2025-06-06\nas_of: 2025-06-05", "date: 2025-06-02\nas_of: 2025-06-05"
    )
    brief = brief.replace('summary: "The', 'summary: "According to Example Wire, the')
    code, lines = findings(cli, make(tmp_path, catalog, brief))
    assert code == 1
    assert lines == [
        "briefs/bridge.yaml:7:3: warning: brief 'bridge': no item gives the Mexican account "
        "of this meeting (add it (a fact or quote with side: mx), or say it is not on the "
        "record (not_on_record: [mx])) [side-missing]"
    ]


def test_a_joint_statement_counts_for_both_sides(cli, tmp_path: Path):
    catalog = CATALOG.replace("    side: us\n", "").replace("    side: mx\n", "")
    catalog = catalog.replace(
        "quotes: []",
        """\
  - id: joint-reopening
    text: "Both governments said in a joint statement that the bridge would reopen in stages."
    date: 2025-06-02
    topics: [ports]
    side: both
    cite:
      - source: wire
        evidence: >-
          Both governments said in a joint statement that the bridge would reopen in stages.
    accept: {expectation-undated: "the statement gives no date for the reopening"}
quotes: []""",
    )
    brief = BRIEF.replace("closed-since-march]", "closed-since-march, joint-reopening]")
    assert findings(cli, make(tmp_path, catalog, brief)) == (0, [])


def test_a_speaker_or_claimant_who_is_a_participant_speaks_for_their_side(cli, tmp_path: Path):
    catalog = CATALOG.replace("    side: mx\n", "    claimed_by: Ana Example\n")
    assert findings(cli, make(tmp_path, catalog)) == (0, [])


def test_a_claimant_is_the_participant_whose_name_it_shares_most(cli, tmp_path: Path):
    # Ana Example and John Example share a surname: "John Example" is the U.S. one.
    catalog = CATALOG.replace("    side: us\n", "    claimed_by: John Example\n")
    assert findings(cli, make(tmp_path, catalog)) == (0, [])


def test_a_claimant_sharing_only_a_title_with_a_participant_speaks_for_no_side(cli, tmp_path):
    """An office names no one: Mexico's Secretary of Economy is not the Secretary of State."""
    catalog = CATALOG.replace("    side: us\n", "    claimed_by: Mexico's Secretary of Economy\n")
    brief = BRIEF.replace(
        '{name: "John Example, U.S. Under Secretary", side: us}',
        '{name: "the Secretary of State", side: us}',
    )
    assert findings(cli, make(tmp_path, catalog, brief)) == (
        1,
        [
            "briefs/bridge.yaml:7:3: warning: brief 'bridge': no item gives the U.S. aims for "
            "this meeting (add them (a fact or quote with side: us), or say they are not on the "
            "record (not_on_record: [us])) [side-missing]"
        ],
    )
    # Written as the participant is listed, the office is that participant.
    catalog = CATALOG.replace("    side: us\n", "    claimed_by: The Secretary of State\n")
    assert findings(cli, make(tmp_path, catalog, brief)) == (0, [])


def test_not_on_record_silences_the_finding_and_is_said_on_the_page(cli, tmp_path: Path):
    catalog = CATALOG.replace("    side: us\n", "")
    brief = BRIEF.replace("prepared_for:", "not_on_record: [us]\nprepared_for:")
    root = make(tmp_path, catalog, brief)
    assert findings(cli, root) == (0, [])
    code, out, err = cli("--root", root, "build")
    assert code == 0, out + err
    said = "U.S. aims for this meeting: none on file as of June 5, 2025."
    assert said in (root / "build" / "bridge.md").read_text()
    assert f'<p class="participants off-record">{said}</p>' in (
        root / "build" / "bridge.html"
    ).read_text().replace("\u00a0", " ")
    assert said in " ".join(pdf_pages_text(root / "build" / "bridge.pdf")[0].split())


def test_not_on_record_that_an_item_contradicts_is_a_finding(cli, tmp_path: Path):
    brief = BRIEF.replace("prepared_for:", "not_on_record: [us]\nprepared_for:")
    assert findings(cli, make(tmp_path, brief=brief)) == (
        1,
        [
            "briefs/bridge.yaml:9:16: warning: brief 'bridge': not_on_record says the U.S. "
            "aims for this meeting are not on the record, but 'us-joint-inspections' gives "
            "them (remove us from not_on_record, and keep 'us-joint-inspections' on the page) "
            "[side-on-record]"
        ],
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[both]", "'both' is not us or mx (list each government: [us, mx])"),
        ("[canada]", "'canada' is not us or mx (use us or mx)"),
    ],
)
def test_not_on_record_names_governments(cli, tmp_path: Path, value, message):
    brief = BRIEF.replace("prepared_for:", f"not_on_record: {value}\nprepared_for:")
    code, lines = findings(cli, make(tmp_path, brief=brief))
    assert code == 1
    mine = [line for line in lines if line.startswith("briefs/")]
    assert mine == [f"briefs/bridge.yaml:9:16: error: brief 'bridge': 'not_on_record' {message}"]


def test_not_on_record_in_an_issue_brief_is_an_error(cli, tmp_path: Path):
    # An issue brief has no header to source: its sourced_by goes with the meeting.
    brief = BRIEF.replace("kind: meeting", "kind: issue").replace("as_of: 2025-06-05\n", "")
    brief = brief.split("sourced_by:")[0]
    brief = brief.replace("prepared_for:", "not_on_record: [mx]\nprepared_for:")
    code, lines = findings(cli, make(tmp_path, brief=brief))
    assert code == 1
    assert lines == [
        "briefs/bridge.yaml:8:16: error: brief 'bridge': not_on_record is for a meeting or a "
        "readout, and this is an issue brief (remove it, or say in the summary whose view is "
        "missing)"
    ]


def crowded(quotes: int, repeat: int) -> tuple[str, str]:
    """A meeting brief whose must-stay quotes leave little room; the U.S. aims a topic match."""
    context = " ".join(["The minister spoke at length about the bridge and the harvest."] * repeat)
    fillers = "".join(
        f"""\
  - id: filler-{i}
    speaker: Ana Example
    role: Foreign Minister of Mexico
    text: "Mexico wants the bridge reopened before the harvest."
    date: 2025-06-02
    priority: 1
    source: wire
    context: "{context}"
"""
        for i in range(quotes)
    )
    catalog = CATALOG.replace("quotes: []\n", "quotes:\n" + fillers)
    catalog = catalog.replace("    side: us\n", "    side: us\n    priority: 3\n")
    catalog = catalog.replace("    side: mx\n", "    side: mx\n    priority: 1\n")
    picks = ", ".join(f"filler-{i}" for i in range(quotes))
    brief = BRIEF.replace(
        "facts: [mx-wants-reopening, us-joint-inspections, closed-since-march]",
        f"topics: [ports]\nfacts: [mx-wants-reopening]\nquotes: [{picks}]",
    ).replace("[@us-joint-inspections]", "[@mx-wants-reopening]")
    return catalog, brief


def test_a_side_left_out_to_fit_is_missing_from_the_page(cli, tmp_path: Path):
    """The finding reads the page the principal gets, not the selection."""
    root = make(tmp_path, *crowded(9, 4))
    assert findings(cli, root) == (
        1,
        [
            "briefs/bridge.yaml:7:3: warning: brief 'bridge': no item gives the U.S. aims for "
            "this meeting ('us-joint-inspections' gives them but was left out to fit one page: "
            "make room for it, or say they are not on the record (not_on_record: [us])) "
            "[side-missing]"
        ],
    )


@pytest.mark.slow
def test_check_says_when_a_brief_cannot_fit_at_all(cli, tmp_path: Path):
    """What the build would refuse, check refuses too: it lays the page out."""
    root = make(tmp_path, *crowded(8, 6))
    code, lines = findings(cli, root)
    assert code == 1
    assert lines == [
        "briefs/bridge.yaml:10:10: error: brief 'bridge' does not fit on one page even with "
        "only what must stay (mx-wants-reopening, filler-0, filler-1, filler-2, filler-3, "
        "filler-4, filler-5, filler-6, filler-7): shorten the title, summary or talking points "
        "by 2 lines at least, or lower a pick's priority"
    ]
    code, out, _ = cli("--root", root, "build")
    assert code == 1 and "does not fit on one page even with only what must stay" in out


# -- a one-sided account says so, in English -----------------------------------------------


@pytest.mark.parametrize(
    ("claimant", "said"),
    [
        ("White House (John Kirby)", "According to the White House (John Kirby), …"),
        ("Claudia Sheinbaum", "According to Claudia Sheinbaum, …"),
        (
            "Senior administration officials (White House background call)",
            "According to senior administration officials (White House background call), …",
        ),
        ("Senior administration official", "According to a senior administration official, …"),
        ("U.S. official (anonymous)", "According to a U.S. official (anonymous), …"),
        ("Mexican Employers' Association", "According to the Mexican Employers' Association, …"),
        (
            "Associated Press (reporters' reading)",
            "According to the Associated Press (reporters' reading), …",
        ),
        ("Department of Homeland Security", "According to the Department of Homeland Security, …"),
        ("U.S. officials", "According to U.S. officials, …"),
        (
            "Mayors of New York, Chicago and Denver",
            "According to mayors of New York, Chicago and Denver, …",
        ),
        ("Mexico's Foreign Ministry", "According to Mexico's Foreign Ministry, …"),
        (
            "“Towards 2030” migration paper (ReVista)",
            "According to the “Towards 2030” migration paper (ReVista), …",
        ),
    ],
)
def test_an_attribution_suggested_reads_as_english_for_any_claimant(claimant, said):
    from briefgen.prose import according_to

    assert according_to(claimant) == said


WORDING = CATALOG.replace(
    "    side: us\n", '    side: us\n    claimed_by: "White House (John Kirby)"\n'
)


@pytest.mark.parametrize(
    ("summary", "shown"),
    [
        (
            "By White House (John Kirby)'s account, officials will press for joint inspections "
            "[@us-joint-inspections].",
            "By White House (John Kirby)'s",
        ),
        (
            "Officials will press for joint inspections, according to White House "
            "[@us-joint-inspections].",
            "to White House",
        ),
    ],
)
def test_a_line_that_names_its_source_ungrammatically_is_a_finding(cli, tmp_path, summary, shown):
    brief = BRIEF.replace(
        'summary: "The foreign minister says Mexico wants the bridge open by harvest '
        '[@mx-wants-reopening]."',
        f'summary: "{summary}"',
    )
    assert findings(cli, make(tmp_path, WORDING, brief)) == (
        1,
        [
            "briefs/bridge.yaml:10:10: warning: brief 'bridge': the summary names its source in "
            f"words that are not English: “{shown}” (write the attribution as a sentence "
            "would, e.g. “According to the White House (John Kirby), …”) [attribution-wording]"
        ],
    )
    fixed = brief.replace(
        summary,
        "According to the White House (John Kirby), officials will "
        "press for joint inspections [@us-joint-inspections].",
    )
    assert findings(cli, make(tmp_path, WORDING, fixed)) == (0, [])


def test_a_projects_own_templates_written_for_plain_participants_still_build(cli, tmp_path):
    """A project that copied the templates before sides existed renders names, as before."""
    from briefgen.render.templates import TEMPLATES

    root = make(tmp_path)
    shutil.copytree(TEMPLATES, root / "templates")
    # The participants line as the templates wrote it before participants had sides (and
    # before the header was sourced): each participant set as text.
    for name, now, was in (
        (
            "html/_parts.html.j2",
            '<span class="label">{{ doc | participants_label }}{{ doc | participants_marks | '
            "marked }}</span> {{ doc | participants | marked }}",
            '<span class="label">Participants:</span> '
            '{{ doc.brief.participants | map("curly") | join("; ") }}',
        ),
        (
            "md/_parts.md.j2",
            "**{{ doc | participants_label }}**{{ doc | participants_marks | md_marked }} "
            "{{ doc | participants | md_marked }}",
            '**Participants:** {{ doc.brief.participants | map("md_text") | join("; ") }}',
        ),
    ):
        path = root / "templates" / name
        text = path.read_text()
        assert now in text
        path.write_text(text.replace(now, was))
    code, out, err = cli("--root", root, "build")
    assert code == 0, out + err
    said = "Ana Example, Foreign Minister of Mexico; John Example, U.S. Under Secretary"
    assert f"**Participants:** {said}" in (root / "build" / "bridge.md").read_text()
    assert said in (root / "build" / "bridge.html").read_text().replace("\u00a0", " ")


def readout_after(catalog: str = CATALOG) -> tuple[str, str]:
    """A readout of a meeting on June 2 whose Mexican item was said the day before it."""
    catalog = catalog.replace(
        'facts:\n  - id: mx-wants-reopening\n    text: "The foreign minister said Mexico wants '
        'the bridge reopened before the harvest."\n    date: 2025-06-02',
        'facts:\n  - id: mx-wants-reopening\n    text: "The foreign minister said Mexico wants '
        'the bridge reopened before the harvest."\n    date: 2025-06-01',
    )
    brief = BRIEF.replace("kind: meeting", "kind: readout").replace(
        "date: 2025-06-06\nas_of: 2025-06-05", "date: 2025-06-02\nas_of: 2025-06-05"
    )
    brief = brief.replace('summary: "The', 'summary: "According to Example Wire, the')
    return catalog, brief


def test_a_readouts_side_counts_only_what_was_said_at_or_after_the_meeting(cli, tmp_path):
    """What a side said the day before the meeting is its position, not its account of it."""
    catalog, brief = readout_after()
    assert "date: 2025-06-01" in catalog
    assert findings(cli, make(tmp_path, catalog, brief)) == (
        1,
        [
            "briefs/bridge.yaml:7:3: warning: brief 'bridge': no item gives the Mexican account "
            "of this meeting ('mx-wants-reopening' gives the Mexican position before the "
            "meeting (2025-06-02), not its account of it: add it (a fact or quote with side: "
            "mx, dated on or after 2025-06-02), or say it is not on the record (not_on_record: "
            "[mx])) [side-missing]"
        ],
    )


def test_a_readouts_side_said_before_the_meeting_leaves_it_not_on_record(cli, tmp_path):
    catalog, brief = readout_after()
    brief = brief.replace("facts: [", "not_on_record: [mx]\nfacts: [")
    code, lines = findings(cli, make(tmp_path, catalog, brief))
    assert (code, lines) == (0, [])
    # An item of the meeting's own day is that side's account: not_on_record is then wrong.
    catalog = catalog.replace("date: 2025-06-01", "date: 2025-06-02")
    code, lines = findings(cli, make(tmp_path, catalog, brief))
    assert code == 1 and lines == [
        "briefs/bridge.yaml:11:16: warning: brief 'bridge': not_on_record says the Mexican "
        "account of this meeting is not on the record, but 'mx-wants-reopening' gives it "
        "(remove mx from not_on_record, and keep 'mx-wants-reopening' on the page) "
        "[side-on-record]"
    ]


def test_a_readouts_side_said_before_the_meeting_by_its_own_words_is_no_account(cli, tmp_path):
    """Dated with the report of the meeting, an item whose words date it earlier is no account."""
    said = "On June 1, 2025, the foreign minister said Mexico wants the bridge reopened."
    catalog = CATALOG.replace(
        'text: "The foreign minister said Mexico wants the bridge reopened before the harvest."',
        f'text: "{said}"',
    ).replace(
        '        evidence: "The foreign minister said Mexico wants the bridge reopened before the '
        'harvest."',
        f'        evidence: "{said}"',
    )
    _, brief = readout_after()
    root = make(tmp_path, catalog, brief)
    with (root / "sources" / "wire.txt").open("a") as f:
        f.write(f"\n{said}\n")
    code, lines = findings(cli, root)
    assert code == 1 and lines == [
        "briefs/bridge.yaml:7:3: warning: brief 'bridge': no item gives the Mexican account "
        "of this meeting ('mx-wants-reopening' gives the Mexican position before the "
        "meeting (2025-06-02), not its account of it: add it (a fact or quote with side: "
        "mx, dated on or after 2025-06-02), or say it is not on the record (not_on_record: "
        "[mx])) [side-missing]"
    ]
