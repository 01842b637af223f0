import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.files import swap

BASE = "https://example.org/briefs/"
ATOM = "{http://www.w3.org/2005/Atom}"
BEFORE_EMBARGO = "2025-06-09T12:00:00Z"  # brief-b, cited by border-talks, lifts 06-10 09:00Z
AFTER_EMBARGO = "2025-06-11T00:00:00Z"
LIMITED = "LIMITED OFFICIAL USE"


def add_limited_brief(root: Path) -> None:
    (root / "briefs" / "labor-limited.yaml").write_text(
        "kind: issue\n"
        'title: "Labor talks, limited"\n'
        "date: 2025-06-05\n"
        f'handling: "{LIMITED}"\n'
        'prepared_for: "U.S. Secretary of Labor"\n'
        "topics: [migration]\n"
        'summary: "Crossings fell by almost two-thirds [@crossings-fell]."\n'
    )


@pytest.fixture(scope="module")
def project_built(tmp_path_factory):
    """The mini project plus a brief of limited handling, built in all three formats."""
    root = tmp_path_factory.mktemp("publish") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    add_limited_brief(root)
    result = CliRunner().invoke(app, ["--root", str(root), "build", "--jobs", "2"])
    assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture
def project(project_built, tmp_path):
    """A copy of the built project, safe to change."""
    root = tmp_path / "mini"
    shutil.copytree(project_built, root)
    return root


def publish(cli, root: Path, *args: str):
    return cli("--root", root, "publish", *args)


