"""What a snapshot is made of beyond its words: paragraphs, sentences, and who asks whom.

Rules find evidence in a snapshot's normalized text (quote marks and whitespace folded),
where its lines are gone. This module reads the snapshot as written once and says, in offsets
of that same normalized text, where each paragraph starts (a blank line, or a line break in
a snapshot that has no blank lines), and which spans are questions and which their answers:

- in a transcript, by its speaker labels at the start of a line: a question turn ("Q",
  "QUESTION:", "Reporter:") and the turns after it up to the next question (any speaker in
  capitals with a colon, "SENIOR ADMINISTRATION OFFICIAL:", "MODERATOR:", "MR. KIRBY:");
- in reporting, by the words that report a question: "Asked whether …, the president said
  …", "a reporter asked …", "in response to a question …"; the answer is the clause that
  says what was said in reply, or else the next sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..catalog.snapshots import Archives, fold
from ..model import Source
from .vocabulary import SPEECH

# A sentence ends at . ! or ? (and a closing quote) before a capital; an abbreviation
# ("U.S. officials", "Gov. Abbott") does not end one.
BOUNDARY = re.compile(
    r"(?<!\bU\.S)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bGov)(?<!\bSt)(?<!\bSen)(?<!\bRep)"
    r"(?<!\b[A-Z])[.!?][\"')\]]?\s+(?=[^\sa-z])"
)

_CAPS = "A-Z\u00c0-\u00d6\u00d8-\u00de"
# Who asks, as a transcript labels them, in English and in a Mexican government transcript
# ("versión estenográfica": "PREGUNTA:", "INTERLOCUTORA:").
_ASKER_WORDS = (
    "question", "reporter", "journalist", "audience member", "pregunta", "interlocutor",
    "interlocutora", "reportero", "reportera", "periodista",
)  # fmt: skip
# A speaker label opening a line: "Q", "QUESTION:", "Reporter:", or a name in capitals and a
# colon ("SENIOR ADMINISTRATION OFFICIAL:", "MR. KIRBY:", "PRESIDENTA DE MÉXICO, CLAUDIA
# SHEINBAUM PARDO:"), with an aside in brackets allowed before the colon ("Q (via
# interpreter):").
_LABEL = re.compile(
    rf"^[^\S\n]*(?:(?P<q>Q)(?:[^\S\n]*\([^)\n]{{0,40}}\))?(?:[:.][^\S\n]*|[^\S\n]+)(?=\S)"
    rf"|(?P<named>(?i:{'|'.join(_ASKER_WORDS)})"
    rf"|[{_CAPS}][{_CAPS}.'’\-]+(?:,?[^\S\n]+[{_CAPS}][{_CAPS}.'’\-]*){{0,7}})"
    rf"(?:[^\S\n]*\([^)\n]{{0,40}}\))?[^\S\n]*:[^\S\n]*(?=\S))",
    re.MULTILINE,
)
_BLANK = re.compile(r"\n[^\S\n]*\n\s*")
_BREAK = re.compile(r"\n\s*")
_ASKERS = frozenset({"q", *_ASKER_WORDS})
# Who runs the call rather than answers: their turns alone are no answer ("we are out of time").
_CHAIRS = frozenset({"moderator", "operator", "the operator", "host", "the moderator"})
# Headings in capitals that are no speaker.
_NOT_SPEAKERS = frozenset({"note", "update", "editor's note", "editor’s note", "correction"})

# Reporting that a question was put. A sentence opening with "Asked whether …" holds its
# answer after the comma before its speech verb; the others may, or else the next sentence.
_WH = r"(?:whether|if|about|what|how|why|when|where|who|which|on|over)"
_TO_ANSWER = r"(?:to\s+(?:comment|respond|explain|elaborate|clarify)|for\s+(?:comment|details))"
_ASKED_OPENING = re.compile(
    rf"^(?:[\"“]?(?:When|After being|Upon being|Once)\s+)?[Aa]sked\s+(?:{_WH}|{_TO_ANSWER}|by)\b"
)
_ASKED = re.compile(
    r"\b(?:reporters?|journalists?)\s+asked\b|\basked\s+(?:whether|if)\b"
    rf"|\b(?:was|were)\s+asked\s+(?:{_WH}|{_TO_ANSWER})\b"
    r"|\basked\s+by\s+(?:a\s+)?(?:reporters?|journalists?)\b"
    r"|\bin\s+response\s+to\s+(?:a\s+|the\s+)?(?:reporter['’]s\s+)?question\b"
    r"|\bwhen\s+questioned\b|\bquestioned\s+(?:about|on|over)\b|\bpressed\s+(?:on|about|over)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Exchange:
    """A question in a snapshot and the answer that follows it, as spans of its text."""

    question: tuple[int, int]
    answer: tuple[int, int] | None  # None when the source gives no answer
    line: int  # the snapshot's line where the question is put
    asked: str  # how the source marks it: "Q", "Asked whether", "a reporter asked"
    # The answer's words without the speaker labels between its turns, span by span.
    parts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Structure:
    """A snapshot's paragraphs and exchanges, over its normalized text."""

    text: str
    paragraphs: tuple[int, ...]  # where each paragraph starts, ascending (0 first)
    exchanges: tuple[Exchange, ...]

    def paragraph(self, at: int) -> tuple[int, int]:
        """Return the span of the paragraph that holds offset `at`."""
        i = bisect.bisect_right(self.paragraphs, at) - 1
        end = self.paragraphs[i + 1] if i + 1 < len(self.paragraphs) else len(self.text)
        return self.paragraphs[max(i, 0)], end

    def asked_in(self, start: int, end: int) -> Exchange | None:
        """Return the exchange whose question the span [start, end) reports, if any."""
        for ex in self.exchanges:
            if _overlap(ex.question, (start, end)):
                return ex
        return None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def answers(ex: Exchange, start: int, end: int) -> bool:
    """Say whether the span [start, end) lies (in part) in the answer to `ex`."""
    return ex.answer is not None and _overlap(ex.answer, (start, end))


