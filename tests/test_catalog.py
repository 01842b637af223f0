"""What any project gives, shown on the fixture projects; the shipped snapshots against their seeds.

The shipped catalog and briefs are content, not the tool: `briefgen check --strict` answers for
them (.ci/run and the scheduled rebuild run it). Nothing here counts or names what they hold,
so a project that adds a source, a fact or a brief keeps a green test suite.
"""

import json

import pytest
from conftest import FIXTURES, PROJECTS, REPO
from pypdf import PdfReader
from typer.testing import CliRunner

from briefgen.catalog.project import load_project
from briefgen.cli import app

SEEDS = REPO.parent / "shared" / "seeds"


@pytest.mark.parametrize("project", PROJECTS)
@pytest.mark.slow
def test_every_fixture_project_passes_the_strict_check(cli, project):
    # The goldens and every test built on these projects rest on content that is clean.
    code, out, err = cli("--root", FIXTURES / project, "check", "--strict")
    assert code == 0, out + err
    assert out.splitlines()[-1].startswith("check passed: 0 errors, 0 warnings")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside the repository")
def test_every_snapshot_is_a_verbatim_cut_of_one_seed():
    """Where the catalog is curated, each shipped snapshot is cut from one seed document."""
    project = load_project(REPO)
    seeds = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    used = set()
    for source in project.catalog.sources.values():
        lines = [ln for ln in (REPO / source.archive).read_text().splitlines() if ln.strip()]
        matches = [name for name, text in seeds.items() if all(ln in text for ln in lines)]
        assert len(matches) == 1, (source.id, matches)
        used.add(matches[0])
    assert used == set(seeds)


@pytest.mark.slow
def test_a_brief_over_the_whole_catalog_still_fits_one_page(kinds, cli):
    topics = ", ".join(load_project(kinds).catalog.topics)
    (kinds / "briefs" / "everything.yaml").write_text(
        f"kind: issue\ntitle: Everything\ndate: 2025-03-05\ntopics: [{topics}]\n"
        "prepared_for: Staff\nsummary: The whole catalog at once.\n"
    )
    code, out, err = cli("--root", kinds, "build", "everything")
    assert code == 0, err
    assert "items left out to fit one page (manifest.json lists them)" in out
    assert len(PdfReader(kinds / "build" / "everything.pdf").pages) == 1


def test_a_built_project_publishes_to_a_site_a_feed_reader_can_follow(kinds_built, tmp_path):
    import feedparser

    root, _ = kinds_built
    out = root / "build"
    base = "https://example.org/briefs/"
    site = tmp_path / "site"
    args = ["--root", str(root), "publish", "--build", str(out), "--out", str(site)]
    result = CliRunner().invoke(app, [*args, "--base-url", base])
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text())["briefs"]
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo and feed.version == "atom10"
    assert feed.feed.links[0].href == base + "feed.xml"
    # Every brief of the project is unclassified and under no embargo, so every one goes out.
    assert len(feed.entries) == len(manifest) == len(list(site.glob("*.pdf"))) == 3
    for entry in feed.entries:
        for link in entry.links:
            assert link.href.startswith(base)
            assert (site / link.href.removeprefix(base)).is_file()
