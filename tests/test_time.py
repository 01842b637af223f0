"""Editorial rule 13, every item says when: each rule on a small project of its own.

The project: a wire report of December 22, 2023 that Blinken is expected in Mexico City
"next week", a report of December 28 that he met López Obrador there, and a White House
background call of July 11, 2022, on background.
"""

import datetime as dt
from pathlib import Path

import pytest
from conftest import check_lines, pdf_pages_text, write_project

from briefgen.expectations import expectations, in_the_past
from briefgen.timewords import Anchor, relative_dates

WIRE = """\
Friday, December 22, 2023

Officials to visit Mexico

Blinken is expected to travel to Mexico City next week to meet President López Obrador.

In mid-December, two rail crossings were closed to redirect staff.
"""

OUTCOME = """\
Thursday, December 28, 2023

Blinken meets López Obrador

Blinken met President López Obrador in Mexico City on December 27, 2023.
"""

CALL = """\
SENIOR ADMINISTRATION OFFICIAL: We will set up a task force on fentanyl this summer.
"""

CATALOG = """\
topics:
  visits: {label: Visits}
sources:
  - id: wire
    title: "Officials to visit Mexico"
    publisher: Example Wire
    published: 2023-12-22
    kind: news
    archive: sources/wire.txt
    reliability: high
  - id: outcome
    title: "Blinken meets López Obrador"
    publisher: Example Wire
    published: 2023-12-28
    kind: news
    archive: sources/outcome.txt
    reliability: high
  - id: call
    title: "Background call"
    publisher: The White House
    published: 2022-07-11
    kind: transcript
    archive: sources/call.txt
    reliability: high
    attribution: On background, attributable to "senior administration officials"
facts:
  - id: visit-expected
    text: "Blinken is expected to travel to Mexico City to meet López Obrador."
    date: 2023-12-22
    expected: 2023-12-27
    topics: [visits]
    priority: 1
    cite:
      - source: wire
        evidence: >-
          Blinken is expected to travel to Mexico City next week to meet President López
          Obrador
  - id: rail-closed
    text: "In mid-December 2023, two rail crossings were closed to redirect staff."
    date: 2023-12-22
    topics: [visits]
    priority: 2
    inferred: "year from the publication date, December 22, 2023"
    cite:
      - source: wire
        evidence: "In mid-December, two rail crossings were closed to redirect staff."
  - id: visit-held
    text: "Blinken met López Obrador in Mexico City on December 27, 2023."
    date: 2023-12-27
    topics: [visits]
    priority: 1
    supersedes: [visit-expected]
    cite:
      - source: outcome
        evidence: "Blinken met President López Obrador in Mexico City on December 27, 2023."
quotes:
  - id: sao-task-force
    speaker: Senior administration official
    role: Biden administration official (background press call)
    text: "We will set up a task force on fentanyl"
    date: 2022-07-11
    context: "White House background call on the leaders' meeting."
    topics: [visits]
    source: call
"""

BRIEF = """\
kind: issue
title: "Blinken's visit to Mexico City"
date: {as_of}
as_of: {as_of}
prepared_for: "Office of the Secretary"
summary: "Blinken is expected in Mexico City [@visit-expected]."
facts: [visit-expected, rail-closed]
quotes: [sao-task-force]
"""


# The outcome, in a brief of its own: every item of the catalog is used by some brief.
AFTER = """\
kind: issue
title: "Blinken met López Obrador"
date: 2023-12-28
prepared_for: "Office of the Secretary"
summary: "Blinken met López Obrador in Mexico City on December 27, 2023 [@visit-held]."
facts: [visit-held]
"""


def make(
    tmp_path: Path, catalog: str = CATALOG, brief: str = BRIEF, as_of: str = "2023-12-24"
) -> Path:
    snapshots = {"wire.txt": WIRE, "outcome.txt": OUTCOME, "call.txt": CALL}
    briefs = {"visit.yaml": brief.format(as_of=as_of), "after.yaml": AFTER}
    return write_project(tmp_path / "p", catalog, snapshots, briefs)


