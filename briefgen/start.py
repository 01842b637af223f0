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
    if "build" in argv or "generate" in argv:
        # Before the stamp is read: a few milliseconds lost on a no-op, a tenth of a second
        # gained by every build that renders.
        from .build.pool import start_spare

        start_spare(argv)
    if "build" in argv:
        from .build import stamp
        from .build.pool import stop_spare

        stamp.COMMAND = tuple(argv)
        report = stamp.replay(argv) if not stamp.watched_by_a_person() else None
        if report is not None:
            stop_spare()
            sys.stdout.write(report)
            sys.stdout.flush()
            return
    from .cli import main as run

    run()
