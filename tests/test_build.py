import json
import re
import shutil
from pathlib import Path

from conftest import pdf_pages_text


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


def test_every_pdf_is_one_page_and_carries_the_markdown_notes(built):
    root, _ = built
    for md_path in (root / "build").glob("*.md"):
        md = md_path.read_text()
        html = md_path.with_suffix(".html").read_text()
        pages = pdf_pages_text(md_path.with_suffix(".pdf"))
        assert len(pages) == 1, md_path.name
        pdf_text = re.sub(r"\s+", " ", pages[0])
        notes = notes_of_markdown(md)
        assert notes, md_path.name
        for number, note in notes.items():
            title = re.search(r"“(.+?),”", note).group(1)
            assert f'<li id="note-{number}" value="{number}">' in html
            assert title in html
            assert f"{number}. " in pdf_text or f"{number}." in pdf_text
            assert title in pdf_text, (title, pdf_text)


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


def test_an_upgraded_renderer_rebuilds_every_brief(built, cli, tmp_path, monkeypatch):
    from briefgen.build import jobs as build

    root = tmp_path / "copy"
    shutil.copytree(built[0], root)
    versions = build.renderer_versions()
    assert versions["weasyprint"]  # read from the installed metadata
    monkeypatch.setattr(build, "renderer_versions", lambda: {**versions, "weasyprint": "999"})
    code, out, _ = cli("--root", root, "build", "--jobs", "1")
    assert code == 0 and "2 briefs: 2 built, 0 unchanged" in out


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
    assert md.startswith("# Migration: where things stand\n")
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


def test_each_brief_is_selected_once_per_build(mini: Path, cli, monkeypatch):
    from briefgen.plan import select

    calls: list[str] = []
    real = select.select

    def counted(brief, catalog):
        calls.append(brief.id)
        return real(brief, catalog)

    monkeypatch.setattr(select, "select", counted)
    code, _, _ = cli("--root", mini, "build", "--jobs", "1", "--format", "md")
    assert code == 0
    assert sorted(calls) == ["border-talks", "migration-june"]


def test_an_md_only_build_links_only_files_it_wrote(mini: Path, cli):
    code, _, _ = cli("--root", mini, "build", "--format", "md")
    assert code == 0
    build = mini / "build"
    for name in ("index.html", "feed.xml"):
        links = re.findall(r'href="([^"]+)"', (build / name).read_text())
        local = [link for link in links if link not in ("feed.xml", "index.html")]
        assert local and all(link.endswith(".md") for link in local), (name, links)
        assert all((build / link).is_file() for link in local)
