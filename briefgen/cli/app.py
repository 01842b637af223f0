"""The Typer app every command hangs on, its global options, and the one way an error is said.

A command parses its options, calls one stage function, and prints what it returns. A
BriefgenError raised anywhere below a command reaches `_Commands.invoke`, which prints it as
"Error: what is wrong: how to fix it" on stderr and exits with the error's code (1 for
content, 2 for usage); --debug adds its traceback. Nothing else catches it.
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

from ..dates import read_date
from ..errors import BriefgenError, UsageError
from ..terminal import printable


@dataclass(frozen=True)
class Globals:
    """The options given before the command, as the callback read them."""

    root: Path = Path(".")
    debug: bool = False


class _Commands(typer.core.TyperGroup):
    """The root command group: the one place a briefgen error becomes a message and a code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BriefgenError as exc:
            if isinstance(ctx.obj, Globals) and ctx.obj.debug:
                traceback.print_exception(exc, file=sys.stderr)
            say(f"Error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    name="briefgen",
    cls=_Commands,
    help="Dated one-page briefings on U.S.-Mexico relations, from a catalog of verified facts "
    "and quotes, rendered to Markdown, HTML and PDF with numbered source footnotes.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def say(message: str, err: bool = False) -> None:
    """Print one message; every line briefgen prints passes here.

    Content cannot send escape codes to a terminal: they are shown, not obeyed.
    """
    typer.echo(printable(message), err=err)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        say(f"briefgen {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
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
    ctx.obj = Globals(root, debug)


def globals_of(ctx: typer.Context) -> Globals:
    """Return the global options of the command being run."""
    found = ctx.find_root().obj
    return found if isinstance(found, Globals) else Globals()


def command_line_strings(ctx: typer.Context) -> None:
    """Hold every text given on the command line to the rules its YAML twin meets.

    A --prepared-for or a --title reaches the outputs as a catalog's text does: no control
    character, no bidi override, no private-use mark, and no longer than any text field.
    """
    from ..catalog.values import MAX_TEXT
    from ..terminal import find_forbidden, printable

    for name, value in ctx.params.items():
        texts = value if isinstance(value, list | tuple) else [value]
        for text in texts:
            if not isinstance(text, str):
                continue
            option = "--" + name.replace("_", "-")
            found = find_forbidden(text)
            if found is not None:
                raise UsageError(
                    f"{option} '{printable(text[:40], one_line=True)}' holds {found[1]}, "
                    "which content may not hold",
                    "type the text again without it",
                )
            if len(text) > MAX_TEXT:
                raise UsageError(
                    f"{option} is {len(text):,} characters long",
                    f"keep it under {MAX_TEXT:,} characters",
                )


def project_root(ctx: typer.Context) -> Path:
    """Return the project folder --root names, checked: a folder, with the cache outside it."""
    from ..catalog.cache import refuse_inside

    command_line_strings(ctx)
    root = globals_of(ctx).root
    if not root.is_dir():
        raise UsageError(f"--root '{root}' is not a folder")
    problem = not_a_project(root) or refuse_inside(root)
    if problem:
        raise UsageError(problem)
    return root.resolve()


# What a project folder holds: one of these says the folder is one, even with its catalog
# missing (check then says so at sources.yaml:1:1).
_PROJECT_MARKS = ("sources.yaml", "briefs")


def not_a_project(root: Path) -> str | None:
    """Say why `root` is not a briefgen project, pointing at the nearest one above it."""
    try:
        if any((root / mark).exists() for mark in _PROJECT_MARKS):
            return None
    except OSError as exc:  # a folder that may be listed but not entered
        return f"'{root}' cannot be read ({exc.strerror or exc}): check its permissions"
    here = root.resolve()
    above = next((p for p in here.parents if (p / "sources.yaml").is_file()), None)
    where = "this folder" if root == Path(".") else f"'{root}'"
    if above is not None:
        fix = f"run briefgen in {above}, or pass --root {above}"
    else:
        fix = "run briefgen in a project folder, pass --root DIR, or start one: briefgen init DIR"
    return f"{where} is not a briefgen project (no sources.yaml or briefs/ in it): {fix}"


def date_option(text: str, option: str) -> dt.date:
    """Read a YYYY-MM-DD option as the catalog reads a date, or say how to write it."""
    day = read_date(text)
    if day is None:
        raise UsageError(f"{option} '{text}' is not a date: write YYYY-MM-DD")
    from ..catalog.values import EARLIEST, LATEST, plausible

    if not plausible(day):
        raise UsageError(
            f"{option} '{text}' is not a plausible date: write the year in full, "
            f"from {EARLIEST} to {LATEST}"
        )
    return day


FormatOpt = Annotated[str, typer.Option("--format", help="Comma-separated: md, html, pdf.")]
OutOpt = Annotated[
    Path | None, typer.Option("--out", help="Output folder.", show_default="<root>/build")
]
PaperOpt = Annotated[
    str | None,
    typer.Option("--paper", help="Paper size: letter or a4.", show_default="letter"),
]
