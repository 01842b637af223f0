"""What the principal reads: the rules that look at a brief's page as fitting leaves it.

The author's picks are never dropped in silence: an item the brief's file names (`facts:`,
`quotes:`, `charts:`) that fitting leaves out is a finding at the line that names it, with
what would make it fit (`pick-left-out`). Rule 15 reads the page too (sides.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Finding
from ..model import Brief, Catalog, Loc, PageFit, Uses
from .findings import error, warning
from .sides import page_side_rules

RULE = "pick-left-out"


def budget(brief: Brief) -> str:
    """Say a brief's page budget as a message does: 'one page', '2 pages'."""
    return "one page" if brief.pages == 1 else f"{brief.pages} pages"


def page_rules(uses: Uses, fit: PageFit | None, catalog: Catalog) -> Iterator[Finding]:
    """Check a brief's page: its picks all on it, and both sides (None: page not known)."""
    brief = uses.brief
    if fit is not None and fit.refused:
        # At the prose it asks to shorten, not at the file's first line.
        yield error(brief.locs.get("summary", brief.loc), fit.refused)
        return
    left_out = fit.left_out if fit is not None else None
    # The picks the as_of cut leaves out of the selection (rule 14): each has its error.
    chosen = {i.id for i in uses.selection.items()}
    cut = [
        item
        for pick in (*brief.facts, *brief.quotes)
        if pick not in chosen and (item := catalog.facts.get(pick) or catalog.quotes.get(pick))
    ]
    # What the summary and talking points cite is on the page too, in their words.
    said = [
        item
        for ref in dict.fromkeys(r.id for r in uses.refs)
        if (item := catalog.facts.get(ref) or catalog.quotes.get(ref)) is not None
        and item.date <= brief.as_of
    ]
    yield from page_side_rules(brief, uses.selection, left_out, budget(brief), cut, said)
    if fit is not None:
        yield from pick_findings(brief, fit, uses.selection.explicit)


def pick_findings(brief: Brief, fit: PageFit, explicit: frozenset[str]) -> Iterator[Finding]:
    """Warn at each of the brief's own picks that fitting leaves out, with how to fit it."""
    picks = [p for p in fit.left_out if p in explicit]
    for pick in sorted(picks, key=lambda p: pick_loc(brief, p)[1:]):
        short = fit.short.get(pick)
        if short is not None:
            n = short.lines
            room = f"shorten the summary or talking points by about {n} line{'s' * (n != 1)}"
            if short.instead:
                room += f", drop pick '{short.instead}'"
        else:
            room = "shorten the summary or talking points, drop a pick"
        yield warning(
            pick_loc(brief, pick),
            f"brief '{brief.id}': its pick '{pick}' is left out to fit {budget(brief)}",
            f"to fit it, {room}, or give it priority: 1 so that other items go first; "
            "or remove the pick",
            rule=RULE,
        )


def pick_loc(brief: Brief, pick: str) -> Loc:
    """Return where the brief's file names a pick: its line under facts:, quotes: or charts:."""
    for key, ids in (("facts", brief.facts), ("quotes", brief.quotes), ("charts", brief.charts)):
        if ids and pick in ids:
            i = ids.index(pick)
            return brief.locs.get(f"{key}[{i}]", brief.locs.get(key, brief.loc))
    return brief.loc