def findings(cli, root: Path, *args: str) -> tuple[int, list[str]]:
    return check_lines(cli, root, *args)


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def build(cli, root: Path) -> tuple[str, str, str]:
    code, out, err = cli("--root", root, "build")
    assert code == 0, out + err
    md = (root / "build" / "visit.md").read_text()
    html = (root / "build" / "visit.html").read_text().replace("\u00a0", " ")
    pdf = " ".join(" ".join(pdf_pages_text(root / "build" / "visit.pdf")).split())
    return md, html, pdf


def test_the_project_is_clean(cli, tmp_path: Path):
    assert findings(cli, make(tmp_path), "--strict") == (0, [])


# -- relative dates, a family at a time --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "fix"),
    [
        (
            "Two rail crossings were closed yesterday.",
            "yesterday",
            "write the date: yesterday is December 21, 2023, counted from the publication "
            "date of 'wire', December 22, 2023",
        ),
        (
            "Two rail crossings were closed last week.",
            "last week",
            "write 'the week of December 11, 2023' (last week counted from the publication "
            "date of 'wire', December 22, 2023)",
        ),
        (
            "Two rail crossings were closed on Sunday.",
            "Sunday",
            "write the date: the Sunday before the publication date of 'wire', December 22, "
            "2023 is December 17, 2023, the one after it December 24, 2023",
        ),
        (
            "In mid-December, two rail crossings were closed.",
            "mid-December",
            "write 'mid-December 2023' (the year nearest December 22, 2023; check it)",
        ),
        (
            "Two rail crossings were closed in the winter.",
            "in the winter",
            "write 'winter 2023' or the months (check the year)",
        ),
        (
            "Two rail crossings were closed two weeks ago.",
            "two weeks ago",
            "write 'the week of December 4, 2023' (two weeks ago counted from the publication "
            "date of 'wire', December 22, 2023)",
        ),
        (
            "Two rail crossings are currently closed.",
            "currently",
            "say when: 'as of December 22, 2023' (the publication date of 'wire', December "
            "22, 2023)",
        ),
    ],
    ids=["day", "period", "weekday", "month", "season", "ago", "now"],
)
@pytest.mark.slow
def test_a_relative_date_in_a_fact_is_found_with_its_absolute_form(
    cli, tmp_path: Path, text, words, fix
):
    catalog = CATALOG.replace(
        '"In mid-December 2023, two rail crossings were closed to redirect staff."', f'"{text}"'
    ).replace('    inferred: "year from the publication date, December 22, 2023"\n', "")
    root = make(tmp_path, catalog)
    line = line_of(root / "sources.yaml", text)
    code, lines = findings(cli, root)
    assert code == 0  # a warning: check passes unless --strict
    assert lines == [
        f"sources.yaml:{line}:11: warning: fact 'rail-closed': “{words}” is a relative date "
        f"({fix}) [relative-date]"
    ]
    assert findings(cli, root, "--strict")[0] == 1


def test_absolute_dates_and_names_are_not_relative():
    anchor = Anchor(dt.date(2023, 12, 22), dt.date(2023, 12, 22), "x")
    for text in (
        "On Wednesday, December 20, 2023, they met.",
        "They met on 27 December 2023 and in June and July 2024.",
        "Prime Minister Theresa May spoke; prices may fall in the fall of 2024.",
        "A fall in crossings after Super Tuesday, from May to July 2024.",
    ):
        assert relative_dates(text, anchor) == [], text


