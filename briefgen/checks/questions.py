"""Editorial rule 8: a question keeps its answer.

A fact or brief line that reports a question put at a briefing ("Is the White House open to
300,000 more visas?") tells the principal half of what happened: what the official answered
is the other half, and often the half that matters. When the source gives the answer (the
turns after a transcript's "Q", or the clause after a report's "Asked whether …"), the fact
cites it too, and so does a summary sentence or talking point that cites the question.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..catalog.snapshots import Archives, normalize, quote_pattern
from ..errors import Finding
from ..model import REF_RE, Catalog, Fact, Quote, Source, Uses
from .findings import brief_lines, warning
from .meaning import STOP, stem
from .structure import Exchange, Structure, answers, sentences_in, structure

RULE = "question-unanswered"
_MAX_WORDS = 40  # an answer quoted in a fix: a sentence, not a page


@dataclass(frozen=True, slots=True)
class Open:
    """A fact's citation of a question whose answer the fact does not cite."""

    source: Source
    shape: Structure
    exchange: Exchange
    evidence: str  # the question's words the fact cites


def _span(shape: Structure, words: str) -> tuple[int, int] | None:
    needle = normalize(words)
    at = shape.text.find(needle) if needle else -1
    return None if at < 0 else (at, at + len(needle))


def open_questions(fact: Fact, catalog: Catalog, archives: Archives) -> list[Open]:
    """Return the questions a fact cites without citing the answer its source gives."""
    found: list[Open] = []
    for c in fact.cite:
        source = catalog.sources.get(c.source)
        shape = structure(source, archives) if source is not None else None
        span = _span(shape, c.evidence) if shape is not None else None
        if source is None or shape is None or span is None:
            continue
        ex = shape.asked_in(*span)
        if ex is None or ex.answer is None or answers(ex, *span):
            continue
        cited = [_span(shape, d.evidence) for d in fact.cite if d.source == c.source]
        if any(s is not None and answers(ex, *s) for s in cited):
            continue
        found.append(Open(source, shape, ex, c.evidence))
    return found


def _weights(question: Open, about: str) -> dict[str, float]:
    """Weigh the words of `about` by how rare they are among the snapshot's sentences."""
    text = question.shape.text
    every = [_content(text[a:b]) for a, b in sentences_in(text, 0, len(text))]
    n = len(every)
    return {w: math.log((1 + n) / (1 + sum(w in s for s in every))) for w in _content(about)}


def answer_words(question: Open, about: str) -> str:
    """Return the sentence of the answer that best answers `about`, ready to paste.

    Words count by how rare they are in the snapshot: "visas" and "300,000" say more about
    which sentence answers than "you know" does.
    """
    ex, text = question.exchange, question.shape.text
    assert ex.answer is not None
    weight = _weights(question, about)
    best, best_score = "", 0.0
    spans = [span for part in ex.parts for span in sentences_in(text, *part)]
    for a, b in spans:
        words = text[a:b].split()
        score = sum(weight.get(w, 0.0) for w in _content(text[a:b]))
        if score > best_score and len(words) >= 4:
            best, best_score = " ".join(words[:_MAX_WORDS]), score
    if not best:  # nothing in common: the answer's first words
        first = ex.parts[0] if ex.parts else ex.answer
        best = " ".join(text[first[0] : first[1]].split()[:_MAX_WORDS])
    return best.rstrip(",;:")


def _content(text: str) -> set[str]:
    words = re.findall(r"\$?[\w][\w,.%'’-]*", text)
    return {stem(w) for w in words if w.lower() not in _COMMON and len(w) > 2}


# Words that say nothing of what a sentence is about, beyond the rules' own stop words.
_COMMON = STOP | frozenset((
    "you", "your", "we", "our", "they", "them", "i", "me", "my", "he", "him", "she", "has",
    "have", "had", "do", "does", "did", "know", "think", "just", "so", "also", "but", "not",
    "can", "could", "would", "will", "here", "what", "how", "all", "any", "some", "very",
    "really", "about", "into", "than", "then", "well", "said", "says", "going",
))  # fmt: skip


def _where(question: Open) -> str:
    shown = question.source.archive
    how = question.exchange.asked
    return f"(“{how}” at {shown}:{question.exchange.line})"


def question_findings(fact: Fact, catalog: Catalog, archives: Archives) -> Iterator[Finding]:
    """Warn when a fact's evidence is a question and the fact does not cite its answer."""
    for question in open_questions(fact, catalog, archives):
        words = answer_words(question, f"{question.evidence} {fact.text}")
        cite = next(c for c in fact.cite if c.evidence == question.evidence)
        yield warning(
            cite.evidence_loc,
            f"fact '{fact.id}': its evidence is a question {_where(question)}, and the fact "
            "does not cite the answer the source gives",
            f"cite the answer too, and say what it was: source {question.source.id}, "
            f'evidence: "{words}"',
            fact.id,
            RULE,
        )


def line_findings(uses: Uses, catalog: Catalog, archives: Archives) -> Iterator[Finding]:
    """Warn when a summary sentence or talking point cites a question and not its answer."""
    brief = uses.brief
    for where, loc, line in brief_lines(brief):
        refs = REF_RE.findall(line)
        for ref in refs:
            fact = catalog.facts.get(ref)
            if fact is None:
                continue
            for question in open_questions(fact, catalog, archives):
                others = [r for r in refs if r != ref]
                if any(_answers(r, question, catalog) for r in others):
                    continue
                about = f"{question.evidence} {fact.text}"
                givers = _answering_items(question, catalog, about)
                if givers:
                    how = f"cite what answers it ({', '.join(f'[@{g}]' for g in givers[:3])})"
                else:
                    how = f'add the answer the source gives: "{answer_words(question, about)}"'
                yield warning(
                    loc,
                    f"brief '{brief.id}': {where} cites the question in '{fact.id}' "
                    f"{_where(question)} but not the answer the source gives",
                    f"{how}, or leave the question out",
                    rule=RULE,
                )
                break


def _answers(item_id: str, question: Open, catalog: Catalog) -> bool:
    """Say whether a fact or quote gives words of the question's answer."""
    item: Fact | Quote | None = catalog.facts.get(item_id) or catalog.quotes.get(item_id)
    if item is None:
        return False
    sid = question.source.id
    if isinstance(item, Fact):
        spans = [_span(question.shape, c.evidence) for c in item.cite if c.source == sid]
        return any(s is not None and answers(question.exchange, *s) for s in spans)
    if item.source != sid:
        return False
    m = quote_pattern(item.text).search(question.shape.text)
    return m is not None and answers(question.exchange, m.start(), m.end())


def _answering_items(question: Open, catalog: Catalog, about: str) -> list[str]:
    """Return the facts of the catalog that give the question's answer, most to the point first.

    An answer may take up several questions ("Two questions: …"): a fact from it that shares
    no telling word with this one answers another.
    """
    sid, weight = question.source.id, _weights(question, about)
    scored = []
    for fact in catalog.facts.values():
        for c in fact.cite:
            span = _span(question.shape, c.evidence) if c.source == sid else None
            if span is not None and answers(question.exchange, *span):
                score = sum(weight.get(w, 0.0) for w in _content(c.evidence))
                if score > 0:
                    scored.append((-score, fact.id))
                break
    return [fid for _, fid in sorted(scored)]
