"""Editorial rules 8-11 in `briefgen check`: each trips on its fixture and passes the fix."""

import datetime as dt
from pathlib import Path

import pytest
from conftest import check_lines, pdf_pages_text, write_project

from briefgen.checks.voice import claimant_of
from briefgen.model import Fact
from briefgen.prose import names_claimant, sentences

SNAPSHOT = """\
Border talks resume

Officials said on Friday that nearly 1,200 migrants had crossed in a single week.

"We are willing to share a plan on enforcement," the minister said.

"We agree with the [new] plan," the minister told reporters.

The two governments agreed to meet again in July 2025.

The employers' association estimated losses of $100 million per day.
"""

CATALOG = """\
topics:
  migration: {label: Migration}
sources:
  - id: news-a
    title: "Border talks resume"
    publisher: Example News
    published: 2025-06-02
    kind: news
    archive: sources/news-a.txt
    reliability: high
facts:
  - id: crossings
    text: "Nearly 1,200 migrants crossed in a single week, officials said."
    date: 2025-05-30
    topics: [migration]
    cite:
      - source: news-a
        evidence: >-
          Officials said on Friday that nearly 1,200 migrants had crossed in a single week.
  - id: plan
    text: "The minister said Mexico is willing to share a plan on enforcement."
    date: 2025-06-02
    topics: [migration]
    side: mx
    cite:
      - source: news-a
        evidence: "We are willing to share a plan on enforcement"
  - id: july
    text: "The two governments agreed to meet again in July 2025."
    date: 2025-06-02
    topics: [migration]
    side: both
    cite:
      - source: news-a
        evidence: "The two governments agreed to meet again in July 2025."
  - id: losses
    text: "The employers' association estimated losses of $100 million a day."
    date: 2025-06-02
    topics: [migration]
    cite:
      - source: news-a
        evidence: "The employers' association estimated losses of $100 million per day."
quotes:
  - id: minister-plan
    speaker: The minister
    role: Minister of the Interior
    text: "We agree with the [new] plan"
    date: 2025-06-02
    topics: [migration]
    source: news-a
    said_in: es
    translated_by: Example News
"""

BRIEF = """\
kind: issue
title: "Border talks"
date: 2025-06-05
prepared_for: "Under Secretary for Border Affairs"
summary: "Crossings are near 1,200 a week, officials say [@crossings]. Talks go on [@july]."
topics: [migration]
talking_points:
  - "Propose a date in July 2025 [@july]."
"""


def make(tmp_path: Path, catalog: str = CATALOG, brief: str = BRIEF, name: str = "talks") -> Path:
    return write_project(tmp_path / "p", catalog, {"news-a.txt": SNAPSHOT}, {f"{name}.yaml": brief})


def check(cli, root: Path, *args: str) -> tuple[int, list[str]]:
    return check_lines(cli, root, *args)


def test_the_passing_project_is_clean(cli, tmp_path: Path):
    code, lines = check(cli, make(tmp_path), "--strict")
    assert (code, lines) == (0, [])


# -- rule 8 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # The claim is stated flat: "Officials said" is gone.
        (
            '"Nearly 1,200 migrants crossed in a single week, officials said."',
            '"Nearly 1,200 migrants crossed in a single week."',
        ),
        # A first-person quote reported as the government's act.
        (
            '"The minister said Mexico is willing to share a plan on enforcement."',
            '"Mexico is willing to share a plan on enforcement."',
        ),
        # An estimate stated as a measured figure.
        (
            '"The employers\' association estimated losses of $100 million a day."',
            '"Losses reached $100 million a day."',
        ),
    ],
)
def test_a_claim_without_its_claimant_is_flagged(cli, tmp_path: Path, before, after):
    assert before in CATALOG
    code, lines = check(cli, make(tmp_path, CATALOG.replace(before, after)), "--strict")
    assert code == 1
    assert len(lines) == 1 and lines[0].endswith("[claim-unattributed]"), lines
    assert lines[0].startswith("sources.yaml:") and "names no claimant" in lines[0]


def test_claimed_by_names_the_claimant(cli, tmp_path: Path):
    flat = CATALOG.replace(
        '"Nearly 1,200 migrants crossed in a single week, officials said."\n',
        '"Nearly 1,200 migrants crossed in a single week."\n    claimed_by: U.S. officials\n',
    )
    assert check(cli, make(tmp_path, flat), "--strict") == (0, [])


