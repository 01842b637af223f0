"""Archived snapshots and matching text against them: read once, normalized, searched.

A quote may differ from its source only in quote-mark style and whitespace, with elisions
marked by an ellipsis and insertions by [brackets]; everything here folds those away.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import SnapshotUnreadable, UnreadableFile
from ..files import read_inside
from ..model import Source

# Typographic quote marks and their plain forms: a quote may differ from its source in these.
_QUOTE_MARKS = (
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u201e", '"'),
    ("\u201f", '"'),
    ("\u00ab", '"'),
    ("\u00bb", '"'),
    ("\u2033", '"'),
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201a", "'"),
    ("\u201b", "'"),
    ("\u2032", "'"),
    ("`", "'"),
)
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
# An elision is an ellipsis, however it is typed ("…", "...", ". . .", "[…]", "(...)"); an
# insertion is [bracketed]. Both may stand for any short run of the original.
_ELISION = r"\[(?:\u2026|\.\s?\.\s?\.)\]|\((?:\u2026|\.\s?\.\s?\.)\)|\u2026\.?|\.(?:\s?\.){2,3}"
_GAP_RE = re.compile(rf"\s*(?:{_ELISION}|\[[^\]]*\])\s*")
_ELISION_RE = re.compile(rf"(?:{_ELISION})$")
# What an elision or an insertion is called when the words are aligned with the source's.
_ELIDED, _INSERTED = "\0…", "\0[]"
_MAX_GAP = 400
# A snapshot is one document's text: a news article is tens of kilobytes. Past this it is
# something else (a disk image, a log), and reading it whole would only exhaust memory.
MAX_SNAPSHOT_BYTES = 32 * 1024 * 1024
# An original is the file captured (a saved page, a PDF report with its images): larger, but
# bounded all the same. `capture` refuses a bigger file, and `check` reads none.
MAX_ORIGINAL_BYTES = 64 * 1024 * 1024


def normalize(text: str) -> str:
    """Fold quote-mark style and whitespace, the two differences a quote may have."""
    # A dozen replace() scans in C beat translate(), which looks up every character.
    for mark, plain in _QUOTE_MARKS:
        if mark in text:
            text = text.replace(mark, plain)
    # str.split() breaks on exactly the characters that \s matches, and drops the ends.
    return " ".join(text.split())


def quote_pattern(text: str) -> re.Pattern[str]:
    """Compile a quote into a pattern over normalized archive text.

    Literal runs must appear in order; each ellipsis or [insertion] may stand for up to a
    few hundred characters of the original, or for none.
    """
    parts = _GAP_RE.split(normalize(text))
    gap = f".{{0,{_MAX_GAP}}}?"
    return re.compile(gap.join(re.escape(p) for p in parts), re.DOTALL)


@dataclass
class Archives:
    """Archived snapshots, each read once: its bytes (or why not) and its normalized text."""

    base: Path  # the project folder, resolved once rather than for every snapshot
    raw: dict[str, bytes | SnapshotUnreadable]
    hashes: dict[str, str]
    texts: dict[str, str | None]
    problems: dict[str, tuple[str, str]]
    folders: dict[str, str] = field(default_factory=dict)  # each folder's real path
    # Each captured original's sha256, or why it cannot be read: (message, fix).
    originals: dict[str, str | tuple[str, str]] = field(default_factory=dict)
    # What rules work out from a snapshot once (its paragraphs, its questions), by source id.
    derived: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Path) -> Archives:
        """Return an empty record of the snapshots under a project folder."""
        return cls(root.resolve(), {}, {}, {}, {})

    def _bytes(self, source: Source) -> bytes | SnapshotUnreadable:
        if source.id not in self.raw:
            try:
                self.raw[source.id] = _bytes_under(self.base, source.archive, self.folders)
            except SnapshotUnreadable as exc:
                self.raw[source.id] = exc
        return self.raw[source.id]

    def sha256(self, source: Source) -> str:
        """Return the sha256 of the source's snapshot, or "" when it cannot be read."""
        if source.id not in self.hashes:
            raw = self._bytes(source)
            if isinstance(raw, SnapshotUnreadable):
                self.hashes[source.id] = ""
            else:
                self.hashes[source.id] = hashlib.sha256(raw).hexdigest()
        return self.hashes[source.id]

    def digest(self, source: Source) -> str:
        """Name what the source's snapshot holds, or why it cannot be read."""
        raw = self._bytes(source)
        if isinstance(raw, SnapshotUnreadable):
            return f"{source.archive}\0{raw}"
        return f"{source.archive}\0{self.sha256(source)}"

    def original_sha256(self, source: Source) -> str | tuple[str, str]:
        """Return the sha256 of the source's original, or why it cannot be read."""
        if source.original is None:
            return ("has no original", "")
        if source.id not in self.originals:
            try:
                raw = read_inside(self.base, source.original, MAX_ORIGINAL_BYTES, self.folders)
                self.originals[source.id] = hashlib.sha256(raw).hexdigest()
            except UnreadableFile as exc:
                self.originals[source.id] = (exc.message, exc.fix)
        return self.originals[source.id]

    def raw_text(self, source: Source) -> str | None:
        """Return the snapshot as written (lines and all), or None when it cannot be read."""
        if self.text(source) is None:
            return None
        raw = self._bytes(source)
        return None if isinstance(raw, SnapshotUnreadable) else raw.decode("utf-8")

    def text(self, source: Source) -> str | None:
        """Return the snapshot's normalized text, or None when it cannot be read."""
        if source.id not in self.texts:
            self.texts[source.id] = self._text(source)
        return self.texts[source.id]

    def _text(self, source: Source) -> str | None:
        try:
            raw = self._bytes(source)
            if isinstance(raw, SnapshotUnreadable):
                raise raw
            return normalize(_decode(raw, source.archive))
        except SnapshotUnreadable as exc:
            self.problems[source.id] = (exc.message, exc.fix)
            return None


