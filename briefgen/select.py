"""Choose what goes into a brief and in what order: pure functions of the brief and catalog."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .model import Brief, Catalog, Fact, Quote, Series
from .series import select_charts, sources_of_series, tagged_series

Item = Fact | Quote

# [@fact-id] in a summary or talking point cites that fact's sources (or a source's, or a
# series' by its id).
REF_RE = re.compile(r"\[@([a-z0-9]+(?:-[a-z0-9]+)*)\]")


@dataclass(frozen=True, slots=True)
class Selection:
    """The facts, quotes and charts of a brief, best first, and which were picked by name."""

    facts: tuple[Fact, ...]
    quotes: tuple[Quote, ...]
    explicit: frozenset[str]
    charts: tuple[Series, ...] = ()  # each cut to the points known by the brief's as_of
    since: dt.date | None = None  # the brief's `since`: items dated after it are new

    def is_new(self, item: Item | Series) -> bool:
        """Tell whether an item is dated after the brief's `since`."""
        return self.since is not None and item.date > self.since

    def items(self) -> list[Item]:
        """Return the facts, then the quotes."""
        return [*self.facts, *self.quotes]

    def without(self, ids: set[str]) -> Selection:
        """Return this selection less the named items."""
        return replace(
            self,
            facts=tuple(f for f in self.facts if f.id not in ids),
            quotes=tuple(q for q in self.quotes if q.id not in ids),
            charts=tuple(c for c in self.charts if c.id not in ids),
        )


def sources_of(item: Item) -> tuple[str, ...]:
    """Return the ids of the sources an item rests on, in citation order."""
    if isinstance(item, Fact):
        return tuple(dict.fromkeys(c.source for c in item.cite))
    return (item.source,)


def ref_sources(ref: str, catalog: Catalog) -> tuple[str, ...] | None:
    """Return the source ids a [@ref] stands for, or None when it names nothing."""
    if ref in catalog.facts:
        return sources_of(catalog.facts[ref])
    if ref in catalog.quotes:
        return sources_of(catalog.quotes[ref])
    if ref in catalog.sources:
        return (ref,)
    if ref in catalog.series:
        return sources_of_series(catalog.series[ref])
    return None


def known_by(item: Item, catalog: Catalog, as_of: dt.date) -> bool:
    """Tell whether an item, and every source it rests on, existed on `as_of`."""
    if item.date > as_of:
        return False
    for sid in sources_of(item):
        source = catalog.sources.get(sid)
        if source is None or source.published > as_of:
            return False
    return True


def resolve_topics(names: tuple[str, ...], catalog: Catalog) -> tuple[str, ...]:
    """Map topic keys and aliases to keys, dropping the unknown (check reports them)."""
    keys = (catalog.topic_key(n) for n in names)
    return tuple(dict.fromkeys(k for k in keys if k is not None))


def tagged_with(keys: tuple[str, ...], catalog: Catalog) -> set[str]:
    """Return the ids of the facts and quotes tagged with any of the topic keys."""
    ids: set[str] = set()
    for key in keys:
        ids.update(catalog.tagged.get(key, ()))
    return ids


def _rank(item: Item | Series) -> tuple[int, int, str]:
    # Priority first, then the most recent, then id so that ties never depend on file order.
    return (item.priority, -item.date.toordinal(), item.id)


def select(brief: Brief, catalog: Catalog) -> Selection:
    """Return explicit picks in their order, then topic matches by priority and recency."""
    as_of = brief.as_of
    facts = [catalog.facts[i] for i in dict.fromkeys(brief.facts) if i in catalog.facts]
    quotes = [catalog.quotes[i] for i in dict.fromkeys(brief.quotes) if i in catalog.quotes]
    facts = [f for f in facts if known_by(f, catalog, as_of)]
    quotes = [q for q in quotes if known_by(q, catalog, as_of)]
    explicit = frozenset([f.id for f in facts] + [q.id for q in quotes])
    fill_facts: list[Fact] = []
    fill_quotes: list[Quote] = []
    for item_id in tagged_with(resolve_topics(brief.topics, catalog), catalog):
        if item_id in explicit or item_id in brief.lead:
            continue
        fact = catalog.facts.get(item_id)
        if fact is not None:
            if known_by(fact, catalog, as_of):
                fill_facts.append(fact)
            continue
        quote = catalog.quotes.get(item_id)
        if quote is not None and known_by(quote, catalog, as_of):
            fill_quotes.append(quote)
    facts += sorted(fill_facts, key=_rank)
    quotes += sorted(fill_quotes, key=_rank)
    charts = select_charts(brief, catalog, resolve_topics(brief.topics, catalog))
    if brief.charts is not None:
        explicit |= {c.id for c in charts}
    return Selection(tuple(facts), tuple(quotes), explicit, tuple(charts), brief.since)


