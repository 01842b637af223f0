"""The meaning rules' vocabularies, family by family: every word of a family does its job.

Rule 8 reads how a source reports (REPORTING) and hedges (HEDGES); rule 10 reads advice to
the author (ADVICE). Each test takes a family and tries every word in it, so that a word
added to a family is a word the rule knows, and a family that stops working fails as one.
"""

import datetime as dt
from pathlib import Path

import pytest

from briefgen.catalog.snapshots import Archives
from briefgen.checks.advice import advice_in, brief_advice_findings
from briefgen.checks.meaning import claim_findings, hedge_findings
from briefgen.checks.vocabulary import ADVICE, ATTRIBUTING, ATTRIBUTION, HEDGES, REPORTING
from briefgen.expectations import in_the_past
from briefgen.model import Brief, Catalog, Citation, Fact, Loc, Source

DAY = dt.date(2025, 6, 13)


def _claims(tmp_path: Path, sentence: str, fact_text: str) -> list[str]:
    (tmp_path / "s.txt").write_text(f"Border report\n\n{sentence}\n")
    source = Source("s", "T", "Example News", DAY, "news", "s.txt", "high")
    fact = Fact("f", fact_text, DAY, (), (Citation("s", sentence),), loc=Loc("c.yaml", 9))
    catalog = Catalog({}, {"s": source}, {"f": fact}, {})
    return [f.rule for f in claim_findings(fact, catalog, Archives.of(tmp_path))]


def _present(word: str) -> bool:
    head = word.split()[0]
    return head.endswith("s") and not head.endswith(("ss", "ly")) and head not in ("in", "by")


@pytest.mark.parametrize("family", [*sorted(REPORTING), "attributing"])
def test_a_reporting_verb_in_the_present_goes_into_the_past_with_its_expectation(family):
    """Past its day, "the press reports X will" reads "the press reported X would", whatever
    verb of the claim check's families reports it: never "reports … would"."""
    words = REPORTING.get(family, ATTRIBUTING)
    tried = [("The ministry", w) for w in words if _present(w)]
    tried += [("Officials", w) for w in words if f"{w}s" in words]  # "say" beside "says"
    for subject, verb in tried:
        turned = in_the_past(f"{subject} {verb} Mexico will act.")
        assert turned is not None and turned.endswith(" Mexico would act."), (verb, turned)
        said = turned.removeprefix(f"{subject} ").removesuffix(" Mexico would act.")
        assert said.split()[0].endswith("ed") or said in IRREGULAR_PAST, (verb, turned)


IRREGULAR_PAST = ("said", "told", "wrote", "thought", "found", "forecast")


@pytest.mark.parametrize(
    ("now", "past"),
    [
        # A reporting word that is a noun stays as it is; its verb goes into the past.
        ("Reports say the president will visit.", "Reports said the president would visit."),
        ("Press reports say Mexico will act.", "Press reports said Mexico would act."),
        ("Estimates suggest trade will grow.", "Estimates suggested trade would grow."),
        (
            "Two claims that Mexico will pay were denied.",
            "Two claims that Mexico would pay were denied.",
        ),
        (
            "The ministry's estimates of trade say it will grow.",
            "The ministry's estimates of trade said it would grow.",
        ),
        # A verb already tensed by the word before it keeps its form.
        (
            "Officials did not say when Mexico will act.",
            "Officials did not say when Mexico would act.",
        ),
        # A verb: its subject before it, its clause after it.
        (
            "The Mexican press reports the president will ask for visas.",
            "The Mexican press reported the president would ask for visas.",
        ),
        (
            "The ministry, which says talks will resume, declined to comment.",
            "The ministry, which said talks would resume, declined to comment.",
        ),
    ],
)
def test_a_reporting_word_is_turned_only_where_it_is_a_verb(now, past):
    assert in_the_past(now) == past


@pytest.mark.parametrize("family", sorted(REPORTING))
def test_every_reporting_word_makes_a_claim_that_needs_its_claimant(tmp_path: Path, family):
    for word in REPORTING[family]:
        sentence = f"In Laredo the minister {word} on Friday that crossings fell to 1,200."
        flat = _claims(tmp_path, sentence, "Crossings fell to 1,200 last week.")
        assert flat == ["claim-unattributed"], (family, word)
        # Named in the fact, the claim keeps its claimant.
        named = _claims(tmp_path, sentence, "The minister in Laredo: crossings fell to 1,200.")
        assert named == [], (family, word)


@pytest.mark.parametrize("family", sorted(REPORTING))
def test_every_reporting_word_attributes_a_fact_that_uses_it(family):
    for word in REPORTING[family]:
        assert ATTRIBUTION.search(f"Officials {word} crossings fell."), (family, word)