def read_archive(root: Path, archive: str) -> str:
    """Read a snapshot as text, refusing one outside the project or not in UTF-8."""
    return _decode(_bytes_under(root.resolve(), archive), archive)


def _bytes_under(base: Path, archive: str, folders: dict[str, str] | None = None) -> bytes:
    try:
        return read_inside(base, archive, MAX_SNAPSHOT_BYTES, folders)
    except UnreadableFile as exc:
        raise SnapshotUnreadable(f"archive {exc.message}", exc.fix) from None


def _decode(raw: bytes, archive: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SnapshotUnreadable(
            f"archive '{archive}' is not UTF-8 (bad byte at line {line})",
            "convert the snapshot to UTF-8",
        ) from None


_WORD_RE = re.compile(r"\S+")
# Marks that may wrap a word in the source but belong to no passage cut out of it.
_END_MARKS = "\"'()"
# What words are aligned on: their letters and digits, so that "July." lines up with "July".
_KEY_STRIP = "\"'().,;:!?"
_LONGEST = 60  # words: past this a near miss is shown cut, with an ellipsis


@dataclass(frozen=True)
class NearMiss:
    """The passage of a snapshot most like some words, and the words that differ."""

    start: int  # offsets in the normalized text, on word boundaries
    end: int
    text: str  # the source's words, ready to paste
    changes: tuple[tuple[str, str], ...]  # (the words given, the source's words)
    # Where in `text` the source's differing words stand, (start, end) character spans;
    # an empty span marks where the source lacks words that were given.
    marks: tuple[tuple[int, int], ...] = ()

    def differences(self) -> str:
        """Say which words differ: 'you wrote "a", the source has "b"; …'."""
        said = []
        # A word moved, not added: it is in the passage, only not where it was given.
        passage = {w.strip(_KEY_STRIP).lower() for w in self.text.split()}
        for yours, theirs in self.changes[:4]:
            if not theirs and all(w.strip(_KEY_STRIP).lower() in passage for w in yours.split()):
                said.append(f'"{yours}" stands elsewhere in the source')
            elif not theirs:
                said.append(f'"{yours}" is not in the source')
            elif not yours:
                said.append(f'the source also has "{theirs}"')
            else:
                said.append(f'"{yours}" is "{theirs}" in the source')
        more = len(self.changes) - 4
        return "; ".join(said) + (f"; and {more} more" if more > 0 else "")


def _gap_key(word: str) -> str | None:
    """Return the key an elision or an insertion aligns by, or None for a word."""
    if _ELISION_RE.match(word):
        return _ELIDED
    if word.startswith("[") and word.endswith("]"):
        return _INSERTED
    return None


def _given_words(needle: str) -> list[str]:
    """Split words given as a quote, each elision and insertion a word of its own."""
    out: list[str] = []
    text = normalize(needle)
    at = 0
    for m in _GAP_RE.finditer(text):
        out += text[at : m.start()].split()
        out.append(m.group(0).strip())
        at = m.end()
    return out + text[at:].split()


def near_miss(needle: str, haystack: str) -> NearMiss | None:
    """Find the passage of `haystack` (normalized) most like `needle`, word by word.

    The passage starts and ends on whole words of the source (never a stray quote mark), and
    `changes` names the words that keep it from matching. An elision ("…", "...", "[…]")
    stands for the words it leaves out, and an [insertion] for those it replaces, as in the
    quote check: neither is a difference, and every way of typing an elision is the same.
    """
    words = [(m.start(), m.end()) for m in _WORD_RE.finditer(haystack)]
    mine = _given_words(needle)
    if not words or not mine:
        return None
    theirs = [haystack[a:b] for a, b in words]
    keys = [_gap_key(w) or w.strip(_KEY_STRIP).lower() for w in theirs]
    wanted = [_gap_key(w) or w.strip(_KEY_STRIP).lower() for w in mine]
    gaps = [k in (_ELIDED, _INSERTED) for k in wanted]
    matcher = difflib.SequenceMatcher(None, keys, wanted, autojunk=False)
    block = matcher.find_longest_match(0, len(keys), 0, len(wanted))
    # Align the words around the longest run in common, with room for words added or lost.
    slack = 3 + len(wanted) // 4 + 40 * sum(gaps)
    lo = max(0, block.a - block.b - slack)
    hi = min(len(keys), block.a + (len(wanted) - block.b) + slack)
    ops = difflib.SequenceMatcher(None, keys[lo:hi], wanted, autojunk=False).get_opcodes()
    first, last = lo, hi
    if ops and ops[0][0] != "equal":  # the words given before the first in common
        _, i1, i2, j1, j2 = ops[0]
        n = _best_fit(theirs[lo + i1 : lo + i2], mine[j1:j2], from_end=True) if j2 > j1 else 0
        first = lo + i2 - n
    if ops and ops[-1][0] != "equal":  # ... and after the last
        _, i1, i2, j1, j2 = ops[-1]
        n = _best_fit(theirs[lo + i1 : lo + i2], mine[j1:j2], from_end=False) if j2 > j1 else 0
        last = lo + i1 + n
    if last <= first:
        first, last = block.a, max(block.a + block.size, block.a + 1)
    last = min(last, first + _LONGEST, len(words))
    ops = difflib.SequenceMatcher(None, keys[first:last], wanted, autojunk=False).get_opcodes()

    def elided(j1: int, j2: int) -> bool:
        # Given words that are all gaps, or source words beside a gap: what a gap stands for.
        if j2 > j1:
            return all(gaps[j1:j2])
        return (j1 > 0 and gaps[j1 - 1]) or (j1 < len(gaps) and gaps[j1])

    differing = [
        op for op in ops if op[0] != "equal" and first + op[1] < last and not elided(*op[3:])
    ]
    changes = tuple(
        (
            " ".join(mine[j1:j2]).strip(_END_MARKS),
            " ".join(theirs[first + i1 : first + i2]).strip(_END_MARKS),
        )
        for _, i1, i2, j1, j2 in differing
    )
    start, end = words[first][0], words[last - 1][1]
    text = haystack[start:end]
    # A quote mark opening or closing the passage belongs to the source's sentence, not to it.
    lead = len(text) - len(text.lstrip(_END_MARKS))
    tail = len(text) - len(text.rstrip(_END_MARKS + ",;:"))
    if lead + tail < len(text):
        start, end = start + lead, end - tail
    marks = []
    for _, i1, i2, _j1, _j2 in differing:
        if i2 > i1:
            a, b = words[first + i1][0], words[min(first + i2, last) - 1][1]
        else:  # words given that the source lacks: mark the gap
            a = b = words[first + i1][0] - 1 if first + i1 < len(words) else end
        marks.append((max(a, start) - start, min(max(b, a), end) - start))
    return NearMiss(start, end, haystack[start:end], changes, tuple(marks))


def _best_fit(candidates: list[str], given: list[str], from_end: bool) -> int:
    """Return how many of the source's words (at the end nearest the match) answer `given`."""
    if not candidates:
        return 0
    target = " ".join(given).lower()
    best, best_n = -1.0, 0
    for n in range(1, min(len(candidates), len(given)) + 1):
        part = candidates[-n:] if from_end else candidates[:n]
        ratio = difflib.SequenceMatcher(None, " ".join(part).lower(), target).ratio()
        if ratio > best:
            best, best_n = ratio, n
    return best_n


def underline(text: str, marks: tuple[tuple[int, int], ...], escape: Callable[[str], str]) -> str:
    """Return a line of ^ under the marked spans of `text` as printed through `escape`."""
    out = []
    for i, ch in enumerate(text):
        width = len(escape(ch))
        hit = any(a <= i < b or (a == b == i) for a, b in marks)
        out.append(("^" if hit else " ") * width)
    if any(a == b == len(text) for a, b in marks):
        out.append("^")
    return "".join(out).rstrip()


def closest_passage(needle: str, haystack: str) -> str:
    """Return the passage most like `needle` and how it differs, for a message."""
    near = near_miss(needle, haystack)
    if near is None:
        return '""'
    shown = f'"{near.text}"'
    return f"{shown} ({near.differences()})" if near.changes else shown


def fold(raw: str) -> tuple[str, list[int]]:
    """Normalize text as normalize() does, and map each folded character to its raw offset."""
    out: list[str] = []
    where: list[int] = []
    cache: dict[str, str] = {}
    in_space = False
    for i, ch in enumerate(raw):
        if ch.isspace():
            in_space = bool(out)  # leading whitespace is dropped, as strip() does
            continue
        if in_space:
            out.append(" ")
            where.append(i - 1)
            in_space = False
        folded = cache.get(ch)
        if folded is None:
            folded = cache[ch] = normalize(ch)
        for piece in folded:
            out.append(piece)
            where.append(i)
    return "".join(out), where
