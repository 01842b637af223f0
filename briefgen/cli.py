"""The briefgen command line: parses, dispatches, and maps briefgen errors to exit codes."""

from __future__ import annotations

import datetime as dt
import gc
import os
import signal
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer

from .errors import BriefgenError, CannotWrite, Interrupted, UsageError
from .terminal import printable

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
    # Every line briefgen prints passes here: content cannot send escape codes to a terminal.
    typer.echo(printable(message), err=err)


def _fail(exc: BriefgenError) -> typer.Exit:
    if State.debug:
        traceback.print_exception(exc, file=sys.stderr)
    _say(f"Error: {exc}", err=True)
    return typer.Exit(exc.exit_code)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        _say(f"briefgen {__version__}")
        raise typer.Exit()


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
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_version
        ),
    ] = False,
) -> None:
    """Build and check one-page briefs from sources.yaml and briefs/*.yaml."""
    State.root = root
    State.debug = debug


def _root() -> Path:
    from .cache import refuse_inside

    root = State.root
    if not root.is_dir():
        raise UsageError(f"--root '{root}' is not a folder")
    problem = refuse_inside(root)
    if problem:
        raise UsageError(problem)
    return root.resolve()


FormatOpt = Annotated[str, typer.Option("--format", help="Comma-separated: md, html, pdf.")]
OutOpt = Annotated[
    Path | None, typer.Option("--out", help="Output folder.", show_default="<root>/build")
]
PaperOpt = Annotated[
    str | None,
    typer.Option("--paper", help="Paper size: letter or a4.", show_default="letter"),
]


def _options(out: Path | None, fmt: str, paper: str | None, jobs: int, force: bool, root: Path):  # type: ignore[no-untyped-def]
    from .build import Options, parse_formats
    from .settings import project_settings

    settings = project_settings(root)  # [tool.briefgen]: the defaults a team set once
    paper = (paper or settings.paper).lower()
    if paper not in ("letter", "a4"):
        raise UsageError(f"unknown paper '{paper}': choose letter or a4")
    if jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    out = out or root / settings.build_dir
    return Options(out=out, formats=parse_formats(fmt), paper=paper, jobs=jobs, force=force)


def _report(result) -> None:  # type: ignore[no-untyped-def]
    from .progress import describe

    _say(describe(result)[0])
    _trace(result)


def _trace(result) -> None:  # type: ignore[no-untyped-def]
    # A brief that failed on a bug (not on its content) kept its traceback, even from a
    # worker process: shown with --debug, after the one-line report.
    if State.debug and result.trace:
        _say(result.trace.rstrip(), err=True)


@app.command()
def build(
    ids: Annotated[
        list[str] | None,
        typer.Argument(help="Brief ids to build (default: all).", show_default=False),
    ] = None,
    out: OutOpt = None,
    fmt: FormatOpt = "md,html,pdf",
    paper: PaperOpt = None,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", help="Parallel processes.", show_default="number of cores"),
    ] = 0,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even unchanged briefs.")] = False,
) -> None:
    """Build every brief in briefs/ (or the named ones) to build/<id>.md, .html and .pdf."""
    from .build import build as run_build
    from .load import brief_files
    from .progress import is_interactive, reporter, summary, terminal_console

    # The cores this process may use: a container or taskset can allow fewer than exist.
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        root = _root()
        opts = _options(out, fmt, paper, jobs or cores or 1, force, root)
        # The bar needs its length before the first brief is done.
        total = len(dict.fromkeys(ids)) if ids else len(brief_files(root))
        console = terminal_console() if is_interactive(sys.stdout, sys.stderr) else None
        with reporter(total, _say, console) as report:

            def report_and_trace(result) -> None:  # type: ignore[no-untyped-def]
                report(result)
                _trace(result)

            results, findings = run_build(
                root, ids or (), opts, report=report_and_trace, notice=lambda m: _say(m, err=True)
            )
    except BriefgenError as exc:
        raise _fail(exc) from None
    # One verdict with `check`: an error no brief failed on (a broken fact no brief uses)
    # still fails the build, and is said.
    said = "\n".join(r.message for r in results if r.status == "failed")
    loose = [f for f in findings if f.severity == "error" and str(f) not in said]
    for finding in loose:
        _say(str(finding))
    failed = any(r.status == "failed" for r in results) or bool(loose)
    _say(f"{summary(results)} -> {opts.out}")
    if failed:
        raise typer.Exit(1)


