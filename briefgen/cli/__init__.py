"""The briefgen command line: a thin layer that parses, calls one stage, and reports.

`app` holds the Typer app, the global options and the one error path; the commands live
by what they serve: `pipeline` (build, generate, check, diff), `listing` (list),
`authoring` (init, schema, new, quote find), `capture` and `site` (serve, publish). `main`
is the console script.
"""

from __future__ import annotations

import contextlib
import signal
import sys

from ..errors import Interrupted
from ..process import before_exit, tune_process
from ..signals import answer_stops, asked, ignore_stops

# Each module registers its commands on `app`, in the order `--help` lists them.
from . import authoring, pipeline, listing, site, capture  # noqa: F401  # isort: skip
from .app import app, say

__all__ = ["app", "main", "tune_process"]


def main() -> None:
    """Run the CLI; an unexpected failure is reported in one line, not a traceback."""
    tune_process()
    # Ctrl-C, a polite kill (SIGTERM, as CI sends at a time limit), a closed terminal (SIGHUP)
    # and Ctrl-backslash (SIGQUIT) unwind the same way:
    # temporaries removed, the manifest brought up to date, one line said. Not as
    # KeyboardInterrupt, which Click would turn into a bare "Aborted!".
    answer_stops()
    try:
        app()
    except (KeyboardInterrupt, Interrupted) as exc:
        _interrupted(exc.signum if isinstance(exc, Interrupted) else signal.SIGINT)
    except Exception as exc:
        ignore_stops()
        signum = asked()
        if signum is not None:
            # The stop raised inside code that wrapped it in an error of its own (a class
            # being made as a module loads turns it into a RuntimeError): an interrupt still.
            _interrupted(signum)
        if "--debug" in sys.argv:
            raise
        say(f"Internal error: {type(exc).__name__}: {exc}", err=True)
        say("This is a bug in briefgen: run again with --debug and report the traceback.", err=True)
        sys.exit(1)
    finally:
        # Done: a signal now could only raise inside the interpreter's shutdown.
        ignore_stops()
        before_exit()


def _interrupted(signum: int) -> None:
    ignore_stops()  # a second Ctrl-C must not cut this line short
    # After SIGHUP the terminal may be gone: the exit code still says what happened.
    with contextlib.suppress(OSError):
        say("Interrupted: outputs are whole, and the manifest describes them.", err=True)
    sys.exit(128 + signum)
