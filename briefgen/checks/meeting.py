"""Editorial rule 14: a preparation brief sees nothing from the meeting; its header is sourced.

A preparation brief (kind: meeting) is written before its meeting: its as_of comes before
the meeting day, or is that day only when `starts_at` says when the meeting begins and each
source of that day says, by `published_at`, that it came out before. No fix of a finding
here sends the author to move as_of to or past the meeting. The header's date, place and
participants are content too, backed by sources the brief could know (`sourced_by`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from ..catalog.query import meeting_day, ref_sources, source_known
from ..dates import long_date
from ..errors import Finding
from ..model import HEADER_FIELDS, Brief, Catalog, Loc, Source, Uses
from .findings import did_you_mean, error, warning


def as_of_fix(b: Brief, latest: dt.date | None = None, drop: str = "drop the pick") -> str:
    """Say how to make a preparation brief's pick fit its cut-off, never past the meeting.

    `latest` is the day the pick became known (its date, or its sources' publication): when
    that is before the meeting, as_of may move up to it; otherwise the pick must go.
    """
    if latest is not None and latest < b.date:
        return (
            f"{drop}, or move as_of to {latest} (a preparation brief's as_of stays "
            f"before its meeting on {b.date})"
        )
    return (
        f"{drop}: a preparation brief uses only what was published before its meeting on {b.date}"
    )


def meeting_rules(uses: Uses, catalog: Catalog) -> Iterator[Finding]:
    """Check a brief's meeting dates and the sources behind its header."""
    b = uses.brief
    as_of = b.locs.get("as_of", b.loc)
    if b.date == dt.date.max:  # a brief that failed its schema: undated, names looked up only
        yield from _header_rules(b, catalog)
        return
    if b.kind == "meeting" and b.as_of > b.date:
        yield error(
            as_of,
            f"brief '{b.id}': a preparation brief cannot know past its meeting "
            f"(as_of {b.as_of} is after date {b.date})",
            f"set as_of before the meeting date ({b.date - dt.timedelta(days=1)} at the latest), "
            "or make it kind: readout",
        )
    elif b.kind == "meeting" and b.as_of == b.date and b.starts_at is None:
        yield error(
            as_of,
            f"brief '{b.id}': a preparation brief's as_of {b.as_of} is its meeting day, so it "
            "could use reports of the meeting",
            f"set as_of to {b.date - dt.timedelta(days=1)} or earlier; or give starts_at: (when "
            "the meeting begins, with its UTC offset), so that only sources published before "
            "it are used",
        )
    if b.starts_at is not None:
        at = b.locs.get("starts_at", b.loc)
        if b.kind == "issue":
            yield error(
                at,
                f"brief '{b.id}': starts_at is for a meeting, and an issue brief has none",
                "remove starts_at, or make the brief kind: meeting",
            )
        elif b.starts_at.date() != b.date:
            yield error(
                at,
                f"brief '{b.id}': starts_at {b.starts_at.isoformat()} is not on the meeting's "
                f"date {b.date}",
                "give the moment the meeting begins, on its date, with its UTC offset",
            )
    yield from _header_rules(b, catalog)


def same_day(
    b: Brief, what: str, sids: Iterable[str], loc: Loc, catalog: Catalog
) -> Iterator[Finding]:
    """Say which sources of a preparation brief's meeting day may report the meeting."""
    if b.kind != "meeting" or b.as_of < b.date or b.starts_at is None:
        return  # before the day, or already an error on as_of
    start = b.starts_at
    for sid in sids:
        src = catalog.sources.get(sid)
        if src is None or src.published != b.date:
            continue
        if src.published_at is None:
            yield error(
                loc,
                f"brief '{b.id}': {what} cites '{sid}', published on the meeting day "
                f"{b.date} with no time: it may report the meeting",
                f"give '{sid}' published_at: (the moment it came out, with its UTC offset) if "
                "it was published before the meeting began; otherwise drop it",
            )
        elif src.published_at >= start:
            yield error(
                loc,
                f"brief '{b.id}': {what} cites '{sid}', published at "
                f"{src.published_at.isoformat()}, after the meeting began "
                f"({start.isoformat()})",
                "drop it: a preparation brief sees nothing from the meeting",
            )


def _header_rules(b: Brief, catalog: Catalog) -> Iterator[Finding]:
    """Check what backs a meeting or readout's header: known ids, known by as_of."""
    sourcing = b.sourced_by
    if b.kind == "issue":
        if sourcing is not None:
            yield error(
                b.locs.get("sourced_by", b.loc),
                f"brief '{b.id}': sourced_by backs a meeting's header, and an issue brief has none",
                "remove sourced_by, or make the brief kind: meeting or readout",
            )
        return
    shown = {"date": True, "location": bool(b.location), "participants": bool(b.participants)}
    if sourcing is None:
        fields = [name for name in HEADER_FIELDS if shown[name]]
        yield warning(
            b.locs.get("date", b.loc),  # the header's first line: no sourced_by to point at
            f"brief '{b.id}': its {_and(fields)} {'names' if len(fields) == 1 else 'name'} "
            f"no source, and {'prints' if len(fields) == 1 else 'print'} as unconfirmed",
            "add sourced_by: {date: [id], location: [id], participants: [id]} with the facts, "
            "quotes or sources that give them; sourced_by: {} prints them unconfirmed on purpose",
            "",
            "header-unsourced",
        )
        return
    known = [*catalog.facts, *catalog.quotes, *catalog.sources]
    for name in HEADER_FIELDS:
        ids = getattr(sourcing, name)
        at = sourcing.locs.get(name, sourcing.loc)
        if ids and not shown[name]:
            yield error(
                at,
                f"brief '{b.id}': sourced_by.{name} backs a {name} the brief does not give",
                f"give the brief's {name}, or remove it from sourced_by",
            )
            continue
        late: list[Source] = []
        backed = False
        for i, ref in enumerate(ids):
            loc = sourcing.locs.get(f"{name}[{i}]", at)
            sids = ref_sources(ref, catalog)
            if sids is None or ref in catalog.series:
                if ref not in catalog.invalid:
                    yield error(
                        loc,
                        f"brief '{b.id}': sourced_by.{name} names '{ref}', which is no fact, "
                        "quote or source",
                        did_you_mean(ref, known) or "name a fact, quote or source by its id",
                    )
                continue
            sources = [catalog.sources[s] for s in sids if s in catalog.sources]
            item = catalog.facts.get(ref) or catalog.quotes.get(ref)
            fine = [s for s in sources if source_known(s, b.as_of, meeting_day(b))]
            if fine and len(fine) == len(sources) and (item is None or item.date <= b.as_of):
                backed = True
            else:
                late += [s for s in sources if s not in fine]
        if ids and not backed and late:
            first = min(late, key=lambda s: s.published)
            fix = (
                f"back it with a source published by as_of {b.as_of}, or leave it out of "
                "sourced_by to print it as unconfirmed"
            )
            if b.kind == "readout":
                fix += ", or move as_of"
            elif first.published < b.date:
                fix += (
                    f", or move as_of to {first.published} (a preparation brief's as_of stays "
                    f"before its meeting on {b.date})"
                )
            rests = "rest" if name == "participants" else "rests"
            yield error(
                at,
                f"brief '{b.id}': its {name} {rests} only on '{first.id}', published "
                f"{long_date(first.published)}, after as_of {b.as_of}",
                fix,
            )


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
