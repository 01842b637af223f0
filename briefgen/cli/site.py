"""Getting briefs to readers: serve (a live preview) and publish (the site staff open)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..dates import read_moment
from ..errors import Interrupted, UsageError
from .app import FormatOpt, OutOpt, PaperOpt, app, project_root, say
from .pipeline import build_options

if TYPE_CHECKING:
    from ..catalog.settings import Settings


@app.command()
def serve(
    ctx: typer.Context,
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on; 0 picks a free one.")
    ] = 8000,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    out: OutOpt = None,
    fmt: FormatOpt = "md,html,pdf",
    paper: PaperOpt = None,
) -> None:
    """Build, serve build/ on localhost, and rebuild what changes as files are edited."""
    from ..publish.serve import serve as run_serve

    try:
        root = project_root(ctx)
        if not 0 <= port <= 65535:
            raise UsageError(f"--port {port} is not a port: use 0 to 65535")
        # One process: a worker pool would print tracebacks of its own on Ctrl-C.
        opts = build_options(out, fmt, paper, 1, False, root)
        run_serve(root, opts, host, port, say)
    except (KeyboardInterrupt, Interrupted):
        say("Stopped.")


@app.command()
def publish(
    ctx: typer.Context,
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
    from ..files import output_folder
    from ..publish.site import publish as run_publish
    from ..publish.site import report

    root = project_root(ctx)
    moment, clock = _parse_now(now)
    settings, url = _publish_settings(root, base_url)
    site = output_folder(
        root,
        out or root / settings.site_dir,
        named=out is not None,
        what="site",
        setting="site_dir",
        example="site",
    )
    done = run_publish(
        root,
        build_dir or root / settings.build_dir,
        site,
        url,
        settings.publish_handling,
        moment,
        require_clearance=settings.require_clearance,
        notice=lambda message: say(message, err=True),
        named="--out" if out is not None else "site_dir in pyproject.toml",
    )
    for line in report(done, clock):
        say(line)


def _parse_now(text: str | None) -> tuple[dt.datetime, str]:
    if text is None:
        return dt.datetime.now(dt.UTC), "this machine's clock"
    moment = read_moment(text)
    if moment is None:
        raise UsageError(
            f"--now '{text}' is not a time with its UTC offset: write 2025-06-14T09:00:00-04:00"
        )
    return moment, "--now"


def _publish_settings(root: Path, base_url: str | None) -> tuple[Settings, str]:
    from ..catalog.settings import (
        PYPROJECT,
        check_base_url,
        folder_url,
        project_settings,
        table_line,
    )

    settings = project_settings(root)
    if base_url is not None:
        problem = check_base_url(base_url)
        if problem:
            raise UsageError(f"--base-url '{base_url}' {problem}")
        return settings, folder_url(base_url)
    if settings.base_url is None:
        line = table_line(root)
        setting = 'base_url = "https://example.org/briefs/"'
        where = (
            f"add\n\n  {setting}\n\nto the [tool.briefgen] table of {root / PYPROJECT} "
            f"(line {line})"
            if line is not None
            else f"add\n\n  [tool.briefgen]\n  {setting}\n\nto {root / PYPROJECT}"
        )
        raise UsageError(
            "publish needs the address the site is served from, to make the feed's links "
            f"absolute: {where} (for GitHub Pages: https://OWNER.github.io/REPO/), "
            "or pass --base-url URL"
        )
    return settings, settings.base_url