def test_a_relative_date_in_a_brief_line_or_a_quote_context_is_found(cli, tmp_path: Path):
    brief = (
        BRIEF.replace(
            "Blinken is expected in Mexico City [@visit-expected].",
            "Blinken is expected in Mexico City on Wednesday [@visit-expected].",
        )
        + 'talking_points:\n  - "Ask about the closures of mid-December [@rail-closed]."\n'
    )
    catalog = CATALOG.replace(
        "White House background call on the leaders' meeting.",
        "White House background call on tomorrow's meeting.",
    )
    root = make(tmp_path, catalog, brief)
    code, lines = findings(cli, root)
    context = line_of(root / "sources.yaml", "tomorrow's meeting")
    assert code == 0 and lines == [
        "briefs/visit.yaml:6:10: warning: brief 'visit': the summary: “Wednesday” is a "
        "relative date (write the date: the Wednesday before the brief's as_of, December 24, "
        "2023 is December 20, 2023, the one after it December 27, 2023) [relative-date]",
        "briefs/visit.yaml:10:5: warning: brief 'visit': talking point 1: “mid-December” is a "
        "relative date (write 'mid-December 2023' (the year nearest December 22, 2023; check "
        "it)) [relative-date]",
        f"sources.yaml:{context}:14: warning: quote 'sao-task-force' context: “tomorrow” is a "
        "relative date (write the date: tomorrow is July 12, 2022, counted from the "
        "publication date of 'call', July 11, 2022) [relative-date]",
    ]


# -- a year worked out from the source's date --------------------------------------------


def test_a_year_worked_out_needs_inferred_and_the_reader_sees_it(cli, tmp_path: Path):
    bare = CATALOG.replace(
        '    inferred: "year from the publication date, December 22, 2023"\n', ""
    )
    root = make(tmp_path, bare)
    code, lines = findings(cli, root)
    text = line_of(root / "sources.yaml", "In mid-December 2023")
    assert code == 1 and lines == [
        f"sources.yaml:{text}:11: error: fact 'rail-closed': number 2023 is not in its "
        "evidence (quote evidence that contains the number, or correct the fact)"
    ]
    # A year far from the source's date is not one worked out from it.
    far = CATALOG.replace("In mid-December 2023,", "In mid-December 2019,")
    code, lines = findings(cli, make(tmp_path, far))
    assert code == 1 and "number 2019 is not in its evidence" in lines[0]
    # With the note, the year stands, and every format says it was inferred.
    md, html, pdf = build(cli, make(tmp_path))
    said = "In mid-December 2023 (year inferred), two rail crossings were closed"
    assert said in md and said in html and said in pdf


@pytest.mark.parametrize(
    ("span", "numbers"),
    [
        ("December 18\u201322, 2023", "18, 2023, 22"),  # an en dash
        ("December 18-22, 2023", "18, 2023, 22"),
        ("December 18 to December 22, 2023", "18, 2023, 22"),
        ("December 18 through 22, 2023", "18, 2023, 22"),
        ("18\u201322 December 2023", "18, 2023, 22"),
        ("the week of December 18, 2023", "18, 2023"),
    ],
)
@pytest.mark.slow
def test_a_span_of_days_worked_out_needs_inferred_and_the_reader_sees_it(
    cli, tmp_path: Path, span, numbers
):
    text = f"In {span}, two rail crossings were closed to redirect staff."
    catalog = CATALOG.replace(
        '"In mid-December 2023, two rail crossings were closed to redirect staff."', f'"{text}"'
    )
    note = '    inferred: "year from the publication date, December 22, 2023"\n'
    bare = catalog.replace(note, "")
    root = make(tmp_path / "bare", bare)
    code, lines = findings(cli, root)
    line = line_of(root / "sources.yaml", span)
    assert code == 1 and lines == [
        f"sources.yaml:{line}:11: error: fact 'rail-closed': number {numbers} is not in its "
        "evidence (quote evidence that contains the number, or correct the fact)"
    ]
    root = make(tmp_path / "noted", catalog)
    assert findings(cli, root, "--strict") == (0, [])
    md, html, pdf = build(cli, root)
    said = f"{span} (date inferred), two rail crossings"
    assert said in md and said in html and said in " ".join(pdf.split())


