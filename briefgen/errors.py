"""Every exception briefgen raises, each named for its condition and carrying its fix.

Library code raises these; only the CLI turns them into messages and exit codes. A
BriefgenError reads "what is wrong: how to fix it".
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

from .model import Finding


class BriefgenError(Exception):
    """Base of every error a user can cause and fix."""

    exit_code = 1

    def __init__(self, message: str, fix: str = "") -> None:
        self.message, self.fix = message, fix
        super().__init__(f"{message}: {fix}" if fix else message)


class Interrupted(BaseException):
    """A signal (SIGINT, SIGTERM) asked briefgen to stop; it unwinds like Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by signal {signum}")
        self.signum = signum


class UsageError(BriefgenError):
    """The command was called wrongly (exit 2)."""

    exit_code = 2


class NotFound(UsageError):
    """A brief, topic or source named on the command line does not exist (exit 2)."""

    def __init__(self, what: str, name: str, known: Iterable[str], more: str = "") -> None:
        known = sorted(known)
        self.what, self.name, self.known = what, name, known
        tail = f" {more}" if more else ""
        super().__init__(f"unknown {what} '{name}'. {suggest(name, known, what)}{tail}")


class ContentError(BriefgenError):
    """The content has findings that stop the run; each finding carries its own fix."""

    def __init__(self, findings: Sequence[Finding], summary: str = "") -> None:
        self.findings = list(findings)
        lines = [str(f) for f in self.findings]
        if summary:
            lines.append(summary)
        super().__init__("\n".join(lines))


class CatalogUnreadable(ContentError):
    """A catalog file could not be read or parsed; nothing is built from part of a catalog."""


class PageOverflow(BriefgenError):
    """Even the items that must stay do not fit on one page."""


class AlreadyExists(BriefgenError):
    """Something a command would create is already there."""


class CatalogMissing(BriefgenError):
    """The project has no catalog file."""


class CatalogNotEditable(BriefgenError):
    """The catalog cannot be added to without rewriting what the analyst wrote."""


class CaptureUnusable(BriefgenError):
    """The saved text given for a new source is not UTF-8 text, or is empty."""


class SnapshotUnreadable(BriefgenError):
    """A source's archived snapshot is missing, outside the project, or not UTF-8."""


class UnreadableFile(BriefgenError):
    """A file content names is outside the project, not a regular file, or too large."""


class SnapshotEmpty(BriefgenError):
    """A source's archived snapshot holds no text to search."""


class CannotWrite(BriefgenError):
    """A file briefgen was asked to write could not be written."""


class PortUnavailable(BriefgenError):
    """`serve` cannot listen on the address and port asked for."""


class InvalidValue(ValueError):
    """A YAML value of the wrong shape; reported as a finding at its key, never raised out."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


class YamlMergeRefused(Exception):
    """A YAML merge key (<<:) was met: refused, since it hides where a value comes from.

    Raised inside the YAML reader and turned there into a finding with its fix.
    """

    def __init__(self, mark: Any) -> None:
        super().__init__("YAML merge keys (<<:) are not allowed")
        self.mark = mark


class YamlAliasRefused(Exception):
    """A YAML alias (*name) was met: refused, so that no document can expand into a bomb.

    Raised inside the YAML reader and turned there into a finding with its fix.
    """

    def __init__(self, mark: Any = None) -> None:
        super().__init__("YAML aliases (*name) are not allowed")
        self.problem_mark = mark


class TemplateFailed(BriefgenError):
    """A template would not render: a syntax error, or an operation the sandbox refuses."""

    def __init__(self, where: str, message: str, fix: str) -> None:
        super().__init__(f"{where}: template error: {message}", fix)


def closest(name: str, known: Iterable[str], n: int = 3, cutoff: float = 0.5) -> list[str]:
    """Return the known names most like `name`, best first."""
    return difflib.get_close_matches(name, list(known), n=n, cutoff=cutoff)


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