def rfc4287_problems(path: Path) -> list[str]:
    """What RFC 4287 requires of a feed and its entries that this feed fails."""
    feed = ET.parse(path).getroot()
    problems = []
    date = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

    def once(element: ET.Element, tag: str, where: str) -> ET.Element | None:
        found = element.findall(ATOM + tag)
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} atom:{tag}, wants exactly one")
            return None
        return found[0]

    if feed.tag != ATOM + "feed":
        return [f"root is {feed.tag}"]
    for tag in ("id", "title", "updated"):
        once(feed, tag, "feed")
    feed_author = feed.findall(ATOM + "author")
    for where, element in [("feed", feed), *((f"entry {i}", e) for i, e in enumerate(feed))]:
        if where != "feed" and element.tag != ATOM + "entry":
            continue
        stamp = element.find(ATOM + "updated")
        if stamp is not None and not date.match(stamp.text or ""):
            problems.append(f"{where}: updated '{stamp.text}' is not an RFC 3339 date-time")
        ident = element.find(ATOM + "id")
        if ident is not None and not re.match(r"^[a-z][a-z0-9+.-]*:\S+$", ident.text or ""):
            problems.append(f"{where}: id '{ident.text}' is not an absolute IRI")
        for author in element.findall(ATOM + "author"):
            once(author, "name", f"{where} author")
        for link in element.findall(ATOM + "link"):
            if not link.get("href"):
                problems.append(f"{where}: a link without href")
    entries = feed.findall(ATOM + "entry")
    for i, entry in enumerate(entries):
        for tag in ("id", "title", "updated"):
            once(entry, tag, f"entry {i}")
        if not feed_author and not entry.findall(ATOM + "author"):
            problems.append(f"entry {i}: no author, and the feed has none")
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in entry.findall(ATOM + "link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if len(alternates) != len(set(alternates)):
            problems.append(f"entry {i}: two alternate links of one type and language")
        if entry.find(ATOM + "content") is None and not alternates:
            problems.append(f"entry {i}: neither content nor an alternate link")
    ids = [e.findtext(ATOM + "id") for e in entries]
    if len(ids) != len(set(ids)):
        problems.append("two entries share an id")
    return problems


@pytest.mark.slow
def test_publish_puts_out_what_the_policy_allows_with_absolute_links(project, cli):
    code, out, err = publish(cli, project, "--base-url", BASE, "--now", BEFORE_EMBARGO)
    assert code == 0, err
    assert "published 1 of 3 briefs" in out
    assert f"labor-limited: handling '{LIMITED}' is not in publish_handling (UNCLASSIFIED)" in out
    assert "border-talks: under embargo until 2025-06-10T05:00:00-04:00" in out
    assert "embargoes judged as of 2025-06-09T12:00:00+00:00 (--now)" in out
    assert f"subscribe to {BASE}feed.xml" in out

    site = project / "site"
    names = sorted(p.name for p in site.iterdir() if not p.name.startswith("."))
    assert names == [
        "feed.xml",
        "index.html",
        "migration-june.html",
        "migration-june.md",
        "migration-june.pdf",
    ]
    for ext in ("md", "html", "pdf"):
        built = (project / "build" / f"migration-june.{ext}").read_bytes()
        assert (site / f"migration-june.{ext}").read_bytes() == built

    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.link == BASE + "index.html"
    (entry,) = parsed.entries
    assert entry.title == "Migration in June 2025"
    assert entry.link == BASE + "migration-june.html"
    links = {link.type: link.href for link in entry.links}
    assert links == {
        "text/html": BASE + "migration-june.html",
        "application/pdf": BASE + "migration-june.pdf",
        "text/markdown": BASE + "migration-june.md",
    }
    for link in entry.links:  # every link names a file the site holds, at its size
        assert (site / link.href.removeprefix(BASE)).stat().st_size == int(link.length)
    assert entry.updated_parsed[:3] == (2025, 6, 5)
    assert rfc4287_problems(site / "feed.xml") == []

    index = (site / "index.html").read_text()
    hrefs = re.findall(r'href="([^"]+)"', index)
    # Relative, so that the folder previews as it will read at BASE: each names a site file.
    assert hrefs and all("/" not in h and (site / h).is_file() for h in hrefs)
    assert "Migration in June 2025" in index and "Labor talks" not in index
    assert "Border talks" not in index


def test_an_embargo_lifts_at_its_moment(project, cli):
    code, out, _ = publish(cli, project, "--base-url", BASE, "--now", AFTER_EMBARGO)
    assert code == 0 and "published 2 of 3 briefs" in out and "under embargo" not in out
    parsed = feedparser.parse((project / "site" / "feed.xml").read_bytes())
    assert [e.title for e in parsed.entries] == [
        "Border talks, second round",
        "Migration in June 2025",
    ]
    # Without --now the machine's clock is read, and the report says so.
    code, out, _ = publish(cli, project, "--base-url", BASE)
    assert code == 0 and "(this machine's clock)" in out


def test_settings_in_pyproject_set_the_address_and_the_markings(project, cli):
    (project / "pyproject.toml").write_text(
        '[project]\nname = "team-briefs"\n\n'
        "[tool.briefgen]\n"
        'base_url = "https://intranet.example.org/briefs"\n'
        f'publish_handling = ["UNCLASSIFIED", "{LIMITED.lower()}"]\n'
        'site_dir = "public"\n'
    )
    code, out, err = publish(cli, project, "--now", AFTER_EMBARGO)
    assert code == 0, err
    assert "published 3 of 3 briefs" in out
    # The address gains the slash of a folder, so links go under it rather than beside it.
    feed = feedparser.parse((project / "public" / "feed.xml").read_bytes())
    hrefs = {link.href for e in feed.entries for link in e.links}
    assert "https://intranet.example.org/briefs/labor-limited.pdf" in hrefs
    assert not (project / "site").exists()


def test_without_a_base_url_publish_says_how_to_set_one(project, cli):
    code, out, err = publish(cli, project)
    assert code == 2 and out == ""
    assert "[tool.briefgen]" in err and 'base_url = "https://' in err and "--base-url" in err
    assert "Traceback" not in err
    assert not (project / "site").exists()
    code, _, err = publish(cli, project, "--base-url", "example.org/briefs")
    assert code == 2 and "not an absolute http(s) address" in err
    code, _, err = publish(cli, project, "--base-url", BASE, "--now", "2025-06-09")
    assert code == 2 and "UTC offset" in err


def test_the_advice_for_a_base_url_can_be_followed_as_written(project, cli):
    # With a [tool.briefgen] table already there, the advice is a line for it: a second
    # [tool.briefgen] header would make the file invalid TOML.
    pyproject = project / "pyproject.toml"
    pyproject.write_text('[project]\nname = "desk"\n\n[tool.briefgen]\npaper = "letter"\n')
    code, _, err = publish(cli, project)
    assert code == 2
    assert f"to the [tool.briefgen] table of {pyproject} (line 4)" in err
    line = next(x.strip() for x in err.splitlines() if x.strip().startswith("base_url"))
    pyproject.write_text(pyproject.read_text() + line + "\n")
    code, out, err = publish(cli, project, "--now", AFTER_EMBARGO)
    assert code == 0, err
    assert "published" in out


def test_a_manifest_that_disagrees_with_its_files_is_refused(project, cli):
    code, _, _ = publish(cli, project, "--base-url", BASE, "--now", AFTER_EMBARGO)
    assert code == 0
    site_before = {p.name: p.read_bytes() for p in (project / "site").iterdir()}
    pdf = project / "build" / "border-talks.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 1  # same size, other bytes
    pdf.write_bytes(bytes(data))
    (project / "build" / "migration-june.md").write_text("edited by hand\n")

    code, out, err = publish(cli, project, "--base-url", BASE, "--now", AFTER_EMBARGO)
    assert code == 1 and out == ""
    assert "refusing to publish" in err and "disagrees with the files beside it" in err
    assert "border-talks.pdf: its sha256 is not the one in the manifest" in err
    assert "migration-june.md: 15 bytes, the manifest says" in err
    assert "briefgen build" in err
    # The last good site is left as it was.
    assert {p.name: p.read_bytes() for p in (project / "site").iterdir()} == site_before


def test_a_manifest_cannot_lead_publish_outside_the_build(project, cli):
    manifest = project / "build" / "manifest.json"
    data = json.loads(manifest.read_text())
    entry = data["briefs"]["migration-june"]["outputs"]["md"]
    entry["path"] = "../sources.yaml"
    manifest.write_text(json.dumps(data))
    code, _, err = publish(cli, project, "--base-url", BASE)
    assert code == 1 and "refusing to publish" in err
    assert "migration-june: output 'md' is not migration-june.md" in err
    assert not (project / "site").exists()


def test_without_a_build_publish_says_to_build_first(mini, cli):
    code, _, err = publish(cli, mini, "--base-url", BASE)
    assert code == 1 and "run `briefgen build` first" in err


def test_a_brief_whose_last_build_failed_is_held_back_until_it_builds(project, cli):
    brief = project / "briefs" / "migration-june.yaml"
    good = brief.read_text()
    brief.write_text(good.replace("topics: [immigration]", "topics: [emigration]"))
    code, _, _ = cli("--root", project, "build", "--jobs", "1")
    assert code == 1
    assert (project / "build" / "migration-june.pdf").is_file()  # the last good output stays

    code, out, _ = publish(cli, project, "--base-url", BASE, "--now", AFTER_EMBARGO)
    assert code == 0
    assert re.search(r"migration-june: its last build failed: .*emigration", out)
    assert not (project / "site" / "migration-june.pdf").exists()

    brief.write_text(good)
    code, _, _ = cli("--root", project, "build", "--jobs", "1")
    assert code == 0
    code, out, _ = publish(cli, project, "--base-url", BASE, "--now", AFTER_EMBARGO)
    assert code == 0 and "migration-june" not in out.split("held back")[-1]
    assert (project / "site" / "migration-june.pdf").is_file()


def test_a_brief_written_since_the_build_is_named_as_not_built(project, cli):
    shutil.copy(project / "briefs" / "migration-june.yaml", project / "briefs" / "later.yaml")
    code, out, _ = publish(cli, project, "--base-url", BASE, "--now", AFTER_EMBARGO)
    assert code == 0 and "published 2 of 4 briefs" in out
    assert "later: it is not in the last build: run `briefgen build`" in out


@pytest.mark.slow
def test_updated_changes_only_when_a_briefs_content_does(project, cli):
    args = ("--base-url", BASE, "--now", AFTER_EMBARGO, "--out")

    def stamps(site: Path) -> dict[str, str]:
        feed = feedparser.parse((site / "feed.xml").read_bytes())
        return {e.title: e.updated for e in feed.entries}

    publish(cli, project, *args, project / "first")
    shutil.rmtree(project / "build")
    code, _, _ = cli("--root", project, "build", "--jobs", "2")
    assert code == 0
    publish(cli, project, *args, project / "second")
    assert (project / "second" / "feed.xml").read_bytes() == (
        project / "first" / "feed.xml"
    ).read_bytes()

    brief = project / "briefs" / "migration-june.yaml"
    brief.write_text(brief.read_text().replace("almost two-thirds", "nearly two-thirds"))
    code, _, _ = cli("--root", project, "build", "migration-june", "--jobs", "1")
    assert code == 0
    publish(cli, project, *args, project / "third")
    before, after = stamps(project / "first"), stamps(project / "third")
    assert after["Migration in June 2025"] != before["Migration in June 2025"]
    assert after["Migration in June 2025"].startswith("2025-06-05T")
    assert after["Border talks, second round"] == before["Border talks, second round"]


@pytest.mark.parametrize(
    "where",
    ["build", "build/site", "briefs/site", "sources", "templates/x", ".", ".."],
)
def test_publish_refuses_a_site_folder_over_the_build_or_the_project(project, cli, where):
    before = sorted(str(p.relative_to(project)) for p in project.rglob("*"))
    code, _, err = publish(cli, project, "--base-url", BASE, "--out", project / where)
    assert code == 2, err
    assert "--out" in err
    assert sorted(str(p.relative_to(project)) for p in project.rglob("*")) == before


def test_publish_replaces_only_a_folder_it_made(project, cli, tmp_path):
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("keep me")
    code, _, err = publish(cli, project, "--base-url", BASE, "--out", mine)
    assert code == 2 and "did not publish" in err
    assert [p.name for p in mine.iterdir()] == ["todo.txt"]

    site = tmp_path / "site"
    assert publish(cli, project, "--base-url", BASE, "--out", site)[0] == 0
    (site / "stale.html").write_text("from an older publish")
    assert publish(cli, project, "--base-url", BASE, "--out", site)[0] == 0
    assert not (site / "stale.html").exists()  # the site is replaced whole


@pytest.mark.parametrize("how", ["exchange", "two renames"])
def test_a_publish_that_fails_midway_leaves_the_last_site(project, cli, monkeypatch, how):
    site = project / "site"
    assert publish(cli, project, "--base-url", BASE, "--now", BEFORE_EMBARGO)[0] == 0
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    real = os.rename
    calls = []

    def failing(src, dst):
        calls.append(dst)
        if str(src).endswith(".new"):  # the new site going into place
            raise OSError(28, "No space left on device")
        return real(src, dst)

    # One step where the system swaps two folders at once; two renames where it cannot.
    exchange = failing if how == "exchange" else lambda a, b: False
    monkeypatch.setattr(swap, "exchange", exchange)
    monkeypatch.setattr(swap.os, "rename", failing)
    code, _, err = publish(cli, project, "--base-url", BASE, "--now", AFTER_EMBARGO)
    assert code == 1 and "cannot write the site" in err and "No space left" in err
    assert {p.name: p.read_bytes() for p in site.iterdir()} == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site.")] == []
    assert calls  # the swap was really attempted


def test_the_rfc_4287_check_can_fail(tmp_path):
    broken = tmp_path / "feed.xml"
    broken.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x:1</id><title>t</title>'
        "<updated>2025-06-01</updated><entry><title>a</title>"
        '<link href="a.html" type="text/html"/><link href="b.html" type="text/html"/>'
        "</entry></feed>"
    )
    assert rfc4287_problems(broken) == [
        "feed: updated '2025-06-01' is not an RFC 3339 date-time",
        "entry 0: 0 atom:id, wants exactly one",
        "entry 0: 0 atom:updated, wants exactly one",
        "entry 0: no author, and the feed has none",
        "entry 0: two alternate links of one type and language",
    ]


