"""Render jobs in a process pool whose workers live and die with the build that started them."""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import ctypes.util
import os
import signal
import threading
import time
from collections.abc import Iterator

from .records import Job, Options, Rendered, Result
from .work import render_job


def render_all(jobs: list[Job], opts: Options) -> Iterator[Rendered | Result]:
    """Render every job, in a process pool when there are several and more than one core."""
    if opts.jobs <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield render_job(job, opts.formats, opts.paper)
        return
    pool = cf.ProcessPoolExecutor(
        max_workers=min(opts.jobs, len(jobs)), initializer=_worker_start, initargs=(os.getpid(),)
    )
    try:
        futures = [pool.submit(render_job, job, opts.formats, opts.paper) for job in jobs]
        for future in cf.as_completed(futures):
            yield future.result()
    except BaseException:  # interrupted, or the caller stopped: no worker may outlive us
        pool.shutdown(wait=False, cancel_futures=True)
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        raise
    pool.shutdown()


def _worker_start(parent: int) -> None:
    """Tie a pool worker's life to its parent's.

    Ctrl-C reaches the whole process group: the parent alone answers it. And a parent killed
    outright (SIGKILL, a CI time limit) must not leave workers waiting forever on a pipe they
    hold open themselves: Linux kills them with it (PR_SET_PDEATHSIG); elsewhere a thread
    watches for the parent to go.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it died before the tie was made
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
