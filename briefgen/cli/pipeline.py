"""The pipeline's commands: build, generate, check and diff."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ContentError, NotFound, UsageError
from ..terminal import printable
from .app import (
    FormatOpt,
    OutOpt,
    PaperOpt,
    app,
    date_option,
    globals_of,
    project_root,
    say,
)

if TYPE_CHECKING:
    from ..build.records import Options, Result


def build_options(
    out: Path | None, fmt: str, paper: str | None, jobs: int, force: bool, root: Path
) -> Options:
    """Turn build options into the build's Options, the project's settings as defaults."""
    from ..build.records import Options, parse_formats
    from ..catalog.settings import project_settings
    from ..files import output_folder

    settings = project_settings(root)  # [tool.briefgen]: the defaults a team set once
    paper = (paper or settings.paper).lower()
    if paper not in ("letter", "a4"):
        raise UsageError(f"unknown paper '{paper}': choose letter or a4")
    if jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    # A real folder of its own: never the project or an input folder, and a setting's (or
    # the default) never a link out of the project.
    out = output_folder(root, out or root / settings.build_dir, named=out is not None)
    return Options(out=out, formats=parse_formats(fmt), paper=paper, jobs=jobs, force=force)


def past_date(text: str, option: str) -> dt.date:
    """Read a cut-off: a date, and not one in the future (a brief knows what has happened)."""
    from ..dates import long_date

    day, today = date_option(text, option), dt.date.today()
    if day > today:
        raise UsageError(
            f"{option} {day} is in the future (today is {long_date(today)}): a brief can know "
            "only what has happened; give today's date or an earlier one"
        )
    return day


def cores() -> int:
    """Return how many cores this process may use: the default --jobs."""
    from ..build.pool import usable_cores

    return usable_cores()


def _tracer(ctx: typer.Context):  # type: ignore[no-untyped-def]
    debug = globals_of(ctx).debug

    def trace(result: Result) -> None:
        # A brief that failed on a bug (not on its content) kept its traceback, even from a
        # worker process: shown with --debug, after the one-line report.
        if debug and result.failure is not None and result.failure.trace:
            say(result.failure.trace.rstrip(), err=True)

    return trace


@app.command()
def build(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(help="Brief ids to build (default: all).", show_default=False),
    ] = None,
    out: OutOpt = None,
    fmt: FormatOpt = "md,html,pdf",
    paper: PaperOpt = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", help="Parallel processes; 0: one per usable core.", show_default=True
        ),
    ] = 0,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even unchanged briefs.")] = False,
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard",
            help="K/N: build only shard K of N (a stable hash of each brief id); "
            "`briefgen merge` puts the shards' folders together.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Build every brief in briefs/ (or the named ones) to build/<id>.md, .html and .pdf."""
    from ..build import stamp
    from ..build.pipeline import build as run_build
    from ..build.report import describe, is_interactive, reporter, summary, terminal_console
    from ..build.shards import in_shard, parse_shard
    from ..catalog.briefs import named_briefs
    from ..render.templates import templates_dir

    root = project_root(ctx)
    opts = build_options(out, fmt, paper, jobs or cores(), force, root)
    part = parse_shard(shard) if shard is not None else None
    # The bar needs its length before the first brief is done.
    total = len(in_shard(named_briefs(root, ids or ()), part))
    console = terminal_console() if is_interactive(sys.stdout, sys.stderr) else None
    trace = _tracer(ctx)
    # What the build reads, as it was before it read it (None: no stamp is kept).
    before = stamp.inputs(root, templates_dir(root), opts.out) if console is None else None

    def settled(again: list[Result]) -> None:
        # What the same command prints when nothing has changed, as plain lines.
        lines = [describe(r)[0] for r in again] + [f"{summary(again)} -> {opts.out}"]
        stamp.keep_stamp(before, opts.out, "".join(printable(line) + "\n" for line in lines))

    with reporter(total, say, console) as report:

        def report_and_trace(result: Result) -> None:
            report(result)
            trace(result)

        results, findings = run_build(
            root,
            ids or (),
            opts,
            report=report_and_trace,
            notice=lambda m: say(m, err=True),
            shard=part,
            settled=settled if before is not None else None,
        )
    # One verdict with `check`: an error no brief failed on (a broken fact no brief uses)
    # still fails the build, and is said.
    said = {f for r in results if r.failure is not None for f in r.failure.findings}
    loose = [f for f in findings if f.severity == "error" and f not in said]
    for finding in loose:
        say(str(finding))
    failed = any(r.status == "failed" for r in results) or bool(loose)
    say(f"{summary(results)} -> {opts.out}")
    if failed:
        raise typer.Exit(1)


