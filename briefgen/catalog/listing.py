"""What `briefgen list` finds: the catalog's records filtered, and each as a plain JSON record.

Pure functions of a loaded Catalog (and the briefs): the CLI checks the names given (topic,
source, dates) and prints. The JSON records are a documented, stable shape (README, "Finding
what the catalog holds"): keys are only ever added, never renamed or removed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Brief, Catalog, Fact, Quote, Source, Topic
from .query import resolve_topics
from .snapshots import normalize

# The version of the JSON shape `list --json` prints; bumped only if a key ever had to change.
SHAPE = 1


@dataclass(frozen=True)
class Filters:
    """What to keep: every filter given must hold (None: any)."""

    topic: str | None = None  # a topic key, aliases already resolved
    source: str | None = None  # a source id
    speaker: str | None = None  # words of a quote's speaker or a fact's claimant
    since: dt.date | None = None  # dated on or after
    until: dt.date | None = None  # dated on or before
    search: str | None = None  # words all found in the text, case and accents aside

    def as_json(self) -> dict[str, Any]:
        """Return the filters given, for the JSON's `filters`."""
        out: dict[str, Any] = {}
        for name in ("topic", "source", "speaker", "since", "until", "search"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value.isoformat() if isinstance(value, dt.date) else value
        return out


def fold(text: str) -> str:
    """Fold text for searching: case, accents and quote-mark style aside.

    Words are looked for one by one, so spacing needs no folding; plain ASCII text (most
    of a catalog) needs only its case folded, which keeps a search of 100,000 facts quick.
    """
    text = text.casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", normalize(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str | None) -> tuple[str, ...]:
    return tuple(fold(text).split()) if text else ()


def _dated(day: dt.date, f: Filters) -> bool:
    return (f.since is None or day >= f.since) and (f.until is None or day <= f.until)


def _newest_first(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda i: (-i.date.toordinal(), i.id))


def _pool(table: Mapping[str, Any], catalog: Catalog, f: Filters) -> Iterable[Any]:
    if f.topic is None:
        return table.values()
    # The catalog's index of ids by topic: a topic filter never walks the whole catalog.
    return (table[i] for i in catalog.tagged.get(f.topic, ()) if i in table)


def facts(catalog: Catalog, f: Filters) -> list[Fact]:
    """Return the facts that pass every filter, newest first."""
    search, speaker = _words(f.search), fold(f.speaker) if f.speaker else None
    out = []
    for fact in _pool(catalog.facts, catalog, f):
        if not _dated(fact.date, f):
            continue
        if f.source is not None and all(c.source != f.source for c in fact.cite):
            continue
        if speaker is not None and speaker not in fold(fact.claimed_by or ""):
            continue
        if search and not _has_all(fact.text, search):
            continue
        out.append(fact)
    return _newest_first(out)


def quotes(catalog: Catalog, f: Filters) -> list[Quote]:
    """Return the quotes that pass every filter, newest first."""
    search, speaker = _words(f.search), fold(f.speaker) if f.speaker else None
    out = []
    for quote in _pool(catalog.quotes, catalog, f):
        if not _dated(quote.date, f):
            continue
        if f.source is not None and quote.source != f.source:
            continue
        if speaker is not None and speaker not in fold(quote.speaker):
            continue
        if search and not _has_all(quote.text, search):
            continue
        out.append(quote)
    return _newest_first(out)


def _has_all(text: str, words: Sequence[str]) -> bool:
    folded = fold(text)
    return all(w in folded for w in words)


def briefs(all_briefs: Iterable[Brief], catalog: Catalog, f: Filters) -> list[Brief]:
    """Return the briefs that pass the filters (topic, dates, words of the title)."""
    search = _words(f.search)
    out = [
        b
        for b in all_briefs
        if _dated(b.date, f)
        and (f.topic is None or f.topic in resolve_topics(b.topics, catalog))
        and (not search or _has_all(b.title, search))
    ]
    return sorted(out, key=lambda b: (b.date, b.id), reverse=True)


def sources(catalog: Catalog, f: Filters) -> list[Source]:
    """Return the sources that pass the filters (publication dates, words of title or name)."""
    search = _words(f.search)
    out = [
        s
        for s in catalog.sources.values()
        if _dated(s.published, f) and (not search or _has_all(f"{s.title} {s.publisher}", search))
    ]
    return sorted(out, key=lambda s: (s.published, s.id))


def topics(catalog: Catalog, f: Filters) -> list[Topic]:
    """Return the topics whose key, label or aliases hold the words searched for."""
    search = _words(f.search)
    return [
        t
        for t in catalog.topics.values()
        if not search or _has_all(" ".join((t.key, t.label, *t.aliases)), search)
    ]


# -- the JSON records ----------------------------------------------------------------------


def _where(record: Any) -> str:
    return f"{record.loc.path}:{record.loc.line}"


def fact_json(fact: Fact) -> dict[str, Any]:
    """Return a fact as `list facts --json` prints it."""
    return {
        "id": fact.id,
        "date": fact.date.isoformat(),
        "claimed_by": fact.claimed_by,
        "text": fact.text,
        "topics": list(fact.topics),
        "priority": fact.priority,
        "sources": list(dict.fromkeys(c.source for c in fact.cite)),
        "where": _where(fact),
    }


def quote_json(quote: Quote) -> dict[str, Any]:
    """Return a quote as `list quotes --json` prints it."""
    return {
        "id": quote.id,
        "date": quote.date.isoformat(),
        "speaker": quote.speaker,
        "role": quote.role,
        "text": quote.text,
        "context": quote.context or None,
        "topics": list(quote.topics),
        "priority": quote.priority,
        "source": quote.source,
        "said_in": quote.said_in,
        "translated_by": quote.translated_by,
        "where": _where(quote),
    }


def brief_json(brief: Brief) -> dict[str, Any]:
    """Return a brief as `list briefs --json` prints it."""
    return {
        "id": brief.id,
        "date": brief.date.isoformat(),
        "kind": brief.kind,
        "title": brief.title,
        "as_of": brief.as_of.isoformat(),
        "topics": list(brief.topics),
        "where": brief.loc.path,
    }


def topic_json(topic: Topic) -> dict[str, Any]:
    """Return a topic as `list topics --json` prints it."""
    return {"key": topic.key, "label": topic.label, "aliases": list(topic.aliases)}


def source_json(source: Source) -> dict[str, Any]:
    """Return a source as `list sources --json` prints it."""
    return {
        "id": source.id,
        "published": source.published.isoformat(),
        "publisher": source.publisher,
        "title": source.title,
        "author": source.author,
        "kind": source.kind,
        "reliability": source.reliability,
        "url": source.url,
        "archive": source.archive,
        "original": source.original,
        "sha256": source.sha256,
        "excerpt": source.excerpt,
        "where": _where(source),
    }
