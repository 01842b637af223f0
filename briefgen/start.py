"""The console script: a no-op rebuild answered from its stamp, else the command line.

Answering from the stamp (build.stamp) imports neither Typer nor the stages: a rebuild that
finds nothing to do costs the stat of the files it reads, not a second of imports. A build
that will make PDFs starts its first worker here, before those imports (build.pool).
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run briefgen: replay a still-true no-op report, or run the command."""
    from .process import tune_process

    tune_process()
    argv = sys.argv[1:]
    renders = "build" in argv or "generate" in argv
    if renders and ("--force" in argv or "generate" in argv):
        # No stamp answers these (build.stamp.replay): the worker starts before the stamp's
        # imports, a tenth of a second sooner.
        from .build.pool import start_spare

        start_spare(argv)
    if "build" in argv:
        from .build import stamp
        from .build.pool import start_spare, stop_spare

        stamp.COMMAND = tuple(argv)
        report = stamp.replay(argv) if not stamp.watched_by_a_person() else None
        if report is not None:
            stop_spare()
            sys.stdout.write(report)
            sys.stdout.flush()
            return
        start_spare(argv)  # unless started above
    from .cli import main as run

    run()
