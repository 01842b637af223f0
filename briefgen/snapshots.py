"""Archived snapshots and matching text against them: read once, normalized, searched.

A quote may differ from its source only in quote-mark style and whitespace, with elisions
marked by an ellipsis and insertions by [brackets]; everything here folds those away.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SnapshotUnreadable, UnreadableFile
from .files import read_inside
from .model import Source

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
# An elision is an ellipsis; an insertion is [bracketed]. Both may stand for any short run.
_GAP_RE = re.compile(r"\s*(?:\u2026|\.\.\.|\[[^\]]*\])\s*")
_MAX_GAP = 400
# A snapshot is one document's text: a news article is tens of kilobytes. Past this it is
# something else (a disk image, a log), and reading it whole would only exhaust memory.
MAX_SNAPSHOT_BYTES = 32 * 1024 * 1024


def normalize(text: str) -> str:
    """Fold quote-mark style and whitespace, the two differences a quote may have."""
    # A dozen replace() scans in C beat translate(), which looks up every character.
    for mark, plain in _QUOTE_MARKS:
        if mark in text:
            text = text.replace(mark, plain)
    # str.split() breaks on exactly the characters that \s matches, and drops the ends.
    return " ".join(text.split())


def numbers_in(text: str) -> set[str]:
    """Return the numbers written in digits, without thousands separators.

    Link targets count: a target that is no web address is shown as text, and one that is
    stands in the Markdown for the reader to see.
    """
    return {n.replace(",", "").rstrip(".") for n in _NUMBER_RE.findall(text)}


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

    def text(self, source: Source) -> str | None:
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


def closest_passage(needle: str, haystack: str) -> str:
    """Return the passage of `haystack` most like `needle`, to show beside a near miss."""
    if not haystack:
        return ""
    matcher = difflib.SequenceMatcher(None, haystack, needle, autojunk=False)
    block = matcher.find_longest_match(0, len(haystack), 0, len(needle))
    start = max(0, block.a - block.b)
    passage = haystack[start : start + len(needle) + 10]
    return passage if len(passage) <= 160 else passage[:157] + "…"


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
