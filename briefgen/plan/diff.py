"""What entered and what left a brief when its cut-off moves: `briefgen diff`.

A brief is built twice, as of each date, with everything else as written: its selection
(explicit picks, then topic matches known by the cut-off) and then fitting, the same code
a build runs, so "dropped to fit" means what the build would have left out on paper.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..catalog.query import known_by
from ..dates import long_date
from ..model import Brief, Catalog, Fact, Item, Selection
from ..prose import plain
from .select import resolve
from .when import marked

# Why an item left the brief's selection.
CUT_OFF = "cut off"
DROPPED = "dropped to fit"
SUPERSEDED = "superseded"
# Why an item entered it.
DATED_AFTER = "not known at the earlier cut-off"  # it, or a source it rests on, came later
ROOM = "fits now"


@dataclass(frozen=True)
class Edition:
    """What a brief holds as of one cut-off: its selection and what fitting left out."""

    as_of: dt.date
    selection: Selection
    left_out: tuple[str, ...]

    def kept(self) -> list[Item]:
        """Return the facts and quotes on the page, in the brief's order."""
        gone = set(self.left_out)
        return [i for i in self.selection.items() if i.id not in gone]


@dataclass(frozen=True)
class Change:
    """One fact or quote that entered or left, and why."""

    id: str
    kind: str  # fact | quote
    date: dt.date
    text: str
    reason: str
    by: str | None = None  # for a superseded item, the newer item that declares it replaces it


@dataclass(frozen=True)
class BriefDiff:
    """The difference between a brief as of two cut-offs."""

    brief: str
    start: dt.date
    end: dt.date
    pages: int
    paper: str
    entered: tuple[Change, ...]
    left: tuple[Change, ...]
    stayed: tuple[str, ...]

    def as_json(self) -> str:
        """Return the difference as JSON, for tools."""

        def plain(change: Change) -> dict[str, Any]:
            record = dataclasses.asdict(change)
            record["date"] = change.date.isoformat()
            if change.by is None:
                del record["by"]
            return record

        data = {
            "brief": self.brief,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "pages": self.pages,
            "paper": self.paper,
            "entered": [plain(c) for c in self.entered],
            "left": [plain(c) for c in self.left],
            "stayed": list(self.stayed),
        }
        return json.dumps(data, indent=2, ensure_ascii=False)

    def lines(self) -> Iterator[str]:
        """Describe the difference for a person at a terminal."""
        budget = "one page" if self.pages == 1 else f"{self.pages} pages"
        yield (
            f"{self.brief}: as of {long_date(self.start)} -> as of {long_date(self.end)} "
            f"(fitted to {budget}, {self.paper})"
        )
        yield f"Entered ({len(self.entered)}):" if self.entered else "Entered: nothing"
        for c in self.entered:
            yield f"  + {c.kind} {c.id} ({c.date.isoformat()}, {c.reason}): {c.text}"
        yield f"Left ({len(self.left)}):" if self.left else "Left: nothing"
        for c in self.left:
            why = f"{c.reason} by {c.by}" if c.by else c.reason
            yield f"  - {c.kind} {c.id} ({c.date.isoformat()}, {why}): {c.text}"
        yield f"Stayed: {len(self.stayed)}"


def describe(item: Item) -> tuple[str, str]:
    """Return an item's kind ("fact" or "quote") and its words on one line, as plain text."""
    if isinstance(item, Fact):
        return "fact", plain(marked(item)[0])
    return "quote", f"{item.speaker}: “{' '.join(item.text.split())}”"


def _change(item: Item, reason: str, by: str | None = None) -> Change:
    kind, text = describe(item)
    return Change(item.id, kind, item.date, text, reason, by)


def superseder(item: Item, entered: Iterable[Item]) -> Item | None:
    """Return the item among `entered` that declares it supersedes `item`, if one does.

    A supersession is claimed only when declared (`supersedes:` on the newer item): a
    newer item on the same topics is not, by that alone, a report of the older one's
    outcome.
    """
    return next((newer for newer in entered if item.id in newer.supersedes), None)


def compare(before: Edition, after: Edition, catalog: Catalog) -> tuple[list[Change], ...]:
    """Return (entered, left, stayed) between two editions of one brief."""
    old = before.kept()
    new = after.kept()
    old_ids = {i.id for i in old}
    new_ids = {i.id for i in new}
    came = [i for i in new if i.id not in old_ids]
    entered = [
        _change(i, ROOM if known_by(i, catalog, before.as_of) else DATED_AFTER) for i in came
    ]
    selected = {i.id for i in after.selection.items()}
    left = []
    for item in old:
        if item.id in new_ids:
            continue
        if item.id not in selected:
            left.append(_change(item, CUT_OFF))
            continue
        newer = superseder(item, came)
        if newer is not None:
            left.append(_change(item, SUPERSEDED, newer.id))
        else:
            left.append(_change(item, DROPPED))
    stayed = [_change(i, "") for i in new if i.id in old_ids]
    return entered, left, stayed


def diff(
    brief: Brief,
    catalog: Catalog,
    start: dt.date,
    end: dt.date,
    fit_left_out: Callable[[Brief], tuple[str, ...]],
    paper: str = "letter",
) -> BriefDiff:
    """Compare `brief` as of `start` with `brief` as of `end`.

    `fit_left_out(brief)` returns what fitting leaves out of a brief (the build's own
    fitting, or a stand-in in tests).
    """
    editions = []
    for day in (start, end):
        version = dataclasses.replace(brief, as_of=day)
        editions.append(Edition(day, resolve(version, catalog).selection, fit_left_out(version)))
    entered, left, stayed = compare(editions[0], editions[1], catalog)
    return BriefDiff(
        brief.id,
        start,
        end,
        brief.pages,
        paper,
        tuple(entered),
        tuple(left),
        tuple(c.id for c in stayed),
    )
