"""The editorial rules a machine can check, each a function that yields findings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from . import editorial
from .errors import closest
from .model import Brief, Catalog, Draft, Fact, Finding, Loc, Quote, Series, Source
from .select import Item, Uses, known_by, sources_of
from .snapshots import (
    Archives,
    closest_passage,
    evidence_verbatim,
    normalize,
    numbers_in,
    quote_pattern,
)


def error(loc: Loc, message: str, fix: str = "", subject: str = "") -> Finding:
    """Make a finding that stops the run."""
    return Finding(loc, "error", message, fix, subject)


def warning(loc: Loc, message: str, fix: str = "", subject: str = "", rule: str = "") -> Finding:
    """Make a finding that is reported but stops nothing (unless --strict or acknowledged).

    `rule` names it, for an item's `accept:` to acknowledge it by.
    """
    return Finding(loc, "warning", message, fix, subject, rule)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """Suggest the known name closest to a misspelt one, or say nothing."""
    near = closest(name, list(known), 1)
    return f"did you mean '{near[0]}'?" if near else ""


# -- the catalog ----------------------------------------------------------------------------


def source_rules(s: Source, archives: Archives) -> Iterator[Finding]:
    """Check that a source has a readable snapshot, and a reason when it is not rated high."""
    if archives.text(s) is None:
        message, fix = archives.problems[s.id]
        yield error(s.locs.get("archive", s.loc), f"source '{s.id}': {message}", fix, s.id)
    unrated = unexplained_rating(s.id, s.reliability, s.reliability_note, s.locs, s.loc)
    if unrated:
        yield unrated


def unexplained_rating(
    sid: str, rating: object, note: object, locs: Mapping[str, Loc], loc: Loc
) -> Finding | None:
    """Say when a source is rated below high without a reliability_note.

    Load asks it too of a source with other errors, so that all are said at once.
    """
    if rating not in ("medium", "low") or note:
        return None
    return error(
        locs.get("reliability", loc),
        f"source '{sid}' is rated {rating} without a reason",
        "add reliability_note: why it is not high",
        sid,
    )


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


# Evidence is the span a fact-checker reads the fact against: "." or one word proves nothing.
MIN_EVIDENCE_WORDS = 4


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
            continue  # its own errors are reported where it is defined
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
    missing = sorted(stated - evidence_numbers)
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
    yield from editorial.claim_findings(fact, catalog, archives.text)
    yield from editorial.hedge_findings(fact)


def _quote_verbatim(
    quote_id: str, words: str, loc: Loc, source: Source, archives: Archives
) -> Iterator[Finding]:
    text = archives.text(source)
    if text is not None and not quote_pattern(words).search(text):
        near = closest_passage(normalize(words), text)
        yield error(
            loc,
            f"quote '{quote_id}' is not verbatim in '{source.archive}'",
            "only quote-mark style and whitespace may differ; mark elisions with … and "
            f"insertions with [brackets]; closest passage: {near}",
            quote_id,
        )


def draft_rules(draft: Draft, catalog: Catalog, archives: Archives) -> Iterator[Finding]:
    """Check the words of a fact or quote that failed the schema against its snapshot.

    Said with its other errors, so that fixing them does not uncover another layer.
    """
    for c in draft.cite:
        source = catalog.sources.get(c.source)
        if source is not None:
            yield from evidence_verbatim(f"fact '{draft.id}'", draft.id, c, source, archives)
    quoted = catalog.sources.get(draft.source) if draft.source else None
    if draft.text is not None and quoted is not None:
        yield from _quote_verbatim(draft.id, draft.text, draft.loc, quoted, archives)


def quote_rules(quote: Quote, catalog: Catalog, archives: Archives) -> Iterator[Finding]:
    """Check a quote: verbatim, said before it was published, attributed as allowed (1, 3, 4)."""
    yield from topic_rules(quote, catalog)
    source = catalog.sources.get(quote.source)
    if source is None and quote.source in catalog.invalid:
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
    yield from _quote_verbatim(
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
    yield from editorial.insertion_findings(quote, text)
    yield from editorial.translation_findings(quote)


def id_rules(catalog: Catalog) -> Iterator[Finding]:
    """Check that no quote has a fact's id: [@id] in a brief must name one item."""
    for quote_id in sorted(catalog.quotes.keys() & catalog.facts.keys()):
        yield error(
            catalog.quotes[quote_id].loc,
            f"quote id '{quote_id}' is also a fact id",
            "rename one: [@id] in a brief must name exactly one item",
            quote_id,
        )


# -- briefs ---------------------------------------------------------------------------------