def test_a_site_folder_that_cannot_be_made_is_an_error_not_a_traceback(project, cli, tmp_path):
    (tmp_path / "a-file").write_text("")
    code, out, err = publish(
        cli, project, "--base-url", BASE, "--out", tmp_path / "a-file" / "site"
    )
    assert code == 1 and out == ""
    assert "cannot write the site" in err and "Traceback" not in err


# -- publish decides from the project as it is now ----------------------------------------------


def reclassify(root: Path) -> None:
    brief = root / "briefs" / "migration-june.yaml"
    brief.write_text(brief.read_text() + 'handling: "SECRET//NOFORN"\n')


def embargo_later(root: Path) -> None:
    catalog = root / "sources.yaml"
    text = catalog.read_text()
    catalog.write_text(
        text.replace(
            "    reliability: high\n",
            "    reliability: high\n    embargo_until: 2031-01-01T00:00:00Z\n",
            1,
        )
    )


def delete_brief(root: Path) -> None:
    (root / "briefs" / "migration-june.yaml").unlink()


def edit_summary(root: Path) -> None:
    brief = root / "briefs" / "migration-june.yaml"
    brief.write_text(brief.read_text().replace("almost two-thirds", "nearly two-thirds"))


def edit_snapshot(root: Path) -> None:
    with (root / "sources" / "news-a.txt").open("a") as fh:
        fh.write("\nA line added after the build.\n")


