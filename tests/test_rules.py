"""The editorial rules on their own: records in, findings out, no project folder needed."""

import datetime as dt
from pathlib import Path

from briefgen.catalog.snapshots import Archives
from briefgen.checks.briefs import brief_rules
from briefgen.checks.catalog import fact_rules, quote_rules, use_rules
from briefgen.model import Brief, Catalog, Citation, Fact, Loc, Quote, Source
from briefgen.plan.select import resolve

DAY = dt.date(2025, 6, 13)


def catalog(tmp_path: Path, *, fact_text: str, evidence: str, quote_text: str) -> Catalog:
    (tmp_path / "s.txt").write_text(
        "Crossings fell to 1,200 a week, “the lowest in years,” he said."
    )
    source = Source("s", "T", "P", DAY, "news", "s.txt", "high")
    fact = Fact("f", fact_text, DAY, ("m",), (Citation("s", evidence),), loc=Loc("c.yaml", 9))
    quote = Quote("q", "He", "Role", quote_text, DAY, "s", ("m",), loc=Loc("c.yaml", 20))
    return Catalog({}, {"s": source}, {"f": fact}, {"q": quote})


def test_a_fact_whose_number_is_not_in_its_evidence_is_an_error(tmp_path: Path):
    cat = catalog(
        tmp_path,
        fact_text="Crossings fell to 1,300.",
        evidence="Crossings fell to 1,200 a week",
        quote_text="",
    )
    found = list(fact_rules(cat.facts["f"], cat, Archives.of(tmp_path)))
    assert [f.message for f in found if f.severity == "error"] == [
        "'f': unknown topic 'm'",
        "fact 'f': number 1300 is not in its evidence",
    ]


def test_a_quote_with_an_elision_and_other_quote_marks_is_verbatim(tmp_path: Path):
    cat = catalog(tmp_path, fact_text="x", evidence="x", quote_text='"the lowest … years,"')
    found = list(quote_rules(cat.quotes["q"], cat, Archives.of(tmp_path)))
    assert all("verbatim" not in f.message for f in found)


def test_a_changed_word_in_a_quote_shows_the_closest_passage(tmp_path: Path):
    cat = catalog(tmp_path, fact_text="x", evidence="x", quote_text="the lowest in decades")
    (found,) = [
        f
        for f in quote_rules(cat.quotes["q"], cat, Archives.of(tmp_path))
        if "verbatim" in f.message
    ]
    assert found.loc == Loc("c.yaml", 20) and 'closest passage: "the lowest in years' in found.fix


def test_a_word_moved_in_a_quote_is_said_moved_not_missing(tmp_path: Path):
    # "freight" is in the closest passage, only not where the quote puts it.
    cat = catalog(
        tmp_path, fact_text="x", evidence="x", quote_text="cut freight waiting times in half"
    )
    (tmp_path / "s.txt").write_text("This crossing will cut waiting times for freight by half.")
    (found,) = [
        f
        for f in quote_rules(cat.quotes["q"], cat, Archives.of(tmp_path))
        if "verbatim" in f.message
    ]
    assert 'closest passage: "cut waiting times for freight by half' in found.fix
    assert '"freight" stands elsewhere in the source' in found.fix
    assert '"freight" is not in the source' not in found.fix


def test_a_ref_to_nothing_and_an_unused_item_are_reported(tmp_path: Path):
    cat = catalog(tmp_path, fact_text="x", evidence="x", quote_text="x")
    brief = Brief("b", "issue", "T", DAY, DAY, summary="See [@nothing-here].", facts=("f",))
    uses = resolve(brief, cat)
    messages = [f.message for f in brief_rules(uses, cat)]
    assert messages == ["brief 'b': [@nothing-here] names no fact, quote or source"]
    unused = [f.message for f in use_rules(cat, [uses])]
    assert unused == ["'q' is used by no brief"]


def test_an_item_cited_only_in_a_briefs_prose_is_used(tmp_path: Path):
    cat = catalog(tmp_path, fact_text="x", evidence="x", quote_text="x")
    brief = Brief("b", "issue", "T", DAY, DAY, summary="She said so [@q].", facts=("f",))
    unused = [f.message for f in use_rules(cat, [resolve(brief, cat)])]
    assert unused == []


def test_every_warning_is_in_the_user_docs_with_its_name():
    from briefgen.errors import WARNINGS

    rules = (Path(__file__).resolve().parent.parent / "docs" / "editorial-rules.md").read_text()
    assert [name for name in WARNINGS if f"`{name}`" not in rules] == []
