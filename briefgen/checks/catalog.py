"""The catalog's rules, record by record: sources, facts, quotes, ids, and what no brief uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from ..catalog.fields import unexplained_rating
from ..catalog.query import header_refs
from ..catalog.snapshots import Archives
from ..errors import Finding
from ..model import Catalog, Draft, Fact, Item, Quote, Series, Source, Uses
from ..prose import numbers_in
from .advice import fact_advice_findings
from .findings import did_you_mean, error, warning
from .guesses import fact_guesses, quote_guesses, source_guesses
from .meaning import claim_findings, hedge_findings, insertion_findings, translation_findings
from .questions import question_findings
from .time import fact_time_rules, quote_time_rules, worked_out
from .words import MIN_EVIDENCE_WORDS, evidence_verbatim, quote_verbatim


def source_rules(s: Source, archives: Archives) -> Iterator[Finding]:
    """Check that a source has a readable snapshot, and a reason when it is not rated high."""
    if archives.text(s) is None:
        message, fix = archives.problems[s.id]
        yield error(s.locs.get("archive", s.loc), f"source '{s.id}': {message}", fix, s.id)
    unrated = unexplained_rating(s.id, s.reliability, s.reliability_note, s.locs, s.loc)
    if unrated:
        yield unrated
    if s.published_at is not None and s.published_at.date() != s.published:
        yield error(
            s.locs.get("published_at", s.loc),
            f"source '{s.id}': published_at {s.published_at.isoformat()} is not on its "
            f"published date {s.published}",
            "give the moment of publication on the day published, with its UTC offset, or "
            "correct published",
            s.id,
        )
    yield from source_guesses(s)


def topic_rules(item: Fact | Quote, catalog: Catalog) -> Iterator[Finding]:
    """Check that an item's topics are keys of the vocabulary."""
    for i, key in enumerate(item.topics):
        if key not in catalog.topics:
            yield error(
                item.locs.get(f"topics[{i}]", item.loc),
                f"'{item.id}': unknown topic '{key}'",
                did_you_mean(key, catalog.topics) or "add it under topics:",
                item.id,
            )


def fact_rules(fact: Fact, catalog: Catalog, archives: Archives) -> Iterator[Finding]:
    """Check a fact: evidence verbatim, its numbers in it, dated by its sources (rules 2, 3)."""
    yield from topic_rules(fact, catalog)
    if not fact.cite:
        yield error(
            fact.loc,
            f"fact '{fact.id}' cites no source",
            "add cite: with a source and its exact evidence",
            fact.id,
        )
    stated = numbers_in(fact.text)
    evidence_numbers: set[str] = set()
    published = []
    reliabilities = []
    for c in fact.cite:
        if len(c.evidence.split()) < MIN_EVIDENCE_WORDS:
            yield error(
                c.evidence_loc,
                f"fact '{fact.id}': evidence '{c.evidence}' is too short to show what the source"
                " says",
                f"quote the clause that supports the fact ({MIN_EVIDENCE_WORDS} words at least)",
                fact.id,
            )
        if stated:
            evidence_numbers |= numbers_in(c.evidence)
        source = catalog.sources.get(c.source)
        if source is None and c.source in catalog.invalid:
            # Its own errors are said where it is defined; the evidence is read all the same.
            stand_in = snapshot_only(catalog, c.source)
            if stand_in is not None:
                yield from evidence_verbatim(f"fact '{fact.id}'", fact.id, c, stand_in, archives)
            continue
        if source is None:
            yield error(
                c.loc,
                f"fact '{fact.id}' cites unknown source '{c.source}'",
                did_you_mean(c.source, catalog.sources) or "add the source to sources:",
                fact.id,
            )
            continue
        published.append(source.published)
        reliabilities.append(source.reliability)
        yield from evidence_verbatim(f"fact '{fact.id}'", fact.id, c, source, archives)
    missing = sorted(stated - evidence_numbers - worked_out(fact, evidence_numbers, published))
    if missing and fact.cite:
        yield error(
            fact.locs.get("text", fact.loc),
            f"fact '{fact.id}': number {', '.join(missing)} is not in its evidence",
            "quote evidence that contains the number, or correct the fact",
            fact.id,
        )
    if published and fact.date > max(published):
        yield error(
            fact.locs.get("date", fact.loc),
            f"fact '{fact.id}' is dated {fact.date}, after its latest source ({max(published)})",
            "date it when it was true or reported, on or before publication",
            fact.id,
        )
    if reliabilities and all(r == "low" for r in reliabilities):
        yield warning(
            fact.loc,
            f"fact '{fact.id}' rests on a low-reliability source alone",
            "corroborate it with a better source, or drop it",
            fact.id,
            "low-reliability-only",
        )
    yield from claim_findings(fact, catalog, archives)
    yield from hedge_findings(fact)
    yield from fact_time_rules(fact, catalog)
    yield from question_findings(fact, catalog, archives)
    yield from fact_advice_findings(fact)
    yield from fact_guesses(fact)