def edit_template(root: Path) -> None:
    """Give the project templates of its own: the packaged ones, with one rule added."""
    shutil.copytree(Path(__file__).parents[1] / "templates", root / "templates")
    with (root / "templates" / "brief.css").open("a") as css:
        css.write("\nh1 { letter-spacing: 0.01em; }\n")


@pytest.mark.parametrize(
    ("change", "code", "says"),
    [
        (reclassify, 0, "migration-june: its file now says handling 'SECRET//NOFORN'"),
        (embargo_later, 0, "migration-june: its sources are now under embargo until 2031-01-01"),
        (delete_brief, 0, "migration-june: its file is no longer in briefs/"),
        (edit_summary, 1, "older than its inputs; migration-june changed since it was built"),
        (edit_snapshot, 1, "older than its inputs; border-talks, migration-june changed"),
        (edit_template, 1, "older than its inputs; border-talks, migration-june changed"),
    ],
    ids=lambda v: v.__name__ if callable(v) else None,
)
@pytest.mark.slow
def test_publish_decides_from_the_briefs_and_catalog_as_they_are_now(
    project, cli, change, code, says
):
    """A brief changed since the last build is never published from that build."""
    site = project / "site"
    assert publish(cli, project, "--base-url", BASE, "--now", AFTER_EMBARGO)[0] == 0
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    assert "migration-june.pdf" in before
    change(project)
    got, out, err = publish(cli, project, "--base-url", BASE, "--now", AFTER_EMBARGO)
    assert got == code, out + err
    assert says in out + err
    if code:  # refused: the last site is as it was, and the user is told what to do
        assert "run `briefgen build`, then publish again" in err
        assert {p.name: p.read_bytes() for p in site.iterdir()} == before
    else:
        assert not (site / "migration-june.pdf").exists()
        assert "Migration in June" not in (site / "index.html").read_text()
    # Built again, the build is current: what the policy allows goes out, nothing is refused.
    assert cli("--root", project, "build", "--jobs", "1")[0] == 0
    got, out, err = publish(cli, project, "--base-url", BASE, "--now", AFTER_EMBARGO)
    assert got == 0, out + err
    assert ((site / "migration-june.pdf").exists()) == (
        change in (edit_summary, edit_snapshot, edit_template)
    )