@app.command()
def generate(
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
) -> None:
    """Write an issue brief on the fly from everything tagged TOPIC up to --as-of.

    Its bottom line is the catalog's own words, the best-ranked and newest facts, each cited.
    The brief is listed in the index, manifest and feed under its own id,
    topic--TOPIC--DATE, which no brief file can have.
    """
    from .build import build as run_build
    from .cite import long_date
    from .generate import issue_brief
    from .load import load_catalog

    try:
        root = _root()
        day = _parse_day(as_of) if as_of else dt.date.today()
        last = _parse_date_option(since, "--since") if since else None
        if last is not None and last >= day:
            raise UsageError(
                f"--since {last} is not before the cut-off {day}: give the date of the "
                "reader's last edition"
            )
        opts = _options(out, fmt, paper, 1, True, root)
        catalog, _ = load_catalog(root)
        made = issue_brief(catalog, topic, day, prepared_for, last)
        results, _ = run_build(root, [made.brief.id], opts, report=_report, extra=[made.brief])
    except BriefgenError as exc:
        raise _fail(exc) from None
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)
    for r in results:
        for meta in r.outputs.values():
            _say(str(opts.out / meta.path))
    _say(f"latest information: {long_date(made.latest)}")
    old = made.staleness()
    if old:
        _say(old, err=True)


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
    from .check import Checker
    from .load import load_project
    from .settings import load_settings

    try:
        root = _root()
        checker = Checker(load_project(root))
        findings = load_settings(root)[1] + checker.run()
    except BriefgenError as exc:
        raise _fail(exc) from None
    for f in findings:
        _say(str(f), err=False)
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    failing = errors + (warnings if strict else 0)
    summary = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if checker.accepted:  # acknowledged in the content with `accept:`, each with its reason
        summary += f" ({checker.accepted} acknowledged)"
    if failing:
        _say(f"check failed: {summary}")
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


@app.command()
def diff(
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
    from .diff import diff as run_diff
    from .diff import fitting
    from .errors import ContentError, NotFound
    from .load import load_project

    try:
        root = _root()
        day_from = _parse_date_option(start, "--from")
        day_to = _parse_date_option(end, "--to")
        if day_from > day_to:
            raise UsageError(
                f"--from {day_from} is after --to {day_to}: give the earlier cut-off first"
            )
        sheet = _options(None, "pdf", paper, 1, False, root).paper
        project = load_project(root)
        brief = project.briefs.get(brief_id)
        if brief_id in project.broken:
            mine = [f for f in project.findings if Path(f.loc.path).stem == brief_id]
            raise ContentError(mine, f"brief '{brief_id}' cannot be read: fix it first")
        if brief is None:  # a usage error (exit 2), as the command line names it
            raise UsageError(str(NotFound("brief", brief_id, [*project.briefs, *project.broken])))
        catalog = project.catalog
        result = run_diff(brief, catalog, day_from, day_to, fitting(root, catalog, sheet), sheet)
    except BriefgenError as exc:
        raise _fail(exc) from None
    if as_json:
        _say(result.as_json())
    else:
        for line in result.lines():
            _say(line)


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="A new or empty folder.")],
) -> None:
    """Start a new project in DIR: a small catalog, one snapshot, one brief, editor schemas."""
    from .authoring.starter import init_project

    try:
        started = init_project(folder)
    except BriefgenError as exc:
        raise _fail(exc) from None
    _say(f"Created a briefgen project in {started.root}:")
    for name in started.files:
        _say(f"  {name}")
    _say(f"Next: `cd {started.root}` and `briefgen build`; the brief is build/*.pdf.")


# -- the analyst's day: schema, new, quote find, serve ------------------------------------


@app.command("schema")
def schema_(
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for the schemas.", show_default="<root>/schema"),
    ] = None,
    check_only: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; fail if a schema file is out of date."),
    ] = False,
) -> None:
    """Write JSON Schemas for sources.yaml and brief files, for editor completion."""
    from .authoring.json_schema import SCHEMA_DIR, write_schemas

    try:
        root = _root()
        folder = out or root / SCHEMA_DIR
        written = write_schemas(folder, dry_run=check_only)
    except BriefgenError as exc:
        raise _fail(exc) from None
    except OSError as exc:
        raise _fail(CannotWrite(f"cannot write the schemas: {exc}")) from None
    stale = [w for w in written if w.changed]
    for w in written:
        shown = _shown(w.path, root)
        if check_only:
            _say(f"{'out of date' if w.changed else 'up to date'}: {shown}", err=w.changed)
        else:
            _say(f"{'wrote' if w.changed else 'unchanged'}: {shown}")
    if check_only and stale:
        _say("run `briefgen schema` to regenerate them", err=True)
        raise typer.Exit(1)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _complete_sources(ctx: typer.Context, incomplete: str) -> list[str]:
    from .authoring.quotes import source_ids

    root = ctx.find_root().params.get("root") or Path(".")
    return [s for s in source_ids(Path(root)) if s.startswith(incomplete)]


