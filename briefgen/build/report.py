"""Build progress: a live bar for a person at a terminal, one plain line per brief elsewhere."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

from ..terminal import printable

if TYPE_CHECKING:
    from .records import Result

Report = Callable[["Result"], None]
Echo = Callable[[str], None]  # writes one line of the report (stdout)


def describe(result: Result) -> tuple[str, bool]:
    """Return the line that reports one brief, and whether it is a failure.

    Both go to stdout: the report of a build, like check's, is on stdout whatever it says.
    """
    if result.status == "failed":
        text = result.failure.text if result.failure is not None else ""
        return f"FAILED   {result.id}: {printable(text)}", True
    # The status in a column, and never run into the id: "unchanged" fills the column.
    line = f"{result.status:<8} {result.id} ({', '.join(result.outputs)})"
    if result.left_out:
        budget = "one page" if result.pages == 1 else f"{result.pages} pages"
        line += "; " + left_out_note(result.left_out, result.picks_left_out, budget)
    if result.removed:
        # Said, not done in silence: a preview in one format takes the others away.
        line += f"; removed {', '.join(result.removed)} (a format this build did not make)"
    # The brief's own picks left out, each at its line in the brief's file, with its fix.
    for finding in result.warnings:
        line += f"\n  {finding}"
    return line, False


def left_out_note(
    left_out: tuple[str, ...], picks: tuple[str, ...], budget: str = "one page"
) -> str:
    """Say how much was left out to fit the page, and how many were the author's own picks."""
    n = len(left_out)
    note = f"{n} item{'s' * (n != 1)} left out to fit {budget}"
    if picks:
        k = len(picks)
        note += f", {k} of them the brief's own pick{'s' * (k != 1)}"
    return note + " (manifest.json lists them)"


def plural(n: int, noun: str) -> str:
    """Return '1 brief', '2 briefs'."""
    return f"{n} {noun}{'s' * (n != 1)}"


def summary(results: Iterable[Result]) -> str:
    """Count what became of the briefs: 'N briefs: b built, u unchanged, f failed'."""
    counts = Counter(r.status for r in results)
    total = sum(counts.values())
    return (
        f"{plural(total, 'brief')}: {counts['built']} built, {counts['unchanged']} unchanged, "
        f"{counts['failed']} failed"
    )


def is_interactive(
    stdout: IO[str], stderr: IO[str], environ: Mapping[str, str] = os.environ
) -> bool:
    """Tell whether a person is watching: both streams on a terminal, and not in CI."""
    if environ.get("CI", "").lower() not in ("", "0", "false") or environ.get("TERM") == "dumb":
        return False
    # A redirected stream gets the plain lines, so logs and pipes never hold a bar.
    return all(_isatty(stream) for stream in (stdout, stderr))


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method, or a closed stream
        return False


@contextmanager
def reporter(total: int, echo: Echo, console: Any = None) -> Iterator[Report]:
    """Report briefs as they finish: on a rich console as a bar, else as plain lines."""
    if console is None:
        yield lambda result: echo(describe(result)[0])
        return
    with _Bar(total, console) as bar:
        yield bar.report


def terminal_console() -> Any:
    """Return a rich console on stdout for the bar (rich is imported only here)."""
    from rich.console import Console

    return Console(highlight=False)


class _Bar:
    """A transient rich progress bar; what a person must read is printed above it."""

    def __init__(self, total: int, console: Any) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.console = console
        self.counts = {"built": 0, "unchanged": 0, "failed": 0}
        # No stream redirection: worker processes forked while the bar runs must not
        # inherit a proxy for stdout that writes through the parent's console.
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[counts]}"),
            console=console,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task = self.progress.add_task("building", total=max(total, 1), counts="")

    def __enter__(self) -> _Bar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def report(self, result: Result) -> None:
        """Advance the bar; print built and failed briefs, count unchanged ones silently."""
        self.counts[result.status] = self.counts.get(result.status, 0) + 1
        if result.status != "unchanged":
            line, error = describe(result)
            self.console.print(line, style="red" if error else None, markup=False)
        done = sum(self.counts.values())
        total = self.progress.tasks[0].total or 0
        counts = ", ".join(f"{n} {status}" for status, n in self.counts.items() if n)
        self.progress.update(self.task, completed=done, total=max(total, done), counts=counts)