def test_a_headline_above_the_evidence_is_not_its_sentence(tmp_path: Path):
    """A teaser line in capitals has no full stop; the paragraph break still ends it."""
    (tmp_path / "s.txt").write_text(
        "Noem accuses Sheinbaum of encouraging protests\n\n"
        "Also present were the foreign and security ministers.\n"
    )
    source = Source("s", "T", "Example News", DAY, "news", "s.txt", "high")
    evidence = "Also present were the foreign and security ministers."
    fact = Fact(
        "f", "The foreign and security ministers attended.", DAY, (), (Citation("s", evidence),)
    )
    catalog = Catalog({}, {"s": source}, {"f": fact}, {})
    assert list(claim_findings(fact, catalog, Archives.of(tmp_path))) == []


# -- hedges ----------------------------------------------------------------------------------

_NUMERIC = {"approximate", "short-of", "floor", "ceiling"}


def _hedged(family: str, hedge: str) -> tuple[str, str]:
    """Return evidence with the hedge and a fact that restates it without one."""
    if family in _NUMERIC:
        return (
            f"Officials counted {hedge} 758 crossings in June.",
            "Officials counted 758 crossings in June.",
        )
    return (
        f"The ministry {hedge} reopen 12 bridges in June.",
        "The ministry will reopen 12 bridges in June.",
    )


def _hedge_rules(evidence: str, fact_text: str) -> list[str]:
    fact = Fact("f", fact_text, DAY, (), (Citation("s", evidence),))
    return [f.rule for f in hedge_findings(fact)]


@pytest.mark.parametrize("family", HEDGES, ids=lambda h: h.name)
def test_every_hedge_of_a_family_is_kept_or_flagged(family):
    for hedge in family.hedges:
        evidence, flat = _hedged(family.name, hedge)
        assert _hedge_rules(evidence, flat) == ["hedge-dropped"], (family.name, hedge)
        # The fact that keeps the hedge, in the evidence's own words, passes.
        assert _hedge_rules(evidence, evidence) == [], (family.name, hedge)


@pytest.mark.parametrize("family", HEDGES, ids=lambda h: h.name)
def test_a_word_of_like_force_keeps_a_hedge(family):
    hedge = family.hedges[0]
    evidence, flat = _hedged(family.name, hedge)
    for keep in family.keeps:
        fact = flat.replace("counted 758", f"counted {keep} 758").replace(
            "will reopen", f"{keep} reopen"
        )
        assert _hedge_rules(evidence, fact) == [], (family.name, keep)


@pytest.mark.parametrize(
    ("evidence", "fact", "rules"),
    [
        # "often called": how a thing is named, not how often; a share is not kept by "part".
        (
            "The plan was often called Remain in Mexico.",
            "The plan, called Remain in Mexico, returned.",
            [],
        ),
        (
            "Much of the corn crosses by rail.",
            "The corn crosses by rail, as part of the deal.",
            ["hedge-dropped"],
        ),
        # "some 758", "some 80%": an approximate count however it is written.
        ("Police detained some 758 migrants.", "Police detained 758 migrants.", ["hedge-dropped"]),
        (
            "some 80% of their earnings remain in the U.S.",
            "80% of earnings remain.",
            ["hedge-dropped"],
        ),
        (
            "Roughly two-thirds of H-2B visas go to Mexicans.",
            "Two-thirds of H-2B visas go to Mexicans.",
            ["hedge-dropped"],
        ),
        # "some of them", "over the year", "under pressure": no quantity, no hedge.
        (
            "Police detained 758 migrants, some of them children.",
            "Police detained 758 migrants.",
            [],
        ),
        ("Trade grew over the year to 800 billion.", "Trade grew to 800 billion.", []),
        # The fact's own "some" hedges nothing before a quantity: the hedge is dropped.
        (
            "Police detained some 758 migrants.",
            "Police detained 758 migrants, some of them children.",
            ["hedge-dropped"],
        ),
        # "May" the month is no hedge.
        (
            "Since May 2024 Mexico counted 758 crossings.",
            "Since May 2024 Mexico counted 758 crossings.",
            [],
        ),
        ("In May Mexico counted 758 crossings.", "Mexico counted 758 crossings.", []),
    ],
)
def test_quantity_hedges_read_what_follows_them(evidence, fact, rules):
    assert _hedge_rules(evidence, fact) == rules


# -- advice to the author --------------------------------------------------------------------

ADVICE_LINES = {
    "hold": [
        "Do not cite the comparison until its period is confirmed [@f].",
        "The paper's claim conflicts with its count [@f]: do not use it until checked.",
        "Unverified: do not use [@f].",
        "Never quote this figure [@f].",
    ],
    "verify": ["Verify the 758 figure with CBP [@f].", "The figure is to be verified [@f]."],
    "check": [
        "Check whether the task force was set up [@f].",
        "Figures to check against the seeds [@f].",
        "The count needs a double-check [@f].",
        "Double check the number [@f].",
        "Check the date [@f].",
    ],
    "confirm": [
        "The only report is a rewrite [@f]; confirm against an official readout.",
        "The date is to be confirmed [@f].",
        "Sources differ [@f]; reconcile before briefing.",
    ],
    "placeholder": [
        "TODO: add the 2025 figure [@f].",
        "To do: the 2025 figure [@f].",
        "Crossings fell to ??? [@f].",
        "Crossings fell [source?] [@f].",
        "Crossings fell (check) [@f].",
        "The count needs sourcing [@f].",
    ],
    "note": ["Note to self: the count is old [@f].", "NB: figure from 2022 [@f]."],
}

