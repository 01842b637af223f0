"""Choose what goes into a brief and in what order: pure functions of the brief and catalog."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable

from ..catalog.query import (
    header_refs,
    known_by,
    known_points,
    meeting_day,
    ref_sources,
    resolve_topics,
    sources_of,
    sources_of_series,
    tagged_series,
    tagged_with,
)
from ..model import REF_RE, Brief, Catalog, Fact, Item, Quote, Ref, Selection, Series, Uses


def _rank(item: Item | Series) -> tuple[int, int, str]:
    # Priority first, then the most recent, then id so that ties never depend on file order.
    return (item.priority, -item.date.toordinal(), item.id)


Rank = tuple[bool | int | str, ...]


def ranking(brief: Brief) -> Callable[[Item | Series], Rank]:
    """Return how a brief ranks its topic matches, best first.

    By priority, then the most recent; a brief that ranks recent first (a generated one)
    puts everything within its window before anything older, whatever its priority.
    """
    if not brief.recent_first:
        return _rank
    edge = brief.as_of - dt.timedelta(days=brief.window)
    return lambda item: (item.date < edge, *_rank(item))


def select(brief: Brief, catalog: Catalog) -> Selection:
    """Return explicit picks in their order, then topic matches by priority and recency."""
    as_of = brief.as_of
    day = meeting_day(brief)
    facts = [catalog.facts[i] for i in dict.fromkeys(brief.facts) if i in catalog.facts]
    quotes = [catalog.quotes[i] for i in dict.fromkeys(brief.quotes) if i in catalog.quotes]
    facts = [f for f in facts if known_by(f, catalog, as_of, day)]
    quotes = [q for q in quotes if known_by(q, catalog, as_of, day)]
    explicit = frozenset([f.id for f in facts] + [q.id for q in quotes])
    fill_facts: list[Fact] = []
    fill_quotes: list[Quote] = []
    for item_id in tagged_with(resolve_topics(brief.topics, catalog), catalog):
        if item_id in explicit or item_id in brief.lead or item_id in brief.omit:
            continue
        fact = catalog.facts.get(item_id)
        if fact is not None:
            if known_by(fact, catalog, as_of, day):
                fill_facts.append(fact)
            continue
        quote = catalog.quotes.get(item_id)
        if quote is not None and known_by(quote, catalog, as_of, day):
            fill_quotes.append(quote)
    rank = ranking(brief)
    facts += sorted(fill_facts, key=rank)
    quotes += sorted(fill_quotes, key=rank)
    charts = select_charts(brief, catalog, resolve_topics(brief.topics, catalog))
    if brief.charts is not None:
        explicit |= {c.id for c in charts}
    edge = brief.as_of - dt.timedelta(days=brief.window) if brief.recent_first else None
    return Selection(tuple(facts), tuple(quotes), explicit, tuple(charts), brief.since, edge)


def drop_order(selection: Selection) -> list[Item | Series]:
    """Return the items that may be left out to fit the page, the first to go first.

    Topic matches go before explicit picks, the lowest-ranked first; explicit picks go from
    the end of the author's list; an explicit priority-1 pick is never offered. With a
    `since`, an old item goes before a new one of the same priority.
    """
    everything: list[Item | Series] = [*selection.items(), *selection.charts]
    new = selection.is_new
    fills = [i for i in everything if i.id not in selection.explicit]
    old = selection.is_old
    fills.sort(key=lambda i: (old(i), i.priority, not new(i), *_rank(i)[1:]), reverse=True)
    picks = [i for i in everything if i.id in selection.explicit and i.priority != 1]
    # The last pick in the author's order, and the lower priority, is the one to go first.
    order = {item.id: n for n, item in enumerate(everything)}
    picks.sort(key=lambda i: (-i.priority, new(i), -order[i.id]))
    return fills + picks


def prose_refs(brief: Brief) -> tuple[Ref, ...]:
    """Return every [@id] in a brief's summary and talking points, in reading order."""
    texts = [("summary", 0, brief.summary)]
    texts += [("talking_points", i, t) for i, t in enumerate(brief.talking_points)]
    return tuple(Ref(rid, key, i) for key, i, text in texts for rid in REF_RE.findall(text))