@app.command()
def merge(
    ctx: typer.Context,
    shards: Annotated[
        list[Path],
        typer.Argument(
            help="The folders of `build --shard K/N`, shard 1 first, all N of them.",
            show_default=False,
        ),
    ],
    out: OutOpt = None,
) -> None:
    """Merge the folders of `build --shard 1/N` to `N/N` into one, with one manifest."""
    from ..build.shards import merge_shards
    from ..catalog.project import load_project
    from ..catalog.settings import project_settings

    root = project_root(ctx)
    out = out or root / project_settings(root).build_dir
    entries, absent = merge_shards(
        load_project(root), out, shards, notice=lambda m: say(m, err=True)
    )
    say(f"{len(entries)} briefs from {len(shards)} shards -> {out}")
    if absent:
        raise typer.Exit(1)


@app.command()
def generate(
    ctx: typer.Context,
    topic: Annotated[str, typer.Option("--topic", help="Topic key or alias, e.g. migration.")],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Information cut-off, YYYY-MM-DD.", show_default="today"),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="The reader's last edition, YYYY-MM-DD: what is dated after it is marked new.",
        ),
    ] = None,
    prepared_for: Annotated[
        str | None,
        typer.Option(
            "--prepared-for",
            help="The principal or office the brief serves.",
            show_default="Staff following <topic>",
        ),
    ] = None,
    out: OutOpt = None,
    fmt: FormatOpt = "md,html,pdf",
    paper: PaperOpt = None,
    publish: Annotated[
        bool,
        typer.Option(
            "--publish",
            help="List the brief in the index and the feed, and let publish put it out.",
        ),
    ] = False,
) -> None:
    """Write an issue brief on the fly from everything tagged TOPIC up to --as-of.

    Its bottom line is the catalog's own words, the best-ranked facts (recent ones first),
    each cited and dated. It is written under its own id, topic--TOPIC--DATE, which no brief
    file can have, and recorded in the manifest; it is listed in the index and the feed,
    and published, only with --publish.
    """
    from ..build.pipeline import build as run_build
    from ..build.pool import started
    from ..build.report import describe
    from ..catalog.project import load_project
    from ..dates import long_date
    from ..plan.generate import issue_brief
    from ..render.templates import templates_dir

    root = project_root(ctx)
    today = dt.date.today()
    day = past_date(as_of, "--as-of") if as_of else today
    last = date_option(since, "--since") if since else None
    if last is not None and last >= day:
        raise UsageError(
            f"--since {last} is not before the cut-off {day}: give the date of the "
            "reader's last edition"
        )
    if prepared_for is not None:
        # Read as a brief's prepared_for: the same parser, the same rules.
        from ..catalog.values import parse_text
        from ..errors import InvalidValue

        try:
            prepared_for = parse_text(prepared_for)
        except InvalidValue as exc:
            raise UsageError(f"--prepared-for {exc}", exc.fix) from None
    opts = build_options(out, fmt, paper, cores(), True, root)
    trace = _tracer(ctx)

    def report(result: Result) -> None:
        say(describe(result)[0])
        trace(result)

    # With a core to spare, a worker loads WeasyPrint while this process writes the brief.
    with started(opts, 1, templates_dir(root)) as workers:
        project = load_project(root)
        made = issue_brief(
            project.catalog, topic, day, prepared_for, last, project.briefs.values(), publish
        )
        results, _ = run_build(
            root, [made.brief.id], opts, report=report, extra=[made.brief], workers=workers
        )
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)
    for r in results:
        for meta in r.outputs.values():
            say(str(opts.out / meta.path))
    say(f"latest information: {long_date(made.latest)}")
    for dropped, kept in made.twins:
        say(
            f"note: left out fact '{dropped}': its evidence is the same passage of its source "
            f"as that of '{kept}', which the brief holds",
            err=True,
        )
    old = made.staleness()
    if old:
        say(old, err=True)
    if not publish:
        say(
            "note: not listed in the index or the feed, and not published; "
            "`generate --publish` lists it",
            err=True,
        )