def _complete_brief_kinds(incomplete: str) -> list[str]:
    from .model import BRIEF_KINDS

    return [k for k in BRIEF_KINDS if k.startswith(incomplete)]


new_app = typer.Typer(
    help="Start a source or a brief with every field the editorial rules ask for.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(new_app, name="new")


def _say_created(created, lead: str) -> None:  # type: ignore[no-untyped-def]
    _say(lead)
    must = [t for t in created.todo if t.required]
    maybe = [t for t in created.todo if not t.required]
    if must:
        _say("Left to fill in:")
        for t in must:
            _say(f"  {t}")
    if maybe:
        _say("Fill in if it applies, or delete the key:")
        for t in maybe:
            _say(f"  {t}")


@new_app.command("source")
def new_source(
    capture: Annotated[
        Path, typer.Argument(help="The saved text of the source, copied verbatim into sources/.")
    ],
    source_id: Annotated[
        str, typer.Option("--id", help="Stable slug, e.g. mnd-2025-06-13-sheinbaum-landau.")
    ],
    publisher: Annotated[
        str, typer.Option("--publisher", help="Who published the copy you captured.")
    ],
    published: Annotated[
        str,
        typer.Option("--published", help="Publication date, YYYY-MM-DD (not the capture date)."),
    ],
    title: Annotated[str | None, typer.Option("--title", help="The document's own title.")] = None,
    author: Annotated[str | None, typer.Option("--author", help="Byline.")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="news, analysis, transcript or statement.")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where it was published.")] = None,
    reliability: Annotated[
        str | None, typer.Option("--reliability", help="high, medium or low.")
    ] = None,
    original_publisher: Annotated[
        str | None,
        typer.Option("--original-publisher", help="For a republished copy, who published it."),
    ] = None,
) -> None:
    """Copy a capture to sources/<id>.txt and append its entry to sources.yaml."""
    from .authoring.scaffold import new_source as scaffold_source

    options = {
        "title": title,
        "publisher": publisher,
        "original_publisher": original_publisher,
        "author": author,
        "published": published,
        "kind": kind,
        "url": url,
        "reliability": reliability,
    }
    try:
        root = _root()
        created = scaffold_source(root, capture, source_id, options)
    except BriefgenError as exc:
        raise _fail(exc) from None
    archive, catalog = created.archive, created.written[-1]
    added = f"added source '{source_id}' to {catalog} at line {created.line}."
    if archive in created.written:
        _say_created(created, f"Copied {capture} to {archive}; {added}")
    else:  # the capture was already saved as the snapshot
        _say_created(created, f"{archive} is in place; {added}")
    _say(
        f'Next: `briefgen quote find {source_id} "words"` gives exact evidence to copy; '
        "`briefgen check` says what is still wrong."
    )


@new_app.command("brief")
def new_brief(
    kind: Annotated[
        str,
        typer.Argument(help="meeting, readout or issue.", autocompletion=_complete_brief_kinds),
    ],
    brief_id: Annotated[str, typer.Argument(metavar="ID", help="The brief id: a slug.")],
    title: Annotated[str | None, typer.Option("--title", help="The brief's title.")] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="The meeting's or brief's date, YYYY-MM-DD.", show_default="today"
        ),
    ] = None,
) -> None:
    """Write briefs/ID.yaml with every field, each explained on its line."""
    from .authoring.scaffold import new_brief as scaffold_brief

    try:
        root = _root()
        day = _parse_date_option(date, "--date") if date else None
        created = scaffold_brief(root, kind, brief_id, title, day)
    except BriefgenError as exc:
        raise _fail(exc) from None
    _say_created(created, f"Wrote {created.written[0]}.")
    _say(f"Next: `briefgen check`, then `briefgen build {brief_id}` (or `briefgen serve`).")