@pytest.mark.slow
def test_a_build_made_on_other_paper_or_format_order_is_current(project, cli):
    assert cli("--root", project, "build", "--paper", "a4", "--format", "pdf,md,html")[0] == 0
    code, out, err = publish(cli, project, "--base-url", BASE, "--now", AFTER_EMBARGO)
    assert code == 0 and "published 2 of 3 briefs" in out, out + err


# -- the site folder ----------------------------------------------------------------------------


def include_catalog(root: Path) -> Path:
    """Move the mini catalog's facts into an included file under catalog/."""
    text = (root / "sources.yaml").read_text()
    head, facts = text.split("facts:\n", 1)
    (root / "catalog").mkdir()
    (root / "catalog" / "facts.yaml").write_text("facts:\n" + facts)
    (root / "sources.yaml").write_text(head + "include: [catalog/*.yaml]\n")
    return root / "catalog"


def snapshot_named_like_a_page(root: Path) -> Path:
    """Keep a snapshot as pages/news-a.md: a folder that looks like a site, yet holds an input."""
    (root / "pages").mkdir()
    (root / "sources" / "news-a.txt").rename(root / "pages" / "news-a.md")
    catalog = root / "sources.yaml"
    catalog.write_text(catalog.read_text().replace("sources/news-a.txt", "pages/news-a.md"))
    assert cli_build(root) == 0
    return root / "pages"


