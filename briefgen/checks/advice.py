"""Editorial rule 10: the page speaks to the principal, never to its author.

"Do not cite until checked", "verify", "TODO": a reminder to the analyst or the desk is a
note for them (a YAML comment, a `check` finding), not a line the principal reads. Each
family of such words is in vocabulary.ADVICE; a summary sentence or talking point that holds
one is a finding, and so is a fact whose text holds a placeholder or a note to its writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import Finding
from ..model import Brief, Fact
from .findings import brief_lines, warning
from .vocabulary import ADVICE

RULE = "author-advice"
FIX = (
    "tell the principal what is known (that a figure is unconfirmed, whose claim it is), "
    "and keep the reminder for the author in a YAML comment (# …) or leave it to check"
)
# In a fact's text, only the families that cannot be a statement about the world: a fact may
# well say that something "is to be verified" or "must be confirmed".
_FACT_FAMILIES = ("hold", "placeholder", "note")


def advice_in(text: str, families: tuple[str, ...] = tuple(ADVICE)) -> re.Match[str] | None:
    """Return the first words of `text` that advise its author, if any."""
    found = [m for f in families for p in ADVICE[f] for m in [p.search(text)] if m is not None]
    return min(found, key=lambda m: m.start()) if found else None


def brief_advice_findings(brief: Brief) -> Iterator[Finding]:
    """Warn of each summary sentence or talking point that speaks to the author."""
    for where, loc, line in brief_lines(brief):
        m = advice_in(line)
        if m is not None:
            yield warning(
                loc,
                f"brief '{brief.id}': {where} speaks to the author, not the principal: "
                f"“{_words(m)}”",
                FIX,
                rule=RULE,
            )


def fact_advice_findings(fact: Fact) -> Iterator[Finding]:
    """Warn when a fact's text holds a placeholder or a note to its writer."""
    m = advice_in(fact.text, _FACT_FAMILIES)
    if m is not None:
        yield warning(
            fact.locs.get("text", fact.loc),
            f"fact '{fact.id}' speaks to its author, not the reader: “{_words(m)}”",
            FIX,
            fact.id,
            RULE,
        )


# The rest of a clause: up to its punctuation, an abbreviation's full stop ("U.S. officials")
# aside, or a citation.
_CLAUSE_REST = re.compile(r"(?:[^.;:,!?\[]|\.(?=\S)|\.(?=\s+[a-z]))*")


def _words(m: re.Match[str]) -> str:
    """Return the words matched, widened to whole words and to the end of their clause."""
    text, start = m.string, m.start()
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    tail = _CLAUSE_REST.match(text, m.end())
    end = min(tail.end(), m.end() + 60) if tail else m.end()
    while end < len(text) and text[end].isalnum():
        end += 1
    return " ".join(text[start:end].split())
