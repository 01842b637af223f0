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


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("atomic") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    assert build(root).wait(timeout=120) == 0
    return root


@pytest.mark.parametrize("delay", [0.7, 1.6, 2.6])
def test_killed_build_leaves_whole_files(built_once: Path, tmp_path: Path, delay: float):
    root = tmp_path / "mini"
    shutil.copytree(built_once, root)
    old = {p.name for p in (root / "build").iterdir() if not p.name.startswith(".")}
    catalog = root / "sources.yaml"
    catalog.write_text(catalog.read_text().replace("Weekly crossings", "Crossings per week"))

    proc = build(root)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    visible = [p for p in (root / "build").iterdir() if not p.name.startswith(".")]
    assert {p.name for p in visible} == set(old)
    for path in visible:
        assert whole(path), path.name
    # The next build sweeps what the killed one left half-written and finishes the job.
    assert build(root, "--format", "md,html").wait(timeout=120) == 0
    assert not list((root / "build").glob(".*.tmp"))
    assert "Crossings per week" in (root / "build" / "border-talks.md").read_text()


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