def cli_build(root: Path) -> int:
    return CliRunner().invoke(app, ["--root", str(root), "build", "--jobs", "1"]).exit_code


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("catalog", "the project's catalog/ folder, which holds inputs"),
        ("snapshot-folder-like-a-site", "which the project is read from"),
        ("project", "is the project folder"),
        ("sources", "the project's sources/ folder, which holds inputs"),
        ("site-with-notes", "holds files briefgen did not publish"),
    ],
)
@pytest.mark.slow
def test_a_marker_never_licenses_replacing_a_folder_that_holds_inputs(project, cli, where, says):
    """A planted .briefgen-site marker does not make a folder of inputs publish's to replace."""
    catalog = include_catalog(project)
    assert cli_build(project) == 0
    if where == "catalog":
        target = catalog
    elif where == "snapshot-folder-like-a-site":
        target = snapshot_named_like_a_page(project)
    elif where == "project":
        target = project
    else:
        target = project / where.split("-")[0]
    target.mkdir(exist_ok=True)
    (target / ".briefgen-site").write_text("planted")
    if where == "site-with-notes":
        (target / "index.html").write_text("<p>old</p>")
        (target / "notes.txt").write_text("mine")
    before = {str(p): p.read_bytes() for p in project.rglob("*") if p.is_file()}
    code, out, err = publish(cli, project, "--base-url", BASE, "--out", target)
    assert code == 2, out + err
    assert says in err and "Traceback" not in err
    assert {str(p): p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_leftovers_of_a_killed_publish_are_removed_when_provably_its_own(project, cli):
    """SIGKILL mid-swap leaves .site.*.new or .site.*.old: the next publish removes its own."""
    site = project / "site"
    assert publish(cli, project, "--base-url", BASE)[0] == 0
    ours_new = project / ".site.a1b2c3d4e5f6.new"  # killed while writing: marker first
    ours_new.mkdir()
    (ours_new / ".briefgen-site").write_text("x")
    (ours_new / "index.html").write_text("half")
    ours_old = project / ".site.0a0b0c0d0e0f.old"  # killed while removing: marker last
    ours_old.mkdir()
    (ours_old / ".briefgen-site").write_text("x")
    (ours_old / "migration-june.pdf").write_text("old")
    empty = project / ".site.ffffffffffff.new"  # killed between making and the marker
    empty.mkdir()
    nested = project / ".site.x1y2z3.old"  # an older briefgen kept the old site inside
    shutil.copytree(site, nested / "site")
    theirs = project / ".site.mine12.old"  # a user's folder of that shape: not ours
    theirs.mkdir()
    (theirs / ".briefgen-site").write_text("x")
    (theirs / "notes.txt").write_text("keep me")
    unmarked = project / ".site.abcdef.new"  # site files, no marker: not provably ours
    unmarked.mkdir()
    (unmarked / "index.html").write_text("keep me")
    link = project / ".site.link00.old"
    link.symlink_to(site)

    assert publish(cli, project, "--base-url", BASE)[0] == 0
    left = sorted(p.name for p in project.iterdir() if p.name.startswith(".site."))
    assert left == [".site.abcdef.new", ".site.link00.old", ".site.mine12.old"]
    assert (theirs / "notes.txt").read_text() == "keep me"
    assert (site / ".briefgen-site").is_file() and (site / "index.html").is_file()


def test_a_swap_leaves_no_instant_without_a_whole_site(project, cli, monkeypatch):
    """Between the steps of the swap, the site folder holds a whole site, old or new."""
    site = project / "site"
    assert publish(cli, project, "--base-url", BASE, "--now", BEFORE_EMBARGO)[0] == 0
    seen = []
    real = swap.exchange

    def watched(a, b):
        seen.append(sorted(p.name for p in site.iterdir()))
        done = real(a, b)
        seen.append(sorted(p.name for p in site.iterdir()))
        return done

    monkeypatch.setattr(swap, "exchange", watched)
    assert publish(cli, project, "--base-url", BASE, "--now", AFTER_EMBARGO)[0] == 0
    assert all("index.html" in names and ".briefgen-site" in names for names in seen)
    assert "border-talks.pdf" in seen[-1] and "border-talks.pdf" not in seen[0]


def test_a_site_folder_that_is_a_link_is_refused(project, cli, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "site").symlink_to(elsewhere)
    code, _, err = publish(cli, project, "--base-url", BASE)
    assert code == 2 and "is a symbolic link" in err
    assert list(elsewhere.iterdir()) == []


def test_a_catalog_that_cannot_be_read_now_refuses_the_publish(project, cli):
    site = project / "site"
    assert publish(cli, project, "--base-url", BASE)[0] == 0
    before = site_files(site)
    (project / "sources.yaml").write_text("facts: [unclosed\n")
    code, out, err = publish(cli, project, "--base-url", BASE)
    assert code == 1 and "sources.yaml cannot be read now" in err, out + err
    assert "run `briefgen check`" in err and "Traceback" not in err
    assert site_files(site) == before


def site_files(site: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in site.iterdir()}


@pytest.mark.slow
def test_a_second_publish_waits_and_never_takes_the_first_ones_staging(project, tmp_path):
    """Publishes beside one site take turns: another's half-written site is not a leftover."""
    staging = project / ".site.0123456789ab.new"  # as a publish under way is writing it
    staging.mkdir()
    (staging / ".briefgen-site").write_text("x")
    held = os.open(project, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)  # as that publish holds the folder
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "--root", project, "publish", "--base-url", BASE],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert "Waiting: another briefgen is publishing" in line, line
        assert staging.is_dir() and proc.poll() is None
    finally:
        os.close(held)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, out + err
    assert not staging.exists()  # its publish is over: now it is a leftover, and removed
    assert (project / "site" / "index.html").is_file()


@pytest.mark.parametrize("site_dir", ["catalog", "sources", "."])
def test_a_site_dir_setting_over_inputs_is_refused_and_named(project, cli, site_dir):
    include_catalog(project)
    assert cli_build(project) == 0
    (project / "catalog" / ".briefgen-site").write_text("planted")
    (project / "pyproject.toml").write_text(
        f'[tool.briefgen]\nsite_dir = "{site_dir}"\nbase_url = "{BASE}"\n'
    )
    before = {str(p): p.read_bytes() for p in project.rglob("*") if p.is_file()}
    code, out, err = cli("--root", project, "publish")
    assert code == 2 and "site_dir in pyproject.toml" in err, out + err
    assert {str(p): p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
