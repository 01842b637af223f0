"""What a worker process runs: render the jobs its parent sends, one at a time.

The parent's side, starting, feeding and stopping workers, is build/pool.py. A worker is
forked with the stop signals held (pool: signals_blocked) and sets its own answers first.
"""

from __future__ import annotations

import contextlib
from multiprocessing.connection import Connection
from pathlib import Path

from ..signals import worker_signals


def serve(
    conn: Connection,
    parent: int,
    formats: tuple[str, ...],
    paper: str,
    templates: Path | None,
) -> None:
    """Render the jobs the parent sends, one at a time, until it sends None or goes.

    Started early (`templates` given), it first loads what every PDF is made with.
    """
    worker_signals(parent)
    _work(conn, formats, paper, templates)


def serve_spare(conn: Connection, parent: int) -> None:
    """Load WeasyPrint and the rendering stages, then serve the build that adopts this worker.

    The parent says what the build renders (formats, paper, templates) when it adopts it, or
    None (or nothing, by ending) when it does not.
    """
    worker_signals(parent)
    # What fails here (WeasyPrint's libraries missing) is left for the first brief to meet
    # and report, as a worker started later would.
    with contextlib.suppress(Exception):
        from ..render.pdf import load_weasyprint

        load_weasyprint()  # the slow part first: the parent is importing meanwhile
        from . import work  # noqa: F401  (the rendering stages, before the first brief)

    try:
        told = conn.recv()
    except EOFError:
        return
    if told is None:
        return
    formats, paper, templates = told
    _work(conn, formats, paper, templates)


def _work(conn: Connection, formats: tuple[str, ...], paper: str, templates: Path | None) -> None:
    from .work import render_job, warm

    if templates is not None:
        warm(templates, paper, formats, busy=conn.poll)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        conn.send(render_job(job, formats, paper))