def test_an_inferred_source_date_is_said_in_its_note(cli, tmp_path: Path):
    catalog = CATALOG.replace(
        "    published: 2023-12-22\n",
        '    published: 2023-12-22\n    date_note: "the page carries no date; from its text"\n',
    )
    md, html, pdf = build(cli, make(tmp_path, catalog))
    note = "Example Wire, December 22, 2023 (date inferred)."
    assert f"*{note[:12]}*{note[12:]}" in md
    assert f"<i>{note[:12]}</i>{note[12:]}" in html
    assert note in pdf

    # A fact dated the day its source's date was worked out to was dated by that working out:
    # its own date says so too, where a printed publication date would leave it bare.
    def line(markdown: str) -> str:
        return next(x for x in markdown.splitlines() if "two rail crossings" in x)

    assert line(md).endswith("(Dec 22, 2023, date inferred)")
    printed = build(cli, make(tmp_path / "printed", CATALOG))[0]
    assert line(printed).endswith("(Dec 22, 2023)")


# -- expectations expire ------------------------------------------------------------------


def test_an_expectation_without_its_date_is_found(cli, tmp_path: Path):
    root = make(tmp_path, CATALOG.replace("    expected: 2023-12-27\n", ""))
    code, lines = findings(cli, root)
    text = line_of(root / "sources.yaml", "Blinken is expected to travel")
    assert code == 0 and lines == [
        f"sources.yaml:{text}:11: warning: fact 'visit-expected' reports an expectation "
        "(“is expected to”) without the date of the event (add expected: (the date it was "
        "expected for, YYYY-MM-DD), so that a brief after it says it in the past; acknowledge "
        "it if no date was expected) [expectation-undated]"
    ]


@pytest.mark.slow
def test_past_its_day_an_expectation_is_said_in_the_past_in_every_format(cli, tmp_path: Path):
    now = "Blinken is expected to travel to Mexico City to meet"
    assert all(now in text for text in build(cli, make(tmp_path, as_of="2023-12-24")))
    md, html, pdf = build(cli, make_after(tmp_path))
    past = "Blinken was expected to travel to Mexico City to meet"
    assert f"- **Dec 22, 2023:** {past} López Obrador.[^1]\n" in md
    assert f'<strong class="when nowrap">Dec 22, 2023:</strong> {past}' in html
    assert f"Dec 22, 2023: {past}" in pdf
    assert now not in md + html + pdf


# The brief once the visit's day has gone: its summary says the expectation in the past.
PAST = BRIEF.replace(
    "Blinken is expected in Mexico City [@visit-expected].",
    "Blinken was expected in Mexico City [@visit-expected].",
)


def make_after(tmp_path: Path, catalog: str = CATALOG) -> Path:
    """The brief as of December 28, with the outcome on the page too."""
    brief = PAST.replace(
        "[visit-expected, rail-closed]", "[visit-expected, visit-held, rail-closed]"
    )
    return make(tmp_path, catalog, brief=brief, as_of="2023-12-28")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Blinken'll travel to Mexico City to meet López Obrador.",
            "fact 'visit-expected': “'ll” has no past form briefgen can write, so a brief "
            "after 2023-12-27 would still say it in the present",
        ),
        (
            "Blinken travels to Mexico City to meet López Obrador.",
            "fact 'visit-expected' has expected: 2023-12-27, but its words hold no expectation "
            "briefgen can put in the past",
        ),
    ],
)
def test_an_expectation_that_cannot_be_put_in_the_past_is_refused(
    cli, tmp_path: Path, text, message
):
    catalog = CATALOG.replace(
        '"Blinken is expected to travel to Mexico City to meet López Obrador."', f'"{text}"'
    )
    root = make(tmp_path, catalog)
    code, lines = findings(cli, root)
    line = line_of(root / "sources.yaml", text)
    assert code == 1 and [x for x in lines if ": error: " in x] == [
        f"sources.yaml:{line}:11: error: {message} (write the expectation with one of: is "
        "expected to, will, plans to, is scheduled to, is set to, upcoming, or as reported "
        "in the past (said they expected, was expected to); or remove expected:) "
        "[expectation-unturnable]"
    ]


