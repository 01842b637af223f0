import io
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefgen.build.report import is_interactive

BAR = "━"  # rich draws its bar with this


class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("stdout_tty", "stderr_tty", "env", "expected"),
    [
        (True, True, {"TERM": "xterm"}, True),
        (True, True, {"TERM": "xterm", "CI": "true"}, False),
        (True, True, {"TERM": "xterm", "CI": "false"}, True),
        (True, True, {"TERM": "dumb"}, False),
        (False, True, {"TERM": "xterm"}, False),  # stdout piped to a file or another program
        (True, False, {"TERM": "xterm"}, False),  # stderr captured to a log
    ],
)
def test_a_bar_only_when_a_person_watches_a_terminal(stdout_tty, stderr_tty, env, expected):
    assert is_interactive(Stream(stdout_tty), Stream(stderr_tty), env) is expected


def run_on_terminal(args: list[str], env: dict[str, str], timeout: float = 120) -> tuple[int, str]:
    """Run briefgen with stdout and stderr on a pseudo-terminal; return exit code and screen."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefgen", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the terminal closes when the program exits
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    os.close(master)
    code = proc.wait(timeout=10)
    return code, b"".join(chunks).decode("utf-8", "replace")


def terminal_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return {**env, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30", **extra}


@pytest.mark.slow
def test_a_terminal_gets_a_bar_and_still_sees_each_built_or_failed_brief(mini: Path):
    (mini / "briefs" / "broken.yaml").write_text(
        "kind: meeting\ntitle: x\ndate: someday\nprepared_for: x\n"
    )
    args = ["--root", str(mini), "build", "--format", "md,html", "--jobs", "2"]
    code, screen = run_on_terminal(args, terminal_env())
    assert code == 1
    assert BAR in screen and "3/3" in screen
    assert "built    border-talks (md, html)" in screen
    assert "FAILED   broken: briefs/broken.yaml:3:7" in screen
    assert "3 briefs: 2 built, 0 unchanged, 1 failed" in screen

    code, screen = run_on_terminal(args, terminal_env())
    assert "3 briefs: 0 built, 2 unchanged, 1 failed" in screen
    assert "unchanged border-talks" not in screen  # counted on the bar, not listed


@pytest.mark.slow
def test_ci_gets_plain_lines_even_on_a_terminal(mini: Path):
    args = ["--root", str(mini), "build", "--format", "md"]
    code, screen = run_on_terminal(args, terminal_env(CI="true"))
    assert code == 0
    assert BAR not in screen
    lines = screen.replace("\r\n", "\n").splitlines()
    # Briefs are reported as workers finish them, in either order.
    assert sorted(lines[:2]) == ["built    border-talks (md)", "built    migration-june (md)"]
    assert lines[2:] == [f"2 briefs: 2 built, 0 unchanged, 0 failed -> {mini / 'build'}"]


def test_plain_lines_keep_status_and_id_apart_and_count_in_english():
    from briefgen.build.records import Result
    from briefgen.build.report import describe, summary

    unchanged = Result("border-talks", "unchanged", left_out=("a", "b"), picks_left_out=("b",))
    line, failed = describe(unchanged)
    assert not failed
    assert line.startswith("unchanged border-talks (")
    assert line.endswith(
        "; 2 items left out to fit one page, 1 of them the brief's own pick "
        "(manifest.json lists them)"
    )
    assert summary([unchanged]) == "1 brief: 0 built, 1 unchanged, 0 failed"
    assert describe(Result("x", "built", left_out=("a",)))[0].endswith(
        "; 1 item left out to fit one page (manifest.json lists them)"
    )