def snapshot_only(catalog: Catalog, source_id: str) -> Source | None:
    """Return a stand-in for a source that failed the schema: its id and snapshot, no more.

    Enough to read the words of what cites it against its snapshot, so that a bad date on a
    source does not hide a misquote; nothing else of it is known or checked with it.
    """
    archive = catalog.unfinished.get(source_id)
    return None if archive is None else Source(source_id, "", "", dt.date.min, "", archive, "")


def draft_rules(draft: Draft, catalog: Catalog, archives: Archives) -> Iterator[Finding]:
    """Check the words of a fact or quote that failed the schema against its snapshot.

    Said with its other errors, so that fixing them does not uncover another layer.
    """
    for c in draft.cite:
        source = catalog.sources.get(c.source) or snapshot_only(catalog, c.source)
        if source is not None:
            yield from evidence_verbatim(f"fact '{draft.id}'", draft.id, c, source, archives)
    quoted = (
        catalog.sources.get(draft.source) or snapshot_only(catalog, draft.source)
        if draft.source
        else None
    )
    if draft.text is not None and quoted is not None:
        yield from quote_verbatim(draft.id, draft.text, draft.loc, quoted, archives)


def quote_rules(quote: Quote, catalog: Catalog, archives: Archives) -> Iterator[Finding]:
    """Check a quote: verbatim, said before it was published, attributed as allowed (1, 3, 4)."""
    yield from topic_rules(quote, catalog)
    source = catalog.sources.get(quote.source)
    if source is None and quote.source in catalog.invalid:
        stand_in = snapshot_only(catalog, quote.source)  # its words, read all the same
        if stand_in is not None:
            where = quote.locs.get("text", quote.loc)
            yield from quote_verbatim(quote.id, quote.text, where, stand_in, archives)
        return
    if source is None:
        yield error(
            quote.locs.get("source", quote.loc),
            f"quote '{quote.id}' names unknown source '{quote.source}'",
            did_you_mean(quote.source, catalog.sources) or "add the source to sources:",
            quote.id,
        )
        return
    text = archives.text(source)
    yield from quote_verbatim(
        quote.id, quote.text, quote.locs.get("text", quote.loc), source, archives
    )
    if quote.date > source.published:
        yield error(
            quote.locs.get("date", quote.loc),
            f"quote '{quote.id}' is dated {quote.date}, after its source was published "
            f"({source.published})",
            "use the date it was said; resolve weekdays against the publication date",
            quote.id,
        )
    if source.attribution and quote.speaker.lower().rstrip("s") not in source.attribution.lower():
        yield error(
            quote.locs.get("speaker", quote.loc),
            f"quote '{quote.id}' names '{quote.speaker}', but '{source.id}' is "
            f"attributable only as its ground rules say: {source.attribution}",
            "use the attribution the ground rules give",
            quote.id,
        )
    yield from insertion_findings(quote, text)
    yield from translation_findings(quote)
    yield from quote_guesses(quote)
    yield from quote_time_rules(quote, catalog)


def id_rules(catalog: Catalog) -> Iterator[Finding]:
    """Check that no quote has a fact's id: [@id] in a brief must name one item."""
    for quote_id in sorted(catalog.quotes.keys() & catalog.facts.keys()):
        yield error(
            catalog.quotes[quote_id].loc,
            f"quote id '{quote_id}' is also a fact id",
            "rename one: [@id] in a brief must name exactly one item",
            quote_id,
        )


def use_rules(catalog: Catalog, uses: Iterable[Uses]) -> Iterator[Finding]:
    """Warn of items no brief uses and sources no item cites.

    A brief uses what it selects, what its summary and talking points cite ([@id]), and what
    backs its header (`sourced_by`), whose source the page cites beside the header. A source
    a header names is cited by that brief. A pick its as_of cuts off is the author's pick
    all the same: its error at the pick says so, once, and it is not "unused" too.
    """
    used: set[str] = set()
    for u in uses:
        used.update((*u.brief.facts, *u.brief.quotes, *(u.brief.charts or ())))
        used.update(i.id for i in u.selection.items())
        used.update(c.id for c in u.selection.charts)
        used.update(r.id for r in u.refs)
        used.update(header_refs(u.brief))
    items: list[Item | Series] = [*catalog.facts.values(), *catalog.quotes.values()]
    items += catalog.series.values()
    for item in items:
        if item.id not in used:
            yield warning(
                item.loc,
                f"'{item.id}' is used by no brief",
                "pick it in a brief or tag it with a brief's topic",
                item.id,
                "unused",
            )
    cited = {c.source for f in catalog.facts.values() for c in f.cite}
    cited |= {q.source for q in catalog.quotes.values()}
    cited |= {p.cite.source for c in catalog.series.values() for p in c.points}
    for s in catalog.sources.values():
        if s.id not in cited and s.id not in used:
            yield warning(
                s.loc,
                f"source '{s.id}' is cited by no fact, quote or series",
                "extract facts from it or remove it",
                s.id,
                "unused",
            )
