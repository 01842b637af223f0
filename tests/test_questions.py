"""Rule 8, a question keeps its answer: transcripts' turns and reporters' questions."""

from pathlib import Path

import pytest
from conftest import write_project

from briefgen.checks.structure import read_structure

# A background call as the White House prints one: speaker labels at the start of a line,
# a reporter's turn as "Q" and a run of spaces (no-break spaces here), two questions at once,
# an answer in two turns with the moderator between them, and a question nobody answers.
TRANSCRIPT = """\
5:30 P.M. EDT

MODERATOR:  Thank you, everyone.  We will take questions after the opening remarks.

SENIOR ADMINISTRATION OFFICIAL:  Thanks.  The President will host the meeting tomorrow.

Q\u00a0\u00a0\u00a0 Hi, can you hear me?

Q\u00a0\u00a0\u00a0 Two questions.  What time is the meeting?  And the Mexican press reports \
that the president will ask for 300,000 more visas.  Is the White House open to that?

SENIOR ADMINISTRATION OFFICIAL:  On the timing, it is set for around eleven in the morning.

MODERATOR:  And we will send press guidance tonight.

SENIOR ADMINISTRATION OFFICIAL:  On visas, we issued more than 300,000 H-2 visas to Mexican \
nationals last year, a record.  The H-2A program is uncapped.

Q\u00a0\u00a0\u00a0 One more: will the leaders discuss the pardon?

MODERATOR:  I'm afraid we are out of time.  Thank you all.
"""

NEWS = """\
Landau visit

Sheinbaum met Landau at the National Palace on Wednesday.

Asked whether Landau had asked for anything specific from Mexico, as was the case in March, \
the president said he did not.

Reporters asked whether the tariffs would be lifted. Ebrard said talks would continue next week.

Jorge Ramos of Univision asked if the White House was open to more visas. An official said the \
two countries were aligned.
"""

CATALOG = """\
topics:
  visas: {label: Visas}
sources:
  - id: call
    title: "Background call"
    publisher: The White House
    published: 2025-06-09
    kind: transcript
    archive: sources/call.txt
    reliability: high
    attribution: On background, attributable to "senior administration officials"
  - id: news
    title: "Landau visit"
    publisher: Example News
    published: 2025-06-12
    kind: news
    archive: sources/news.txt
    reliability: high
facts:
  - id: visa-request-reported
    text: >-
      A reporter told officials that the Mexican press reports the president will ask for
      300,000 more visas.
    date: 2025-06-09
    topics: [visas]
    claimed_by: "Mexican press reports, cited by a reporter on the call"
    cite:
      - source: call
        evidence: "the Mexican press reports that the president will ask for 300,000 more visas"
  - id: h2-visas-record
    text: >-
      A senior administration official said more than 300,000 H-2 visas went to Mexican
      nationals last year, a record.
    date: 2025-06-09
    topics: [visas]
    claimed_by: "Senior administration official"
    cite:
      - source: call
        evidence: "we issued more than 300,000 H-2 visas to Mexican nationals last year, a record"
  - id: landau-asked-nothing
    text: "Sheinbaum was asked whether Landau had asked for anything specific from Mexico."
    date: 2025-06-12
    topics: [visas]
    claimed_by: "Claudia Sheinbaum"
    cite:
      - source: news
        evidence: "Asked whether Landau had asked for anything specific from Mexico"
quotes: []
"""

BRIEF = """\
kind: issue
title: "Visas"
date: 2025-06-13
prepared_for: "Office of Visa Services"
summary: "Officials put the H-2 record at over 300,000, they said [@h2-visas-record]."
topics: [visas]
talking_points:
  - >-
    If the request for 300,000 more visas comes up, as the Mexican press reported it would
    [@visa-request-reported], point to the 2024 record [@h2-visas-record].
"""