def structure(source: Source, archives: Archives) -> Structure | None:
    """Return the structure of a source's snapshot, worked out once; None if unreadable."""
    key = f"structure\0{source.id}"
    if key not in archives.derived:
        raw = archives.raw_text(source)
        archives.derived[key] = None if raw is None else read_structure(raw)
    found: Structure | None = archives.derived[key]
    return found


def read_structure(raw: str) -> Structure:
    """Work out the paragraphs and exchanges of a snapshot as written."""
    text, where = fold(raw)

    def at(offset: int) -> int:  # a raw offset as an offset of the normalized text
        return min(bisect.bisect_left(where, offset), len(text))

    # Paragraphs are set apart by blank lines, or (in a snapshot with none) by line breaks.
    blank = _BLANK if _BLANK.search(raw) else _BREAK
    starts = {0, *(at(m.end()) for m in blank.finditer(raw))}
    paragraphs = tuple(sorted(s for s in starts if s < len(text)) or [0])
    line_of = _lines(raw)
    turns = _exchanges_in_turns(raw, at, line_of)
    asked = _exchanges_in_reporting(text, paragraphs, where, line_of, turns)
    return Structure(text, paragraphs, tuple(sorted(turns + asked, key=lambda e: e.question)))


def _lines(raw: str):  # type: ignore[no-untyped-def]
    breaks = [m.start() for m in re.finditer("\n", raw)]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(breaks, offset - 1) + 1

    return line_of


def _exchanges_in_turns(raw: str, at, line_of) -> list[Exchange]:  # type: ignore[no-untyped-def]
    """Read a transcript's turns: each question turn (or run of them) and the turns after it."""
    turns: list[tuple[bool, int, int, int, str]] = []  # (a question?, start, end, line, label)
    labels = [m for m in _LABEL.finditer(raw) if _speaker(m) not in _NOT_SPEAKERS]
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(raw)
        body_end = len(raw[:end].rstrip())
        label = _speaker(m)
        turns.append((label in _ASKERS, at(m.end()), at(body_end), line_of(m.start()), label))
    if not any(t[0] for t in turns) or all(t[0] for t in turns):
        return []  # no question, or nobody answering: not a transcript of questions
    out: list[Exchange] = []
    i = 0
    while i < len(turns):
        if not turns[i][0]:
            i += 1
            continue
        j = i
        while j + 1 < len(turns) and turns[j + 1][0]:
            j += 1  # "Q Hello?" "Q Can you hear me?": one questioner, one question
        k = j
        while k + 1 < len(turns) and not turns[k + 1][0]:
            k += 1
        parts = tuple((t[1], t[2]) for t in turns[j + 1 : k + 1] if t[4] not in _CHAIRS)
        answer = (turns[j + 1][1], turns[k][2]) if parts else None
        out.append(Exchange((turns[i][1], turns[j][2]), answer, turns[i][3], "Q", parts))
        i = k + 1
    return out


def _speaker(m: re.Match[str]) -> str:
    return "q" if m.group("q") else " ".join(m.group("named").lower().split())


def sentences_in(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield the sentences of text[start:end] as spans."""
    lo = start
    for m in BOUNDARY.finditer(text, start, end):
        yield lo, m.start() + 1
        lo = m.end()
    if lo < end and text[lo:end].strip():
        yield lo, len(text[:end].rstrip())


def _exchanges_in_reporting(  # type: ignore[no-untyped-def]
    text: str, paragraphs: tuple[int, ...], where: list[int], line_of, turns: list[Exchange]
) -> list[Exchange]:
    """Find questions a report tells of, and the answer it gives them."""
    spans: list[tuple[int, int]] = []
    for i, start in enumerate(paragraphs):
        end = paragraphs[i + 1] if i + 1 < len(paragraphs) else len(text)
        spans += sentences_in(text, start, end)
    out: list[Exchange] = []
    for n, (s0, s1) in enumerate(spans):
        sentence = text[s0:s1]
        opening = _ASKED_OPENING.match(sentence)
        told = opening or _ASKED.search(sentence)
        if told is None or any(_overlap(e.question, (s0, s1)) for e in turns):
            continue
        reply = next(SPEECH.finditer(sentence, told.end()), None)
        answer: tuple[int, int] | None
        if reply is not None:
            # The answer's clause: after the last comma (or "and") before its verb.
            lead = sentence[told.end() : reply.start()]
            comma, conj = lead.rfind(", "), lead.rfind(" and ")
            cut = max(comma + 2 if comma >= 0 else 0, conj + 5 if conj >= 0 else 0)
            split = s0 + told.end() + cut
            question, answer = (s0, split), (split, s1)
        else:
            question = (s0, s1)
            answer = spans[n + 1] if n + 1 < len(spans) else None
        asked = " ".join(told.group(0).split())
        line = line_of(where[s0]) if where else 1
        out.append(Exchange(question, answer, line, asked, (answer,) if answer else ()))
    return out
