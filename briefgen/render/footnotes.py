"""Notes at the foot of each page that calls them, for briefs of more than one page.

A one-page brief floats its whole list of sources to the foot of its page. On two pages a
reader needs, at the foot of each page, the notes its calls point to. The HTML written for
readers keeps the list alone; the copy laid out for the PDF also carries, hidden, a note
beside the first call of it on each page, which the print stylesheet floats into that
page's footnote area (and hides the list).

Which page a call lands on is known only after a layout, so a two-page brief is laid out
with each note at its first call, and again with the notes its second page calls as well.
Adding notes at the foot of page 2 cannot move anything on page 1, so when the second
layout still takes two pages, every call on both pages has its note beneath it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from ..plan.fit import Layout

# The calls of one place, as render.note_calls writes them, and the notes as the notes
# macro writes them. Catalog text cannot forge either: content's raw HTML is escaped.
_CALL_RE = re.compile(r'<sup class="call">(.*?)</sup>')
_NUMBER_RE = re.compile(r'href="#note-([0-9]+)"')
_NOTE_RE = re.compile(r'<li id="note-([0-9]+)" value="[0-9]+">(.*?)</li>')
_LIST_ID_RE = re.compile(r'<li id="note-([0-9]+)"')
_CALL_ID = "call-"
_NOTE_ID_RE = re.compile(r"^note-[0-9]+(-[0-9]+)?$")

Spot = tuple[int, int]  # (the call's place in reading order, a note number it calls)


def calls(html: str) -> list[tuple[int, ...]]:
    """Return the note numbers of each call in `html`, in reading order."""
    return [tuple(map(int, _NUMBER_RE.findall(m.group(1)))) for m in _CALL_RE.finditer(html)]


def first_calls(numbers: list[tuple[int, ...]]) -> set[Spot]:
    """Return the first call of each note."""
    seen: set[int] = set()
    spots = set()
    for index, called in enumerate(numbers):
        for number in called:
            if number not in seen:
                seen.add(number)
                spots.add((index, number))
    return spots


def place_notes(html: str, spots: set[Spot]) -> str:
    """Return `html` with each call named by id and hidden notes after the calls in `spots`.

    Notes placed at one call go in the order of their numbers. The hidden list gives up its
    anchors to the placed notes, and each call links to the copy of its note placed last
    before or at it: the one on its own page.
    """
    notes = {int(n): text for n, text in _NOTE_RE.findall(html)}
    counter = iter(range(len(_CALL_RE.findall(html))))
    target: dict[int, str] = {}

    def add(match: re.Match[str]) -> str:
        index = next(counter)
        placed = []
        for number in sorted(n for i, n in spots if i == index):
            if number in notes:
                anchor = f"note-{number}" if number not in target else f"note-{number}-{index}"
                target[number] = anchor
                placed.append(
                    f'<span class="fn" hidden id="{anchor}">'
                    f'<span class="fn-n">{number}.</span> {notes[number]}</span>'
                )
        links = _NUMBER_RE.sub(
            lambda m: f'href="#{target.get(int(m.group(1)), "note-" + m.group(1))}"',
            match.group(1),
        )
        return f'<sup class="call" id="{_CALL_ID}{index}">{links}</sup>{"".join(placed)}'

    html = _CALL_RE.sub(add, html)
    return _LIST_ID_RE.sub(r'<li data-note="\1"', html)


# Where the notes of an HTML went last time, kept by the build: (fetch, keep) by the HTML.
Remember = tuple[Callable[[str], "set[Spot] | None"], Callable[[str, "set[Spot]"], None]]


def lay_out(  # type: ignore[no-untyped-def]
    layout: Callable[[str], Layout],
    anchors: Callable[[Layout], list[set[str]]],
    remember: Remember | None = None,
):
    """Wrap `layout` so that each page of a two-page brief carries the notes it calls.

    `anchors(laid)` returns the element ids on each page of a layout. `remember` keeps the
    notes' places an HTML needed, so that the next time they are tried first: when the
    layout with them shows the same calls on page 2 it is the one the two layouts would
    end with (notes at the foot of page 2 cannot move page 1), and one is enough.
    """

    def placed(laid: Layout, numbers: list[tuple[int, ...]], first: set[Spot]) -> set[Spot]:
        """Return where the notes go for the calls this layout puts on page 2."""
        ids = anchors(laid)[1]
        on = sorted(int(i.removeprefix(_CALL_ID)) for i in ids if i.startswith(_CALL_ID))
        # Every note page 2 calls, at its first call there, so its notes read in order.
        called = {n for index in on for n in numbers[index]}
        spots = {(i, n) for i, n in first if n not in called or (on and i < on[0])}
        return spots | {(on[0], n) for n in called}

    def paged(html: str) -> Layout:
        numbers = calls(html)
        first = first_calls(numbers)
        hinted = remember[0](html) if remember is not None else None
        if hinted is not None and hinted != first:
            laid = layout(place_notes(html, hinted))
            if len(laid.pages) == 2 and placed(laid, numbers, first) == hinted:
                return _sound(laid, anchors, numbers)
        laid = layout(place_notes(html, first))
        if len(laid.pages) == 2:  # one page needs no more; three do not fit anyway
            spots = placed(laid, numbers, first)
            if spots != first:
                laid = layout(place_notes(html, spots))
                if remember is not None:
                    remember[1](html, spots)
        return _sound(laid, anchors, numbers)

    return paged


def _sound(
    laid: Layout, anchors: Callable[[Layout], list[set[str]]], numbers: list[tuple[int, ...]]
) -> Layout:
    if not all_beside_calls(anchors(laid), numbers):
        return dataclasses.replace(laid, sound=False)
    return laid


def all_beside_calls(pages: list[set[str]], numbers: list[tuple[int, ...]]) -> bool:
    """Tell whether every call on every page has its note on that page."""
    for ids in pages:
        notes = {int(i.split("-")[1]) for i in ids if _NOTE_ID_RE.match(i)}
        for index in (int(i.removeprefix(_CALL_ID)) for i in ids if i.startswith(_CALL_ID)):
            if not set(numbers[index]) <= notes:
                return False
    return True