def resolve(brief: Brief, catalog: Catalog) -> Uses:
    """Work out everything a brief uses: its selection, the ids its prose cites, its sources.

    The sources of what backs its header count too: the page cites them beside the header.
    """
    selection = select(brief, catalog)
    refs = prose_refs(brief)
    cited = {r.id: s for r in refs if (s := ref_sources(r.id, catalog)) is not None}
    source_ids = {sid for i in selection.items() for sid in sources_of(i)}
    source_ids |= {sid for sids in cited.values() for sid in sids}
    source_ids |= {sid for ref in header_refs(brief) for sid in ref_sources(ref, catalog) or ()}
    source_ids |= {sid for c in selection.charts for sid in sources_of_series(c)}
    source_ids &= set(catalog.sources)
    return Uses(brief, selection, refs, cited, tuple(sorted(source_ids)))


def reach(uses: Uses, catalog: Catalog) -> set[str]:
    """Return every id a brief reaches for before the as_of cut, and their sources.

    Its picks, its topics' items and its refs: an error in any of them holds the brief
    back, even one the cut would drop. Worked out only when there are errors to place.
    """
    brief = uses.brief
    keys = set(resolve_topics(brief.topics, catalog))
    found = {*brief.facts, *brief.quotes, *(r.id for r in uses.refs), *(brief.charts or ())}
    found |= set(header_refs(brief))
    found |= tagged_with(tuple(keys), catalog)
    charted = [catalog.series[i] for i in brief.charts or () if i in catalog.series]
    if brief.charts is None and brief.kind == "issue":
        charted = tagged_series(keys, catalog)
    found |= {c.id for c in charted}
    found |= {sid for c in charted for sid in sources_of_series(c)}
    found |= {rid for rid, ts in catalog.invalid.items() if "*" in ts or keys & set(ts)}
    items = [catalog.facts.get(s) or catalog.quotes.get(s) for s in found]
    found |= {sid for i in items if i is not None for sid in sources_of(i)}
    return found


def catalog_part(uses: Uses, catalog: Catalog) -> Catalog:
    """Return just the part of `catalog` a brief touches, for rendering it alone.

    Its selection, what its prose cites, and what backs its header: an item named only in
    `sourced_by` still decides whether a header field prints its note or "(unconfirmed)".
    """
    named = [r.id for r in uses.refs] + list(header_refs(uses.brief))
    facts = {f.id: f for f in uses.selection.facts}
    facts |= {i: catalog.facts[i] for i in named if i in catalog.facts}
    quotes = {q.id: q for q in uses.selection.quotes}
    quotes |= {i: catalog.quotes[i] for i in named if i in catalog.quotes}
    sources = {sid: catalog.sources[sid] for sid in uses.sources}
    series = {c.id: c for c in uses.selection.charts}
    return Catalog(catalog.topics, sources, facts, quotes, catalog.path, series=series)


def select_charts(brief: Brief, catalog: Catalog, topic_keys: Iterable[str]) -> list[Series]:
    """Return the series a brief draws, each cut to the points it could know by its as_of.

    `charts:` names them, in order; without it an issue brief takes the series on its
    topics, best-ranked first, as it takes facts. A series with no point left is not drawn.
    """
    if brief.charts is not None:
        chosen = [catalog.series[i] for i in dict.fromkeys(brief.charts) if i in catalog.series]
    elif brief.kind == "issue":
        chosen = sorted(tagged_series(topic_keys, catalog), key=ranking(brief))
    else:
        chosen = []
    out = []
    day = meeting_day(brief)
    for s in chosen:
        points = known_points(s, catalog, brief.as_of, day)
        if points:
            out.append(s if points == s.points else dataclasses.replace(s, points=points))
    return out