@pytest.mark.parametrize(
    ("before", "after", "hedge"),
    [
        ('"Nearly 1,200 migrants crossed', '"Almost 1,200 migrants crossed', None),  # kept
        ('"Nearly 1,200 migrants crossed', '"1,200 migrants crossed', "nearly 1,200"),
        ("Mexico is willing to share a plan", "Mexico will share a plan", "willing to share"),
    ],
)
def test_a_dropped_hedge_is_flagged(cli, tmp_path: Path, before, after, hedge):
    code, lines = check(cli, make(tmp_path, CATALOG.replace(before, after)))
    hedged = [line for line in lines if line.endswith("[hedge-dropped]")]
    if hedge is None:
        assert hedged == []
    else:
        assert len(hedged) == 1 and hedge in hedged[0].lower(), lines
        assert code == 0  # a warning: check passes unless --strict


def test_a_hedge_word_used_as_a_preposition_is_not_a_hedge(cli, tmp_path: Path):
    snapshot_fact = CATALOG.replace(
        'The two governments agreed to meet again in July 2025."\n    date',
        'The two governments agreed to meet again in July 2025."\n    date',
    )
    root = make(tmp_path, snapshot_fact)
    (root / "sources" / "news-a.txt").write_text(
        SNAPSHOT.replace("agreed to meet again", "talked about trade and agreed to meet again")
    )
    text = (root / "sources.yaml").read_text()
    text = text.replace(
        'evidence: "The two governments agreed to meet again in July 2025."',
        'evidence: "The two governments talked about trade and agreed to meet again in July 2025."',
    ).replace(
        'text: "The two governments agreed to meet again in July 2025."',
        'text: "The two governments discussed trade and agreed to meet again in July 2025."',
    )
    (root / "sources.yaml").write_text(text)
    assert check(cli, root, "--strict") == (0, [])


# -- rule 9 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("We [do not] agree with the [new] plan", "adds a negation"),
        ("We agree with the [50%] plan", "adds a number"),
        ("[The minister rejected the border enforcement plan outright]", "outweigh"),
        ("[Mexico and the United States] agree with the [new] plan", "outweigh"),
    ],
)
def test_an_insertion_that_carries_the_quote_is_an_error(cli, tmp_path: Path, text, problem):
    catalog = CATALOG.replace('text: "We agree with the [new] plan"', f'text: "{text}"')
    code, lines = check(cli, make(tmp_path, catalog))
    errors = [line for line in lines if line.endswith("[insertion-carries]")]
    assert code == 1 and len(errors) == 1 and problem in errors[0], lines
    assert ": error: quote 'minister-plan'" in errors[0]


def test_an_insertion_that_names_a_referent_or_is_the_sources_own_passes(cli, tmp_path: Path):
    # "[new]" is printed by the source itself; "[Mexico]" names who "we" are.
    catalog = CATALOG.replace(
        'text: "We agree with the [new] plan"', 'text: "We [Mexico] agree with the [new] plan"'
    )
    assert check(cli, make(tmp_path, catalog), "--strict") == (0, [])


# -- rule 10 --------------------------------------------------------------------------------


def test_a_brief_without_its_reader_is_an_error(cli, tmp_path: Path):
    brief = BRIEF.replace('prepared_for: "Under Secretary for Border Affairs"\n', "")
    code, lines = check(cli, make(tmp_path, brief=brief))
    assert code == 1
    assert [line for line in lines if ": error: " in line] == [
        "briefs/talks.yaml:1:1: error: brief 'talks': missing required key 'prepared_for' "
        "(add 'prepared_for:' (the principal or office the brief serves; its talking points "
        "speak for it))"
    ]


