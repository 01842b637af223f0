"""The records a build passes from stage to stage: options, jobs, rendered bytes, results."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import UsageError
from ..model import Catalog, Uses

FORMATS = ("md", "html", "pdf")
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


@dataclass(frozen=True)
class Output:
    """One file of a brief as written, and as the manifest records it."""

    path: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Result:
    """What became of one brief."""

    id: str
    status: Status
    outputs: dict[str, Output] = dataclasses.field(default_factory=dict)
    left_out: tuple[str, ...] = ()
    message: str = ""
    inputs_hash: str = ""
    # The traceback of an unexpected failure, shown with --debug.
    trace: str = ""
    # Those of `left_out` that the brief picked by name: the report names them.
    picks_left_out: tuple[str, ...] = ()
    # The latest embargo of any source the brief cites (ISO 8601), for `publish` to honor.
    embargo_until: str | None = None
    items: tuple[str, ...] = ()  # the facts and quotes on the page, for the feed's news
    pages: int = 1  # the brief's page budget


@dataclass(frozen=True)
class Plan:
    """What a build will do: the briefs to render, and those already settled."""

    jobs: list[Job]
    settled: dict[str, Result]  # unchanged, or failed before rendering
    previous: dict[str, Any]  # the last manifest's entries ({} under --force)


def parse_formats(text: str) -> tuple[str, ...]:
    """Read a --format list such as 'md,pdf'."""
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise UsageError(f"unknown format '{','.join(bad) or text}': choose from md, html, pdf")
    return wanted
