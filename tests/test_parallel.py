import ast
from pathlib import Path

import pytest


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_parallel_build_writes_the_same_bytes_as_a_serial_one(built, cli, tmp_path: Path):
    root, out = built  # built with --jobs 2: every brief rendered in a worker process
    assert "2 briefs: 2 built" in out
    serial = tmp_path / "serial"
    code, out, _ = cli("--root", root, "build", "--jobs", "1", "--out", serial)
    assert code == 0 and "2 briefs: 2 built" in out
    parallel = files_of(root / "build")
    assert sorted(parallel) == sorted(files_of(serial))
    for name, data in files_of(serial).items():
        assert parallel[name] == data, name


@pytest.mark.slow
def test_a_brief_failing_in_a_worker_does_not_stop_the_others(mini: Path, cli):
    words = " ".join(["Crossings are down sharply [@crossings-fell]."] * 400)
    (mini / "briefs" / "too-long.yaml").write_text(
        f'kind: issue\ntitle: Too long\ndate: 2025-06-05\nprepared_for: Staff\nsummary: "{words}"\n'
    )
    code, out, _ = cli("--root", mini, "build", "--jobs", "2", "--format", "pdf")
    assert code == 1
    assert "FAILED   too-long: brief 'too-long' does not fit on one page" in out
    assert "built    border-talks (pdf)" in out and "built    migration-june (pdf)" in out
    assert "3 briefs: 2 built, 0 unchanged, 1 failed" in out
    assert not (mini / "build" / "too-long.pdf").exists()


@pytest.mark.parametrize("jobs", ["-1", "two"])
def test_a_bad_jobs_count_is_bad_usage(mini: Path, cli, jobs: str):
    code, _, err = cli("--root", mini, "build", "--jobs", jobs)
    assert code == 2 and "--jobs" in err


def test_the_pool_reads_no_private_state_of_multiprocessing():
    """Only public APIs: a shut-down executor's `_processes` once raised on Ctrl-C."""
    source = Path(__file__).parents[1] / "briefgen" / "build" / "pool.py"
    private = [
        f"{ast.unparse(node)} (line {node.lineno})"
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and not (isinstance(node.value, ast.Name) and node.value.id == "self")
    ]
    assert private == []
