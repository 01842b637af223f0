"""What the catalog holds for an item, a name, a topic or a date: pure lookups every stage asks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..model import Brief, Catalog, Fact, Item, Point, Series, Source

# A preparation brief whose as_of is its meeting's day: that day, and the moment the meeting
# begins (None when the brief does not say): a source of that day is known only if it was
# published before that moment.
MeetingDay = tuple[dt.date, dt.datetime | None]


def sources_of(item: Item) -> tuple[str, ...]:
    """Return the ids of the sources an item rests on, in citation order."""
    if isinstance(item, Fact):
        return tuple(dict.fromkeys(c.source for c in item.cite))
    return (item.source,)


def source_words(item: Item) -> list[str]:
    """Return the source's own words an item rests on: a fact's evidence, a quote's words."""
    return [c.evidence for c in item.cite] if isinstance(item, Fact) else [item.text]


def header_refs(brief: Brief) -> tuple[str, ...]:
    """Return the ids `sourced_by` names for a brief's date, place and participants, once each."""
    s = brief.sourced_by
    return tuple(dict.fromkeys((*s.date, *s.location, *s.participants))) if s else ()


def sources_of_series(series: Series) -> tuple[str, ...]:
    """Return the ids of the sources a series rests on, in point order."""
    return tuple(dict.fromkeys(p.cite.source for p in series.points))


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


def meeting_day(brief: Brief) -> MeetingDay | None:
    """Return a preparation brief's meeting day and start when its as_of reaches that day."""
    if brief.kind != "meeting" or brief.as_of < brief.date:
        return None
    return brief.date, brief.starts_at


def source_known(source: Source, as_of: dt.date, meeting: MeetingDay | None = None) -> bool:
    """Tell whether a source was out by `as_of` (and, on a meeting's day, before it began)."""
    if source.published > as_of:
        return False
    if meeting is not None and source.published >= meeting[0]:
        start = meeting[1]
        return start is not None and source.published_at is not None and source.published_at < start
    return True


def known_by(
    item: Item, catalog: Catalog, as_of: dt.date, meeting: MeetingDay | None = None
) -> bool:
    """Tell whether an item, and every source it rests on, existed on `as_of`."""
    if item.date > as_of:
        return False
    for sid in sources_of(item):
        source = catalog.sources.get(sid)
        if source is None or not source_known(source, as_of, meeting):
            return False
    return True


def known_points(
    series: Series, catalog: Catalog, as_of: dt.date, meeting: MeetingDay | None = None
) -> tuple[Point, ...]:
    """Return the points a brief cut off at `as_of` could know: dated and published by then."""
    out = []
    for p in series.points:
        source = catalog.sources.get(p.cite.source)
        if source is None or not source_known(source, as_of, meeting):
            continue
        if p.date is not None and p.date > as_of:
            continue
        out.append(p)
    return tuple(out)


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


def tagged_series(keys: Iterable[str], catalog: Catalog) -> list[Series]:
    """Return the series tagged with any of the topic keys, in catalog order."""
    wanted = set(keys)
    return [s for s in catalog.series.values() if wanted & set(s.topics)]