def make(tmp_path: Path, catalog: str = CATALOG, brief: str = BRIEF) -> Path:
    snapshots = {"call.txt": TRANSCRIPT, "news.txt": NEWS}
    return write_project(tmp_path / "p", catalog, snapshots, {"visas.yaml": brief})


def lines(cli, root: Path, rule: str = "[question-unanswered]") -> tuple[int, list[str]]:
    code, out, _ = cli("--root", root, "check", "--strict")
    return code, [line for line in out.splitlines() if line.endswith(rule)]


def test_a_transcripts_turns_are_read_from_its_labels():
    shape = read_structure(TRANSCRIPT)
    asked = [
        (
            ex.line,
            shape.text[slice(*ex.question)][:30],
            shape.text[slice(*ex.answer)][:40] if ex.answer else None,
        )
        for ex in shape.exchanges
    ]
    assert asked == [
        # Two question turns in a row are one questioner: one question, answered after both.
        (7, "Hi, can you hear me? Q Two que", "On the timing, it is set for around elev"),
        # The moderator closing the call is no answer.
        (17, "One more: will the leaders dis", None),
    ]
    first = shape.exchanges[0]
    assert first.answer is not None
    # The answer runs over the moderator to the second official's turn.
    assert shape.text[slice(*first.answer)].endswith("The H-2A program is uncapped.")


def test_a_reporters_question_in_a_news_report_has_its_answer():
    shape = read_structure(NEWS)
    found = [
        (ex.asked, shape.text[slice(*ex.question)], shape.text[slice(*ex.answer)])
        for ex in shape.exchanges
        if ex.answer
    ]
    assert found == [
        (
            "Asked whether",
            "Asked whether Landau had asked for anything specific from Mexico, as was the case "
            "in March, ",
            "the president said he did not.",
        ),
        (
            "Reporters asked",
            "Reporters asked whether the tariffs would be lifted.",
            "Ebrard said talks would continue next week.",
        ),
        (
            "asked if",
            "Jorge Ramos of Univision asked if the White House was open to more visas.",
            "An official said the two countries were aligned.",
        ),
    ]


def test_a_fact_citing_a_question_but_not_its_answer_is_a_finding(cli, tmp_path: Path):
    code, found = lines(cli, make(tmp_path))
    assert code == 1
    assert found == [
        "sources.yaml:29:19: warning: fact 'visa-request-reported': its evidence is a question "
        "(“Q” at sources/call.txt:7), and the fact does not cite the answer the source gives "
        '(cite the answer too, and say what it was: source call, evidence: "On visas, we '
        'issued more than 300,000 H-2 visas to Mexican nationals last year, a record.") '
        "[question-unanswered]",
        "sources.yaml:47:19: warning: fact 'landau-asked-nothing': its evidence is a question "
        "(“Asked whether” at sources/news.txt:5), and the fact does not cite the answer the "
        'source gives (cite the answer too, and say what it was: source news, evidence: "the '
        'president said he did not.") [question-unanswered]',
    ]


def test_a_talking_point_citing_the_question_inherits_the_rule(cli, tmp_path: Path):
    # The point cites the answer too: it keeps it, though the fact alone does not.
    _, found = lines(cli, make(tmp_path))
    assert not any(line.startswith("briefs/") for line in found)
    # Without the answer, it names the facts that give it.
    bare = BRIEF.replace(", point to the 2024 record [@h2-visas-record]", "")
    _, found = lines(cli, make(tmp_path, brief=bare))
    assert found[0] == (
        "briefs/visas.yaml:8:5: warning: brief 'visas': talking point 1 cites the question in "
        "'visa-request-reported' (“Q” at sources/call.txt:7) but not the answer the source "
        "gives (cite what answers it ([@h2-visas-record]), or leave the question out) "
        "[question-unanswered]"
    )


