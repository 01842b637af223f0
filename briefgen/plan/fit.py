"""Fit a brief to one page: the search for the fullest version that lays out on one page.

Pure: it sees layouts only as the plain records below (pages, and the boxes of the facts,
quotes and notes on them), which briefgen.render.pdf reads from WeasyPrint. Tests drive it with
layouts of their own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import PageOverflow
from ..model import Document, Shortfall


@dataclass(frozen=True, slots=True)
class Block:
    """A fact, quote, chart or note as laid out on a page (heights, positions in CSS pixels)."""

    label: str  # the fact's, quote's or chart's id, or "note-N"
    kind: Literal["fact", "quote", "chart", "note"]
    parent: int  # blocks with the same parent are siblings in one list
    y: float  # top of its margin box
    height: float  # border-box height
    margin_height: float
    least: float  # the least height one of its kind can have: a line (a quote: two)
    # The top margin a page break cut off, when it starts a page after the first: on one
    # page it would be there again.
    cut: float = 0.0


@dataclass(frozen=True, slots=True)
class Page:
    """One laid-out page: its content area, where the flow ends and the notes begin."""

    top: float
    height: float
    flow_end: float
    notes_top: float
    blocks: tuple[Block, ...]
    # How far the widest box runs past the right edge of the content area (0: none does).
    # An unbreakable run of text laid out past the margin is cut off on paper: not a fit.
    overflow_x: float = 0.0
    # Where the last line of the flow ends (None: at flow_end). A page that breaks before a
    # block kept whole ends its flow box at the page's foot; the gap below the last line is
    # no room the brief's words need, and counting it would overestimate a shorter version.
    ink_end: float | None = None


@dataclass(frozen=True)
class Layout:
    """A brief laid out into pages; `document` is the renderer's own, to write the PDF from."""

    pages: tuple[Page, ...]
    document: Any = None
    # False when the pages break a promise the page count does not show (a note carried
    # away from its call's page): such a layout does not fit, however many pages it has.
    sound: bool = True


def _least_heights(page: Page) -> dict[str, float]:
    """Return the least height a fact, a quote and a note can have on this page."""
    return {block.kind: block.least for block in page.blocks}


# More facts and quotes than this never fit one page; laying out five pages of topic matches
# only to throw four away is what made fitting slow.
MAX_CANDIDATES = 40


@dataclass
class Measure:
    """Heights of what one layout of a brief holds, read from its boxes.

    Heights are in CSS pixels, WeasyPrint's unit (3/4 of a point).
    """

    items: dict[str, float]  # border-box height of each fact or quote, fragments summed
    advances: dict[str, float]  # how far each item or "note-N" moved the next one down
    notes: dict[int, float]  # border-box height of each source note, by number
    split: set[str]  # items broken across pages: their heights are not to be trusted
    used: float  # height of the flow and the notes on every page together
    page: float  # height of one page's content area
    # Siblings in one list on one page, in order; and how much more than its advance each
    # one's margin box takes, which it takes when the siblings after it are left out.
    groups: list[tuple[str, ...]] = field(default_factory=list)
    excess: dict[str, float] = field(default_factory=dict)


