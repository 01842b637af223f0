"""The fitting search on its own, driven by layouts made here: no WeasyPrint involved."""

import datetime as dt
import random
import subprocess
import sys

import pytest

from briefgen.errors import PageOverflow
from briefgen.model import Brief, Citation, Document, Entry, Fact, Note, Source
from briefgen.plan.fit import Block, Layout, Page, fit

DAY = dt.date(2025, 6, 13)
PAGE, HEADER, NOTE, LINE = 1000.0, 100.0, 20.0, 12.0


class Paper:
    """Lays out 'documents' whose items have known heights; one note per item."""

    def __init__(self, heights: dict[str, float]) -> None:
        self.heights = heights
        self.layouts = 0

    def make(self, order: list[str]):
        def make(k: int):
            kept = [i for i in self.heights if i not in order[:k]]
            facts = []
            notes = []
            for n, item in enumerate(kept, 1):
                source = Source(f"s-{item}", "T", "P", DAY, "news", "a.txt", "high")
                fact = Fact(item, "x", DAY, (), (Citation(source.id, "x"),))
                facts.append(Entry(fact, (n,)))
                notes.append(Note(n, source))
            brief = Brief("b", "issue", "T", DAY, DAY)
            doc = Document(
                brief, (), "", tuple(facts), (), (), tuple(notes), None, tuple(order[:k])
            )
            return doc, ",".join(kept)

        return make

    def lay_out(self, html: str) -> Layout:
        self.layouts += 1
        kept = [i for i in html.split(",") if i]
        pages: list[list[tuple[str, float]]] = [[]]
        y = HEADER
        for item in kept:
            h = self.heights[item]
            on_page = len(pages[-1]) + 1
            if y + h + NOTE * on_page > PAGE and pages[-1]:
                pages.append([])
                y = 0.0
            pages[-1].append((item, y))
            y += h
        out = []
        for placed in pages:
            blocks = [
                Block(i, "fact", 0, y, self.heights[i], self.heights[i], LINE) for i, y in placed
            ]
            notes_top = PAGE - NOTE * len(placed)
            blocks += [
                Block(f"note-{n}", "note", 1, notes_top + NOTE * j, NOTE, NOTE, NOTE)
                for j, n in enumerate(range(1, len(placed) + 1))
            ]
            flow_end = placed[-1][1] + self.heights[placed[-1][0]] if placed else HEADER
            out.append(Page(0.0, PAGE, flow_end, notes_top, tuple(blocks)))
            if flow_end > notes_top:  # an item taller than the page runs onto the next
                out.append(Page(0.0, PAGE, 0.0, PAGE, ()))
        return Layout(tuple(out))


def fullest(paper: Paper, make, order: list[str]) -> int:
    """The smallest count left out that lays out on one page, by trying every one."""
    return next(k for k in range(len(order) + 1) if len(paper.lay_out(make(k)[1]).pages) == 1)


@pytest.mark.parametrize("seed", range(12))
def test_fit_finds_the_fullest_page_whatever_the_hint(seed: int):
    rng = random.Random(seed)
    heights = {f"item-{i}": float(rng.randint(12, 160)) for i in range(rng.randint(8, 60))}
    paper = Paper(heights)
    order = list(reversed(heights))  # the last item is the first to go
    make = paper.make(order)
    answer = fullest(paper, make, order)
    for hint in (None, 0, answer - 1, answer, answer + 1, len(order)):
        if hint is not None and not 0 <= hint <= len(order):
            continue
        paper.layouts = 0
        doc, html, laid = fit(make, paper.lay_out, order, len(heights), hint)
        assert len(doc.left_out) == answer, (seed, hint)
        assert len(laid.pages) == 1 and html == make(answer)[1]
        assert paper.layouts <= 8, (seed, hint, paper.layouts)


def test_a_brief_that_cannot_fit_even_emptied_says_so():
    paper = Paper({"must-stay": 2000.0, "may-go": 20.0})
    with pytest.raises(PageOverflow, match="does not fit on one page"):
        fit(paper.make(["may-go"]), paper.lay_out, ["may-go"], 2)


def test_fitting_does_not_import_weasyprint():
    code = "import sys, briefgen.plan.fit; assert 'weasyprint' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


class WidePaper(Paper):
    """As Paper, but an item named wide-* runs past the right margin wherever it is laid out."""

    def lay_out(self, html: str) -> Layout:
        laid = super().lay_out(html)
        wide = any(i.startswith("wide-") for i in html.split(","))
        first = laid.pages[0]
        page = Page(first.top, first.height, first.flow_end, first.notes_top, first.blocks, 40.0)
        return Layout((page, *laid.pages[1:])) if wide else laid


def test_a_page_that_runs_off_sideways_does_not_fit():
    paper = WidePaper({"keep": 100.0, "wide-one": 20.0, "small": 20.0})
    order = ["small", "wide-one"]  # small goes first, then the wide one
    doc, _, laid = fit(paper.make(order), paper.lay_out, order, 3)
    assert doc.left_out == ("small", "wide-one")
    assert laid.pages[0].overflow_x == 0.0


def test_a_must_stay_item_that_runs_off_sideways_says_so():
    paper = WidePaper({"wide-must": 100.0, "small": 20.0})
    with pytest.raises(PageOverflow, match="does not fit on one page"):
        fit(paper.make(["small"]), paper.lay_out, ["small"], 2)