_ASKED = "the Mexican press reports that the president will ask for 300,000 more visas"
_LANDAU = "Asked whether Landau had asked for anything specific from Mexico"
_INFERRED = '    inferred: "year from the call\'s date, June 9, 2025"\n'
ANSWERED = (
    CATALOG.replace(
        "      300,000 more visas.\n    date: 2025-06-09\n",
        "      300,000 more visas; an official answered that more than 300,000 went to Mexican\n"
        "      nationals in 2024.\n    date: 2025-06-09\n"
        # The president's ask was for the meeting the call announced for the next day.
        f"    expected: 2025-06-10\n{_INFERRED}",
    )
    .replace(
        "      nationals last year, a record.\n    date: 2025-06-09\n",
        f"      nationals in 2024, a record.\n    date: 2025-06-09\n{_INFERRED}",
    )
    .replace(
        f'        evidence: "{_ASKED}"\n',
        f'        evidence: "{_ASKED}"\n'
        "      - source: call\n"
        '        evidence: "we issued more than 300,000 H-2 visas to Mexican nationals"\n',
    )
    .replace(
        "Sheinbaum was asked whether Landau had asked for anything specific from Mexico.",
        "Asked whether Landau had asked for anything specific, Sheinbaum said he had not.",
    )
    .replace(
        f'        evidence: "{_LANDAU}"',
        f"        evidence: >-\n          {_LANDAU}, as was the case\n"
        "          in March, the president said he did not.",
    )
)


def test_a_fact_that_cites_the_answer_too_passes(cli, tmp_path: Path):
    code, out, _ = cli("--root", make(tmp_path, ANSWERED), "check", "--strict")
    assert (code, out) == (0, "check passed: 0 errors, 0 warnings\n")


def test_a_question_the_source_leaves_unanswered_is_no_finding(cli, tmp_path: Path):
    catalog = CATALOG.replace(
        "quotes: []",
        """\
  - id: pardon-asked
    text: "A reporter asked whether the leaders would discuss the pardon; the call ended first."
    date: 2025-06-09
    topics: [visas]
    claimed_by: "a reporter on the call"
    cite:
      - source: call
        evidence: "will the leaders discuss the pardon?"
quotes: []""",
    )
    _, found = lines(cli, make(tmp_path, catalog))
    assert not any("pardon-asked" in line for line in found)


@pytest.mark.parametrize(
    "label",
    ["Q:", "Q.", "QUESTION:", "Reporter:", "Q (via interpreter):", "PREGUNTA:", "INTERLOCUTORA:"],
)
def test_each_way_of_marking_a_question_turn_is_read(label):
    text = (
        f"MR. EXAMPLE: Good afternoon.\n\n{label} Will the tariffs be lifted?\n\n"
        "MR. EXAMPLE: We are talking every day.\n"
    )
    (ex,) = read_structure(text).exchanges
    shape = read_structure(text)
    assert shape.text[slice(*ex.question)] == "Will the tariffs be lifted?"
    assert ex.answer is not None and shape.text[slice(*ex.answer)] == "We are talking every day."


def test_headings_in_capitals_are_no_speakers():
    text = "NOTE: Figures are provisional.\n\nTrade rose in May.\n"
    assert read_structure(text).exchanges == ()


def test_a_mexican_government_transcript_is_read_by_its_labels():
    text = (
        "PRESIDENTA DE MÉXICO, CLAUDIA SHEINBAUM PARDO: Buenos días.\n\n"
        "INTERLOCUTORA: ¿Qué le dijo Landau sobre las redadas?\n\n"
        "PRESIDENTA DE MÉXICO, CLAUDIA SHEINBAUM PARDO: Le dije que no estamos de acuerdo.\n"
    )
    shape = read_structure(text)
    (ex,) = shape.exchanges
    assert shape.text[slice(*ex.question)] == "¿Qué le dijo Landau sobre las redadas?"
    assert ex.answer is not None
    assert shape.text[slice(*ex.answer)] == "Le dije que no estamos de acuerdo."
