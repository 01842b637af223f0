"""The masthead's words: when and where, what the brief knows up to, and what backs them."""

from __future__ import annotations

import datetime as dt

from ..dates import long_date
from ..model import MARK_CLOSE, MARK_OPEN, Document
from .typography import curly


def _backed(doc: Document, name: str) -> str:
    """Return a header field's note marks, or "(unconfirmed)" when nothing known backs it."""
    if name in doc.unconfirmed:
        return " (unconfirmed)"
    numbers = doc.header_notes.get(name)
    if not numbers:
        return ""
    return f"{MARK_OPEN}{','.join(map(str, numbers))}{MARK_CLOSE}"


def age(days: int) -> str:
    """Say how old something is, as a reader says it: 5 weeks, 18 months, 3 years."""
    if days < 60:
        return f"{days} days" if days != 1 else "1 day"
    if days < 730:
        return f"{round(days / 30.44)} months"
    return f"{round(days / 365.25)} years"


def dateline(doc: Document, marks: bool = False) -> str:
    """Say when and where, and what the brief knows up to.

    With `marks`, each header field carries the note marks of the sources that back it (or
    "(unconfirmed)"), for the templates to turn into note calls.
    """
    b = doc.brief
    parts = []
    if b.kind == "issue":
        parts.append(f"Dated {long_date(b.date)}")
    else:
        worked_out = f" ({doc.date_inferred})" if doc.date_inferred else ""
        backed = _backed(doc, "date") if marks else ""
        parts.append(f"{b.date:%A}, {long_date(b.date)}{worked_out}{backed}")
        if b.location:
            parts.append(curly(b.location) + (_backed(doc, "location") if marks else ""))
    parts.append(f"Information as of {long_date(b.as_of)}")
    if b.since is not None:
        parts.append(f"{doc.new_count or 'Nothing'} new since {long_date(b.since)}")
    # A cut-off later than everything the brief holds would date it silently: say so.
    dates = [e.item.date for e in (*doc.facts, *doc.quotes)]
    newest = doc.newest or max(dates, default=None)
    if newest is not None and newest < b.as_of:
        said = f"latest information: {long_date(newest)}"
        if newest < b.as_of - dt.timedelta(days=b.window):
            said += f" (the newest item is {age((b.as_of - newest).days)} old)"
        parts.append(said)
    return " · ".join(parts)


def participants(doc: Document) -> str:
    """Return the participants as one line, each name with the marks of what backs it.

    Unconfirmed participants say so in their label (participants_label), not after the
    last name, where it would read as said of that one; what backs the list as a whole
    stands after the label (participants_marks).
    """
    people = doc.participant_notes
    names = []
    for i, p in enumerate(doc.brief.participants):
        numbers = people[i] if i < len(people) else ()
        mark = f"{MARK_OPEN}{','.join(map(str, numbers))}{MARK_CLOSE}" if numbers else ""
        names.append(curly(p.name) + mark)
    return "; ".join(names)


def participants_marks(doc: Document) -> str:
    """Return the marks of the sources that back the participants as a list, not by name."""
    return "" if "participants" in doc.unconfirmed else _backed(doc, "participants")


def participants_label(doc: Document) -> str:
    """Return the participants' label: unconfirmed when nothing known by as_of backs them."""
    return "Participants (unconfirmed):" if "participants" in doc.unconfirmed else "Participants:"


def clearance_lines(doc: Document) -> tuple[str, ...]:
    """Return the foot's sign-off lines: who drafted the brief, who cleared it, or why not.

    "Drafted by Ana Ruiz, June 14, 2025", "Cleared by Tom Lee, June 15, 2025"; a clearance
    given before the brief's content last changed no longer holds, and the page says so.
    Nothing for a brief that names neither.
    """
    c = doc.clearance
    if c is None:
        return ()
    lines = []
    if c.drafted is not None:
        lines.append(f"Drafted by {curly(c.drafted.name)}, {long_date(c.drafted.date)}")
    if c.state == "cleared" and c.cleared is not None:
        lines.append(f"Cleared by {curly(c.cleared.name)}, {long_date(c.cleared.date)}")
    elif c.state == "changed" and c.cleared is not None:
        lines.append(
            f"Not cleared: changed since {curly(c.cleared.name)} cleared it"
            f" on {long_date(c.cleared.date)}"
        )
    else:
        lines.append("Not cleared")
    return tuple(lines)
