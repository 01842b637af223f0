"""A brief's rules: its dates in order, its picks, topics and refs known, nothing after as_of."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

from ..catalog.query import known_by, meeting_day, sources_of
from ..errors import Finding
from ..model import Brief, Catalog, Item, Loc, Uses
from .advice import brief_advice_findings
from .findings import did_you_mean, error, warning
from .guesses import brief_guesses
from .meeting import as_of_fix, meeting_rules, same_day
from .sides import side_rules
from .time import brief_time_rules
from .voice import (
    flattened_findings,
    line_hedge_findings,
    readout_findings,
    uncited_findings,
    wording_findings,
)


def brief_rules(uses: Uses, catalog: Catalog) -> Iterator[Finding]:
    """Check a brief: its dates in order, its picks and refs known and in time (rule 6)."""
    b = uses.brief
    yield from meeting_rules(uses, catalog)
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
                other = "quotes" if field == "facts" else "facts"
                if item_id in getattr(catalog, other):
                    # The right id in the wrong list: the fix is to move it, not to respell it.
                    yield error(
                        loc,
                        f"brief '{b.id}': '{item_id}' is a {other[:-1]}, listed under {field}:",
                        f"move it to {other}:",
                    )
                    continue
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
                at = f"facts[{b.facts.index(fact.id)}]"  # at the pick, not the list's key
                yield warning(
                    b.locs.get(at, b.locs.get("facts", b.loc)),
                    f"brief '{b.id}': fact '{fact.id}' ({fact.date}) is over a year "
                    f"older than as_of {b.as_of}",
                    "check it still holds",
                    rule="stale-fact",
                )
    if not b.summary:
        yield warning(
            b.loc, f"brief '{b.id}' has no summary", "add a bottom line up front", rule="no-summary"
        )
    yield from uncited_findings(b)
    yield from brief_advice_findings(b)
    yield from flattened_findings(b, catalog)
    yield from line_hedge_findings(b, catalog)
    yield from readout_findings(b, catalog, uses.selection)
    yield from brief_time_rules(uses, catalog)
    yield from wording_findings(b, catalog)
    yield from side_rules(b)
    yield from brief_guesses(b)


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
        if b.kind == "meeting":
            days = [catalog.sources[s].published for s in sids if s in catalog.sources]
            item = catalog.facts.get(ref.id) or catalog.quotes.get(ref.id)
            if item is not None:
                days.append(item.date)
            fix = as_of_fix(b, max(days, default=None), "cite what was known by as_of")
        yield from _published_after(b, f"[@{ref.id}]", sids, loc, catalog, fix)
        yield from same_day(b, f"[@{ref.id}]", sids, loc, catalog)


def _in_time(uses: Uses, item: Item, loc: Loc, catalog: Catalog) -> Iterator[Finding]:
    b = uses.brief
    if known_by(item, catalog, b.as_of, meeting_day(b)):
        return
    if item.date > b.as_of:
        fix = "move as_of or drop the pick"
        if b.kind == "meeting":
            fix = as_of_fix(b, _known_from(item, catalog))
        yield error(
            loc, f"brief '{b.id}': '{item.id}' is dated {item.date}, after as_of {b.as_of}", fix
        )
        return
    fix = "a brief may use only what was published by its as_of; drop the pick"
    if b.kind == "meeting":
        fix = as_of_fix(b, _known_from(item, catalog))
    yield from _published_after(b, f"'{item.id}'", sources_of(item), loc, catalog, fix)
    yield from same_day(b, f"'{item.id}'", sources_of(item), loc, catalog)


def _known_from(item: Item, catalog: Catalog) -> dt.date:
    """Return the first day an item and all its sources were out."""
    days = [catalog.sources[s].published for s in sources_of(item) if s in catalog.sources]
    return max([item.date, *days])


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
