"""When each thing on a page was true, said where the reader reads it (editorial rule 13).

Pure decisions a Document carries to every renderer alike: which items lead with their date
(older than the brief's window, or an expectation whose day has passed), the words of an
expired expectation put in the past, the years and dates worked out from a source's date
marked as such, chart points dated beside their labels, and what backs the header.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from ..catalog.query import meeting_day, ref_sources, source_known, source_words
from ..expectations import in_the_past
from ..model import HEADER_FIELDS, Brief, Catalog, Entry, Fact, Quote, Series
from ..prose import names_person, numbers_in
from ..timewords import days_named, mark_inferred, month_days, unbacked_dates


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


def published_of(fact: Fact, catalog: Catalog) -> tuple[dt.date, ...]:
    """Return the publication dates the sources a fact cites print.

    A date worked out for an undated source (its `date_note`) is not one: a fact dated that
    day was dated by the same working out, and says so.
    """
    sources = (catalog.sources.get(c.source) for c in fact.cite)
    return tuple(s.published for s in sources if s is not None and not s.date_worked_out)


def shown_text(fact: Fact, brief: Brief, published: Iterable[dt.date] = ()) -> tuple[str, bool]:
    """Return a fact's words as a brief shows them, and whether its own date was worked out.

    An expectation past its day is put in the past (check refuses one it cannot turn); a
    year or date worked out from the source's date is marked "(year inferred)" (marked).
    """
    text = fact.text
    if expired(fact, brief):
        text = in_the_past(text) or text
    text, date_inferred = marked(fact, text, published)
    if fact.id in brief.unreported:
        text = f"{text} {UNREPORTED}"
    return text, date_inferred


def marked(
    fact: Fact, text: str | None = None, published: Iterable[dt.date] = ()
) -> tuple[str, bool]:
    """Return a fact's words with each date worked out marked, and whether its own date was.

    With an `inferred` note, a year or date the evidence does not give is marked "(year
    inferred)" or "(date inferred)" beside it. The fact's own date was worked out too unless
    its words name that day, or, when they mark a date of their own, unless it is the day
    its source was published, as the source prints it (the note is then about the words'
    date alone).
    """
    text = fact.text if text is None else text
    if not fact.inferred:
        return text, False
    marks = unbacked_dates(text, backed_numbers(fact), " ".join(source_words(fact)))
    own = fact.date not in days_named(text) and (not marks or fact.date not in set(published))
    return mark_inferred(text, marks), own


def dated_fact(entry: Entry, brief: Brief, published: Iterable[dt.date] = ()) -> Entry:
    """Date a fact's entry: its date first when old or expired, its words past and marked."""
    fact = entry.item
    assert isinstance(fact, Fact)
    text, date_inferred = shown_text(fact, brief, published)
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


def _known_refs(brief: Brief, catalog: Catalog, name: str) -> list[tuple[str, tuple[str, ...]]]:
    """Return the refs backing a header field known by as_of, each with its sources."""
    sourcing = brief.sourced_by
    ids = getattr(sourcing, name) if sourcing is not None else ()
    day = meeting_day(brief)
    out = []
    for ref in ids:
        item = catalog.facts.get(ref) or catalog.quotes.get(ref)
        if item is not None and item.date > brief.as_of:
            continue
        sids = ref_sources(ref, catalog) or ()
        sources = [catalog.sources[s] for s in sids if s in catalog.sources]
        if sources and all(source_known(s, brief.as_of, day) for s in sources):
            out.append((ref, tuple(s.id for s in sources)))
    return out


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
    out: dict[str, tuple[str, ...]] = {}
    for name in HEADER_FIELDS:
        if shown[name]:
            found = [sid for _, sids in _known_refs(brief, catalog, name) for sid in sids]
            out[name] = tuple(dict.fromkeys(found))
    return out


def header_date_inferred(brief: Brief, catalog: Catalog) -> str:
    """Say what of a meeting's date was worked out from what backs it: "" when nothing was.

    Stated when a fact or quote backing it gives the month and day in its source's own words
    (its evidence: "tomorrow, Tuesday, July 12") and the year is there too, or is the year of
    a source that prints its date; or when a source backs it whole. "year inferred" when the
    month and day are stated but the year comes only from a date worked out for an undated
    source. "date inferred" when each gives only a weekday or a count of days ("on
    Wednesday", "six days before"), as its `inferred:` note says. A date nothing backs is
    unconfirmed, not inferred.
    """
    refs = _known_refs(brief, catalog, "date")
    if not refs:
        return ""
    year_only = False
    for ref, _ in refs:
        if ref in catalog.sources:
            return ""
        item = catalog.facts.get(ref) or catalog.quotes.get(ref)
        if item is None or not item.inferred:
            return ""
        words = source_words(item)
        if not any((brief.date.month, brief.date.day) in month_days(w) for w in words):
            continue
        sources = [
            catalog.sources[s] for s in ref_sources(ref, catalog) or () if s in catalog.sources
        ]
        year_stated = any(str(brief.date.year) in w for w in words)
        if year_stated or not all(s.date_worked_out for s in sources):
            return ""
        year_only = True
    return "year inferred" if year_only else "date inferred"


def participant_sources(
    brief: Brief, catalog: Catalog
) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """Return the sources that back each participant by name, and those that back the list.

    A ref backs the participants its words name (a fact's text and evidence, a quote's
    speaker and words, a source's title and the evidence quoted from it), so that its note
    mark stands after the name it supports; one that names none of them backs the list as a
    whole, and its mark stands after the label, as do notes that back every name alike.
    """
    each: list[list[str]] = [[] for _ in brief.participants]
    whole: list[str] = []
    if brief.kind not in ("meeting", "readout"):
        return (), ()
    for ref, sids in _known_refs(brief, catalog, "participants"):
        words = _words_of(ref, catalog)
        named = [i for i, p in enumerate(brief.participants) if names_person(words, p.person)]
        for i in named:
            each[i] += sids
        if not named:
            whole += sids
    by_name = tuple(tuple(dict.fromkeys(e)) for e in each)
    if len(by_name) > 1 and len(set(by_name)) == 1:
        # The same notes behind every name back the list: said once, after its label.
        return tuple(() for _ in by_name), tuple(dict.fromkeys([*whole, *by_name[0]]))
    return by_name, tuple(dict.fromkeys(whole))


def _words_of(ref: str, catalog: Catalog) -> str:
    """Return the words a ref gives of its own: what it may be read to name."""
    if (fact := catalog.facts.get(ref)) is not None:
        return "\n".join([fact.text, *(c.evidence for c in fact.cite)])
    if (quote := catalog.quotes.get(ref)) is not None:
        return "\n".join([quote.speaker, quote.role, quote.text, quote.context])
    source = catalog.sources.get(ref)
    if source is None:
        return ""
    quoted = [c.evidence for f in catalog.facts.values() for c in f.cite if c.source == ref]
    quoted += [q.text for q in catalog.quotes.values() if q.source == ref]
    return "\n".join([source.title, source.author or "", *quoted])