@new_app.command("fact")
def new_fact(
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="The fact id: a slug.")],
    source: Annotated[
        str,
        typer.Option("--source", help="The source id.", autocompletion=_complete_sources),
    ],
    evidence: Annotated[
        str,
        typer.Option(
            "--evidence", help="Words of the source to cite; written as the snapshot has them."
        ),
    ],
    text: Annotated[str | None, typer.Option("--text", help="The claim, in your words.")] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="When it was true, YYYY-MM-DD.")
    ] = None,
    topics: Annotated[str | None, typer.Option("--topics", help="Comma-separated keys.")] = None,
    priority: Annotated[
        str | None, typer.Option("--priority", help="1 (must) … 3.", show_default="2")
    ] = None,
    claimed_by: Annotated[
        str | None, typer.Option("--claimed-by", help="Whose claim it is, if someone's.")
    ] = None,
) -> None:
    """Add a fact to sources.yaml, citing words found in a source's snapshot as its evidence."""
    from .authoring.items import new_fact as add_fact

    options = {
        "text": text,
        "date": date,
        "topics": topics,
        "priority": priority,
        "claimed_by": claimed_by,
    }
    try:
        if priority is not None and not priority.isdigit():
            raise UsageError(f"--priority '{priority}' is not 1, 2 or 3")
        created = add_fact(_root(), fact_id, source, evidence, options)
    except BriefgenError as exc:
        raise _fail(exc) from None
    _say_created(created, f"Added fact '{fact_id}' to sources.yaml at line {created.line}.")
    _say("Next: `briefgen check` says what is still wrong.")


@new_app.command("quote")
def new_quote(
    quote_id: Annotated[str, typer.Argument(metavar="ID", help="The quote id: a slug.")],
    source: Annotated[
        str,
        typer.Option("--source", help="The source id.", autocompletion=_complete_sources),
    ],
    words: Annotated[
        str,
        typer.Option("--words", help="The words quoted; … marks an elision, [ ] an insertion."),
    ],
    speaker: Annotated[str | None, typer.Option("--speaker", help="Who said it.")] = None,
    role: Annotated[str | None, typer.Option("--role", help="The speaker's position.")] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="When it was said, YYYY-MM-DD.")
    ] = None,
    context: Annotated[str | None, typer.Option("--context", help="Where and on what.")] = None,
    topics: Annotated[str | None, typer.Option("--topics", help="Comma-separated keys.")] = None,
) -> None:
    """Add a quote to sources.yaml, its words verbatim from the source's snapshot."""
    from .authoring.items import new_quote as add_quote

    options = {
        "speaker": speaker,
        "role": role,
        "date": date,
        "context": context,
        "topics": topics,
    }
    try:
        created = add_quote(_root(), quote_id, source, words, options)
    except BriefgenError as exc:
        raise _fail(exc) from None
    _say_created(created, f"Added quote '{quote_id}' to sources.yaml at line {created.line}.")
    _say("Next: `briefgen check` says what is still wrong.")


def _parse_date_option(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} '{text}' is not a date: write YYYY-MM-DD") from None


quote_app = typer.Typer(
    help="Find exact words in the source snapshots.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(quote_app, name="quote")


@quote_app.command("find")
def quote_find(
    source: Annotated[str, typer.Argument(help="Source id.", autocompletion=_complete_sources)],
    words: Annotated[str, typer.Argument(help="The words to find; … marks an elision.")],
) -> None:
    """Print where WORDS stand in a source's snapshot, as exact text to copy as evidence.

    Quote-mark style and whitespace may differ. Each passage is printed as
    `archive:line:col: "text"`, the text ready to paste after `evidence:` or `text:`.
    """
    import json

    from .authoring.quotes import find
    from .snapshots import underline

    try:
        found = find(_root(), source, words)
    except BriefgenError as exc:
        raise _fail(exc) from None

    def quoted(text: str) -> str:  # a JSON string is a YAML double-quoted one: paste as is
        return json.dumps(text, ensure_ascii=False)

    for p in found.passages:
        place = f"{found.archive}:{p.line}:{p.col}: "
        _say(place + quoted(p.text))
        if found.marks:  # the words that differ, marked under the passage
            _say(" " * (len(place) + 1) + underline(p.text, found.marks, lambda c: quoted(c)[1:-1]))
    if not found.exact:
        shown = "shown above" if found.passages else "none: the snapshot has no words"
        why = f": {found.differences}" if found.differences else ""
        _say(
            f"Error: no exact match in '{source}' ({found.archive}); the closest passage is "
            f"{shown}{why}",
            err=True,
        )
        raise typer.Exit(1)
    more = found.total - len(found.passages)
    if more:
        _say(f"… and {more} more", err=True)


@app.command()
def serve(
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on; 0 picks a free one.")
    ] = 8000,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    out: OutOpt = None,
    fmt: FormatOpt = "md,html,pdf",
    paper: PaperOpt = None,
) -> None:
    """Build, serve build/ on localhost, and rebuild what changes as files are edited."""
    from .authoring.serve import serve as run_serve

    try:
        root = _root()
        if not 0 <= port <= 65535:
            raise UsageError(f"--port {port} is not a port: use 0 to 65535")
        # One process: a worker pool would print tracebacks of its own on Ctrl-C.
        opts = _options(out, fmt, paper, 1, False, root)
        run_serve(root, opts, host, port, _say)
    except BriefgenError as exc:
        raise _fail(exc) from None
    except (KeyboardInterrupt, Interrupted):
        _say("Stopped.")