def test_the_forms_of_expectation_have_their_past():
    pairs = {
        "Officials say Mexico will add officers next week.": (
            "Officials said Mexico would add officers the following week."
        ),
        "The vote is scheduled for June 17.": "The vote was scheduled for June 17.",
        "They plan to meet at the upcoming summit.": (
            "They planned to meet at the then-upcoming summit."
        ),
        "Talks are set to resume; she hopes to attend.": (
            "Talks were set to resume; she hoped to attend."
        ),
        "A deal is likely to be signed tomorrow.": "A deal was likely to be signed the next day.",
    }
    for now, past in pairs.items():
        assert in_the_past(now) == past
    # "will" as a noun, and a name, are no expectation.
    assert expectations("The political will to act; Will Smith came.") == []
    # A quote's "will" is as often a vow as a forecast: only strong forms count there.
    assert expectations("We will keep working together", quote=True) == []


def test_a_quote_past_its_expected_day_says_what_it_looked_ahead_to(cli, tmp_path: Path):
    catalog = CATALOG.replace(
        '    context: "White House background call',
        '    expected: 2022-07-12\n    context: "White House background call',
    )
    md, html, pdf = build(cli, make(tmp_path, catalog))
    said = "Jul 11, 2022, ahead of Jul 12, 2022: White House background call"
    assert said in md and said in html and said in pdf


def test_a_brief_line_speaks_of_an_expired_expectation_in_the_past(cli, tmp_path: Path):
    brief = BRIEF.replace(
        "[visit-expected, rail-closed]", "[visit-expected, visit-held, rail-closed]"
    )
    code, lines = findings(cli, make(tmp_path, brief=brief, as_of="2023-12-28"))
    assert code == 0 and lines == [
        "briefs/visit.yaml:6:10: warning: brief 'visit': the summary says “is expected” of what "
        "'visit-expected' expected for December 27, 2023, which is past by as_of 2023-12-28: "
        "“Blinken is expected in Mexico City [@visit-expected].” (say it in the past (“was "
        "expected to”), or cite what happened) [expectation-past]"
    ]


def test_a_newer_item_that_reports_the_outcome_is_named(cli, tmp_path: Path):
    root = make(tmp_path, brief=PAST, as_of="2023-12-28")
    code, lines = findings(cli, root)
    assert code == 0 and lines == [
        "briefs/visit.yaml:7:9: warning: brief 'visit' uses 'visit-expected', past its expected "
        "date December 27, 2023, and 'visit-held' (December 27, 2023) reports its outcome (use "
        "'visit-held' instead of 'visit-expected', or beside it) [superseded-item]"
    ]
    # With the outcome on the page too, the reader has both.
    assert findings(cli, make_after(tmp_path), "--strict") == (0, [])


@pytest.mark.parametrize(
    ("supersedes", "message"),
    [
        (
            "[visit-expectd]",
            "fact 'visit-held' supersedes 'visit-expectd', which is no fact or "
            "quote (did you mean 'visit-expected'?)",
        ),
        ("[visit-held]", "fact 'visit-held' supersedes itself (name the older item it replaces)"),
        ("[rail-closed]", None),
    ],
)
def test_a_supersession_names_an_older_item_that_exists(cli, tmp_path: Path, supersedes, message):
    catalog = CATALOG.replace("supersedes: [visit-expected]", f"supersedes: {supersedes}")
    if message is None:  # an older item: fine; a newer one is refused
        catalog = catalog.replace("date: 2023-12-27\n    topics", "date: 2023-12-21\n    topics")
        message = (
            "fact 'visit-held' (2023-12-21) supersedes 'rail-closed', dated later (2023-12-22) "
            "(an item supersedes only an older one: swap them, or correct a date)"
        )
    root = make(tmp_path, catalog)
    code, lines = findings(cli, root)
    at = line_of(root / "sources.yaml", "supersedes:")
    errors = [line for line in lines if ": error: " in line]
    assert code == 1 and errors == [f"sources.yaml:{at}:18: error: {message}"]


