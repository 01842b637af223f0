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

import re
from collections.abc import Callable

from .fit import Layout

# The calls of one place, as render.note_calls writes them, and the notes as the notes
# macro writes them. Catalog text cannot forge either: content's raw HTML is escaped.
_CALL_RE = re.compile(r'<sup class="call">(.*?)</sup>')
_NUMBER_RE = re.compile(r'href="#note-([0-9]+)"')
_NOTE_RE = re.compile(r'<li id="note-([0-9]+)" value="[0-9]+">(.*?)</li>')
_CALL_ID = "call-"

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

    Notes placed at one call go in the order of their numbers.
    """
    notes = {int(n): text for n, text in _NOTE_RE.findall(html)}
    counter = iter(range(len(_CALL_RE.findall(html))))

    def add(match: re.Match[str]) -> str:
        index = next(counter)
        out = [f'<sup class="call" id="{_CALL_ID}{index}">{match.group(1)}</sup>']
        for number in sorted(n for i, n in spots if i == index):
            if number in notes:
                out.append(
                    f'<span class="fn" hidden data-note="{number}">'
                    f'<span class="fn-n">{number}.</span> {notes[number]}</span>'
                )
        return "".join(out)

    return _CALL_RE.sub(add, html)


def lay_out(layout: Callable[[str], Layout], anchors: Callable[[Layout], list[set[str]]]):  # type: ignore[no-untyped-def]
    """Wrap `layout` so that each page of a two-page brief carries the notes it calls.

    `anchors(laid)` returns the element ids on each page of a layout.
    """

    def paged(html: str) -> Layout:
        numbers = calls(html)
        first = first_calls(numbers)
        laid = layout(place_notes(html, first))
        if len(laid.pages) != 2:  # one page needs no more; three do not fit anyway
            return laid
        on = sorted(
            int(i.removeprefix(_CALL_ID)) for i in anchors(laid)[1] if i.startswith(_CALL_ID)
        )
        if not on:
            return laid
        # Every note page 2 calls, at its first call there, so its notes read in order.
        called = {n for index in on for n in numbers[index]}
        spots = {(i, n) for i, n in first if n not in called or i < on[0]}
        spots |= {(on[0], n) for n in called}
        if spots == first:
            return laid
        return layout(place_notes(html, spots))

    return paged
