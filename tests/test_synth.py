import sys
from pathlib import Path

import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from synth import generate  # benchmarks/ is a folder of scripts, not a package


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.slow
def test_synthetic_projects_pass_check_and_build(tmp_path: Path, cli):
    root = tmp_path / "synth"
    generate(root, sources=4, briefs=3, seed=7)
    assert len(list((root / "sources").glob("*.txt"))) == 4
    assert sorted(p.name for p in (root / "briefs").iterdir()) == [
        "brief-0000.yaml",
        "brief-0001.yaml",
        "brief-0002.yaml",
    ]
    code, out, err = cli("--root", root, "check")
    assert code == 0, out + err
    assert "check passed: 0 errors" in out
    _, sources, _ = cli("--root", root, "list", "sources")
    assert len(sources.splitlines()) == 4
    code, out, _ = cli("--root", root, "build", "--format", "md")
    assert code == 0 and "3 briefs: 3 built" in out


def test_the_same_seed_writes_the_same_project(tmp_path: Path):
    generate(tmp_path / "a", sources=3, briefs=2, seed=5)
    generate(tmp_path / "b", sources=3, briefs=2, seed=5)
    generate(tmp_path / "c", sources=3, briefs=2, seed=6)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert tree(tmp_path / "a") != tree(tmp_path / "c")