# -- what is older than the window says when ----------------------------------------------


@pytest.mark.slow
def test_an_old_item_leads_with_its_date_and_the_window_is_the_briefs(cli, tmp_path: Path):
    catalog = CATALOG.replace(
        "facts:\n",
        "facts:\n"
        "  - id: task-force-planned\n"
        '    text: "Officials spoke of a task force on fentanyl."\n'
        "    date: 2022-07-11\n"
        "    topics: [visits]\n"
        "    cite:\n"
        "      - source: call\n"
        '        evidence: "We will set up a task force on fentanyl this summer."\n',
    )
    brief = BRIEF.replace("[visit-expected, rail-closed]", "[visit-expected, task-force-planned]")
    md, html, pdf = build(cli, make(tmp_path, catalog, brief))
    said = "Officials spoke of a task force on fentanyl."
    assert f"- **Jul 11, 2022:** {said}[^2]\n" in md
    assert f'<strong class="when nowrap">Jul 11, 2022:</strong> {said[:30]}' in html
    assert f"Jul 11, 2022: {said}" in pdf
    # The recent item keeps its date where it always stood.
    assert "meet López Obrador.[^1] (Dec 22, 2023)" in md
    # A window of its own: two years, and the 2022 item is recent enough to read as such.
    wide = brief.replace("prepared_for:", "window: 730\nprepared_for:")
    md, _, _ = build(cli, make(tmp_path, catalog, wide))
    assert f"- {said}[^2] (Jul 11, 2022)\n" in md


@pytest.mark.parametrize("days", ["0", "99999999"])
def test_a_window_is_a_number_of_days(cli, tmp_path: Path, days: str):
    # Not 0, and not so many that counting back from the cut-off runs off the calendar.
    brief = BRIEF.replace("prepared_for:", f"window: {days}\nprepared_for:")
    code, lines = findings(cli, make(tmp_path, brief=brief))
    assert code == 1 and [x for x in lines if ": error: " in x] == [
        f"briefs/visit.yaml:5:9: error: brief 'visit': 'window' '{days}' is not a number of days "
        "from 1 to 36500 (write a whole number of days, 1 to 36500 (90 by default))"
    ]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_date_off_the_calendar_a_brief_counts_on_is_refused(cli, tmp_path: Path, day: str):
    # A brief counts days back from its date: year 1 would end below the calendar.
    brief = BRIEF.replace("date: {as_of}", f"date: {day}")
    code, lines = findings(cli, make(tmp_path, brief=brief))
    assert code == 1
    assert any(f"'date' '{day}' is not a plausible date" in x for x in lines), lines


def test_a_line_about_an_old_item_says_when(cli, tmp_path: Path):
    brief = (
        BRIEF + 'talking_points:\n  - "Ask whether the task force was set up [@sao-task-force]."\n'
    )
    code, lines = findings(cli, make(tmp_path, brief=brief))
    assert code == 0 and lines == [
        "briefs/visit.yaml:10:5: warning: brief 'visit': talking point 1 cites "
        "'sao-task-force' (July 11, 2022), older than the brief's 90-day window, and does not "
        "say when: “Ask whether the task force was set up [@sao-task-force].” (say when, e.g. "
        "'In July 2022, …') [undated-line]"
    ]
    dated = brief.replace("Ask whether", "Ask whether the July 2022")
    dated = dated.replace("the July 2022 the task force", "the task force announced in July 2022")
    assert findings(cli, make(tmp_path, brief=dated), "--strict") == (0, [])


