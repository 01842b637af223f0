"""Footnotes: numbered by first use, one number per source, and the note text for each."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TypeVar

from ..catalog.query import resolve_topics, sources_of, sources_of_series
from ..model import (
    MARK_CLOSE,
    MARK_OPEN,
    MARK_RE,
    REF_RE,
    Catalog,
    Document,
    Entry,
    Fact,
    Note,
    Quote,
    Selection,
    Source,
    Uses,
)
from .when import (
    dated_fact,
    dated_points,
    dated_quote,
    header_date_inferred,
    header_sources,
    participant_sources,
    published_of,
)

_CALL_RE = re.compile(r"[ \t]*" + REF_RE.pattern)  # a note call hugs the word before it
# The one rule for where a note call stands: after the punctuation that follows it (a period,
# a comma, a closing quote mark), as it does after a fact's closing period, in every format.
_CALL_THEN_STOP = re.compile(f'({MARK_RE.pattern})([”’"]*[.,;:!?]+[”’"]*|[”’"]+)')


class _Numbering:
    def __init__(self, uses: Uses) -> None:
        self.cited = uses.cited
        self.numbers: dict[str, int] = {}

    def number(self, source_ids: Iterable[str]) -> tuple[int, ...]:
        out = []
        for sid in source_ids:
            if sid not in self.numbers:
                self.numbers[sid] = len(self.numbers) + 1
            out.append(self.numbers[sid])
        return tuple(dict.fromkeys(out))

    def markup(self, text: str) -> str:
        def swap(match: re.Match[str]) -> str:
            sids = self.cited.get(match.group(1))
            if not sids:
                return match.group(0)  # check reports it; the reader still sees the ref
            return f"{MARK_OPEN}{','.join(map(str, self.number(sids)))}{MARK_CLOSE}"

        # Adjacent refs read as one call: "[@a][@b]" -> one mark with both numbers.
        marked = _CALL_RE.sub(swap, text)
        pair = re.compile(f"{MARK_CLOSE}\\s*{MARK_OPEN}")
        merged = pair.sub(",", marked)
        # Two refs to items of the same source make one number, not "1,1".
        once = MARK_RE.sub(
            lambda m: f"{MARK_OPEN}{','.join(dict.fromkeys(m.group(1).split(',')))}{MARK_CLOSE}",
            merged,
        )
        return _CALL_THEN_STOP.sub(lambda m: m.group(3) + m.group(1), once)


_I = TypeVar("_I", Fact, Quote)


def reading_order(facts: Iterable[_I], selection: Selection) -> list[_I]:
    """Order facts as the page shows them: the brief's picks, then topic matches.

    Within each, by priority and then newest first, so that dates never jump about in one
    priority; a brief that ranks recent first reads its topic matches newest first, its
    quotes too. The author's order of picks still decides what is left out first
    (plan.select.drop_order).
    """
    explicit = selection.explicit
    if selection.recent_from is not None:
        # A brief that ranks recent first (a generated one) ranks only to choose: its
        # topic matches are read newest first, so that the dates the reader scans never
        # jump back and forth (a 2023 item between 2025 ones).
        return sorted(facts, key=lambda f: (f.id not in explicit, -f.date.toordinal(), f.id))
    return sorted(
        facts,
        key=lambda f: (f.id not in explicit, f.priority, -f.date.toordinal()),
    )


def embargo_of(sources: Iterable[Source], on: dt.date) -> dt.datetime | None:
    """Return the latest embargo still in force at the start of day `on`, if any."""
    live = [
        s.embargo_until
        for s in sources
        if s.embargo_until is not None
        and s.embargo_until > dt.datetime.combine(on, dt.time(), s.embargo_until.tzinfo)
    ]
    return max(live) if live else None


def cite(uses: Uses, catalog: Catalog, left_out: tuple[str, ...] = ()) -> Document:
    """Turn what a brief uses, less `left_out`, into a Document with notes numbered by first use.

    `catalog` gives the topics and sources: the whole catalog, or the brief's part of it.
    """
    brief = uses.brief
    selection = uses.selection.without(set(left_out)) if left_out else uses.selection
    numbering = _Numbering(uses)
    # The header is read first: the sources backing its date, place and participants are
    # numbered before anything else, so the reader sees where they come from.
    backing = header_sources(brief, catalog)
    header = {name: numbering.number(sids) for name, sids in backing.items() if sids}
    unconfirmed = tuple(name for name, sids in backing.items() if not sids)
    date_inferred = header_date_inferred(brief, catalog)
    # Each participant's notes follow their name; what backs the list as a whole, its label.
    each, whole = participant_sources(brief, catalog)
    people = tuple(numbering.number(sids) for sids in each)
    if "participants" in header:
        header["participants"] = numbering.number(whole)
    summary = numbering.markup(brief.summary)
    # Charts stand between the bottom line and the facts, and are numbered there.
    charts = tuple(
        Entry(
            dated_points(c, brief),
            numbering.number(sources_of_series(c)),
            c.id in selection.explicit,
        )
        for c in selection.charts
    )
    facts = tuple(
        dated_fact(
            Entry(
                f, numbering.number(sources_of(f)), f.id in selection.explicit, selection.is_new(f)
            ),
            brief,
            published_of(f, catalog),
        )
        for f in reading_order(selection.facts, selection)
    )
    quotes = tuple(
        dated_quote(
            Entry(
                q, numbering.number(sources_of(q)), q.id in selection.explicit, selection.is_new(q)
            ),
            brief,
        )
        for q in (
            reading_order(selection.quotes, selection)
            if selection.recent_from is not None
            else selection.quotes
        )
    )
    points = tuple(numbering.markup(p) for p in brief.talking_points)
    cited = [catalog.facts.get(r.id) or catalog.quotes.get(r.id) for r in uses.refs]
    dates = [e.item.date for e in (*facts, *quotes)]
    dates += [i.date for i in cited if i is not None and i.date <= brief.as_of]
    notes = tuple(Note(n, catalog.sources[sid]) for sid, n in numbering.numbers.items())
    embargo = embargo_of((n.source for n in notes), brief.date)
    topics = tuple(catalog.topics[k] for k in resolve_topics(brief.topics, catalog))
    return Document(
        brief=brief,
        topics=topics,
        summary=summary,
        facts=facts,
        quotes=quotes,
        talking_points=points,
        notes=notes,
        embargo=embargo,
        embargo_inferred=any(
            n.source.embargo_until == embargo and n.source.date_worked_out for n in notes
        ),
        left_out=left_out,
        charts=charts,
        header_notes=header,
        unconfirmed=unconfirmed,
        date_inferred=date_inferred,
        participant_notes=people,
        newest=max(dates, default=None),
    )
