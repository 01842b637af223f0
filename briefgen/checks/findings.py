"""How a rule says what it found: an error, a warning with its name, a suggestion."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import Finding, closest
from ..model import Loc


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
