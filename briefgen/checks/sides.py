"""Editorial rule 15: two sides at the table.

A meeting brief serves a principal who sits across from another government: it gives what
each side wants from the meeting, or says that one side's aims are not on the record. A
readout gives each side's account, or says whose is missing. The brief says whom each
participant speaks for (`side:`), each fact or quote whose position, aim or words it gives
(`side:`; else a quote's speaker, by name or role, or a fact's claimant who is a participant
with a side), and `not_on_record:` the governments whose aims are not on the record, which
the page then states.

The finding reads the page, not the selection: an item that fitting leaves out is as absent
to the principal as one never written. When the page is not known (the brief has errors, or
check could not lay it out), the selection stands for it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator

from ..errors import Finding
from ..model import GOVERNMENTS, SIDE_ADJECTIVES, Brief, Fact, Item, Participant, Selection
from ..prose import person_words
from ..timewords import days_named
from .findings import error, warning

_US = re.compile(r"\bU\.\s?S\.|\bUnited States\b|\bAmerican\b|\bWhite House\b|\bWashington\b")
_MX = re.compile(r"\bMexic(?:o|an|ans)\b|\bMéxico\b|\bNational Palace\b")


def sides_of(item: Item, brief: Brief) -> frozenset[str]:
    """Return the governments whose position, aim or words an item gives (none: neither).

    A readout gives each side's account of the meeting: an item dated before the meeting,
    or whose words date what they report before it ("In the week of December 18, 2023, López
    Obrador said …" in a report of the meeting), is what a side said before it, not its
    account, and gives no side there.
    """
    if brief.kind == "readout" and before_the_meeting(item, brief):
        return frozenset()
    side = item.side
    if side is None:
        who = item.claimed_by if isinstance(item, Fact) else item.speaker
        role = "" if isinstance(item, Fact) else item.role
        side = _participant_side(who or "", role, brief.participants)
    if side is None:
        return frozenset()
    return frozenset(GOVERNMENTS) if side == "both" else frozenset((side,))


def _plain(text: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(text.lower().split()))


def _participant_side(who: str, role: str, participants: Iterable[Participant]) -> str | None:
    """Return the side of the participant a speaker or claimant is: by name, or by role.

    The participant whose name shares the most name words with the speaker wins ("John
    Example" is John Example, not Ana Example); a tie between sides says neither. Words of an
    office name no one, so a participant listed by office ("the Foreign Minister") is one only
    when written the same way.
    """
    words, role = person_words(who), " ".join(role.lower().split())
    best: dict[int, set[str]] = {}
    for p in participants:
        if p.side is None:
            continue
        their_role = " ".join(p.name.partition(",")[2].lower().split())
        if (role and role == their_role) or (
            who and _plain(who) in (_plain(p.person), _plain(p.name))
        ):
            return p.side
        shared = len(words & person_words(p.person))
        if shared:
            best.setdefault(shared, set()).add(p.side)
    if not best:
        return None
    sides = best[max(best)]
    return next(iter(sides)) if len(sides) == 1 else None


def before_the_meeting(item: Item, brief: Brief) -> bool:
    """Say whether an item reports what was said or done before the brief's meeting day."""
    if item.date < brief.date:
        return True
    days = days_named(item.text)
    return bool(days) and max(days) < brief.date


def _before(brief: Brief) -> Brief:
    """Read a readout as a meeting brief would: what each side said before it counts."""
    return dataclasses.replace(brief, kind="meeting")


def guess_side(participant: Participant) -> str:
    """Suggest the side a participant's role names: the government written first in it."""
    role = participant.name.partition(",")[2] or participant.name
    us, mx = _US.search(role), _MX.search(role)
    if us and (not mx or us.start() < mx.start()):
        return "us"
    if mx:
        return "mx"
    return "us|mx|both"


def aims(brief: Brief) -> str:
    """Say what a side brings to this kind of brief: aims before, an account after."""
    return "account of this meeting" if brief.kind == "readout" else "aims for this meeting"


def side_rules(brief: Brief) -> Iterator[Finding]:
    """Check what a brief says of sides: who speaks for whom, and whose aims are missing."""
    if brief.not_on_record and brief.kind == "issue":
        yield error(
            brief.locs.get("not_on_record", brief.loc),
            f"brief '{brief.id}': not_on_record is for a meeting or a readout, and this is an "
            "issue brief",
            "remove it, or say in the summary whose view is missing",
        )
    if brief.kind == "issue":
        return
    for i, p in enumerate(brief.participants):
        if p.side is None:
            yield warning(
                brief.locs.get(f"participants[{i}]", brief.locs.get("participants", brief.loc)),
                f"brief '{brief.id}': participant “{p.name}” gives no side",
                f'write it as {{name: "{p.name}", side: {guess_side(p)}}}: the government '
                "they speak for, us, mx or both",
                rule="participant-no-side",
            )


def page_side_rules(
    brief: Brief,
    selection: Selection,
    left_out: tuple[str, ...] | None,
    budget: str,
    cut: Iterable[Item] = (),
    said: Iterable[Item] = (),
) -> Iterator[Finding]:
    """Check that the page gives each side's aims (or account), or says they are not on record.

    `left_out` is what fitting leaves out of the page (None when not known: the selection
    then stands for the page). `cut` are the brief's picks that its as_of leaves out (rule
    14: after it, or of the meeting day): named in the fix, since the author did add them.
    `said` are the items the summary and talking points cite: on the page in their words.
    """
    if brief.kind not in ("meeting", "readout"):
        return
    gone = set(left_out or ())
    said = [i for i in said if i.id not in {s.id for s in selection.items()}]
    items = [*selection.items(), *said]
    on_page = [i for i in items if i.id not in gone]
    loc = brief.locs.get("not_on_record", brief.locs.get("participants", brief.loc))
    what = aims(brief)
    for side in GOVERNMENTS:
        name = SIDE_ADJECTIVES[side]
        giving = [i for i in items if side in sides_of(i, brief)]
        if side in brief.not_on_record:
            if giving:
                yield warning(
                    brief.locs.get("not_on_record", brief.loc),
                    f"brief '{brief.id}': not_on_record says the {name} {what} "
                    f"{'is' if brief.kind == 'readout' else 'are'} not on the record, but "
                    f"'{giving[0].id}' gives {'it' if brief.kind == 'readout' else 'them'}",
                    f"remove {side} from not_on_record, and keep '{giving[0].id}' on the page",
                    rule="side-on-record",
                )
            continue
        if any(side in sides_of(i, brief) for i in on_page):
            continue
        them, it = ("it", "it is") if brief.kind == "readout" else ("them", "they are")
        say = f"or say {it} not on the record (not_on_record: [{side}])"
        left = [i.id for i in giving if i.id in gone]
        late = [i.id for i in cut if side in sides_of(i, brief)]
        if left:
            fix = f"'{left[0]}' gives {them} but was left out to fit {budget}: "
            fix += f"make room for it, {say}"
        elif late:
            fix = f"'{late[0]}' gives {them} but is past what the brief may know by as_of "
            fix += f"{brief.as_of} (see the error at its pick): add {them} from what was "
            fix += f"known by then (a fact or quote with side: {side}), {say}"
        elif before := [i.id for i in items if side in sides_of(i, _before(brief))]:
            fix = f"'{before[0]}' gives the {name} position before the meeting "
            fix += f"({brief.date}), not its account of it: add {them} (a fact or quote "
            fix += f"with side: {side}, dated on or after {brief.date}), {say}"
        else:
            fix = f"add {them} (a fact or quote with side: {side}), {say}"
        yield warning(
            loc,
            f"brief '{brief.id}': no item gives the {name} {what}",
            fix,
            rule="side-missing",
        )
