"""`build --shard K/N` and `merge`: shards of a build put back together tell the truth."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from briefgen.build.shards import Shard, in_shard, parse_shard, shard_of
from briefgen.errors import UsageError


def briefgen(root: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefgen", "--root", str(root), *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.fixture(scope="module")
def sharded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path]]:
    """The kinds project built whole, and in two shards: (root, whole build, shard folders)."""
    root = tmp_path_factory.mktemp("shards") / "kinds"
    shutil.copytree(FIXTURES / "kinds", root)
    whole = root / "whole"
    done = briefgen(root, "build", "--jobs", "1", "--out", whole)
    assert done.returncode == 0, done.stderr
    folders = []
    for k in (1, 2):
        folder = root / f"shard-{k}"
        done = briefgen(root, "build", "--shard", f"{k}/2", "--jobs", "1", "--out", folder)
        assert done.returncode == 0, done.stdout + done.stderr
        folders.append(folder)
    return root, whole, folders


@pytest.mark.slow
def test_merged_shards_hold_every_brief_once_with_files_matching_the_manifest(sharded):
    root, whole, folders = sharded
    ids = sorted(p.stem for p in (root / "briefs").glob("*.yaml"))
    held = [set(json.loads((f / "manifest.json").read_text())["briefs"]) for f in folders]
    assert held[0].isdisjoint(held[1]) and held[0] | held[1] == set(ids)

    merged = root / "merged"
    done = briefgen(root, "merge", *folders, "--out", merged)
    assert done.returncode == 0, done.stderr
    assert f"{len(ids)} briefs from 2 shards" in done.stdout
    briefs = json.loads((merged / "manifest.json").read_text())["briefs"]
    assert sorted(briefs) == ids
    for entry in briefs.values():
        assert set(entry["outputs"]) == {"md", "html", "pdf"}
        for output in entry["outputs"].values():
            data = (merged / output["path"]).read_bytes()
            assert len(data) == output["bytes"]
            assert hashlib.sha256(data).hexdigest() == output["sha256"]
    # The same as one machine would have written: manifest, index and feed, byte for byte.
    for name in ("manifest.json", "index.html", "feed.xml"):
        assert (merged / name).read_bytes() == (whole / name).read_bytes(), name


@pytest.mark.slow
def test_merge_refuses_a_file_its_shard_manifest_does_not_describe(sharded, tmp_path):
    root, _, folders = sharded
    copies = [tmp_path / f.name for f in folders]
    for f, c in zip(folders, copies, strict=True):
        shutil.copytree(f, c)
    victim = next(p for c in copies for p in sorted(c.glob("*.md")))
    victim.write_text(victim.read_text() + "tampered\n")
    done = briefgen(root, "merge", *copies, "--out", tmp_path / "merged")
    assert done.returncode == 2
    assert str(victim) in done.stderr and "sha256" in done.stderr
    assert not (tmp_path / "merged").exists()  # nothing written from a bad shard


@pytest.mark.slow
def test_merge_says_which_briefs_no_shard_holds(sharded, tmp_path):
    root, _, folders = sharded
    # Shard 1 of 2 named as the only shard: the briefs of shard 2 are nowhere.
    done = briefgen(root, "merge", folders[0], "--out", tmp_path / "merged")
    assert done.returncode == 1
    assert "not in the manifest of shard 1/1" in done.stderr


@pytest.mark.slow
def test_shards_partition_the_briefs_the_same_way_in_every_process():
    ids = [f"brief-{n:04d}" for n in range(200)]
    parts = [in_shard(ids, Shard(k, 4)) for k in (1, 2, 3, 4)]
    assert sorted(i for p in parts for i in p) == ids
    assert all(parts)  # a hash spreads them: no shard left idle
    code = "from briefgen.build.shards import shard_of; print(shard_of('brief-0007', 4))"
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert seen == {str(shard_of("brief-0007", 4))}
    # A new brief moves no other.
    assert in_shard([*ids, "brief-new"], Shard(2, 4))[: len(parts[1])] == parts[1]


@pytest.mark.parametrize("text", ["0/2", "3/2", "2", "a/b", "1/0", "-1/2"])
@pytest.mark.slow
def test_a_shard_that_is_not_k_of_n_is_refused_with_how_to_write_it(text, mini):
    with pytest.raises(UsageError):
        parse_shard(text)
    done = briefgen(mini, "build", "--shard", text)
    assert done.returncode == 2
    assert "--shard" in done.stderr and "Traceback" not in done.stderr
