import hashlib
import json
import os
import pstats
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECTS, pdf_pages_text

from briefgen.catalog.project import load_project


def notes_of_markdown(md: str) -> dict[str, str]:
    return dict(re.findall(r"^\[\^(\d+)\]: (.+)$", md, re.M))


def test_build_writes_three_formats_index_and_manifest(built):
    root, out = built
    # The lock that keeps two builds from writing at once stays, hidden; nothing else may.
    names = sorted(p.name for p in (root / "build").iterdir() if p.name != ".briefgen.lock")
    assert names == [
        "border-talks.html",
        "border-talks.md",
        "border-talks.pdf",
        "feed.xml",
        "index.html",
        "manifest.json",
        "migration-june.html",
        "migration-june.md",
        "migration-june.pdf",
    ]
    assert "2 briefs: 2 built, 0 unchanged, 0 failed" in out
    manifest = json.loads((root / "build" / "manifest.json").read_text())
    entry = manifest["briefs"]["border-talks"]
    assert entry["outputs"]["pdf"]["path"] == "border-talks.pdf"
    assert len(entry["outputs"]["pdf"]["sha256"]) == 64 and entry["left_out"] == []
    index = (root / "build" / "index.html").read_text()
    assert index.index("border-talks.html") < index.index("migration-june.html")  # newest first


@pytest.mark.parametrize("project", PROJECTS)
@pytest.mark.slow
def test_every_brief_fills_its_pages_with_the_same_notes_in_every_format(fixture_builds, project):
    build = fixture_builds[project]
    briefs = load_project(FIXTURES / project).briefs
    manifest = json.loads((build / "manifest.json").read_text())
    assert set(manifest["briefs"]) == set(briefs)
    for brief_id, brief in briefs.items():
        md = (build / f"{brief_id}.md").read_text()
        html = (build / f"{brief_id}.html").read_text()
        pages = pdf_pages_text(build / f"{brief_id}.pdf")
        assert len(pages) == brief.pages, brief_id
        pdf_text = re.sub(r"\s+", " ", " ".join(pages))
        notes = notes_of_markdown(md)
        assert notes, brief_id
        assert re.findall(r'<li id="note-(\d+)"', html) == list(notes), brief_id
        for number, note in notes.items():
            title = re.search(r"“(.+?),”", note).group(1).replace("\\", "")
            assert f'<li id="note-{number}" value="{number}">' in html
            assert title in html and f"{number}. " in pdf_text
            assert title in pdf_text, (brief_id, title)


