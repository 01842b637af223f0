"""A build killed at any moment leaves only whole files behind."""

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES
from pypdf import PdfReader


def whole(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".md":
        return data.endswith(b"Handling: **UNCLASSIFIED**\n")
    if path.suffix == ".html":
        return data.rstrip().endswith(b"</html>")
    if path.suffix == ".pdf":
        return data.rstrip().endswith(b"%%EOF") and len(PdfReader(path).pages) == 1
    if path.suffix == ".json":
        return isinstance(json.loads(data), dict)
    return True


def build(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "briefgen", "--root", str(root), "build", "--jobs", "1", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


# Copies of the meeting brief, so that a build takes seconds and a kill can land anywhere in
# it: loading, rendering, writing one brief's files, or the manifest and index.
COPIES = 24


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """The project, with its copies, built once."""
    root = tmp_path_factory.mktemp("atomic") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    brief = (root / "briefs" / "border-talks.yaml").read_text()
    for i in range(COPIES):
        (root / "briefs" / f"border-talks-{i}.yaml").write_text(brief)
    assert build(root).wait(timeout=300) == 0
    return root


def rewritten(out: Path, since: float) -> int:
    return sum(1 for p in out.glob("*.md") if p.stat().st_mtime > since)


# Where the kill lands, by how many briefs the build has rewritten: none (loading, checking,
# the first render), a few, most. Judged by the files, not by a clock, so that a busy machine
# moves the kill with the build.
@pytest.mark.slow
@pytest.mark.parametrize("written", [0, 6, 18])
def test_killed_build_leaves_whole_files(built_once, tmp_path: Path, written: int):
    root = tmp_path / "mini"
    shutil.copytree(built_once, root)
    old = {p.name for p in (root / "build").iterdir() if not p.name.startswith(".")}
    catalog = root / "sources.yaml"
    catalog.write_text(catalog.read_text().replace("Weekly crossings", "Crossings per week"))

    began = time.time()
    time.sleep(0.01)  # a file written from here on has a later mtime
    proc = build(root)
    deadline = time.monotonic() + 120
    while rewritten(root / "build", began) < written and proc.poll() is None:
        assert time.monotonic() < deadline, "the build made no progress"
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    # The kill landed before the build was done: a build that finished first proves nothing.
    assert proc.returncode == -signal.SIGKILL, "the build finished before the kill"

    visible = [p for p in (root / "build").iterdir() if not p.name.startswith(".")]
    assert {p.name for p in visible} == set(old)
    for path in visible:
        assert whole(path), path.name
    # The next build sweeps what the killed one left half-written and finishes the job.
    assert build(root, "--format", "md,html").wait(timeout=120) == 0
    assert not list((root / "build").glob(".*.tmp"))
    for name in ("border-talks", *(f"border-talks-{i}" for i in range(COPIES))):
        assert "Crossings per week" in (root / "build" / f"{name}.md").read_text(), name


def test_new_files_follow_the_umask_and_old_ones_keep_their_mode(tmp_path: Path):
    import os

    from briefgen.files import write_atomic

    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.md", b"x")
        kept = tmp_path / "kept.md"
        kept.write_bytes(b"old")
        kept.chmod(0o604)
        write_atomic(kept, b"new")
    finally:
        os.umask(old)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o640
    assert kept.stat().st_mode & 0o777 == 0o604 and kept.read_bytes() == b"new"
    assert not list(tmp_path.glob(".*"))