PRINCIPAL_LINES = [
    "Confirm the commitment to complete the border modernization [@f].",
    "Confirm with Landau what was said [@f].",
    "Ask whether the task force was set up, and what it has delivered [@f].",
    "Press Mexico to let inspectors verify compliance at the bridges [@f].",
    "Expect Mexico to argue that the count is unconfirmed [@f].",
    "Do not raise the Assange request unless López Obrador does [@f].",
    "Do not use the word invasion [@f].",
    "Check in with the ambassador before the meeting [@f].",
    "Mexico (source: INEGI) counted 758 [@f].",
]


def test_every_advice_family_has_examples():
    assert set(ADVICE_LINES) == set(ADVICE)


@pytest.mark.parametrize("family", sorted(ADVICE_LINES))
def test_a_line_that_advises_the_author_is_a_finding(family):
    for line in ADVICE_LINES[family]:
        assert advice_in(line, (family,)) is not None, (family, line)
        brief = Brief("b", "issue", "T", DAY, DAY, talking_points=(line,))
        assert [f.rule for f in brief_advice_findings(brief)] == ["author-advice"], line


@pytest.mark.parametrize("line", PRINCIPAL_LINES)
def test_a_line_that_speaks_to_the_principal_is_not(line):
    assert advice_in(line) is None


# -- as `briefgen check` says them -----------------------------------------------------------

SNAPSHOT = """\
Raids in Los Angeles

Police detained some 758 migrants in raids across the city, officials said on Tuesday.

The paper revealed that the ministry had stopped counting deportations in March 2025.

"We will share the plan with the United States … and we will do it soon," the minister said.
"""

CATALOG = """\
topics:
  migration: {label: Migration}
sources:
  - id: news
    title: "Raids in Los Angeles"
    publisher: Example News
    published: 2025-06-12
    kind: news
    archive: sources/news.txt
    reliability: high
facts:
  - id: raids-758
    text: "Officials said police detained 758 migrants in the raids."
    date: 2025-06-10
    topics: [migration]
    cite:
      - source: news
        evidence: "Police detained some 758 migrants in raids across the city, officials said"
  - id: counting-stopped
    text: "The ministry stopped counting deportations in March 2025."
    date: 2025-06-12
    topics: [migration]
    cite:
      - source: news
        evidence: "The paper revealed that the ministry had stopped counting deportations in \
March 2025."
quotes:
  - id: share-plan
    speaker: The minister
    role: Minister of the Interior
    text: "We will share a plan with the United States ... and we will do it soon"
    date: 2025-06-12
    topics: [migration]
    source: news
"""

BRIEF = """\
kind: issue
title: "Raids"
date: 2025-06-13
prepared_for: "Office of Migration Affairs"
summary: "Officials say some 758 were detained [@raids-758]."
topics: [migration]
talking_points:
  - "Do not cite the deportation count until the paper's source is confirmed [@counting-stopped]."
"""


def test_check_says_each_of_them_with_its_fix(cli, tmp_path: Path):
    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True)
    (root / "briefs").mkdir()
    (root / "sources" / "news.txt").write_text(SNAPSHOT)
    (root / "sources.yaml").write_text(CATALOG)
    (root / "briefs" / "raids.yaml").write_text(BRIEF)
    code, out, _ = cli("--root", root, "check")
    assert code == 1  # the quote's changed word is an error
    assert out.splitlines() == [
        "briefs/raids.yaml:8:5: warning: brief 'raids': talking point 1 speaks to the author, not "
        "the principal: “Do not cite the deportation count until the paper's source is "
        "confirmed” (tell the principal what is known (that a figure is unconfirmed, whose "
        "claim it is), and keep the reminder for the author in a YAML comment (# …) or leave it "
        "to check) [author-advice]",
        "sources.yaml:13:11: warning: fact 'raids-758' drops the hedge of its evidence: “some "
        "758 migrants in raids” (keep the hedge (nearly, about, expected to, willing to …) or "
        "its sense) [hedge-dropped]",
        "sources.yaml:20:11: warning: fact 'counting-stopped': its evidence reports a claim "
        "(“revealed” (paper)) but the fact names no claimant (say who claims it in the text "
        "(“U.S. officials said …”) or add claimed_by:) [claim-unattributed]",
        # "..." and the source's "…" are the same elision: only "a" is named as a difference.
        "sources.yaml:30:11: error: quote 'share-plan' is not verbatim in 'sources/news.txt' "
        "(only quote-mark style and whitespace may differ; mark elisions with … and insertions "
        'with [brackets]; closest passage: "We will share the plan with the United States … '
        'and we will do it soon" ("a" is "the" in the source))',
        "check failed: 1 error, 3 warnings",
    ]