def drop_order(selection: Selection) -> list[Item | Series]:
    """Return the items that may be left out to fit the page, the first to go first.

    Topic matches go before explicit picks, the lowest-ranked first; explicit picks go from
    the end of the author's list; an explicit priority-1 pick is never offered. With a
    `since`, an old item goes before a new one of the same priority.
    """
    everything: list[Item | Series] = [*selection.items(), *selection.charts]
    new = selection.is_new
    fills = [i for i in everything if i.id not in selection.explicit]
    fills.sort(key=lambda i: (i.priority, not new(i), *_rank(i)[1:]), reverse=True)
    picks = [i for i in everything if i.id in selection.explicit and i.priority != 1]
    # The last pick in the author's order, and the lower priority, is the one to go first.
    order = {item.id: n for n, item in enumerate(everything)}
    picks.sort(key=lambda i: (-i.priority, new(i), -order[i.id]))
    return fills + picks


@dataclass(frozen=True, slots=True)
class Ref:
    """A [@id] in a brief's prose, and where: field "summary" or "talking_points", and index."""

    id: str
    field: str
    index: int


@dataclass(frozen=True, slots=True)
class Uses:
    """Everything a brief uses from the catalog, worked out once by `resolve`."""

    brief: Brief
    selection: Selection
    refs: tuple[Ref, ...]  # every [@id] in its summary and talking points, in reading order
    cited: Mapping[str, tuple[str, ...]]  # each ref that names something -> its source ids
    sources: tuple[str, ...]  # the sources behind the selection and the refs, sorted

    def reach(self, catalog: Catalog) -> set[str]:
        """Return every id the brief reaches for before the as_of cut, and their sources.

        Its picks, its topics' items and its refs: an error in any of them holds the brief
        back, even one the cut would drop. Worked out only when there are errors to place.
        """
        brief = self.brief
        keys = set(resolve_topics(brief.topics, catalog))
        reach = {*brief.facts, *brief.quotes, *(r.id for r in self.refs), *(brief.charts or ())}
        reach |= tagged_with(tuple(keys), catalog)
        charted = [catalog.series[i] for i in brief.charts or () if i in catalog.series]
        if brief.charts is None and brief.kind == "issue":
            charted = tagged_series(keys, catalog)
        reach |= {c.id for c in charted}
        reach |= {sid for c in charted for sid in sources_of_series(c)}
        reach |= {rid for rid, ts in catalog.invalid.items() if "*" in ts or keys & set(ts)}
        items = [catalog.facts.get(s) or catalog.quotes.get(s) for s in reach]
        reach |= {sid for i in items if i is not None for sid in sources_of(i)}
        return reach

    def part(self, catalog: Catalog) -> Catalog:
        """Return just the part of `catalog` this brief touches, for rendering it alone."""
        facts = {f.id: f for f in self.selection.facts}
        facts |= {r.id: catalog.facts[r.id] for r in self.refs if r.id in catalog.facts}
        quotes = {q.id: q for q in self.selection.quotes}
        quotes |= {r.id: catalog.quotes[r.id] for r in self.refs if r.id in catalog.quotes}
        sources = {sid: catalog.sources[sid] for sid in self.sources}
        series = {c.id: c for c in self.selection.charts}
        return Catalog(catalog.topics, sources, facts, quotes, catalog.path, series=series)


def prose_refs(brief: Brief) -> tuple[Ref, ...]:
    """Return every [@id] in a brief's summary and talking points, in reading order."""
    texts = [("summary", 0, brief.summary)]
    texts += [("talking_points", i, t) for i, t in enumerate(brief.talking_points)]
    return tuple(Ref(rid, key, i) for key, i, text in texts for rid in REF_RE.findall(text))


def resolve(brief: Brief, catalog: Catalog) -> Uses:
    """Work out everything a brief uses: its selection, the ids its prose cites, its sources."""
    selection = select(brief, catalog)
    refs = prose_refs(brief)
    cited = {r.id: s for r in refs if (s := ref_sources(r.id, catalog)) is not None}
    source_ids = {sid for i in selection.items() for sid in sources_of(i)}
    source_ids |= {sid for sids in cited.values() for sid in sids}
    source_ids |= {sid for c in selection.charts for sid in sources_of_series(c)}
    source_ids &= set(catalog.sources)
    return Uses(brief, selection, refs, cited, tuple(sorted(source_ids)))
