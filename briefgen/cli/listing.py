"""`briefgen list`: what the catalog holds, filtered, as a table, plain lines or JSON.

Briefs, topics and sources print as they always have: one tab-separated line each. Facts
and quotes print a table on a terminal (rich) and tab-separated lines to a pipe or a file;
`--json` prints one JSON document of a stable shape for tools (README, "Finding what the
catalog holds").
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import NotFound, UsageError
from .app import app, date_option, project_root, say

if TYPE_CHECKING:
    from ..catalog.listing import Filters
    from ..model import Catalog

KINDS = ("briefs", "topics", "sources", "facts", "quotes")
# Which filters each list takes; any other given is a usage error that says where it applies.
TAKES = {
    "briefs": ("topic", "since", "until", "search"),
    "topics": ("search",),
    "sources": ("since", "until", "search"),
    "facts": ("topic", "source", "speaker", "since", "until", "search"),
    "quotes": ("topic", "source", "speaker", "since", "until", "search"),
}
# On a terminal a table this long is what a person reads; past it, the rest is counted.
SCREEN = 200


@app.command("list")
def list_(
    ctx: typer.Context,
    what: Annotated[
        str, typer.Argument(help="briefs, topics, sources, facts or quotes.")
    ] = "briefs",
    topic: Annotated[
        str | None, typer.Option("--topic", help="Tagged with this topic (key or alias).")
    ] = None,
    source: Annotated[str | None, typer.Option("--source", help="Citing this source id.")] = None,
    speaker: Annotated[
        str | None,
        typer.Option("--speaker", help="Said by (quotes) or claimed by (facts): part of a name."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Dated on or after, YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Dated on or before, YYYY-MM-DD.")
    ] = None,
    search: Annotated[
        str | None,
        typer.Option("--search", help="Words all found in the text (case and accents aside)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON, for tools.")] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            help="Print at most N facts or quotes (0: all).",
            show_default=f"{SCREEN} on a terminal, all otherwise",
        ),
    ] = None,
) -> None:
    """List the briefs, topics, sources, facts or quotes there are, filtered.

    Facts and quotes print newest first: id, date, claimant or speaker, and text.
    """
    from ..catalog import listing

    if what not in KINDS:
        if what in ("fact", "quote", "brief", "topic", "source"):
            what = f"{what}s"
        else:
            raise UsageError(f"cannot list '{what}': choose {', '.join(KINDS)}")
    given = {
        "topic": topic,
        "source": source,
        "speaker": speaker,
        "since": since,
        "until": until,
        "search": search,
    }
    for name, value in given.items():
        if value is not None and name not in TAKES[what]:
            takes = [k for k in KINDS if name in TAKES[k]]
            raise UsageError(f"--{name} applies to {' and '.join(takes)}, not to {what}")
    if limit is not None and limit < 0:
        raise UsageError("--limit must be 0 (all) or more")
    root = project_root(ctx)
    if what in ("facts", "quotes"):
        from ..catalog.load import load_catalog

        catalog, findings = load_catalog(root)
        briefs: list[Any] = []
    else:
        from ..catalog.project import load_project

        project = load_project(root)
        catalog, findings = project.catalog, list(project.findings)
        briefs = list(project.briefs.values())
    filters = _filters(catalog, given)
    if what == "briefs":
        records: list[Any] = listing.briefs(briefs, catalog, filters)
    else:
        records = getattr(listing, what)(catalog, filters)
    if as_json:
        shaped = getattr(listing, f"{what[:-1]}_json")
        doc = {
            "shape": listing.SHAPE,
            "kind": what,
            "filters": filters.as_json(),
            "count": len(records),
            "items": [shaped(r) for r in records[: limit or None]],
        }
        say(json.dumps(doc, ensure_ascii=False, indent=2))
    elif what in ("facts", "quotes"):
        _items(what, records, limit)
    else:
        for line in _lines(what, records):
            say(line)
    for f in findings:
        say(str(f), err=True)


def _filters(catalog: Catalog, given: dict[str, str | None]) -> Filters:
    """Check the names and dates given against the catalog; exit 2 with the closest."""
    from ..catalog.listing import Filters

    topic = given["topic"]
    key = None
    if topic is not None:
        key = catalog.topic_key(topic)
        if key is None:
            known = [*catalog.topics, *(a for t in catalog.topics.values() for a in t.aliases)]
            raise NotFound("topic", topic, known, "(`briefgen list topics` lists them)")
    source = given["source"]
    if source is not None and source not in catalog.sources:
        raise NotFound("source", source, catalog.sources, "(`briefgen list sources`)")
    since = date_option(given["since"], "--since") if given["since"] else None
    until = date_option(given["until"], "--until") if given["until"] else None
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}: give the earlier date first")
    search = given["search"]
    if search is not None and not search.split():
        raise UsageError("--search needs words to look for")
    speaker = given["speaker"]
    if speaker is not None and not speaker.strip():
        raise UsageError("--speaker needs a name, or words of one")
    return Filters(key, source, speaker, since, until, search)


def _lines(what: str, records: list[Any]) -> list[str]:
    """Return briefs, topics or sources as the tab-separated lines list has always printed."""
    if what == "briefs":
        return [f"{b.id}\t{b.date}\t{b.kind}\t{b.title}" for b in records]
    if what == "topics":
        return [
            f"{t.key}\t{t.label}" + (f" (also: {', '.join(t.aliases)})" if t.aliases else "")
            for t in records
        ]
    return [f"{s.id}\t{s.published}\t{s.publisher}\t{s.reliability}" for s in records]


def _who(item: Any) -> str:
    return getattr(item, "speaker", None) or getattr(item, "claimed_by", None) or ""


def _items(what: str, records: list[Any], limit: int | None) -> None:
    """Print facts or quotes: a table on a terminal, tab-separated lines otherwise."""
    from ..build.report import is_interactive

    on_screen = is_interactive(sys.stdout, sys.stderr)
    cap = (SCREEN if on_screen else 0) if limit is None else limit
    shown = records[: cap or None]
    if on_screen and shown:
        from rich.console import Console
        from rich.table import Table

        from ..terminal import printable

        table = Table(show_lines=False, header_style="bold")
        table.add_column("id", no_wrap=True, overflow="fold")
        table.add_column("date", no_wrap=True)
        table.add_column("claimed by" if what == "facts" else "speaker", overflow="fold")
        table.add_column("text", ratio=1, overflow="fold")
        for item in shown:
            row = (item.id, item.date.isoformat(), _who(item), " ".join(item.text.split()))
            # Content is data: its markup is not rich's, and no escape code reaches the screen.
            table.add_row(*(printable(cell, one_line=True) for cell in row))
        Console(highlight=False, markup=False, emoji=False).print(table)
    else:
        for item in shown:
            text = " ".join(item.text.split())
            say(f"{item.id}\t{item.date}\t{' '.join(_who(item).split())}\t{text}")
    more = len(records) - len(shown)
    if more:
        say(
            f"… and {more:,} more {what if more > 1 else what[:-1]} (narrow them with --topic, "
            "--source, --since or --search, or give --limit 0 for all)",
            err=True,
        )
    elif not records:
        say(f"no {what} match", err=True)