def test_a_line_that_cites_nothing_is_flagged(cli, tmp_path: Path):
    brief = BRIEF.replace("Talks go on [@july].", "Talks go on. The U.S. side holds the cards.")
    brief = brief.replace(
        '"Propose a date in July 2025 [@july]."', '"Propose a date in July 2025."'
    )
    code, lines = check(cli, make(tmp_path, brief=brief), "--strict")
    assert code == 1
    assert [line.split(": warning: ")[1] for line in lines] == [
        "brief 'talks': a summary sentence cites nothing: “Talks go on.” "
        "(cite the items that support it ([@fact-id]), or cut it) [uncited-line]",
        "brief 'talks': a summary sentence cites nothing: “The U.S. side holds the cards.” "
        "(cite the items that support it ([@fact-id]), or cut it) [uncited-line]",
        "brief 'talks': talking point 1 cites nothing: “Propose a date in July 2025.” "
        "(cite the items that support it ([@fact-id]), or cut it) [uncited-line]",
    ]
    assert lines[0].startswith("briefs/talks.yaml:5:")  # the summary
    assert lines[2].startswith("briefs/talks.yaml:8:")  # the talking point itself


def test_a_citation_after_the_full_stop_counts_for_its_sentence(cli, tmp_path: Path):
    brief = BRIEF.replace("Talks go on [@july].", "Talks go on. [@july]")
    assert check(cli, make(tmp_path, brief=brief), "--strict") == (0, [])


def test_a_line_that_drops_its_facts_claimant_is_flagged(cli, tmp_path: Path):
    brief = BRIEF.replace(
        '"Propose a date in July 2025 [@july]."',
        '"The closures cost $100 million a day [@losses]."',
    )
    code, lines = check(cli, make(tmp_path, brief=brief), "--strict")
    assert code == 1 and len(lines) == 1 and lines[0].endswith("[claim-flattened]"), lines
    assert "attributes to The employers' association" in lines[0]
    # Said at the talking point itself, by its number.
    assert lines[0].startswith("briefs/talks.yaml:8:")
    assert "the talking point 1 states as fact" in lines[0]
    kept = brief.replace("The closures cost", "Employers estimate the closures cost")
    assert check(cli, make(tmp_path, brief=kept), "--strict") == (0, [])


READOUT = """\
kind: readout
title: "Readout: border talks"
date: 2025-06-02
as_of: 2025-06-05
prepared_for: "Under Secretary for Border Affairs"
summary: "{summary}"
topics: [migration]
facts: [plan, july]
talking_points:
  - "Ask for the plan [@plan]."
sourced_by: {{}}
"""


def test_a_readout_on_one_sides_account_must_say_so(cli, tmp_path: Path):
    silent = READOUT.format(
        summary="Mexico is ready to offer its plan [@plan] and meet in July 2025 [@july]."
    )
    code, lines = check(cli, make(tmp_path, brief=silent, name="readout"), "--strict")
    assert code == 1 and len(lines) == 1 and lines[0].endswith("[one-sided-readout]"), lines
    assert "all from Example News" in lines[0]
    # The suggestion reads as English, whoever the claimant.
    assert "e.g. “According to Example News, …”" in lines[0]
    said = READOUT.format(
        summary="By Example News's account, Mexico is ready to offer its plan [@plan] and meet "
        "in July 2025 [@july]."
    )
    assert check(cli, make(tmp_path, brief=said, name="readout"), "--strict") == (0, [])


# -- rule 11 --------------------------------------------------------------------------------


@pytest.mark.parametrize("drop", ["    said_in: es\n", "    translated_by: Example News\n"])
def test_a_translation_says_from_what_and_by_whom(cli, tmp_path: Path, drop):
    code, lines = check(cli, make(tmp_path, CATALOG.replace(drop, "")), "--strict")
    assert code == 1 and len(lines) == 1 and lines[0].endswith("[translation-incomplete]"), lines


# -- acknowledging a known warning ----------------------------------------------------------


FLAT = CATALOG.replace(
    '"Nearly 1,200 migrants crossed in a single week, officials said."',
    '"Nearly 1,200 migrants crossed in a single week."',
)


