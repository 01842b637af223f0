import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

WAIT = 30.0  # seconds: generous for a loaded CI machine, yet every loop below is bounded


def fetch(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, what: str, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture
def server(mini: Path):
    """Run `briefgen serve` on a free port in a child process; yield (process, port, saw)."""
    args = ["--root", str(mini), "serve", "--port", "0", "--format", "html"]
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "briefgen", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []
    threading.Thread(
        target=lambda: [lines.put(line) for line in process.stdout], daemon=True
    ).start()

    def saw(pattern: str):
        while True:
            try:
                seen.append(lines.get_nowait())
            except queue.Empty:
                break
        return next((m for line in seen if (m := re.search(pattern, line))), None)

    try:
        serving = wait_for(lambda: saw(r"http://127\.0\.0\.1:(\d+)/"), "the server to start")
        wait_for(lambda: saw(r"^Watching "), "the watcher to start")
        yield process, int(serving.group(1)), saw
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


@pytest.mark.slow
def test_serve_rebuilds_a_changed_fact_and_serves_it(server, mini: Path):
    process, port, saw = server
    page = fetch(port, "/border-talks.html")
    assert "Weekly crossings fell to 1,200" in page
    assert "/__briefgen__/generation" in page  # the served copy reloads itself
    assert "__briefgen__" not in (mini / "build" / "border-talks.html").read_text()
    assert "border-talks.html" in fetch(port, "/")
    assert fetch(port, "/__briefgen__/generation") == "0"

    catalog = mini / "sources.yaml"
    catalog.write_text(catalog.read_text().replace("crossings fell to", "crossings dropped to"))
    wait_for(
        lambda: "Weekly crossings dropped to 1,200" in fetch(port, "/border-talks.html"),
        "the rebuilt page",
    )
    wait_for(lambda: fetch(port, "/__briefgen__/generation") == "1", "the reload signal")
    assert saw(r"^changed: sources\.yaml$") and saw(r"^built +border-talks \(html\)")

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=WAIT) == 0
    err = process.stderr.read()
    assert "Traceback" not in err, err
    wait_for(lambda: saw(r"^Stopped\.$"), "the goodbye")


def test_serve_reports_a_port_in_use_without_building(cli, mini: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = cli("--root", mini, "serve", "--port", port, "--format", "html")
    assert code == 1 and f"cannot listen on 127.0.0.1:{port}" in err
    assert "Traceback" not in out + err
    assert not (mini / "build").exists()


def test_serve_refuses_a_bad_port_or_format(cli, mini: Path):
    code, _, err = cli("--root", mini, "serve", "--port", "70000")
    assert code == 2 and "--port 70000 is not a port" in err
    code, _, err = cli("--root", mini, "serve", "--format", "odt")
    assert code == 2 and "unknown format 'odt'" in err
