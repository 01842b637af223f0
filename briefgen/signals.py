"""How briefgen answers a stop signal: it stops between two writes, and takes its workers.

The stop signals are SIGINT (Ctrl-C), SIGTERM (a polite kill, as CI sends at a time limit),
SIGHUP (the terminal went away) and SIGQUIT (Ctrl-backslash); the command exits 128 + the signal's
number (130, 143, 129, 131). A command answers each by raising Interrupted (`answer_stops`),
which unwinds like Ctrl-C. A raise can be lost: Python swallows an exception raised inside a
finalizer or a weakref callback, and a library may catch BaseException (WeasyPrint does,
around an SVG image). So every interrupt is also remembered, and the build asks again at its
checkpoints (`raise_if_interrupted`), before anything it rendered meanwhile is written. A
write and its record in the manifest run `uninterrupted`, so the files and the manifest
always agree; so does publish's swap of the site.

A worker process leaves stopping to its parent: it ignores SIGINT, SIGHUP and SIGQUIT, which
a terminal sends the whole process group, and dies with the parent however the parent ends,
SIGKILL included (`worker_signals`, `die_with_parent`).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from types import FrameType

from .errors import Interrupted

STOPS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
# What a terminal sends every process of its foreground group: a worker leaves them to the
# build, which stops its workers itself.
GROUP_STOPS = (signal.SIGINT, signal.SIGHUP, signal.SIGQUIT)
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

Handler = Callable[[int, FrameType | None], object] | int | signal.Handlers | None

_asked: list[int] = []  # the stop signals answered in this process, first first


def interrupt(signum: int, frame: FrameType | None) -> None:
    """Answer a stop signal: raise Interrupted, and remember it in case the raise is lost."""
    _asked.append(signum)
    raise Interrupted(signum)


def asked() -> int | None:
    """Return the first stop signal answered in this process, if one was."""
    return _asked[0] if _asked else None


def raise_if_interrupted() -> None:
    """Raise Interrupted if a stop signal came whose raise was swallowed on the way."""
    if _asked:
        raise Interrupted(_asked[0])


def answer_stops() -> None:
    """Answer every stop signal with Interrupted in this process from now on."""
    for signum in STOPS:
        signal.signal(signum, interrupt)
    report = sys.unraisablehook

    def unraisable(lost: sys.UnraisableHookArgs) -> None:
        # An Interrupted raised in a finalizer or callback is remembered, and raised again
        # at the next checkpoint: not worth a traceback.
        if not isinstance(lost.exc_value, Interrupted):
            report(lost)

    sys.unraisablehook = unraisable


def ignore_stops() -> None:
    """Ignore every stop signal from now on: the command is over, its outputs whole."""
    for signum in STOPS:
        signal.signal(signum, signal.SIG_IGN)


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Let the block run to its end before a stop signal acts, then act on the first.

    The signal then does what it would have done: the handler in place runs, or the default
    action is taken. Blocks may nest. Outside the main thread, where Python runs no signal
    handler, the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    # A handler set outside Python (getsignal says None) could not be put back: left alone.
    held = [s for s in STOPS if signal.getsignal(s) is not None]
    before: list[tuple[int, Handler]] = []
    try:
        for signum in held:
            before.append((signum, signal.signal(signum, lambda n, _frame: came.append(n))))
        yield
    finally:
        _restore(before)
        if came:
            _act(came[0], dict(before)[came[0]])


def _restore(handlers: list[tuple[int, Handler]]) -> None:
    # Each one put back even if the one before answers a signal as soon as it is back.
    if handlers:
        try:
            signal.signal(*handlers[0])
        finally:
            _restore(handlers[1:])


def _act(signum: int, handler: Handler) -> None:
    if callable(handler):
        handler(signum, None)
    elif handler == signal.SIG_DFL:
        signal.raise_signal(signum)  # the default action, now that it is back in place


@contextlib.contextmanager
def signals_blocked() -> Iterator[None]:
    """Hold the stop signals pending in this thread; a process started here inherits that.

    A worker forked with the parent's handlers must not answer a signal as the parent would
    before it has set its own: it is born with them blocked and unblocks them itself.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks, and no fork
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def worker_signals(parent: int) -> None:
    """Set a worker's signals: a terminal's are the parent's to answer, SIGTERM ends it at once.

    The worker also dies with `parent`. Called first thing in a worker started inside
    `signals_blocked`, which it then unblocks.
    """
    for signum in GROUP_STOPS:
        signal.signal(signum, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)


def die_with_parent(parent: int) -> None:
    """Make this process die when `parent`, the process that started it, ends in any way.

    A parent killed outright (SIGKILL, a CI time limit) runs no clean-up, and a worker left
    waiting on a pipe it holds open itself would wait forever. Linux kills the child with its
    parent (PR_SET_PDEATHSIG); elsewhere a thread watches for the parent to go. A parent
    already gone ends this process now.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the C library the interpreter runs on
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    except (OSError, AttributeError, TypeError):  # no prctl: not Linux
        watcher = threading.Thread(target=watch_parent, args=(parent,), daemon=True)
        watcher.start()
    if os.getppid() != parent:
        os._exit(1)


def watch_parent(parent: int, every: float = 0.5) -> None:
    """End this process as soon as `parent` is no longer its parent (a thread's loop)."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)
