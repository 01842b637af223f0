"""The records a build passes from stage to stage: options, jobs, rendered bytes, results."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import Finding, UsageError
from ..model import BuiltBrief, Catalog, Clearance, ClearanceState, Output, Shortfall, Uses

# What a build writes unless --format says otherwise, and every format it can write: a Word
# file (docx) is made only when asked for.
FORMATS = ("md", "html", "pdf")
ALL_FORMATS = (*FORMATS, "docx")
MANIFEST = "manifest.json"
INDEX = "index.html"
FEED = "feed.xml"

Status = Literal["built", "unchanged", "failed"]


@dataclass(frozen=True)
class Options:
    """How to build: where to, which formats, on what paper, how many processes."""

    out: Path
    formats: tuple[str, ...] = FORMATS
    paper: str = "letter"
    jobs: int = 1
    force: bool = False
    # Write the manifest, index and feed; off for a brief made on the fly by `generate`.
    publish: bool = True


@dataclass(frozen=True)
class Job:
    """Everything one brief needs to render, fixed before any rendering starts."""

    uses: Uses
    catalog: Catalog  # only the items and sources this brief can use
    templates: Path
    inputs_hash: str
    # How many items the last build left out to fit the page: where fitting starts looking.
    hint: int | None = None
    # Its sign-off, and whether the clearance holds for its content as it now is.
    clearance: Clearance | None = None


@dataclass(frozen=True)
class Rendered:
    """A brief rendered to bytes in each format, not yet written."""

    id: str
    blobs: dict[str, bytes]
    left_out: tuple[str, ...]
    inputs_hash: str
    embargo_until: str | None = None
    items: tuple[str, ...] = ()  # the facts and quotes on the page
    pages: int = 1  # the brief's page budget, for the report of what did not fit
    picks_left_out: tuple[str, ...] = ()
    short: dict[str, Shortfall] = dataclasses.field(default_factory=dict)  # by pick left out
    clearance: ClearanceState | None = None


FailureKind = Literal["unreadable", "inputs", "refused", "bug", "lost"]


@dataclass(frozen=True)
class Failure:
    """Why a brief was not built, as found: the findings that stopped it, or what was raised.

    `kind` says where: its file could not be read ("unreadable") or its inputs have errors
    ("inputs"), both with their `findings`; rendering refused it with a BriefgenError
    ("refused": it does not fit, a template is broken) or failed on a bug ("bug"), with the
    exception's type name, message and traceback; or the worker process rendering it died
    ("lost").
    """

    kind: FailureKind
    findings: tuple[Finding, ...] = ()
    error: str = ""  # the exception's type name
    message: str = ""  # the exception's own message, or how the worker died
    trace: str = ""  # the traceback of a bug, from the process that rendered the brief

    @property
    def text(self) -> str:
        """Say it in full, as the build's report does."""
        if self.kind == "unreadable":
            return "\n".join(map(str, self.findings))
        if self.kind == "inputs":
            return "inputs have errors:\n" + "\n".join(f"  {f}" for f in self.findings)
        if self.kind == "bug":
            return f"{self.error}: {self.message}"
        return self.message

    @property
    def headline(self) -> str:
        """Say it in one line, for the manifest and the index: the first error found."""
        if self.findings:
            return str(self.findings[0]).strip()
        # A message's first line names the error; what follows is where (a template's line).
        return next((line.strip() for line in self.text.splitlines() if line.strip()), "")


@dataclass(frozen=True)
class Result:
    """What became of one brief."""

    id: str
    status: Status
    outputs: dict[str, Output] = dataclasses.field(default_factory=dict)
    left_out: tuple[str, ...] = ()
    failure: Failure | None = None  # why a failed brief was not built
    inputs_hash: str = ""
    # Those of `left_out` that the brief picked by name: the report names them.
    picks_left_out: tuple[str, ...] = ()
    # The latest embargo of any source the brief cites (ISO 8601), for `publish` to honor.
    embargo_until: str | None = None
    items: tuple[str, ...] = ()  # the facts and quotes on the page, for the feed's news
    pages: int = 1  # the brief's page budget
    clearance: ClearanceState | None = None  # cleared, changed since, or not cleared
    # How far each pick left out is from fitting (None: an older build did not record it).
    short: Mapping[str, Shortfall] | None = None
    # The brief's own picks left out, as findings at their lines in its file (pick-left-out).
    warnings: tuple[Finding, ...] = ()
    # Files of the formats this build did not make, removed (`--format md` after a full build).
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    """What a build will do: the briefs to render, and those already settled."""

    jobs: list[Job]
    settled: dict[str, Result]  # unchanged, or failed before rendering
    previous: dict[str, BuiltBrief]  # the last manifest's entries ({} under --force)
    # The last manifest's entries even under --force: the files a build may prove it wrote.
    recorded: dict[str, BuiltBrief] = field(default_factory=dict)


def parse_formats(text: str) -> tuple[str, ...]:
    """Read a --format list such as 'md,pdf'."""
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    bad = [f for f in wanted if f not in ALL_FORMATS]
    if bad or not wanted:
        raise UsageError(
            f"unknown format '{','.join(bad) or text}': choose from {', '.join(ALL_FORMATS)}"
        )
    # In one order however they are given: the build's inputs hash does not depend on it.
    return tuple(f for f in ALL_FORMATS if f in wanted)
