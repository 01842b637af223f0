"""What can be wrong: the Finding record, the rules' names, and every exception briefgen raises.

A finding is a record (where, severity, message, fix, rule) from the rule that finds it to the
line that prints it. Exceptions are named for their condition and carry their fix; library
code raises them, and only the CLI turns them into messages and exit codes. A BriefgenError
reads "what is wrong: how to fix it".
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .model import Loc
from .terminal import printable

Severity = Literal["error", "warning"]

# Every warning has a stable name, printed with it, by which an item acknowledges it
# (`accept: {name: "reason"}`); errors carry a name too, but cannot be acknowledged.
WARNINGS: Mapping[str, str] = {
    "claim-unattributed": "evidence reports what someone said or expects; the fact names no one",
    "hedge-dropped": "a hedge in the evidence is missing from the fact, or a chart draws a "
    "hedged figure as exact",
    "line-hedge-dropped": "a summary sentence or talking point restates a cited fact without "
    "its hedge",
    "uncited-line": "a summary sentence or talking point cites nothing",
    "claim-flattened": "a brief line states as fact what its cited fact attributes to someone",
    "one-sided-readout": "a readout's meeting facts rest on one side's sources, unsaid",
    "attribution-wording": "a brief line names its source in words that are not English "
    "(a possessive after a parenthesis, an institution without its article)",
    "translation-incomplete": "a translated quote says its language but not its translator, "
    "or the reverse",
    "stale-fact": "an issue brief picks a fact over a year older than its as_of",
    "unused": "a fact, quote or source no brief uses",
    "low-reliability-only": "a fact or series point rests on low-reliability sources alone",
    "no-summary": "a brief has no summary",
    "mixed-units": "a series point's evidence does not count the series' unit",
    "mixed-sources": "a series draws from several sources, which may define its measure "
    "differently",
    "period-unstated": "a series point's evidence does not state the year of its date",
    "point-after-as-of": "a brief charts a series with points after its as_of",
    "relative-date": "a fact, quote context, title, summary or talking point dates something "
    "relatively ('last week', 'in March', 'on Wednesday')",
    "expectation-undated": "a fact or quote reports an expectation without the date of the event",
    "superseded-item": "a brief uses an item whose outcome a newer item on file reports",
    "expectation-past": "a summary sentence or talking point speaks in the present of what an "
    "item expected for a day before the brief's as_of",
    "undated-line": "a summary sentence or talking point cites an item older than the brief's "
    "window without saying when",
    "attribution-unplaced": "an old quote under ground rules does not say whose official spoke",
    "header-unsourced": "a meeting or readout brief names no source for its date, place and "
    "participants",
    "span-unstated": "a series point does not say the period its figure covers",
    "other-measure": "the words around a series point's figure count something else",
    "question-unanswered": "a fact or brief line reports a question from a briefing and not "
    "the answer the source gives",
    "author-advice": "a line of the brief advises its author (verify, TODO, do not cite "
    "until checked) instead of informing the principal",
    "participant-no-side": "a meeting or readout brief's participant says not whose "
    "government they speak for",
    "side-missing": "no item on a meeting or readout brief's page gives one side's aims or "
    "account, and the brief does not say they are not on the record",
    "side-on-record": "not_on_record names a side an item of the brief gives",
    "off-record-label": "a line labels the aims or account of a side that not_on_record says "
    "are not on the record",
    "guess-on-page": "an attribution, translator, caption or header line prints a guess "
    "('presumably', 'probably', '?') meant for a note",
    "pick-left-out": "fitting leaves out an item the brief's file names",
    "needless-accept": "an acknowledgement of a warning that no longer fires",
    "clearance-changed": "a brief's content changed after it was cleared",
    "brief-not-read": "a .yaml file in a folder under briefs/ or beside it, which no build reads",
}
# What an item may acknowledge: every warning but an unused acknowledgement itself, a
# clearance that no longer holds (it is cleared again, never acknowledged), and a file no
# build reads (it belongs to no item).
ACCEPTABLE: tuple[str, ...] = tuple(
    w for w in WARNINGS if w not in ("needless-accept", "clearance-changed", "brief-not-read")
)
ERRORS: Mapping[str, str] = {
    "insertion-carries": "a [bracketed insertion] adds a negation or a number, or outweighs "
    "the quoted words",
    "expectation-unturnable": "a fact with expected: whose words briefgen cannot put in the past",
    "clearance-before-draft": "a brief's cleared_by date is before its drafted_by date",
}
# The rule of a finding that a whole file could not be read or parsed: nothing in it is known.
UNREADABLE = "file-unreadable"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the content, with where it is and how to fix it."""

    loc: Loc
    severity: Severity
    message: str
    fix: str = ""
    subject: str = field(default="", compare=False)  # the fact, quote or source id it concerns
    rule: str = ""  # the editorial rule's stable name, by which a warning is acknowledged

    def __str__(self) -> str:
        tail = f" ({self.fix})" if self.fix else ""
        # The rule's name: what `accept:` takes for a warning, and a handle to look either up.
        name = f" [{self.rule}]" if self.rule else ""
        # One finding, one line: a value quoted in the message cannot start another.
        return printable(f"{self.loc}: {self.severity}: {self.message}{tail}{name}", one_line=True)


