"""The analyst's commands: init, schema, new source|brief|fact|quote|topic, and quote find."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import CannotWrite, UsageError
from ..files import inside
from .app import app, date_option, project_root, say

if TYPE_CHECKING:
    pass


# `new fact` and `new quote` take the same --side.
SideOption = Annotated[
    str | None,
    typer.Option(
        "--side",
        help="Whose position, aim or words it gives: us, mx, both or none (rule 15).",
    ),
]


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="A new or empty folder.")],
) -> None:
    """Start a new project in DIR: a small catalog, one snapshot, one brief, editor schemas."""
    from ..authoring.starter import init_project

    started = init_project(folder)
    say(f"Created a briefgen project in {started.root}:")
    for name in started.files:
        say(f"  {name}")
    say(f"Next: `cd {started.root}` and `briefgen build`; the brief is build/*.pdf.")


@app.command("schema")
def schema_(
    ctx: typer.Context,
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
    from ..authoring.json_schema import SCHEMA_DIR, write_schemas

    root = project_root(ctx)
    folder = out or root / SCHEMA_DIR
    if out is None and folder.exists() and not inside(root, SCHEMA_DIR):
        # The project's own folder, linked elsewhere: --out names another on purpose.
        raise UsageError(
            f"{SCHEMA_DIR}/ leads outside the project (it resolves to {folder.resolve()}): "
            "make it a folder of the project's own, or name a folder with --out"
        )
    try:
        written = write_schemas(folder, dry_run=check_only)
    except OSError as exc:
        raise CannotWrite(f"cannot write the schemas: {exc}") from None
    stale = [w for w in written if w.changed]
    for w in written:
        shown = _shown(w.path, root)
        if check_only:
            say(f"{'out of date' if w.changed else 'up to date'}: {shown}", err=w.changed)
        else:
            say(f"{'wrote' if w.changed else 'unchanged'}: {shown}")
    if check_only and stale:
        say("run `briefgen schema` to regenerate them", err=True)
        raise typer.Exit(1)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _complete_sources(ctx: typer.Context, incomplete: str) -> list[str]:
    from ..authoring.quotes import source_ids

    root = ctx.find_root().params.get("root") or Path(".")
    return [s for s in source_ids(Path(root)) if s.startswith(incomplete)]


def _complete_brief_kinds(incomplete: str) -> list[str]:
    from ..model import BRIEF_KINDS

    return [k for k in BRIEF_KINDS if k.startswith(incomplete)]


new_app = typer.Typer(
    help="Start a source or a brief with every field the editorial rules ask for.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(new_app, name="new")


def say_created(created, lead: str) -> None:  # type: ignore[no-untyped-def]
    if lead:
        say(lead)
    must = [t for t in created.todo if t.required]
    maybe = [t for t in created.todo if not t.required]
    if must:
        say("Left to fill in:")
        for t in must:
            say(f"  {t}")
    if maybe:
        say("Fill in if it applies, or delete the key:")
        for t in maybe:
            say(f"  {t}")


@new_app.command("source")
def new_source(
    ctx: typer.Context,
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
    from ..authoring.scaffold import new_source as scaffold_source

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
    root = project_root(ctx)
    created = scaffold_source(root, capture, source_id, options)
    archive, catalog = created.archive, created.written[-1]
    added = f"added source '{source_id}' to {catalog} at line {created.line}."
    if archive in created.written:
        say_created(created, f"Copied {capture} to {archive}; {added}")
    else:  # the capture was already saved as the snapshot
        say_created(created, f"{archive} is in place; {added}")
    say(
        f'Next: `briefgen quote find {source_id} "words"` gives exact evidence to copy; '
        "`briefgen check` says what is still wrong."
    )


@new_app.command("brief")
def new_brief(
    ctx: typer.Context,
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
    from ..authoring.scaffold import new_brief as scaffold_brief

    root = project_root(ctx)
    day = date_option(date, "--date") if date else None
    created = scaffold_brief(root, kind, brief_id, title, day)
    say_created(created, f"Wrote {created.written[0]}.")
    say(f"Next: `briefgen check`, then `briefgen build {brief_id}` (or `briefgen serve`).")


@new_app.command("fact")
def new_fact(
    ctx: typer.Context,
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
    side: SideOption = None,
) -> None:
    """Add a fact to sources.yaml, citing words found in a source's snapshot as its evidence."""
    from ..authoring.items import new_fact as add_fact

    options = {
        "text": text,
        "date": date,
        "topics": topics,
        "priority": priority,
        "claimed_by": claimed_by,
        "side": side,
    }
    if priority is not None and not priority.isdigit():
        raise UsageError(f"--priority '{priority}' is not 1, 2 or 3")
    created = add_fact(project_root(ctx), fact_id, source, evidence, options)
    say_created(created, f"Added fact '{fact_id}' to sources.yaml at line {created.line}.")
    say("Next: `briefgen check` says what is still wrong.")


