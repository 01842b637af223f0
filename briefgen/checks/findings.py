"""How a rule says what it found: an error, a warning with its name, a suggestion."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..errors import Finding, closest
from ..model import Brief, Loc
from ..prose import sentences


def error(loc: Loc, message: str, fix: str = "", subject: str = "") -> Finding:
    """Make a finding that stops the run."""
    return Finding(loc, "error", message, fix, subject)


def warning(loc: Loc, message: str, fix: str = "", subject: str = "", rule: str = "") -> Finding:
    """Make a finding that is reported but stops nothing (unless --strict or acknowledged).

    `rule` names it, for an item's `accept:` to acknowledge it by.
    """
    return Finding(loc, "warning", message, fix, subject, rule)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """Suggest the known name closest to a misspelt one, or say nothing."""
    near = closest(name, list(known), 1)
    return f"did you mean '{near[0]}'?" if near else ""


def brief_lines(brief: Brief, title: bool = False) -> Iterator[tuple[str, Loc, str]]:
    """Yield the lines a brief speaks to its principal in: each summary sentence, each point.

    Each as (what it is called in a message, where it is written, its words); the title
    first when `title` is set and the brief has one.
    """
    if title and brief.title:
        yield "the title", brief.locs.get("title", brief.loc), brief.title
    summary = brief.locs.get("summary", brief.loc)
    for s in sentences(brief.summary):
        yield "the summary", summary, s
    points = brief.locs.get("talking_points", brief.loc)
    for i, p in enumerate(brief.talking_points):
        yield f"talking point {i + 1}", brief.locs.get(f"talking_points[{i}]", points), p