def test_an_accepted_warning_passes_strict_and_a_stale_acceptance_warns(cli, tmp_path: Path):
    accepted = FLAT.replace(
        "  - id: crossings\n",
        '  - id: crossings\n    accept: {claim-unattributed: "the paper\'s own count"}\n',
    )
    assert check(cli, make(tmp_path, accepted), "--strict") == (0, [])
    code, out, _ = cli("--root", tmp_path / "p", "check", "--strict")
    assert out.endswith("check passed: 0 errors, 0 warnings (1 acknowledged)\n")
    fixed = accepted.replace(
        '"Nearly 1,200 migrants crossed in a single week."',
        '"Nearly 1,200 migrants crossed in a single week, officials said."',
    )
    code, lines = check(cli, make(tmp_path, fixed), "--strict")
    assert code == 1
    assert lines == [
        "sources.yaml:13:14: warning: 'crossings' accepts a 'claim-unattributed' warning that "
        "no longer fires (remove 'claim-unattributed' from accept:) [needless-accept]"
    ]


@pytest.mark.parametrize(
    ("accept", "message"),
    [
        ('{claim-unatributed: "x"}', "did you mean 'claim-unattributed'?"),
        ("{claim-unattributed: }", "accepting 'claim-unattributed' needs a reason"),
        ('{insertion-carries: "x"}', "names no warning that can be accepted"),
        ('"yes"', "expected a mapping of warning names to reasons"),
    ],
)
def test_an_acceptance_needs_a_known_warning_and_a_reason(cli, tmp_path: Path, accept, message):
    bad = FLAT.replace("  - id: crossings\n", f"  - id: crossings\n    accept: {accept}\n")
    code, lines = check(cli, make(tmp_path, bad))
    assert code == 1 and any(": error: " in line and message in line for line in lines), lines


def test_a_brief_accepts_its_own_warnings(cli, tmp_path: Path):
    brief = BRIEF.replace(
        '"Propose a date in July 2025 [@july]."', '"Propose a date in July 2025."'
    )
    brief += 'accept:\n  uncited-line: "a procedural ask, not a claim"\n'
    assert check(cli, make(tmp_path, brief=brief), "--strict") == (0, [])


# -- rendering ------------------------------------------------------------------------------


def test_reader_claimant_and_translation_appear_in_every_format(cli, tmp_path: Path):
    catalog = FLAT.replace(
        '"Nearly 1,200 migrants crossed in a single week."\n',
        '"Nearly 1,200 migrants crossed in a single week."\n'
        "    claimed_by: U.S. border officials\n",
    )
    brief = BRIEF.replace("topics: [migration]\n", "topics: [migration]\nquotes: [minister-plan]\n")
    root = make(tmp_path, catalog, brief)
    code, _, err = cli("--root", root, "build")
    assert code == 0, err
    md = (root / "build" / "talks.md").read_text()
    html = (
        (root / "build" / "talks.html").read_text().replace("\u00a0", " ")
    )  # no-break spaces read as spaces
    pdf = " ".join(" ".join(pdf_pages_text(root / "build" / "talks.pdf")).split())
    assert "**Prepared for:** Under Secretary for Border Affairs" in md
    assert '<span class="label">Prepared for:</span> Under Secretary for Border Affairs' in html
    assert "Prepared for: Under Secretary for Border Affairs" in pdf
    # A fact whose text does not name its claimant carries it beside its date.
    assert "(per U.S. border officials, May 30, 2025)" in md
    assert "(per U.S. border officials, May 30, 2025)" in html
    assert "per U.S. border officials, May 30, 2025" in pdf
    assert "translated from Spanish by Example News" in md
    assert "translated from Spanish by Example News" in html
    assert "translated from Spanish by Example News" in pdf


def test_a_fact_that_names_its_claimant_is_not_attributed_twice(cli, tmp_path: Path):
    catalog = CATALOG.replace(
        '"Nearly 1,200 migrants crossed in a single week, officials said."\n',
        '"Nearly 1,200 migrants crossed in a single week, officials said."\n'
        "    claimed_by: U.S. officials\n",
    )
    root = make(tmp_path, catalog)
    code, _, err = cli("--root", root, "build", "--format", "md")
    assert code == 0, err
    md = (root / "build" / "talks.md").read_text()
    assert "officials said.[^1] (May 30, 2025)" in md and "per U.S. officials" not in md