def test_an_old_background_quote_says_whose_official_spoke(cli, tmp_path: Path):
    catalog = CATALOG.replace(
        "role: Biden administration official (background press call)",
        "role: U.S. administration official (background press call)",
    )
    root = make(tmp_path, catalog)
    code, lines = findings(cli, root)
    role = line_of(root / "sources.yaml", "role: U.S. administration official")
    assert code == 0 and lines == [
        f"sources.yaml:{role}:11: warning: quote 'sao-task-force' (July 11, 2022) is used by "
        "brief 'visit', older than its window, as from a “Senior administration official” whose "
        "role does not say whose official: “U.S. administration official (background press "
        "call)” (say in role whom the official spoke for, as far as the ground rules allow, "
        "e.g. “Biden administration official (background press call)”) [attribution-unplaced]"
    ]
    # Its caption says when and for whom, in every format.
    md, html, pdf = build(cli, make(tmp_path))
    said = "Senior Biden administration official (background press call), Jul 11, 2022"
    assert said in md and said in html and said in pdf


def test_the_feed_says_which_item_a_declared_newer_one_replaced(cli, tmp_path: Path):
    import json
    import xml.etree.ElementTree as ET

    root = make(tmp_path)
    assert cli("--root", root, "build", "visit", "--format", "md")[0] == 0
    brief = BRIEF.replace("[visit-expected, rail-closed]", "[visit-held]")
    (root / "briefs" / "visit.yaml").write_text(brief.format(as_of="2023-12-28"))
    assert cli("--root", root, "build", "visit", "--format", "md")[0] == 0
    changes = json.loads((root / "build" / "manifest.json").read_text())["briefs"]["visit"]
    assert changes["changes"]["superseded"] == [["visit-expected", "visit-held"]]
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(root / "build" / "feed.xml").getroot()
    entry = next(e for e in feed.iter(f"{atom}entry") if "visit" in e.find(f"{atom}title").text)
    summary = entry.find(f"{atom}summary").text
    assert "1 item superseded by a newer report among the new." in summary
    assert "1 other item no longer in it." in summary  # rail-closed: replaced by nothing


# -- what is not an expectation, and an expectation reported in the past ------------------


@pytest.mark.parametrize(
    "text",
    [
        # a reported question
        "Asked whether the United States would make specific demands, an official said no.",
        "Reporters asked if Mexico will send more troops; the minister did not say.",
        "She was asked whether talks won't resume.",
        # a condition
        "If tariffs rose, prices would go up in both countries.",
        "Prices would go up in both countries if tariffs rose.",
        "Prices would rise unless a deal is signed.",
        # what a thing would do, in a relative clause
        "Mexico wants to avoid tariffs, which would raise the cost of goods.",
        "The two were closing in on a deal that would remove tariffs on steel.",
        "Officials who would lead the talks were not named.",
        # what would have been
        "The closure would have cost more without the detour.",
        # a judgement of a state, not a forecast of an event
        "The paper judges that a reinstated MPP is likely to be preferable for Mexico.",
        "The paper says an accord is likely to be difficult.",
    ],
)
def test_questions_conditions_and_judgements_are_no_expectation(text):
    assert expectations(text) == []


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("U.S. officials said they would press for joint inspections.", "would"),
        ("Landau said he would convey Mexico's position; he did not say when.", "would"),
        ("Officials say the bridge will reopen if repairs allow.", "will"),
        ("The summit is likely to be held in Kananaskis.", "is likely to"),
    ],
)
def test_an_expectation_beside_a_question_word_is_still_one(text, form):
    assert [m.group(0) for m, _ in expectations(text)] == [form]


def test_a_conditional_fact_needs_no_expected_date(cli, tmp_path: Path):
    catalog = CATALOG.replace(
        '"Blinken is expected to travel to Mexico City to meet López Obrador."',
        '"Asked whether Blinken would travel to Mexico City, officials said he is expected '
        'to meet López Obrador."',
    ).replace("    expected: 2023-12-27\n", "")
    code, lines = findings(cli, make(tmp_path, catalog))
    # Only "is expected to" asks for a date: the question's "would" does not.
    assert code == 0 and len(lines) == 1 and "(“is expected to”) without the date" in lines[0]