@app.command()
def publish(
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Site folder, replaced whole.", show_default="<root>/site"),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Address the site is served from; links in the feed and index go under it.",
            show_default="base_url in pyproject.toml",
        ),
    ] = None,
    build_dir: Annotated[
        Path | None,
        typer.Option("--build", help="The build to publish.", show_default="<root>/build"),
    ] = None,
    now: Annotated[
        str | None,
        typer.Option(
            "--now",
            help="Judge embargoes as of this time, e.g. 2025-06-14T09:00:00-04:00.",
            show_default="this machine's clock",
        ),
    ] = None,
) -> None:
    """Copy from build/ the briefs the publication policy allows, with an index and a feed."""
    from .publish import publish as run_publish
    from .publish import report

    try:
        root = _root()
        moment, clock = _parse_now(now)
        settings, url = _publish_settings(root, base_url)
        done = run_publish(
            root,
            build_dir or root / settings.build_dir,
            out or root / settings.site_dir,
            url,
            settings.publish_handling,
            moment,
        )
    except BriefgenError as exc:
        raise _fail(exc) from None
    for line in report(done, clock):
        _say(line)


def _parse_now(text: str | None) -> tuple[dt.datetime, str]:
    if text is None:
        return dt.datetime.now(dt.UTC), "this machine's clock"
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise UsageError(
            f"--now '{text}' is not a time with its UTC offset: write 2025-06-14T09:00:00-04:00"
        )
    return moment, "--now"


def _publish_settings(root: Path, base_url: str | None):  # type: ignore[no-untyped-def]
    from .settings import PYPROJECT, check_base_url, folder_url, project_settings

    settings = project_settings(root)
    if base_url is not None:
        problem = check_base_url(base_url)
        if problem:
            raise UsageError(f"--base-url '{base_url}' {problem}")
        return settings, folder_url(base_url)
    if settings.base_url is None:
        raise UsageError(
            "publish needs the address the site is served from, to make the feed's links "
            f'absolute: add\n\n  [tool.briefgen]\n  base_url = "https://example.org/briefs/"\n\n'
            f"to {root / PYPROJECT} (for GitHub Pages: https://OWNER.github.io/REPO/), "
            "or pass --base-url URL"
        )
    return settings, settings.base_url


def tune_process() -> None:
    """Set the collector for a command's life: what a library must not impose on its caller.

    A command loads a catalog of up to millions of small objects and frees none of them;
    with the default thresholds the cyclic collector walks them again and again for nothing
    (about 3x the load time at 10,000 facts). Rarer young collections keep that away
    without giving up collection while briefs are rendered.
    """
    gc.set_threshold(500_000, 50, 100)


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted(signum)


def main() -> None:
    """Run the CLI; an unexpected failure is reported in one line, not a traceback."""
    tune_process()
    # Ctrl-C and a polite kill (SIGTERM, as CI sends at a time limit) unwind the same way:
    # temporaries removed, the manifest brought up to date, one line said. Not as
    # KeyboardInterrupt, which Click would turn into a bare "Aborted!".
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        app()
    except (KeyboardInterrupt, Interrupted) as exc:
        _say("Interrupted: outputs are whole, and the manifest describes them.", err=True)
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        sys.exit(128 + signum)
    except Exception as exc:
        if State.debug or "--debug" in sys.argv:
            raise
        _say(f"Internal error: {type(exc).__name__}: {exc}", err=True)
        _say(
            "This is a bug in briefgen: run again with --debug and report the traceback.", err=True
        )
        sys.exit(1)