def measure(laid: Layout) -> Measure:
    """Read the heights of a brief's items and notes from a layout of it."""
    items: dict[str, float] = {}
    advances: dict[str, float] = {}
    notes: dict[int, float] = {}
    seen_on: dict[str, int] = {}
    split: set[str] = set()
    used = 0.0
    groups: dict[tuple[int, int], list[str]] = {}
    excess: dict[str, float] = {}
    last = len(laid.pages) - 1
    on = [{b.label for b in page.blocks} for page in laid.pages]
    for number, page in enumerate(laid.pages):
        end = page.flow_end
        if number < last and page.ink_end is not None:
            # A break puts the next item at the top of a page, not below this one: the space
            # between them on one page is the larger of the two margins a break cuts (the
            # last block's bottom margin, the next one's top margin), margins collapsing.
            # (Not a block that goes on over the page: its box is drawn to the page's foot.)
            bottoms = [
                b.y + b.margin_height
                for b in page.blocks
                if b.kind != "note" and b.label not in on[number + 1]
            ]
            cut = max(
                (b.cut for b in laid.pages[number + 1].blocks if b.kind != "note"), default=0.0
            )
            end = min(end, page.ink_end + max(max(bottoms, default=0.0) - page.ink_end, cut, 0.0))
        used += (end - page.top) + (page.top + page.height - page.notes_top)
        previous: Block | None = None
        for block in page.blocks:
            label = block.label
            if block.kind == "note":
                n = int(label.removeprefix("note-"))
                notes[n] = notes.get(n, 0.0) + block.height
            else:
                if seen_on.setdefault(label, number) != number:
                    split.add(label)
                items[label] = items.get(label, 0.0) + block.height
            # Until a sibling below says how far this one pushed it, its margin box.
            advances[label] = advances.get(label, 0.0) + block.margin_height
            if previous is not None and previous.parent == block.parent:
                step = block.y - previous.y
                advances[previous.label] += step - previous.margin_height
                excess[previous.label] = previous.margin_height - step
            groups.setdefault((number, block.parent), []).append(label)
            previous = block
    return Measure(
        items,
        advances,
        notes,
        split,
        used,
        laid.pages[0].height,
        [tuple(g) for g in groups.values()],
        excess,
    )


def _notes_of(doc: Document) -> dict[str, set[int]]:
    return {e.item.id: set(e.notes) for e in (*doc.charts, *doc.facts, *doc.quotes)}


def _predict(m: Measure, doc: Document, dropped: Sequence[str]) -> float:
    """Estimate the height of the measured brief with `dropped` left out as well."""
    notes = _notes_of(doc)
    gone = set(dropped)
    kept_notes = {n for item, ns in notes.items() if item not in gone for n in ns}
    freed = {n for item in gone for n in notes.get(item, ())} - kept_notes
    left = gone | {f"note-{n}" for n in freed}
    # A list whose last is left out ends at another item, whose margin box then counts whole.
    tails = 0.0
    for group in m.groups:
        if group[-1] in left:
            kept = next((label for label in reversed(group) if label not in left), None)
            tails += m.excess.get(kept, 0.0) if kept is not None else 0.0
    return (
        m.used
        - sum(m.advances.get(i, 0.0) for i in gone)
        - sum(m.advances.get(f"note-{n}", 0.0) for n in freed)
        + tails
    )


def _same_calls(doc: Document, fuller: Document, m_doc: Document, item: str) -> bool:
    """Tell whether adding `item` back leaves every note call as it was laid out.

    True when the notes `doc` has keep their numbers in `fuller`, and `item` carries the
    same calls in `fuller` as in the measured layout: then no line of text can reflow.
    """
    kept = {n.source.id for n in doc.notes}
    before = [(n.number, n.source.id) for n in doc.notes]
    after = [(n.number, n.source.id) for n in fuller.notes if n.source.id in kept]
    return before == after and _notes_of(fuller).get(item) == _notes_of(m_doc).get(item)


def _proves_full(
    laid: Layout,
    doc: Document,
    fuller: Document,
    item: str,
    m: Measure | None = None,
    m_doc: Document | None = None,
) -> bool:
    """Prove from the one-page layout of `doc` that `fuller`, with `item` too, overflows.

    Adding an item lengthens the flow by at least one line of it (as measured, if it was,
    less a line where renumbered note calls could reflow it) and the notes by at least a
    line for each source only it cites. What is proved is never wrong; what is not is laid
    out.
    """
    first = laid.pages[0]
    flow_end, notes_top = first.flow_end, first.notes_top
    least = _least_heights(first)
    kind = "fact" if any(e.item.id == item for e in fuller.facts) else "quote"
    # Charts differ in height: another chart's least says nothing of this one's.
    is_chart = any(e.item.id == item for e in fuller.charts)
    need = 0.0 if is_chart else least.get(kind, 0.0)
    if m is not None and m_doc is not None and item in m.items and item not in m.split:
        same = _same_calls(doc, fuller, m_doc, item)
        # A renumbered call may reflow an item by a line; a chart's caption, by its lines.
        reflow = 0.0 if same else m.items[item] if is_chart else need
        need = max(need, m.items[item] - reflow)
    if need <= 0:
        return False
    cited = {n.source.id for n in doc.notes}
    measured: dict[str, float] = {}
    if m is not None and m_doc is not None:
        measured = {n.source.id: m.notes.get(n.number, 0.0) for n in m_doc.notes}
    numbers = _notes_of(fuller).get(item, set())
    for note in fuller.notes:
        if note.number in numbers and note.source.id not in cited:
            need += max(least.get("note", 0.0), measured.get(note.source.id, 0.0))
    return need > notes_top - flow_end


