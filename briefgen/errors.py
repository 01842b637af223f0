"""The exception family: library code raises these, only the CLI maps them to exit codes."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from .model import Finding


class BriefgenError(Exception):
    """Base of every error a user can cause and fix."""

    exit_code = 1


class UsageError(BriefgenError):
    """The command was called wrongly (exit 2)."""

    exit_code = 2


class NotFound(BriefgenError):
    """A named thing (brief, topic, source) does not exist."""

    def __init__(self, what: str, name: str, known: Iterable[str]) -> None:
        known = sorted(known)
        self.what, self.name, self.known = what, name, known
        super().__init__(f"unknown {what} '{name}'. {suggest(name, known, what)}")


class ContentError(BriefgenError):
    """The content has findings that stop the run."""

    def __init__(self, findings: Sequence[Finding], summary: str = "") -> None:
        self.findings = list(findings)
        lines = [str(f) for f in self.findings]
        if summary:
            lines.append(summary)
        super().__init__("\n".join(lines))


class PageOverflow(BriefgenError):
    """Even the items that must stay do not fit on one page."""


def closest(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Return the known names most like `name`, best first."""
    return difflib.get_close_matches(name, list(known), n=n, cutoff=0.5)


def suggest(name: str, known: Sequence[str], what: str) -> str:
    """Say what exists, closest match first, so the user can pick the right one."""
    if not known:
        return f"There are no {what}s yet."
    near = closest(name, known, n=len(known))
    rest = [k for k in known if k not in near]
    ordered = near + rest
    head = f"Did you mean '{near[0]}'? " if near else ""
    shown = ", ".join(ordered[:12]) + (", …" if len(ordered) > 12 else "")
    return f"{head}Known {what}s: {shown}"
