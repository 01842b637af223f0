"""Find words in a source's snapshot and say exactly where they are, to copy as evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..catalog.load import CATALOG_FILE, raw_files
from ..catalog.snapshots import fold, near_miss, normalize, quote_pattern, read_archive
from ..catalog.yamlio import LDict, LList
from ..errors import CatalogMissing, ContentError, NotFound, SnapshotEmpty, UsageError

_RUN_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Passage:
    """A stretch of a snapshot: its words as written, and where it starts and ends (1-based)."""

    text: str
    line: int
    col: int
    end_line: int
    end_col: int


@dataclass(frozen=True)
class Found:
    """What a search found: exact passages, or else the closest one."""

    source: str
    archive: str
    exact: bool
    passages: tuple[Passage, ...]
    total: int
    differences: str = ""  # without an exact match: which words differ from the closest
    marks: tuple[tuple[int, int], ...] = ()  # ... and where they stand in its text


def _position(raw: str, offset: int) -> tuple[int, int]:
    line = raw.count("\n", 0, offset) + 1
    return line, offset - (raw.rfind("\n", 0, offset) + 1) + 1


def _passage(raw: str, where: list[int], start: int, end: int) -> Passage:
    """Turn a span of folded text back into the snapshot's own words and their position."""
    first, last = where[start], where[end - 1]
    text = _RUN_RE.sub(" ", raw[first : last + 1]).strip()
    line, col = _position(raw, first)
    end_line, end_col = _position(raw, last)
    return Passage(text, line, col, end_line, end_col)


def _known(root: Path) -> dict[str, LDict]:
    """Return the raw source entries of the catalog by id, unfinished ones included.

    Those of sources.yaml first, then those of the files it includes.
    """
    path = root / CATALOG_FILE
    if not path.is_file():
        raise CatalogMissing(f"there is no {CATALOG_FILE} in {root}", "add a source first")
    known: dict[str, LDict] = {}
    for shown, data, problems in raw_files(root):
        if problems:
            raise ContentError(problems, f"fix {shown} first")
        _add_sources(data, known)
    return known


def _add_sources(data: object, known: dict[str, LDict]) -> None:
    entries = data.get("sources") if isinstance(data, LDict) else None
    for entry in entries if isinstance(entries, LList) else ():
        if isinstance(entry, LDict) and isinstance(entry.get("id"), str):
            known.setdefault(entry["id"], entry)


def _archive_of(root: Path, source_id: str) -> str:
    """Return a source's archive path; the entry need not pass the schema yet."""
    known = _known(root)
    entry = known.get(source_id)
    if entry is None:
        raise NotFound("source", source_id, known)
    archive = entry.get("archive")
    # A freshly added source may still lack parts, but `new source` always writes its archive.
    return archive if isinstance(archive, str) and archive.strip() else f"sources/{source_id}.txt"


def find(root: Path, source_id: str, words: str, limit: int = 10) -> Found:
    """Find `words` in a source's snapshot, tolerating quote-mark style and whitespace."""
    if not normalize(words):
        raise UsageError('give the words to look for, e.g. briefgen quote find SOURCE "…"')
    archive = _archive_of(root, source_id)
    raw = read_archive(root, archive)
    text, where = fold(raw)
    if not text:
        raise SnapshotEmpty(f"archive '{archive}' is empty", "save the source's text there")
    matches = [m for m in quote_pattern(words).finditer(text) if m.end() > m.start()]
    if matches:
        shown = tuple(_passage(raw, where, m.start(), m.end()) for m in matches[:limit])
        return Found(source_id, archive, True, shown, len(matches))
    # No exact match: show the passage check would suggest, located in the file.
    near = near_miss(words, text)
    if near is None:
        return Found(source_id, archive, False, (), 0)
    passage = _passage(raw, where, near.start, near.end)
    return Found(source_id, archive, False, (passage,), 0, near.differences(), near.marks)


def source_ids(root: Path) -> list[str]:
    """Return the source ids in sources.yaml, for shell completion; nothing when unreadable."""
    try:
        return sorted(_known(root))
    except (CatalogMissing, ContentError):
        return []