def _overflow(doc: Document, laid: Layout) -> PageOverflow:
    kept = [e.item.id for e in (*doc.charts, *doc.facts, *doc.quotes)]
    names = ", ".join(kept) or "the summary, talking points and notes"
    budget = "one page" if doc.brief.pages == 1 else f"{doc.brief.pages} pages"
    return PageOverflow(
        f"brief '{doc.brief.id}' does not fit on {budget} even with only what must stay "
        f"({names}): shorten the title, summary or talking points{_by_how_much(laid, doc)}, "
        "or lower a pick's priority"
    )


def _by_how_much(laid: Layout, doc: Document) -> str:
    """Say by how many lines of a fact at least the layout runs past its pages ("" if unsure).

    At least: an item kept whole may need more room freed than the words that run over.
    """
    m, line = measure(laid), _line(laid)
    over = m.used - m.page * doc.brief.pages
    if line <= 0 or over <= 0:
        return ""  # over the margin, or a page broken unsoundly: no count of lines to give
    lines = math.ceil(over / line)
    return f" by {lines} line{'s' * (lines != 1)} at least"


def _line(laid: Layout) -> float:
    """Return the height of a line of a fact on the pages, else of any block's (0: none)."""
    blocks = [b for p in laid.pages for b in p.blocks]
    facts = max((b.least for b in blocks if b.kind == "fact"), default=0.0)
    return facts or max((b.least for b in blocks), default=0.0)


def _within(laid: Layout, pages: int) -> bool:
    # Half a pixel of tolerance: rounding in the layout, never a visible overrun.
    return (
        len(laid.pages) <= pages
        and laid.sound
        and all(page.overflow_x <= 0.5 for page in laid.pages)
    )