def test_an_unused_item_can_be_accepted_where_it_is_defined(cli, tmp_path: Path):
    brief = BRIEF.replace("topics: [migration]\n", "facts: [crossings, july]\n")
    code, lines = check(cli, make(tmp_path, brief=brief), "--strict")
    assert code == 1 and {line.rsplit(" ", 1)[1] for line in lines} == {"[unused]"}
    catalog = CATALOG
    for item in ("plan", "losses", "minister-plan"):
        catalog = catalog.replace(
            f"  - id: {item}\n", f'  - id: {item}\n    accept: {{unused: "kept for later"}}\n'
        )
    assert check(cli, make(tmp_path, catalog, brief), "--strict") == (0, [])


@pytest.mark.parametrize(
    ("text", "claimant", "named"),
    [
        ("The White House said the presidents agreed.", "White House (John Kirby)", True),
        ("The presidents agreed.", "White House (John Kirby)", False),
        ("CBP said it was surging personnel.", "U.S. Customs and Border Protection", True),
        ("AP reported that it appeared so.", "Associated Press", True),
        ("Mexico presented its security results.", "Claudia Sheinbaum", False),
        ("Sheinbaum's account is the only one.", "Claudia Sheinbaum", True),
    ],
)
def test_a_claimant_is_named_by_a_name_word_or_its_initials(text, claimant, named):
    assert names_claimant(text, claimant) is named


def test_sentences_do_not_break_at_abbreviations():
    text = "U.S. officials met Gov. Abbott in the U.S. capital [@a]. Then talks ended. [@b] Done."
    assert sentences(text) == [
        "U.S. officials met Gov. Abbott in the U.S. capital [@a].",
        "Then talks ended. [@b]",
        "Done.",
    ]


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Nearly 1,200 migrants crossed in a single week, a high number, AP reported.", "AP"),
        (
            "Nearly 1,200 migrants crossed in a single week, U.S. officials said on Friday.",
            "U.S. officials",
        ),
        (
            "Nearly 1,200 migrants crossed in a single week, a record, the agency said.",
            "the agency",
        ),
        ("Nearly 1,200 migrants crossed in a week. U.S. officials said so.", "U.S. officials"),
        ("“Nearly 1,200 migrants crossed,” said Marcelo Ebrard.", "Marcelo Ebrard"),
        ("Officials said nearly 1,200 migrants crossed in a single week.", "Officials"),
        # An auxiliary or adverb before the verb is not part of who claims.
        ("Mexico has indicated its willingness to receive migrants.", "Mexico"),
        ("The agency had repeatedly said the crossing would reopen.", "The agency"),
    ],
)
def test_a_claimant_after_a_comma_at_the_end_is_read_whole(text, claimant):
    """The claimant is who reports, not the words between the last commas before them."""
    assert claimant_of(Fact("x", text, dt.date(2025, 6, 2), (), ())) == claimant


def test_a_line_that_names_a_trailing_claimant_is_not_flattened(cli, tmp_path: Path):
    catalog = CATALOG.replace(
        '"Nearly 1,200 migrants crossed in a single week, officials said."',
        '"Nearly 1,200 migrants crossed in a single week, a high number, AP reported."',
    )
    named = BRIEF.replace(
        "Crossings are near 1,200 a week, officials say [@crossings].",
        "Per AP, nearly 1,200 migrants crossed in a single week [@crossings].",
    )
    assert check(cli, make(tmp_path, catalog, named), "--strict") == (0, [])
    flat = named.replace("Per AP, nearly", "Nearly")
    code, lines = check(cli, make(tmp_path, catalog, flat), "--strict")
    assert code == 1 and [line.split(": warning: ")[1] for line in lines] == [
        "brief 'talks': the summary states as fact what 'crossings' attributes to AP: "
        "“Nearly 1,200 migrants crossed in a single week [@crossings].” (say whose claim it "
        "is (“According to AP, …”), as the fact does) [claim-flattened]"
    ]


def test_a_stale_pick_is_said_at_its_own_line(mini: Path, cli):
    brief = mini / "briefs" / "migration-june.yaml"
    text = brief.read_text().replace(
        "topics: [immigration]\n", "topics: []\nfacts:\n  - crossings-fell\n"
    )
    brief.write_text(text.replace("date: 2025-06-05", "date: 2026-09-01"))
    _, out, _ = cli("--root", mini, "check")
    stale = [line for line in out.splitlines() if line.endswith("[stale-fact]")]
    assert stale and stale[0].startswith("briefs/migration-june.yaml:7:5: warning: "), stale
