"""Render jobs in worker processes that live and die with the build that started them.

Public `multiprocessing` API only. Each worker is a `Process` with a `Pipe` of its own; the
parent hands out one job at a time and waits on the pipes and the workers' sentinels together
(`multiprocessing.connection.wait`). A worker that dies is noticed at once and its brief
fails, rather than the build waiting for it forever; stopping the workers is `terminate()`,
`join()` and, for one that will not go, `kill()`.

A build starts its workers first (`started`), before it reads and checks the project (every
brief is laid out with WeasyPrint to fit its page, whatever the formats): each loads
WeasyPrint and the print stylesheet, about half a second, while the parent does its own part
on another core, and takes its first brief warm. The first worker starts earlier still,
before the command line is parsed (`start_spare`, from briefgen.start), when the command looks
like a build with a core to spare: it loads WeasyPrint while this
process imports the stages, and `started` adopts it. A wrong guess costs only the spare
core's time: a spare nobody adopts is stopped, and dies with this process in any case.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING

from ..signals import (
    STOPS,
    raise_if_interrupted,
    signals_blocked,
    uninterrupted,
)
from .records import Failure, Job, Options, Rendered, Result
from .serve import serve, serve_spare

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext, SpawnContext

GRACE = 5.0  # seconds a worker gets to end before it is killed
_BUILDS = ("build", "generate")  # the commands that may render PDFs

# The worker start_spare started, until `started` adopts it or stops it.
_spare: tuple[BaseProcess, Connection] | None = None


def start_spare(argv: list[str]) -> None:
    """Start a worker now if the command line asks for a build with a core to spare.

    A guess from the words alone (Typer is not loaded yet): `build` or `generate` (whatever
    the formats, each brief is laid out to fit its page), no `--jobs 1`, no help, at least
    two usable cores, Linux (a forked worker inherits this process's few imports). Anything
    unusual: no spare.
    """
    global _spare
    if _spare is not None or not _worth_a_spare(argv):
        return
    context = _context()
    try:
        mine, theirs = context.Pipe()
    except OSError:  # out of file descriptors: the build goes on without a spare
        return
    process = context.Process(
        target=serve_spare, args=(theirs, os.getpid()), name="briefgen-worker", daemon=True
    )
    try:
        with signals_blocked():  # born with SIGINT and SIGTERM held, as every worker is
            process.start()
    except OSError:  # no fork (a container's process limit, memory): no spare, no harm
        mine.close()
        return
    finally:
        theirs.close()
    _spare = (process, mine)


def _worth_a_spare(argv: list[str]) -> bool:
    if not sys.platform.startswith("linux") or usable_cores() < 2:
        return False
    words = list(argv)
    while words and (words[0] in ("--root", "--debug") or words[0].startswith("--root=")):
        words = words[2:] if words[0] == "--root" else words[1:]
    if not words or words[0] not in _BUILDS:
        return False
    jobs = ""
    for i, word in enumerate(words):
        if word in ("--help", "-h", "--version"):
            return False
        name, eq, value = word.partition("=")
        if name in ("--jobs", "-j"):
            jobs = value if eq else (words[i + 1] if i + 1 < len(words) else "")
    return jobs.strip() != "1"


def usable_cores() -> int:
    """Return how many cores this process may use: a container or taskset can allow fewer."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def stop_spare() -> None:
    """Stop the worker start_spare started, if no pool has adopted it: it is not needed."""
    spare = _take_spare()
    if spare is not None:
        _stop_spare(*spare)


def _take_spare() -> tuple[BaseProcess, Connection] | None:
    global _spare
    spare, _spare = _spare, None
    if spare is not None and not spare[0].is_alive():  # killed meanwhile: of no use
        _stop_spare(*spare)
        return None
    return spare


def _stop_spare(process: BaseProcess, conn: Connection) -> None:
    with uninterrupted():
        process.terminate()
        _ended(_Worker(process, conn))


@contextlib.contextmanager
def started(opts: Options, expected: int, templates: Path) -> Iterator[Workers | None]:
    """Start the workers of a build now, warming up while the parent works.

    Every brief is laid out with WeasyPrint, whatever the formats, to fit its page. `expected`
    is how many briefs the build may render, so that no more workers start than could have
    work. None when the build renders in its own process (--jobs 1). However the block ends,
    no worker outlives it.
    """
    count = min(opts.jobs, expected)
    spare = _take_spare()
    if opts.jobs <= 1 or count < 1:
        if spare is not None:
            _stop_spare(*spare)
        yield None
        return
    workers = Workers(count, opts, templates)
    finished = False
    try:
        if spare is not None:
            workers.adopt(*spare)
        while len(workers.workers) < count:
            workers.start()
        yield workers
        finished = True
    finally:
        workers.stop(at_once=not finished)


def render_all(
    jobs: list[Job], opts: Options, workers: Workers | None = None
) -> Generator[Rendered | Result, None, None]:
    """Render every job, in worker processes when there are several jobs and --jobs allows.

    `workers`, started early by `started`, render every job, even a single one (they are
    warm, and the parent is not). Results come as they are ready. However the caller stops (a
    signal, an error, or closing this generator), no worker outlives it.
    """
    if workers is None and (opts.jobs <= 1 or len(jobs) <= 1):
        from .work import render_job  # the rendering stages: only where a brief is rendered

        for job in jobs:
            rendered = render_job(job, opts.formats, opts.paper)
            # A library may have swallowed the interrupt (WeasyPrint catches everything around
            # an SVG image): what it rendered meanwhile may be short of a chart.
            raise_if_interrupted()
            yield rendered
        return
    own = workers is None
    pool = workers if workers is not None else Workers(min(opts.jobs, len(jobs)), opts)
    finished = False
    try:
        yield from pool.render(jobs)
        finished = True
    finally:
        if own or not finished:  # started workers are stopped by `started`, unless cut short
            pool.stop(at_once=not finished)


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection  # the parent's end of the worker's pipe
    job: Job | None = None  # the job it is rendering
    used: bool = False  # it has been handed a job
    retired: bool = False  # it has been told there is no more work


class Workers:
    """Worker processes that render one job at a time, handed out by the parent."""

    def __init__(self, count: int, opts: Options, templates: Path | None = None) -> None:
        self.count = count
        self.formats, self.paper = opts.formats, opts.paper
        self.templates = templates  # what a worker warms up with before its first job
        self.context = _context()
        self.workers: list[_Worker] = []

    def render(self, jobs: list[Job]) -> Iterator[Rendered | Result]:
        """Render the jobs, yielding each result as a worker returns it."""
        # The longest first, so that no worker is left with a long one at the end while the
        # others stand idle: a brief of more pages, then of more items to fit, takes longer.
        # Taken from the end: the longest first, and among equals the first first.
        order = sorted(range(len(jobs)), key=lambda i: (_expected_cost(jobs[i]), -i))
        waiting = [jobs[i] for i in order]
        idle = [w for w in self.workers if w.job is None and not w.retired]
        for worker in idle[: len(jobs)]:
            self._hand(worker, waiting)
        while waiting and len(self.workers) < self.count:
            self._hand(self.start(), waiting)
        while busy := [(w, w.job) for w in self.workers if w.job is not None]:
            ready = multiprocessing.connection.wait(
                [w.conn for w, _ in busy] + [w.process.sentinel for w, _ in busy]
            )
            raise_if_interrupted()
            for worker, job in busy:
                if worker.conn not in ready and worker.process.sentinel not in ready:
                    continue
                worker.job = None
                result = self._answer(worker)
                if result is None:  # it died without answering: its brief fails
                    yield _lost(job, self._drop(worker))
                    if waiting:  # and another takes its place while there is work left
                        self._hand(self.start(), waiting)
                    continue
                yield result
                if waiting:
                    self._hand(worker, waiting)
                else:
                    self._retire(worker)

    def adopt(self, process: BaseProcess, conn: Connection) -> None:
        """Take in the worker start_spare started, telling it what this build renders."""
        worker = _Worker(process, conn)
        self.workers.append(worker)
        # One that has just died cannot hear it: its sentinel says so on the next wait.
        with contextlib.suppress(OSError):
            conn.send((self.formats, self.paper, self.templates))

    def start(self) -> _Worker:
        """Start one more worker."""
        mine, theirs = self.context.Pipe()
        process = self.context.Process(
            target=serve,
            args=(theirs, os.getpid(), self.formats, self.paper, self.templates),
            name="briefgen-worker",
            daemon=True,
        )
        # Born with SIGINT and SIGTERM held, until it has set its own answers to them.
        with signals_blocked():
            process.start()
            worker = _Worker(process, mine)
            self.workers.append(worker)
        theirs.close()  # the worker's end is the worker's: its death closes the pipe
        return worker

    def _hand(self, worker: _Worker, waiting: list[Job]) -> None:
        worker.job, worker.used = waiting.pop(), True
        # One that has just died cannot take it: its sentinel says so on the next wait.
        with contextlib.suppress(OSError):
            worker.conn.send(worker.job)

    def _answer(self, worker: _Worker) -> Rendered | Result | None:
        """Return what the worker sent back, or None if it ended without an answer."""
        try:
            if worker.conn.poll():
                answer: Rendered | Result = worker.conn.recv()
                return answer
        except (EOFError, OSError):  # the pipe closed: the worker is gone
            pass
        return None

    def _drop(self, worker: _Worker) -> int | None:
        """Forget a worker that died; return its exit code."""
        self.workers.remove(worker)
        code = _ended(worker)
        if code is not None and -code in STOPS:
            # A signal sent to the whole process group stops the build too; one sent to this
            # worker alone (a `kill` of its pid) loses its brief, as any other death does.
            raise_if_interrupted()
        return code

    def _retire(self, worker: _Worker) -> None:
        worker.retired = True
        with contextlib.suppress(OSError):
            worker.conn.send(None)  # no more work: it returns

    def stop(self, at_once: bool) -> None:
        """End every worker: terminated at once if the build stops early, else let go first.

        One that never had a job is terminated either way: it may still be warming up, and
        nothing it holds is the build's.
        """
        with uninterrupted():  # a second Ctrl-C must not leave a worker behind
            for worker in self.workers:
                if at_once or not worker.used:
                    worker.process.terminate()
                elif not worker.retired:
                    self._retire(worker)
            for worker in self.workers:
                _ended(worker)
            self.workers.clear()


def _context() -> ForkContext | SpawnContext:
    # fork on Linux: a worker starts with the modules the parent has loaded. Never a
    # forkserver: its workers are not the build's own children, as the parent-death tie needs.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _ended(worker: _Worker) -> int | None:
    """Wait for a worker to end, killing it if it lingers; return its exit code."""
    process = worker.process
    process.join(GRACE)
    if process.is_alive():
        process.kill()
        process.join()
    code = process.exitcode
    worker.conn.close()
    process.close()
    return code


def _expected_cost(job: Job) -> tuple[int, int]:
    return (job.uses.brief.pages, job.uses.selection.size())


def _lost(job: Job, code: int | None) -> Result:
    """Fail the job of a worker that died, saying how it ended."""
    if code is not None and code < 0:
        try:
            how = f"killed by {signal.Signals(-code).name}"
        except ValueError:
            how = f"killed by signal {-code}"
    else:
        how = f"exit code {code}"
    failure = Failure("lost", message=f"the worker process rendering it stopped ({how})")
    return Result(job.uses.brief.id, "failed", failure=failure, inputs_hash=job.inputs_hash)