def fit(
    make: Callable[[int], tuple[Document, str]],
    lay_out: Callable[[str], Layout],
    order: Sequence[str],
    total: int,
    hint: int | None = None,
    pages: int = 1,
    known: tuple[Measure, Document] | None = None,
    measured: Callable[[Measure, Document], None] | None = None,
    overflowed: Collection[int] = (),
    overflows: Callable[[int], None] | None = None,
) -> tuple[Document, str, Layout]:
    """Find the fullest version of a brief that lays out on `pages` pages (one by default).

    `make(k)` returns the document and its HTML with the first k of `order` (the ids that
    may go, first to go first) left out of `total` facts and quotes. Fewer items never take
    more room, so the answer is the smallest k that fits. The first layout that overflows is
    measured to predict it; the prediction is laid out to confirm it, and its neighbour too
    unless the heights prove that one more item cannot fit; bisection settles the rest.

    `hint`, how many the last build left out, is tried first: when it still holds, one
    layout shows it (two where line heights cannot prove the page full). It only saves
    layouts; the answer is the same without it. `known`, the measure (and its document) of
    the layout the same brief was measured by before, lets the heights prove the hint full
    at once; `measured` hears each such measure, to keep it for the next build.
    `overflowed`, the counts the same brief was seen to overflow with before, prove the hint
    the fullest without laying out one item more; `overflows` hears each count laid out that
    overflows, to keep them for the next build.

    On more than one page the heights prove nothing (a page can end early to keep a quote
    whole, and the next item may fill that gap), so every answer there is laid out.
    """
    droppable = len(order)
    made: dict[int, tuple[Document, str]] = {}
    tried: dict[int, tuple[bool, tuple[Document, str, Layout]]] = {}

    def version(k: int) -> tuple[Document, str]:
        if k not in made:
            made[k] = make(k)
        return made[k]

    def fits(k: int) -> bool:
        if k not in tried:
            doc, html = version(k)
            laid = lay_out(html)
            tried[k] = (_within(laid, pages), (doc, html, laid))
            if overflows is not None and not tried[k][0]:
                overflows(k)
        return tried[k][0]

    start = max(0, min(droppable, total - MAX_CANDIDATES * pages))
    proves_full = _proves_full if pages == 1 else lambda *args: False
    if hint is not None and start < hint <= droppable:
        start = hint
        if fits(start):
            doc, _, laid = tried[start][1]
            if proves_full(laid, doc, version(start - 1)[0], order[start - 1], *(known or ())):
                return tried[start][1]
            if start - 1 in overflowed or not fits(start - 1):
                return tried[start][1]
    if fits(start):
        low, high = 0, start  # rare: tiny items, or a hint from a fuller brief
    elif start == droppable:
        raise _overflow(tried[start][1][0], tried[start][1][2])
    else:
        low, high = start + 1, droppable
        m_doc, _, m_laid = tried[start][1]
        m = measure(m_laid)
        if measured is not None:
            measured(m, m_doc)
        guess = next(
            (k for k in range(low, high) if _predict(m, m_doc, order[start:k]) <= m.page * pages),
            high,
        )
        step = 1
        # Walk out from the guess until the answer is bracketed, then bisect.
        if fits(guess):
            high = guess
            doc, _, laid = tried[guess][1]
            fuller = version(guess - 1)[0]
            if proves_full(laid, doc, fuller, order[guess - 1], m, m_doc):
                low = high
            while high - step >= low and fits(high - step):
                high, step = high - step, step * 2
            low = max(low, high - step + 1)
        else:
            low = guess + 1
            while low + step - 1 < high and not fits(low + step - 1):
                low, step = low + step, step * 2
            high = min(high, low + step - 1)
            if high == droppable and not fits(droppable):
                raise _overflow(tried[droppable][1][0], tried[droppable][1][2])
    while low < high:
        mid = (low + high) // 2
        if fits(mid):
            high = mid
        else:
            low = mid + 1
    return tried[high][1]  # high is always a count that fits


def shortfall(
    fitted: tuple[Document, Layout],
    fuller: tuple[Document, Layout],
    picks: Sequence[str],
    movable: Sequence[str],
) -> dict[str, Shortfall]:
    """Say how far each pick left out is from fitting, from a layout with all of them back.

    `fitted` is the brief as it fits, `fuller` the same with `picks` put back (it overflows);
    `picks` are in the order fitting leaves them out, first to go first. Fitting keeps the
    author's picks in their order, so a pick comes back only with every pick left out after
    it: it needs the room they all take in `fuller` (and their new notes), less the room left
    on the fitted page, in lines of a fact. `movable` are the picks on the fitted page that
    fitting may leave out, first to go first: the first of them whose room would be enough is
    the one to suggest dropping instead.
    """
    doc, laid = fitted
    full_doc, full_laid = fuller
    have, full = measure(laid), measure(full_laid)
    room = sum(max(0.0, p.notes_top - p.flow_end) for p in laid.pages)
    line = _line(laid) or 12.0
    cited = {n.source.id for n in doc.notes}
    notes = _notes_of(full_doc)
    out: dict[str, Shortfall] = {}
    for i, pick in enumerate(picks):
        back = picks[i:]
        numbers = {n for item in back for n in notes.get(item, ())}
        new = [n for n in full_doc.notes if n.number in numbers and n.source.id not in cited]
        need = sum(full.advances.get(item, line) for item in back)
        need += sum(full.advances.get(f"note-{n.number}", line) for n in new)
        lines = max(1, math.ceil((need - room) / line))
        instead = next((m for m in movable if have.advances.get(m, 0.0) + room >= need), "")
        out[pick] = Shortfall(lines, instead)
    return out
