"""Two builds at once, a killed job, a full or read-only disk: nothing is lost, nothing lies.

Each test makes sure its signal lands while the build is still running (it fails otherwise),
so none can pass by the build having finished first.
"""

import contextlib
import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

WAIT = 60.0  # seconds: every loop below is bounded by it


def slow_project(root: Path, briefs: int = 8) -> Path:
    """The mini project with extra briefs, so that a build takes a few seconds."""
    shutil.copytree(FIXTURES / "mini", root)
    model = (root / "briefs" / "border-talks.yaml").read_text(encoding="utf-8")
    for n in range(briefs):
        (root / "briefs" / f"copy-{n}.yaml").write_text(
            model.replace("second round", f"copy {n}"), encoding="utf-8"
        )
    return root


def start(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "briefgen", "--root", str(root), "build", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_until(predicate, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    pytest.fail(f"timed out waiting for {what}")


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def manifest_is_true(out: Path) -> None:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["briefs"].values():
        for meta in entry["outputs"].values():
            data = (out / meta["path"]).read_bytes()
            assert len(data) == meta["bytes"], meta["path"]
            assert hashlib.sha256(data).hexdigest() == meta["sha256"], meta["path"]


def first_written(out: Path, since: float):
    return [p for p in out.glob("*.pdf") if p.stat().st_mtime > since]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
def test_workers_die_with_a_killed_build(tmp_path: Path):
    root = slow_project(tmp_path / "p")
    proc = start(root, "--jobs", "2")
    workers = wait_until(lambda: children(proc.pid), "the pool's workers")
    assert proc.poll() is None, "the build ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.1)
    left = [w for w in workers if alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, "pool workers outlived their parent"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_says_so_and_its_manifest_stays_true(tmp_path: Path, signum: int):
    root = slow_project(tmp_path / "p")
    assert start(root, "--jobs", "1").wait(timeout=300) == 0
    catalog = root / "sources.yaml"
    catalog.write_text(catalog.read_text().replace("Weekly crossings", "Crossings per week"))
    began = time.time()
    proc = start(root, "--jobs", "1")
    wait_until(lambda: first_written(root / "build", began), "the first brief to be written")
    assert proc.poll() is None, "the build ended before it could be interrupted"
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, out + err
    assert "Interrupted" in err and "Traceback" not in err and "Aborted" not in err
    build = root / "build"
    assert not list(build.glob(".*.tmp"))
    manifest_is_true(build)
    # What was written before the signal is recorded as such; the next build finishes the job.
    again = start(root, "--jobs", "1")
    assert again.wait(timeout=300) == 0
    manifest_is_true(build)


def test_two_builds_into_one_folder_take_turns(tmp_path: Path):
    root = slow_project(tmp_path / "p")
    build = root / "build"
    build.mkdir()
    (build / "notes.tmp").write_text("mine")
    (build / ".draft.tmp").write_text("mine too")
    first = start(root, "--jobs", "1", "--force")
    wait_until(lambda: first_written(build, 0), "the first build to start writing")
    assert first.poll() is None, "the first build ended before the second began"
    second = start(root, "--jobs", "1", "--force")
    _, err2 = second.communicate(timeout=300)
    _, err1 = first.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, err1 + err2
    assert "Waiting: another briefgen is building" in err2
    manifest_is_true(build)
    assert (build / "notes.tmp").read_text() == "mine"
    assert (build / ".draft.tmp").read_text() == "mine too"


# -- the user's situation, not a bug ---------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "says"),
    [
        (errno.ENOSPC, "free some disk space"),
        (errno.EROFS, "choose a folder you can write"),
        (errno.EACCES, "choose a folder you can write"),
    ],
)
def test_a_disk_that_refuses_writes_loses_nothing(mini: Path, cli, monkeypatch, code, says):
    assert cli("--root", mini, "build", "--format", "md,html")[0] == 0
    before = {p.name: p.read_bytes() for p in (mini / "build").iterdir() if p.is_file()}
    brief = mini / "briefs" / "border-talks.yaml"
    brief.write_text(brief.read_text().replace("second round", "third round"))

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("briefgen.files._create_temp", refuse)
    exit_code, out, err = cli("--root", mini, "build", "--format", "md,html")
    assert exit_code == 1
    assert says in err and "Internal error" not in out + err and "earlier outputs" in err
    after = {p.name: p.read_bytes() for p in (mini / "build").iterdir() if p.is_file()}
    assert after == before


def test_out_naming_a_file_is_said(mini: Path, cli):
    target = mini / "taken"
    target.write_text("keep me")
    code, out, err = cli("--root", mini, "build", "--out", target)
    assert code == 1 and "a file stands where a folder is needed" in err
    assert "Internal error" not in out + err
    assert target.read_text() == "keep me"


def test_a_brief_that_turns_bad_is_marked_stale(mini: Path, cli):
    assert cli("--root", mini, "build", "--format", "md,html")[0] == 0
    brief = mini / "briefs" / "border-talks.yaml"
    brief.write_text(brief.read_text().replace("facts: [crossings-fell]", "facts: [no-such]"))
    code, _, _ = cli("--root", mini, "build", "--format", "md,html")
    assert code == 1
    manifest = json.loads((mini / "build" / "manifest.json").read_text())
    entry = manifest["briefs"]["border-talks"]
    assert entry["status"] == "stale" and "no-such" in entry["failure"]
    assert manifest["briefs"]["migration-june"]["status"] == "current"
    index = (mini / "build" / "index.html").read_text()
    assert "Stale:" in index


def test_check_and_build_give_one_verdict_on_a_broken_catalog(mini: Path, cli):
    catalog = mini / "sources.yaml"
    catalog.write_text(catalog.read_text().replace("facts:\n", "facts:\n  - just a string\n", 1))
    check_code, check_out, _ = cli("--root", mini, "check")
    build_code, build_out, _ = cli("--root", mini, "build", "--format", "md")
    assert check_code == build_code == 1
    # One convention too: each command's report, findings and verdict, is on stdout.
    assert "should be a mapping" in check_out and "should be a mapping" in build_out
