"""Render jobs in worker processes that live and die with the build that started them.

Public `multiprocessing` API only. Each worker is a `Process` with a `Pipe` of its own; the
parent hands out one job at a time and waits on the pipes and the workers' sentinels together
(`multiprocessing.connection.wait`). A worker that dies is noticed at once and its brief
fails, rather than the build waiting for it forever; stopping the workers is `terminate()`,
`join()` and, for one that will not go, `kill()`.
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
from typing import TYPE_CHECKING

from ..errors import Interrupted
from ..signals import (
    STOPS,
    raise_if_interrupted,
    signals_blocked,
    uninterrupted,
    worker_signals,
)
from .records import Failure, Job, Options, Rendered, Result
from .work import render_job

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext, SpawnContext

GRACE = 5.0  # seconds a worker gets to end before it is killed


def render_all(jobs: list[Job], opts: Options) -> Generator[Rendered | Result, None, None]:
    """Render every job, in worker processes when there are several jobs and --jobs allows.

    Results come as they are ready. However the caller stops (a signal, an error, or closing
    this generator), no worker outlives it.
    """
    if opts.jobs <= 1 or len(jobs) <= 1:
        for job in jobs:
            rendered = render_job(job, opts.formats, opts.paper)
            # A library may have swallowed the interrupt (WeasyPrint catches everything around
            # an SVG image): what it rendered meanwhile may be short of a chart.
            raise_if_interrupted()
            yield rendered
        return
    workers = Workers(min(opts.jobs, len(jobs)), opts)
    finished = False
    try:
        yield from workers.render(jobs)
        finished = True
    finally:
        workers.stop(at_once=not finished)


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection  # the parent's end of the worker's pipe
    job: Job | None = None  # the job it is rendering


class Workers:
    """Worker processes that render one job at a time, handed out by the parent."""

    def __init__(self, count: int, opts: Options) -> None:
        self.count = count
        self.formats, self.paper = opts.formats, opts.paper
        self.context = _context()
        self.workers: list[_Worker] = []

    def render(self, jobs: list[Job]) -> Iterator[Rendered | Result]:
        """Render the jobs, yielding each result as a worker returns it."""
        waiting = jobs[::-1]  # taken from the end: handed out in order
        for _ in range(min(self.count, len(jobs))):
            self._hand(self._start(), waiting)
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
                        self._hand(self._start(), waiting)
                    continue
                yield result
                if waiting:
                    self._hand(worker, waiting)
                else:
                    self._retire(worker)

    def _start(self) -> _Worker:
        mine, theirs = self.context.Pipe()
        process = self.context.Process(
            target=_serve,
            args=(theirs, os.getpid(), self.formats, self.paper),
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
        worker.job = waiting.pop()
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
            # Someone is stopping the build: a signal sent to the whole process group.
            raise Interrupted(-code)
        return code

    def _retire(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.conn.send(None)  # no more work: it returns

    def stop(self, at_once: bool) -> None:
        """End every worker: terminated at once if the build stops early, else let go first."""
        with uninterrupted():  # a second Ctrl-C must not leave a worker behind
            for worker in self.workers if at_once else ():
                worker.process.terminate()
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


def _serve(conn: Connection, parent: int, formats: tuple[str, ...], paper: str) -> None:
    """Render the jobs the parent sends, one at a time, until it sends None or goes."""
    worker_signals(parent)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        conn.send(render_job(job, formats, paper))