def test_unchanged_briefs_are_not_rebuilt_and_force_rebuilds(built, cli, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(built[0], root)
    pdf = root / "build" / "border-talks.pdf"
    before = pdf.stat().st_mtime_ns
    code, out, _ = cli("--root", root, "build", "--jobs", "1")
    assert code == 0 and "2 briefs: 0 built, 2 unchanged" in out
    assert pdf.stat().st_mtime_ns == before
    code, out, _ = cli("--root", root, "build", "border-talks", "--force", "--format", "md")
    assert code == 0 and "1 brief: 1 built" in out


def run_briefgen(*args, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.slow
def test_an_upgraded_renderer_rebuilds_every_brief(built, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(built[0], root)
    same = run_briefgen("--root", root, "build", "--jobs", "1")
    assert same.returncode == 0 and "2 briefs: 0 built, 2 unchanged" in same.stdout
    # An upgrade as the build sees one: the installed metadata names another version (a
    # distribution's metadata earlier on the path is the one Python reports).
    upgraded = tmp_path / "upgraded"
    info = upgraded / "weasyprint-999.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: weasyprint\nVersion: 999\n")
    path = os.pathsep.join(filter(None, [str(upgraded), os.environ.get("PYTHONPATH")]))
    again = run_briefgen("--root", root, "build", "--jobs", "1", env={"PYTHONPATH": path})
    assert again.returncode == 0, again.stderr
    assert "2 briefs: 2 built, 0 unchanged" in again.stdout


def test_a_failing_brief_does_not_stop_the_others(mini: Path, cli):
    (mini / "briefs" / "broken.yaml").write_text(
        "kind: meeting\ntitle: x\ndate: someday\nprepared_for: x\n"
    )
    code, out, _ = cli("--root", mini, "build", "--format", "md,html")
    assert code == 1
    assert "FAILED   broken: briefs/broken.yaml:3:7: error: brief 'broken': 'date'" in out
    assert "built    border-talks (md, html)" in out
    assert "3 briefs: 2 built, 0 unchanged, 1 failed" in out
    assert (mini / "build" / "border-talks.md").is_file()


def test_generate_writes_an_issue_brief_for_a_topic_alias(mini: Path, cli):
    code, out, _ = cli(
        "--root",
        mini,
        "generate",
        "--topic",
        "immigration",
        "--as-of",
        "2025-06-05",
        "--format",
        "md,html",
    )
    assert code == 0
    md = (mini / "build" / "topic--migration--2025-06-05.md").read_text()
    assert md.startswith("# Migration: where things stand on June 5, 2025\n")
    assert "Weekly crossings fell to 1,200" in md
    assert "Bilateral trade" not in md  # not tagged migration
    assert str(mini / "build" / "topic--migration--2025-06-05.html") in out


def test_a_removed_brief_leaves_the_distribution_on_the_next_build(built, cli, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(built[0], root)
    (root / "briefs" / "migration-june.yaml").unlink()
    code, out, _ = cli("--root", root, "build")
    assert code == 0 and "1 brief: 0 built, 1 unchanged" in out
    manifest = json.loads((root / "build" / "manifest.json").read_text())
    assert list(manifest["briefs"]) == ["border-talks"]
    assert "migration-june" not in (root / "build" / "index.html").read_text()
    assert "migration-june" not in (root / "build" / "feed.xml").read_text()


@pytest.mark.slow
def test_each_brief_is_selected_once_per_build(mini: Path, tmp_path):
    # Watched, not replaced: Python's profiler counts the calls of the plan stage's entry
    # point while the real command runs.
    stats = tmp_path / "build.prof"
    args = ("--root", mini, "build", "--jobs", "1", "--format", "md")
    profiled = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", stats, "-m", "briefgen", *map(str, args)],
        capture_output=True,
        text=True,
    )
    assert profiled.returncode == 0, profiled.stderr
    assert "2 briefs: 2 built" in profiled.stdout
    calls = [
        stat[1]
        for (path, _, name), stat in pstats.Stats(str(stats)).stats.items()  # type: ignore[attr-defined]
        if name == "select" and Path(path).parts[-2:] == ("plan", "select.py")
    ]
    assert calls == [2]  # one for each brief


def test_an_md_only_build_links_only_files_it_wrote(mini: Path, cli):
    code, _, _ = cli("--root", mini, "build", "--format", "md")
    assert code == 0
    build = mini / "build"
    for name in ("index.html", "feed.xml"):
        links = re.findall(r'href="([^"]+)"', (build / name).read_text())
        local = [link for link in links if link not in ("feed.xml", "index.html")]
        assert local and all(link.endswith(".md") for link in local), (name, links)
        assert all((build / link).is_file() for link in local)


# -- the manifest says which outputs are there, and current -------------------------------------


def manifest_of(build: Path) -> dict:
    return json.loads((build / "manifest.json").read_text(encoding="utf-8"))["briefs"]


def files_agree(build: Path) -> None:
    """Every output the manifest lists is on disk with its size and hash; no other is."""
    listed = set()
    for entry in manifest_of(build).values():
        for meta in entry["outputs"].values():
            data = (build / meta["path"]).read_bytes()
            assert len(data) == meta["bytes"] and hashlib.sha256(data).hexdigest() == meta["sha256"]
            listed.add(meta["path"])
    on_disk = {p.name for p in build.iterdir() if p.suffix in (".md", ".html", ".pdf")}
    assert on_disk - {"index.html"} == listed


@pytest.mark.slow
def test_building_fewer_formats_removes_the_others_it_recorded(mini, cli):
    build = mini / "build"
    build.mkdir()
    (build / "notes.html").write_text("mine")  # not a brief's: left alone
    assert cli("--root", mini, "build", "--format", "md,html,pdf", "--jobs", "1")[0] == 0
    code, out, err = cli("--root", mini, "build", "--format", "md", "--jobs", "1")
    assert code == 0 and "2 briefs: 2 built" in out, out + err
    # Said on the brief's line, not done in silence.
    assert (
        "built    border-talks (md); removed border-talks.html, border-talks.pdf "
        "(a format this build did not make)"
    ) in out
    assert sorted(p.name for p in build.glob("border-talks.*")) == ["border-talks.md"]
    assert (build / "notes.html").read_text() == "mine"
    assert {fmt for e in manifest_of(build).values() for fmt in e["outputs"]} == {"md"}
    # All formats again: nothing passes for unchanged that is not there.
    code, out, _ = cli("--root", mini, "build", "--jobs", "1")
    assert code == 0 and "2 briefs: 2 built" in out
    assert sorted(p.name for p in build.glob("border-talks.*")) == [
        "border-talks.html",
        "border-talks.md",
        "border-talks.pdf",
    ]


@pytest.mark.parametrize("deleted", [("pdf",), ("md", "html", "pdf")], ids=["one", "all"])
@pytest.mark.slow
def test_deleted_outputs_are_built_again_not_called_unchanged(mini, cli, deleted):
    build = mini / "build"
    assert cli("--root", mini, "build", "--format", "md,html,pdf", "--jobs", "1")[0] == 0
    for fmt in deleted:
        (build / f"migration-june.{fmt}").unlink()
    code, out, _ = cli("--root", mini, "build", "--jobs", "1")
    assert code == 0 and "2 briefs: 1 built, 1 unchanged" in out, out
    files_agree(build)


def test_outputs_deleted_while_another_brief_builds_leave_the_manifest(mini, cli):
    build = mini / "build"
    assert cli("--root", mini, "build", "--format", "md,html", "--jobs", "1")[0] == 0
    (build / "migration-june.html").unlink()
    # Only the other brief is built: the manifest still says what is on disk.
    assert cli("--root", mini, "build", "border-talks", "--format", "md,html", "--force")[0] == 0
    files_agree(build)
    assert set(manifest_of(build)["migration-june"]["outputs"]) == {"md"}


@pytest.mark.parametrize("deleted", [("pdf",), ("md", "html", "pdf")], ids=["one", "all"])
@pytest.mark.slow
def test_a_generated_briefs_deleted_files_leave_the_manifest(mini, cli, deleted):
    build = mini / "build"
    args = ("--topic", "trade", "--as-of", "2025-06-12", "--publish")
    assert cli("--root", mini, "generate", *args)[0] == 0
    assert cli("--root", mini, "build", "--jobs", "1")[0] == 0
    generated = "topic--trade--2025-06-12"
    for fmt in deleted:
        (build / f"{generated}.{fmt}").unlink()
    code, out, _ = cli("--root", mini, "build", "--jobs", "1")
    assert code == 0 and "2 briefs: 0 built, 2 unchanged" in out, out
    files_agree(build)
    entry = manifest_of(build).get(generated)
    assert (entry is None) == (len(deleted) == 3)
    code, out, err = cli(
        "--root",
        mini,
        "publish",
        "--base-url",
        "https://example.org/",
        "--now",
        "2026-01-01T00:00:00Z",
    )
    assert code == 0, out + err
