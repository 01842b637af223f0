"""What a command sets for its whole process, before it loads anything large."""

from __future__ import annotations

import gc


def tune_process() -> None:
    """Set the collector for a command's life: what a library must not impose on its caller.

    A command loads a catalog of up to millions of small objects and frees none of them;
    with the default thresholds the cyclic collector walks them again and again for nothing
    (about 3x the load time at 10,000 facts). Rarer young collections keep that away
    without giving up collection while briefs are rendered. Set first thing, so that a worker
    started before the command line is read (build.pool.start_spare) has it too.
    """
    gc.set_threshold(500_000, 50, 100)


def before_exit() -> None:
    """Spare the interpreter its last collection over everything a command loaded.

    At exit the interpreter walks every object for cycles, a tenth of a second once
    WeasyPrint is loaded, only to free memory the process is about to give back whole.
    Frozen objects are skipped; exit handlers still run and files still close as always.
    """
    gc.freeze()
