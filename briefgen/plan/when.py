"""When each thing on a page was true, said where the reader reads it (editorial rule 13).

Pure decisions a Document carries to every renderer alike: which items lead with their date
(older than the brief's window, or an expectation whose day has passed), the words of an
expired expectation put in the past, the years and dates worked out from a source's date
marked as such, chart points dated beside their labels, and what backs the header.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..catalog.query import meeting_day, ref_sources, source_known
from ..expectations import in_the_past
from ..model import HEADER_FIELDS, Brief, Catalog, Entry, Fact, Quote, Series
from ..prose import numbers_in
from ..timewords import mark_inferred, unbacked_dates


def window_start(brief: Brief) -> dt.date:
    """Return the first day an item counts as current in a brief."""
    return brief.as_of - dt.timedelta(days=brief.window)


def is_old(day: dt.date, brief: Brief) -> bool:
    """Tell whether a day falls before a brief's window."""
    return day < window_start(brief)


# Said after an expectation past its day when no item known by the brief's as_of reports
# its outcome (a generated brief's `unreported`): the reader must not infer that it happened.
UNREPORTED = "No source in the catalog reports whether it took place."


def expired(item: Fact | Quote, brief: Brief) -> bool:
    """Tell whether the event an item expects is past by the brief's as_of."""
    return item.expected is not None and brief.as_of > item.expected


def backed_numbers(fact: Fact) -> set[str]:
    """Return the numbers the fact's evidence gives."""
    found: set[str] = set()
    for c in fact.cite:
        found |= numbers_in(c.evidence)
    return found


def shown_text(fact: Fact, brief: Brief) -> tuple[str, bool]:
    """Return a fact's words as a brief shows them, and whether its own date was worked out.

    An expectation past its day is put in the past (check refuses one it cannot turn); a
    year or date worked out from the source's date is marked "(year inferred)"; with an
    `inferred` note and nothing so marked, it is the fact's own date that was worked out.
    """
    text = fact.text
    if expired(fact, brief):
        text = in_the_past(text) or text
    text, date_inferred = marked(fact, text)
    if fact.id in brief.unreported:
        text = f"{text} {UNREPORTED}"
    return text, date_inferred


def marked(fact: Fact, text: str | None = None) -> tuple[str, bool]:
    """Return a fact's words with each date worked out marked, and whether its own date was.

    With an `inferred` note, a year or date the evidence does not give is marked "(year
    inferred)" or "(date inferred)" beside it; with nothing so marked, the note is about
    the fact's own date.
    """
    text = fact.text if text is None else text
    if not fact.inferred:
        return text, False
    marks = unbacked_dates(text, backed_numbers(fact))
    return mark_inferred(text, marks), not marks


def dated_fact(entry: Entry, brief: Brief) -> Entry:
    """Date a fact's entry: its date first when old or expired, its words past and marked."""
    fact = entry.item
    assert isinstance(fact, Fact)
    text, date_inferred = shown_text(fact, brief)
    lead = fact.date if expired(fact, brief) or is_old(fact.date, brief) else None
    return dataclasses.replace(
        entry,
        lead=lead,
        text=text if text != fact.text else "",
        date_inferred=date_inferred,
    )


def dated_quote(entry: Entry, brief: Brief) -> Entry:
    """Date a quote's entry: the event it expected, once past; its date, if worked out."""
    quote = entry.item
    assert isinstance(quote, Quote)
    return dataclasses.replace(
        entry,
        ahead_of=quote.expected if expired(quote, brief) else None,
        date_inferred=bool(quote.inferred),
    )


def dated_points(series: Series, brief: Brief) -> Series:
    """Date each point older than the window whose label does not give its year."""
    points = []
    for p in series.points:
        if p.date is not None and is_old(p.date, brief) and str(p.date.year) not in p.label:
            p = dataclasses.replace(p, label=f"{p.label} ({p.date:%b} {p.date.year})")
        points.append(p)
    return dataclasses.replace(series, points=tuple(points))


def header_sources(brief: Brief, catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Return, for each header field the brief shows, the sources known by as_of backing it.

    A field is shown when the brief has it (its date always; a place and participants when
    given) and only meeting and readout briefs have a header to back. An empty tuple means
    that nothing known by as_of backs it: the page prints it as unconfirmed.
    """
    if brief.kind not in ("meeting", "readout"):
        return {}
    shown = {
        "date": True,
        "location": bool(brief.location),
        "participants": bool(brief.participants),
    }
    sourcing = brief.sourced_by
    day = meeting_day(brief)
    out: dict[str, tuple[str, ...]] = {}
    for name in HEADER_FIELDS:
        if not shown[name]:
            continue
        ids = getattr(sourcing, name) if sourcing is not None else ()
        found: list[str] = []
        for ref in ids:
            item = catalog.facts.get(ref) or catalog.quotes.get(ref)
            if item is not None and item.date > brief.as_of:
                continue
            sids = ref_sources(ref, catalog) or ()
            sources = [catalog.sources[s] for s in sids if s in catalog.sources]
            if sources and all(source_known(s, brief.as_of, day) for s in sources):
                found += [s.id for s in sources]
        out[name] = tuple(dict.fromkeys(found))
    return out
