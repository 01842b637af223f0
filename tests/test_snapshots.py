"""Snapshots are read once, and only from inside the project, links or not."""

import datetime as dt
import os
from pathlib import Path

import pytest

from briefgen.catalog.snapshots import Archives
from briefgen.model import Source


def source(archive: str) -> Source:
    return Source("s", "T", "P", dt.date(2025, 6, 13), "news", archive, "high")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "ok.txt").write_text("Exact words.")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not yours")
    os.symlink(outside / "secret.txt", root / "sources" / "link.txt")
    os.symlink(outside, root / "elsewhere")
    os.symlink(root / "sources" / "ok.txt", root / "sources" / "inside.txt")
    return root


@pytest.mark.parametrize(
    ("archive", "problem"),
    [
        ("sources/ok.txt", None),
        ("sources/inside.txt", None),
        ("sources/link.txt", "lies outside the project"),
        ("elsewhere/secret.txt", "lies outside the project"),
        ("sources/../../outside/secret.txt", "lies outside the project"),
        ("sources/none.txt", "does not exist"),
        ("sources/..", "is a folder, not a file"),
    ],
)
def test_a_snapshot_is_read_only_from_inside_the_project(project: Path, archive, problem):
    archives = Archives.of(project)
    text = archives.text(source(archive))
    if problem is None:
        assert text == "Exact words."
    else:
        assert text is None and problem in archives.problems["s"][0]