@app.command()
def check(
    ctx: typer.Context,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
) -> None:
    """Validate the catalog and every brief; change nothing."""
    from ..build.check import check_project
    from ..build.pages import page_fits
    from ..catalog.project import load_project
    from ..catalog.settings import load_settings

    root = project_root(ctx)
    settings, problems = load_settings(root)
    project = load_project(root)

    def pages(uses, archives):  # type: ignore[no-untyped-def]
        # What fitting leaves on each page: from the last build when it still holds.
        out, paper = root / settings.build_dir, settings.paper
        return page_fits(project, uses, archives, out, paper, lambda m: say(m, err=True))

    checked = check_project(project, pages)
    findings = problems + checked.findings
    for f in findings:
        say(str(f), err=False)
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    failing = errors + (warnings if strict else 0)
    summary = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if checked.accepted:  # acknowledged in the content with `accept:`, each with its reason
        summary += f" ({checked.accepted} acknowledged)"
    if failing:
        say(f"check failed: {summary}")
        raise typer.Exit(1)
    say(f"check passed: {summary}")


@app.command()
def diff(
    ctx: typer.Context,
    brief_id: Annotated[str, typer.Argument(metavar="ID", help="The brief id.")],
    start: Annotated[
        str, typer.Option("--from", help="The earlier cut-off, YYYY-MM-DD.", show_default=False)
    ],
    end: Annotated[
        str, typer.Option("--to", help="The later cut-off, YYYY-MM-DD.", show_default=False)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON, for tools.")] = False,
    paper: PaperOpt = None,
) -> None:
    """Say which facts and quotes entered and left brief ID when its cut-off moves.

    Each edition is selected and fitted to its page(s) as a build would; an item that
    left is "cut off", "dropped to fit" or "superseded" by a newer item on the same topics.
    """
    from ..build.check import errors_for
    from ..build.work import fitting
    from ..catalog.project import load_project
    from ..plan.diff import diff as run_diff
    from ..plan.select import resolve

    root = project_root(ctx)
    day_from = past_date(start, "--from")
    day_to = past_date(end, "--to")
    if day_from > day_to:
        raise UsageError(
            f"--from {day_from} is after --to {day_to}: give the earlier cut-off first"
        )
    sheet = build_options(None, "pdf", paper, 1, False, root).paper
    project = load_project(root)
    brief = project.briefs.get(brief_id)
    if brief_id in project.broken:
        mine = [f for f in project.findings if Path(f.loc.path).stem == brief_id]
        raise ContentError(mine, f"brief '{brief_id}' cannot be read: fix it first")
    if brief is None:  # a usage error (exit 2), as the command line names it
        raise UsageError(str(NotFound("brief", brief_id, [*project.briefs, *project.broken])))
    catalog = project.catalog
    # As a build: a record it reaches that failed the schema holds it back, said where.
    blocking = errors_for(resolve(brief, catalog), list(project.findings), catalog)
    if blocking:
        raise ContentError(blocking, f"brief '{brief_id}' uses records with errors: fix them first")
    result = run_diff(brief, catalog, day_from, day_to, fitting(root, catalog, sheet), sheet)
    if as_json:
        say(result.as_json())
    else:
        for line in result.lines():
            say(line)