@new_app.command("quote")
def new_quote(
    ctx: typer.Context,
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
    said_in: Annotated[
        str | None,
        typer.Option("--said-in", help="The language it was said in, when WORDS translate it: es."),
    ] = None,
    translated_by: Annotated[
        str | None, typer.Option("--translated-by", help="Who translated it.")
    ] = None,
    side: SideOption = None,
) -> None:
    """Add a quote to sources.yaml, its words verbatim from the source's snapshot."""
    from ..authoring.items import new_quote as add_quote

    options = {
        "speaker": speaker,
        "role": role,
        "date": date,
        "context": context,
        "topics": topics,
        "said_in": said_in,
        "translated_by": translated_by,
        "side": side,
    }
    created = add_quote(project_root(ctx), quote_id, source, words, options)
    say_created(created, f"Added quote '{quote_id}' to sources.yaml at line {created.line}.")
    say("Next: `briefgen check` says what is still wrong.")


@new_app.command("topic")
def new_topic(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="KEY", help="The topic key: a slug, e.g. water.")],
    label: Annotated[str, typer.Option("--label", help="How the topic is shown on a brief.")],
    aliases: Annotated[
        str | None,
        typer.Option("--aliases", help="Other names users may type, comma-separated slugs."),
    ] = None,
) -> None:
    """Add a topic to the vocabulary in sources.yaml (topics:)."""
    from ..authoring.topics import new_topic as add_topic

    line = add_topic(project_root(ctx), key, label, aliases)
    say(f"Added topic '{key}' to sources.yaml at line {line}.")
    say(f"Next: tag facts and quotes with it (`--topics {key}`), or name it in a brief's topics.")


@app.command("clear")
def clear(
    ctx: typer.Context,
    brief_id: Annotated[str, typer.Argument(metavar="ID", help="The brief to clear.")],
    by: Annotated[str, typer.Option("--by", help="Who clears it, as the page prints it.")],
    day: Annotated[
        str | None,
        typer.Option("--date", help="The day it was cleared, YYYY-MM-DD.", show_default="today"),
    ] = None,
) -> None:
    """Record who cleared brief ID, and the content they cleared (cleared_by: in its file)."""
    import datetime as dt

    from ..authoring.clearing import clear_brief

    when = date_option(day, "--date") if day is not None else dt.date.today()
    done = clear_brief(project_root(ctx), brief_id, by, when)
    verb = "Replaced" if done.replaced else "Wrote"
    say(f"{verb} cleared_by in {done.path}:{done.line}: cleared by {by.strip()} on {when}.")
    say(
        "The page says so while the brief's content stays as it is now; "
        "`briefgen build` prints it at the foot."
    )


quote_app = typer.Typer(
    help="Find exact words in the source snapshots.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(quote_app, name="quote")


@quote_app.command("find")
def quote_find(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Source id.", autocompletion=_complete_sources)],
    words: Annotated[str, typer.Argument(help="The words to find; … marks an elision.")],
) -> None:
    """Print where WORDS stand in a source's snapshot, as exact text to copy as evidence.

    Quote-mark style and whitespace may differ. Each passage is printed as
    `archive:line:col: "text"`, the text ready to paste after `evidence:` or `text:`.
    """
    import json

    from ..authoring.quotes import find
    from ..catalog.snapshots import underline

    found = find(project_root(ctx), source, words)

    def quoted(text: str) -> str:  # a JSON string is a YAML double-quoted one: paste as is
        return json.dumps(text, ensure_ascii=False)

    for p in found.passages:
        place = f"{found.archive}:{p.line}:{p.col}: "
        say(place + quoted(p.text))
        if found.marks:  # the words that differ, marked under the passage
            say(" " * (len(place) + 1) + underline(p.text, found.marks, lambda c: quoted(c)[1:-1]))
    if not found.exact:
        shown = "shown above" if found.passages else "none: the snapshot has no words"
        why = f": {found.differences}" if found.differences else ""
        say(
            f"Error: no exact match in '{source}' ({found.archive}); the closest passage is "
            f"{shown}{why}",
            err=True,
        )
        raise typer.Exit(1)
    more = found.total - len(found.passages)
    if more:
        say(f"… and {more} more", err=True)