@pytest.mark.parametrize(
    "text",
    [
        "Officials said they expected Blinken to travel to Mexico City to meet López Obrador.",
        "Blinken was expected to travel to Mexico City to meet López Obrador.",
        "A visit by Blinken to Mexico City was “very probable”, officials said.",
        "Blinken planned to travel to Mexico City to meet López Obrador.",
    ],
)
@pytest.mark.slow
def test_an_expectation_reported_in_the_past_may_carry_its_date(cli, tmp_path: Path, text):
    catalog = CATALOG.replace(
        '"Blinken is expected to travel to Mexico City to meet López Obrador."', f'"{text}"'
    )
    code, lines = findings(cli, make(tmp_path, catalog))
    assert (code, [x for x in lines if "[expectation-" in x]) == (0, []), lines
    # Past its day, the words are shown as written: they are already in the past.
    md, _, _ = build(cli, make_after(tmp_path / "after", catalog))
    assert f"- **Dec 22, 2023:** {text[:-1]}.[^1]" in md


def test_a_line_giving_a_day_worked_out_says_it_was_inferred(cli, tmp_path: Path):
    """A bottom line that writes bare a day its items' sources do not state is warned of.

    'rail-closed' is dated by working it out (its evidence says "mid-December", no day and
    no year): the key facts say "(year inferred)", and the brief's own words must not write
    a day of it as if the source had said it.
    """
    bare = BRIEF.replace(
        'summary: "Blinken is expected in Mexico City [@visit-expected]."',
        'summary: "Two rail crossings were closed by December 22, 2023 [@rail-closed]."',
    )
    code, lines = findings(cli, make(tmp_path / "bare", brief=bare))
    said = [x for x in lines if "[date-inferred-unsaid]" in x]
    assert code == 0 and len(said) == 1, lines
    assert said[0].startswith(
        "briefs/visit.yaml:6:10: warning: brief 'visit': the summary gives “December 22, 2023” "
        "bare, a day the items it cites do not state ('rail-closed' dates it by working it out)"
    )
    assert "write “December 22, 2023 (date inferred)”" in said[0]
    # Said as worked out, or the brief's own as_of, it passes.
    for summary in (
        "Two rail crossings were closed by December 22, 2023 (date inferred) [@rail-closed].",
        "As of December 24, 2023, two rail crossings were closed [@rail-closed].",
    ):
        ok = BRIEF.replace(
            'summary: "Blinken is expected in Mexico City [@visit-expected]."',
            f'summary: "{summary}"',
        )
        code, lines = findings(cli, make(tmp_path / summary[:3], brief=ok))
        assert not [x for x in lines if "[date-inferred-unsaid]" in x], lines
    # A day the cited evidence gives is stated, not worked out.
    held = BRIEF.replace(
        'summary: "Blinken is expected in Mexico City [@visit-expected]."',
        'summary: "Blinken met López Obrador on December 27, 2023 [@visit-held]."',
    )
    code, lines = findings(cli, make(tmp_path / "held", brief=held))
    assert not [x for x in lines if "[date-inferred-unsaid]" in x], lines


def test_a_month_the_evidence_does_not_name_is_marked_as_a_date_inferred(cli, tmp_path: Path):
    """ "(year inferred)" tells the reader the source gave the month: only when it does."""
    catalog = CATALOG.replace(
        'evidence: "In mid-December, two rail crossings were closed to redirect staff."',
        'evidence: "two rail crossings were closed to redirect staff"',
    )
    assert catalog != CATALOG
    md, html, pdf = build(cli, make(tmp_path, catalog))
    said = "In mid-December 2023 (date inferred), two rail crossings were closed"
    assert said in md and said in html and said in pdf
