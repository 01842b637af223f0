"""Editorial rules 1 and 2: a quote is verbatim, and a fact's evidence stands in its source."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog.snapshots import Archives, closest_passage, normalize, quote_pattern
from ..errors import Finding
from ..model import Citation, Loc, Source
from .findings import error

# Evidence is the span a fact-checker reads the fact against: "." or one word proves nothing.
MIN_EVIDENCE_WORDS = 4


def evidence_verbatim(
    owner: str, subject: str, c: Citation, source: Source, archives: Archives
) -> Iterator[Finding]:
    """Check that a citation's evidence stands word for word in its source's snapshot.

    `owner` names what cites it in the message ("fact 'x'", "series 'y', point 'Dec 2023'").
    """
    text = archives.text(source)
    if text is not None and normalize(c.evidence) not in text:
        near = closest_passage(normalize(c.evidence), text)
        yield Finding(
            c.evidence_loc,
            "error",
            f"{owner}: evidence is not verbatim in '{source.archive}'",
            f"copy the exact words; closest passage: {near}",
            subject,
        )


def quote_verbatim(
    quote_id: str, words: str, loc: Loc, source: Source, archives: Archives
) -> Iterator[Finding]:
    text = archives.text(source)
    if text is not None and not quote_pattern(words).search(text):
        near = closest_passage(normalize(words), text)
        yield error(
            loc,
            f"quote '{quote_id}' is not verbatim in '{source.archive}'",
            "only quote-mark style and whitespace may differ; mark elisions with … and "
            f"insertions with [brackets]; closest passage: {near}",
            quote_id,
        )