def brief_rules(uses: Uses, catalog: Catalog) -> Iterator[Finding]:
    """Check a brief: its dates in order, its picks and refs known and in time (rule 6)."""
    b = uses.brief
    if b.as_of > b.date and b.kind == "meeting":
        yield error(
            b.locs.get("as_of", b.loc),
            f"brief '{b.id}': a preparation brief cannot know past its meeting "
            f"(as_of {b.as_of} is after date {b.date})",
            "set as_of on or before the meeting date, or make it kind: readout",
        )
    if b.kind == "readout" and b.as_of < b.date:
        yield error(
            b.locs.get("as_of", b.loc),
            f"brief '{b.id}': a readout's as_of {b.as_of} is before its meeting {b.date}",
            "set as_of on or after the meeting date",
        )
    if b.since is not None and b.since >= b.as_of:
        yield error(
            b.locs.get("since", b.loc),
            f"brief '{b.id}': since {b.since} is not before as_of {b.as_of}, "
            "so nothing could be new",
            "set since to the date of the reader's last edition, before as_of",
        )
    for i, key in enumerate(b.topics):
        if catalog.topic_key(key) is None:
            yield error(
                b.locs.get(f"topics[{i}]", b.loc),
                f"brief '{b.id}': unknown topic '{key}'",
                did_you_mean(key, catalog.topics) or "see `briefgen list topics`",
            )
    tables: tuple[tuple[str, Mapping[str, Item]], ...] = (
        ("facts", catalog.facts),
        ("quotes", catalog.quotes),
    )
    for field, table in tables:
        for i, item_id in enumerate(getattr(b, field)):
            loc = b.locs.get(f"{field}[{i}]", b.loc)
            item = table.get(item_id)
            if item is None and item_id in catalog.invalid:
                continue
            if item is None:
                yield error(
                    loc,
                    f"brief '{b.id}': unknown {field[:-1]} '{item_id}'",
                    did_you_mean(item_id, table) or f"see the {field} in sources.yaml",
                )
                continue
            yield from _in_time(uses, item, loc, catalog)
    yield from _ref_rules(uses, catalog)
    if b.kind == "issue":
        for fact in uses.selection.facts:
            if fact.id in b.facts and (b.as_of - fact.date).days > 365:
                yield warning(
                    b.locs.get("facts", b.loc),
                    f"brief '{b.id}': fact '{fact.id}' ({fact.date}) is over a year "
                    f"older than as_of {b.as_of}",
                    "check it still holds",
                    rule="stale-fact",
                )
    if not b.summary:
        yield warning(
            b.loc, f"brief '{b.id}' has no summary", "add a bottom line up front", rule="no-summary"
        )
    yield from editorial.uncited_findings(b)
    yield from editorial.flattened_findings(b, catalog)
    yield from editorial.readout_findings(b, catalog, uses.selection)


def _ref_rules(uses: Uses, catalog: Catalog) -> Iterator[Finding]:
    """Check that every [@id] in the prose names something published by as_of."""
    b = uses.brief
    for ref in uses.refs:
        loc = b.locs.get(f"{ref.field}[{ref.index}]", b.locs.get(ref.field, b.loc))
        sids = uses.cited.get(ref.id)
        if sids is None and ref.id in catalog.invalid:
            continue
        if sids is None:
            known = [*catalog.facts, *catalog.quotes, *catalog.sources, *catalog.series]
            yield error(
                loc,
                f"brief '{b.id}': [@{ref.id}] names no fact, quote or source",
                did_you_mean(ref.id, known) or "cite an existing id",
            )
            continue
        fix = "cite what was known by as_of, or move as_of"
        yield from _published_after(b, f"[@{ref.id}]", sids, loc, catalog, fix)


def _in_time(uses: Uses, item: Item, loc: Loc, catalog: Catalog) -> Iterator[Finding]:
    b = uses.brief
    if known_by(item, catalog, b.as_of):
        return
    if item.date > b.as_of:
        yield error(
            loc,
            f"brief '{b.id}': '{item.id}' is dated {item.date}, after as_of {b.as_of}",
            "move as_of or drop the pick",
        )
        return
    fix = "a brief may use only what was published by its as_of; drop the pick"
    yield from _published_after(b, f"'{item.id}'", sources_of(item), loc, catalog, fix)


def _published_after(
    b: Brief, what: str, sids: Iterable[str], loc: Loc, catalog: Catalog, fix: str
) -> Iterator[Finding]:
    """Say which of the sources a brief reaches for were published after its as_of."""
    for sid in sids:
        src = catalog.sources.get(sid)
        if src is not None and src.published > b.as_of:
            yield error(
                loc,
                f"brief '{b.id}': {what} cites '{sid}', published {src.published}, "
                f"after as_of {b.as_of}",
                fix,
            )


def use_rules(catalog: Catalog, uses: Iterable[Uses]) -> Iterator[Finding]:
    """Warn of items no brief uses and sources no item cites."""
    used: set[str] = set()
    for u in uses:
        used.update(i.id for i in u.selection.items())
        used.update(c.id for c in u.selection.charts)
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
        if s.id not in cited:
            yield warning(
                s.loc,
                f"source '{s.id}' is cited by no fact, quote or series",
                "extract facts from it or remove it",
                s.id,
                "unused",
            )