class BriefgenError(Exception):
    """Base of every error a user can cause and fix."""

    exit_code = 1

    def __init__(self, message: str, fix: str = "") -> None:
        self.message, self.fix = message, fix
        super().__init__(f"{message}: {fix}" if fix else message)


class Interrupted(BaseException):
    """A stop signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) asked briefgen to stop, as Ctrl-C does."""

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


class NothingToSay(BriefgenError):
    """The catalog holds nothing on the topic up to the cut-off (exit 1)."""


class NotInSnapshot(BriefgenError):
    """The words given are not in the source's snapshot (exit 1)."""


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


class ManifestUnusable(BriefgenError):
    """A build folder's manifest.json cannot be used: missing, unreadable, or not briefgen's."""

    def __init__(self, path: object, message: str) -> None:
        self.path = path
        super().__init__(message, "run `briefgen build` again")


class ManifestMissing(ManifestUnusable):
    """The build folder has no manifest.json: nothing was built there."""

    def __init__(self, path: object) -> None:
        super().__init__(path, f"{path} is missing")


class ManifestUnreadable(ManifestUnusable):
    """manifest.json cannot be read, or is not JSON."""

    def __init__(self, path: object, reason: str) -> None:
        self.reason = reason
        super().__init__(path, f"cannot read {path}: {reason}")


class NotAManifest(ManifestUnusable):
    """manifest.json is JSON, but not a manifest briefgen wrote (no `briefs` mapping)."""

    def __init__(self, path: object) -> None:
        super().__init__(path, f"{path} is not a briefgen manifest")


class InvalidValue(ValueError):
    """A YAML value of the wrong shape; reported as a finding at its key, never raised out.

    `removable`: the fix offers to remove the key (an empty text), which a required key
    cannot be; its finding tells it to be filled in instead. `of_record`: the message speaks
    of the whole record ("cites no source"), not of the key's value.
    """

    def __init__(
        self, message: str, fix: str, *, removable: bool = False, of_record: bool = False
    ) -> None:
        super().__init__(message)
        self.fix = fix
        self.removable = removable
        self.of_record = of_record


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


class YamlTagRefused(Exception):
    """An explicit YAML tag no safe constructor knows (!!python/…, !custom) was met.

    Raised inside the YAML reader and turned there into a finding with its fix.
    """

    def __init__(self, tag: str, mark: Any) -> None:
        super().__init__(f"YAML tag not allowed: {tag!r}")
        self.tag = tag
        self.mark = mark


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
