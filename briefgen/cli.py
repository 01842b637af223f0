"""The briefgen command line: parses, dispatches, and maps briefgen errors to exit codes."""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer

from .errors import BriefgenError, UsageError

app = typer.Typer(
    name="briefgen",
    help="Dated one-page briefings on U.S.-Mexico relations, from a catalog of verified facts "
    "and quotes, rendered to Markdown, HTML and PDF with numbered source footnotes.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class State:
    """Global options, set once by the callback."""

    root: Path = Path(".")
    debug: bool = False


def _say(message: str, err: bool = False) -> None:
    typer.echo(message, err=err)


def _fail(exc: BriefgenError) -> typer.Exit:
    if State.debug:
        traceback.print_exception(exc, file=sys.stderr)
    _say(f"Error: {exc}", err=True)
    return typer.Exit(exc.exit_code)


@app.callback()
def main_options(
    root: Annotated[
        Path,
        typer.Option(
            "--root",
            help="Project folder (holds sources.yaml, briefs/, templates/).",
            show_default="current folder",
        ),
    ] = Path("."),
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
) -> None:
    """Build and check one-page briefs from sources.yaml and briefs/*.yaml."""
    State.root = root
    State.debug = debug


def _root() -> Path:
    root = State.root
    if not root.is_dir():
        raise UsageError(f"--root '{root}' is not a folder")
    return root.resolve()


FormatOpt = Annotated[str, typer.Option("--format", help="Comma-separated: md, html, pdf.")]
OutOpt = Annotated[
    Path | None, typer.Option("--out", help="Output folder.", show_default="<root>/build")
]
PaperOpt = Annotated[str, typer.Option("--paper", help="Paper size: letter or a4.")]


def _options(out: Path | None, fmt: str, paper: str, jobs: int, force: bool, root: Path):  # type: ignore[no-untyped-def]
    from .build import Options, parse_formats

    paper = paper.lower()
    if paper not in ("letter", "a4"):
        raise UsageError(f"unknown paper '{paper}': choose letter or a4")
    if jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    return Options(
        out=(out or root / "build"), formats=parse_formats(fmt), paper=paper, jobs=jobs, force=force
    )


def _report(result) -> None:  # type: ignore[no-untyped-def]
    if result.status == "failed":
        _say(f"FAILED   {result.id}: {result.message}", err=True)
        return
    formats = ", ".join(result.outputs)
    line = f"{result.status:<9}{result.id} ({formats})"
    if result.left_out:
        line += f"; left out to fit one page: {', '.join(result.left_out)}"
    _say(line)


@app.command()
def build(
    ids: Annotated[
        list[str] | None,
        typer.Argument(help="Brief ids to build (default: all).", show_default=False),
    ] = None,
    out: OutOpt = None,
    fmt: FormatOpt = "md,html,pdf",
    paper: PaperOpt = "letter",
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", help="Parallel processes.", show_default="number of cores"),
    ] = 0,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even unchanged briefs.")] = False,
) -> None:
    """Build every brief in briefs/ (or the named ones) to build/<id>.md, .html and .pdf."""
    from .build import build as run_build

    try:
        root = _root()
        opts = _options(out, fmt, paper, jobs or (os.cpu_count() or 1), force, root)
        results, _ = run_build(root, ids or (), opts, report=_report)
    except BriefgenError as exc:
        raise _fail(exc) from None
    failed = [r.id for r in results if r.status == "failed"]
    built = sum(r.status == "built" for r in results)
    same = sum(r.status == "unchanged" for r in results)
    _say(
        f"{len(results)} briefs: {built} built, {same} unchanged, {len(failed)} failed "
        f"-> {opts.out}",
        err=bool(failed),
    )
    if failed:
        raise typer.Exit(1)


@app.command()
def generate(
    topic: Annotated[str, typer.Option("--topic", help="Topic key or alias, e.g. migration.")],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Information cut-off, YYYY-MM-DD.", show_default="today"),
    ] = None,
    out: OutOpt = None,
    fmt: FormatOpt = "md,html,pdf",
    paper: PaperOpt = "letter",
) -> None:
    """Write an issue brief on the fly from everything tagged TOPIC up to --as-of."""
    from .build import build as run_build
    from .generate import issue_brief
    from .load import load_catalog

    try:
        root = _root()
        day = _parse_day(as_of) if as_of else dt.date.today()
        opts = _options(out, fmt, paper, 1, True, root)
        catalog, _ = load_catalog(root)
        brief = issue_brief(catalog, topic, day)
        results, _ = run_build(root, [brief.id], opts, report=_report, extra=[brief])
    except BriefgenError as exc:
        raise _fail(exc) from None
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)
    for r in results:
        for meta in r.outputs.values():
            _say(str(opts.out / meta["path"]))


def _parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of '{text}' is not a date: write YYYY-MM-DD") from None


@app.command()
def check(
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
) -> None:
    """Validate the catalog and every brief; change nothing."""
    from .check import check as run_check
    from .load import load_project

    try:
        root = _root()
        findings = run_check(load_project(root))
    except BriefgenError as exc:
        raise _fail(exc) from None
    for f in findings:
        _say(str(f), err=False)
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    failing = errors + (warnings if strict else 0)
    summary = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if failing:
        _say(f"check failed: {summary}", err=True)
        raise typer.Exit(1)
    _say(f"check passed: {summary}")


@app.command("list")
def list_(
    what: Annotated[str, typer.Argument(help="briefs, topics or sources.")] = "briefs",
) -> None:
    """List the briefs, topics or sources there are."""
    from .load import load_project

    kinds = ("briefs", "topics", "sources")
    try:
        if what not in kinds:
            raise UsageError(f"cannot list '{what}': choose briefs, topics or sources")
        project = load_project(_root())
    except BriefgenError as exc:
        raise _fail(exc) from None
    cat = project.catalog
    if what == "briefs":
        for b in sorted(project.briefs.values(), key=lambda b: (b.date, b.id), reverse=True):
            _say(f"{b.id}\t{b.date}\t{b.kind}\t{b.title}")
    elif what == "topics":
        for t in cat.topics.values():
            aliases = f" (also: {', '.join(t.aliases)})" if t.aliases else ""
            _say(f"{t.key}\t{t.label}{aliases}")
    else:
        for s in sorted(cat.sources.values(), key=lambda s: (s.published, s.id)):
            _say(f"{s.id}\t{s.published}\t{s.publisher}\t{s.reliability}")
    for f in project.findings:
        _say(str(f), err=True)


def main() -> None:
    """Run the CLI; an unexpected failure is reported in one line, not a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        _say("Interrupted: earlier outputs are left as they were.", err=True)
        sys.exit(130)
    except Exception as exc:
        if State.debug or "--debug" in sys.argv:
            raise
        _say(f"Internal error: {type(exc).__name__}: {exc}", err=True)
        _say(
            "This is a bug in briefgen: run again with --debug and report the traceback.", err=True
        )
        sys.exit(1)
