"""A no-op rebuild is answered from the last build's stamp, and only when nothing changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES


def build(root: Path, *args: str, importtime: bool = False) -> subprocess.CompletedProcess[str]:
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run(
        [sys.executable, *flags, "-m", "briefgen", "--root", str(root), "build", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "CI": "true"},
        cwd=root,
    )


def replayed(done: subprocess.CompletedProcess[str]) -> bool:
    """Tell whether a run answered without importing the command line (Typer)."""
    return " typer" not in done.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    done = build(root, "--format", "md,html")
    assert done.returncode == 0, done.stderr
    return root


@pytest.mark.slow
def test_a_rebuild_with_nothing_changed_reports_the_same_without_the_command_line(project):
    outputs = sorted((project / "build").glob("*.*"))
    times = [p.stat().st_mtime_ns for p in outputs]
    slow = build(project, "--format", "md,html", "--force")
    assert slow.returncode == 0
    # A forced rebuild that changes no byte rewrites no file: the stamp still holds.
    assert [p.stat().st_mtime_ns for p in outputs] == times
    fast = build(project, "--format", "md,html", importtime=True)
    assert fast.returncode == 0
    assert replayed(fast)
    lines = fast.stdout.splitlines()
    assert lines[-1].startswith("2 briefs: 0 built, 2 unchanged, 0 failed -> ")
    assert all(line.startswith("unchanged ") for line in lines[:2])
    # The same words the full path says for a no-op.
    shutil.rmtree(Path(os.environ["BRIEFGEN_CACHE_DIR"]), ignore_errors=True)
    full = build(project, "--format", "md,html", importtime=True)
    assert not replayed(full)
    assert full.stdout == fast.stdout


@pytest.mark.slow
def test_an_edit_that_keeps_size_and_time_is_still_built(project):
    brief = project / "briefs" / "border-talks.yaml"
    text = brief.read_text()
    before = brief.stat()
    assert "Border talks" in text
    brief.write_text(text.replace("Border talks", "Border Talks", 1))
    os.utime(brief, ns=(before.st_atime_ns, before.st_mtime_ns))  # as if untouched
    done = build(project, "--format", "md,html", importtime=True)
    assert done.returncode == 0
    assert not replayed(done)
    assert "built    border-talks" in done.stdout


@pytest.mark.slow
def test_a_missing_output_an_added_brief_or_another_option_take_the_full_path(project):
    (project / "build" / "migration-june.md").unlink()
    done = build(project, "--format", "md,html", importtime=True)
    assert not replayed(done) and "built    migration-june" in done.stdout
    assert (project / "build" / "migration-june.md").is_file()

    shutil.copy(project / "briefs" / "border-talks.yaml", project / "briefs" / "copy-talks.yaml")
    done = build(project, "--format", "md,html", importtime=True)
    assert not replayed(done) and "copy-talks" in done.stdout

    done = build(project, "--format", "md", importtime=True)  # another command line
    assert not replayed(done)
    done = build(project, "--format", "md,html", "--force", importtime=True)
    assert not replayed(done) and "built" in done.stdout


@pytest.mark.slow
def test_a_project_with_a_link_is_never_answered_from_a_stamp(project):
    # The snapshots reached through a link (inside the project, as briefgen allows).
    shutil.move(project / "sources", project / "archive")
    (project / "sources").symlink_to(project / "archive", target_is_directory=True)
    first = build(project, "--format", "md,html", "--force")
    assert first.returncode == 0, first.stdout + first.stderr
    done = build(project, "--format", "md,html", importtime=True)
    assert done.returncode == 0 and not replayed(done)


@pytest.mark.slow
def test_an_edit_made_while_a_build_runs_is_not_taken_into_its_stamp(project, monkeypatch):
    from briefgen.build import stamp
    from briefgen.render.templates import templates_dir

    monkeypatch.setattr(stamp, "COMMAND", ("build", "--format", "md,html"))
    monkeypatch.chdir(project)
    out, templates = project / "build", templates_dir(project)
    before = stamp.inputs(project, templates, out)  # as the build starts reading
    stamp.keep_stamp(before, out, "all unchanged\n")
    assert stamp.replay(stamp.COMMAND) == "all unchanged\n"  # nothing changed meanwhile

    before = stamp.inputs(project, templates, out)
    brief = project / "briefs" / "border-talks.yaml"
    brief.write_text(brief.read_text() + "\n")  # saved while the build runs
    stamp.keep_stamp(before, out, "all unchanged\n")
    assert stamp.replay(stamp.COMMAND) is None
