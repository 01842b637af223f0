"""`briefgen capture`: a saved web page or a PDF becomes a source; the command reports it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import app, project_root, say
from .authoring import say_created


@app.command("capture")
def capture_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A web page saved as HTML, or a PDF.")],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date, YYYY-MM-DD, when the document does not state it.",
            show_default="found in the document",
        ),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option(
            "--url", help="Where it was published (recorded, never fetched).", show_default=False
        ),
    ] = None,
    source_id: Annotated[
        str | None,
        typer.Option("--id", help="The source id.", show_default="publisher-date-title"),
    ] = None,
    excerpt: Annotated[
        bool,
        typer.Option("--excerpt", help="The capture is part of the work (a paywall, a teaser)."),
    ] = False,
    into: Annotated[
        str | None,
        typer.Option("--into", help="The catalog file for the entry.", show_default="sources.yaml"),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Instead of the found title.")
    ] = None,
    publisher: Annotated[
        str | None, typer.Option("--publisher", help="Instead of the found publisher.")
    ] = None,
    author: Annotated[str | None, typer.Option("--author", help="Instead of the byline.")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="news, analysis, transcript or statement.")
    ] = None,
    reliability: Annotated[
        str | None, typer.Option("--reliability", help="high, medium or low.")
    ] = None,
) -> None:
    """Make a source of a saved web page or PDF: snapshot, original and catalog entry.

    The main text becomes the snapshot sources/ID.txt (menus, ads, related stories and
    paywall prompts left out); the file is kept as sources/originals/ID.html or .pdf with
    its sha256; title, publisher, author, address and publication date come from the
    document itself. Offline: a URL is recorded, never fetched. Nothing is written when the
    file is unusable or already in the catalog.
    """
    from ..authoring.capture import capture

    options = {
        "title": title,
        "publisher": publisher,
        "author": author,
        "published": published,
        "kind": kind,
        "url": url,
        "reliability": reliability,
    }
    root = project_root(ctx)
    done = capture(root, file, options, source_id=source_id, excerpt=excerpt, into=into)
    found, created = done.extracted, done.created
    kind_name = found.kind.upper()
    lines = done.extracted.text.count("\n")
    say(
        f"Captured {file} ({kind_name}): snapshot {created.archive} ({lines} line"
        f"{'s' * (lines != 1)}), original {done.original} (sha256 "
        f"{done.sha256[:12]}…); added source '{done.source_id}' to "
        f"{created.written[-1]} at line {created.line}."
    )
    if done.published is None:
        say(
            f"No publication date: the {'page' if found.kind == 'html' else 'PDF'} states none "
            "that capture can prove, and none is invented. Fill in `published:` (see date_note "
            "for what was seen and not taken); `briefgen check` fails until it is given."
        )
    elif done.given_date:
        say(f"Published {done.published} as given with --published.")
    else:
        say(f"Published {done.published}: found in {found.dated.where}.")
    if done.excerpt:
        say(
            'Excerpt: the snapshot is only part of the work ("excerpt: true"; the brief\'s '
            f"footnote will say so): {'; '.join(found.partial) or 'marked with --excerpt'}."
        )
    if found.left_out:
        said = "line was" if found.left_out == 1 else "lines were"
        say(f"{found.left_out} {said} left out as links, teasers or prompts, not the text.")
    say_created(created, "")
    say(
        f'Next: `briefgen quote find {done.source_id} "words"` gives exact evidence to copy; '
        "`briefgen check` says what is still wrong."
    )
