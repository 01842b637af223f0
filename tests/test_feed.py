import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from briefgen.model import BuiltBrief, Output
from briefgen.render.feed import render_feed

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def read_feed(path: Path) -> ET.Element:
    return ET.parse(path).getroot()  # raises ParseError unless the feed is well-formed XML


def entries_of(feed: ET.Element) -> list[dict]:
    rows = []
    for entry in feed.findall("a:entry", ATOM):
        rows.append(
            {
                "id": entry.findtext("a:id", namespaces=ATOM),
                "title": entry.findtext("a:title", namespaces=ATOM),
                "updated": entry.findtext("a:updated", namespaces=ATOM),
                "published": entry.findtext("a:published", namespaces=ATOM),
                "summary": entry.findtext("a:summary", namespaces=ATOM),
                "links": {
                    link.get("type"): (link.get("href"), link.get("length"))
                    for link in entry.findall("a:link[@rel='alternate']", ATOM)
                },
            }
        )
    return rows


def test_feed_lists_every_brief_newest_first_with_links_to_its_outputs(built):
    root, _ = built
    out = root / "build"
    feed = read_feed(out / "feed.xml")
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    manifest = json.loads((out / "manifest.json").read_text())["briefs"]
    rows = entries_of(feed)
    assert [r["title"] for r in rows] == ["Border talks, second round", "Migration in June 2025"]
    # The day is the brief's; the time of day comes from its content, not from the clock.
    assert [r["published"] for r in rows] == ["2025-06-10T00:00:00Z", "2025-06-05T00:00:00Z"]
    assert [r["updated"][:11] for r in rows] == ["2025-06-10T", "2025-06-05T"]
    assert all(r["updated"] > r["published"] for r in rows)
    assert feed.findtext("a:updated", namespaces=ATOM) == rows[0]["updated"]
    types = {"html": "text/html", "pdf": "application/pdf", "md": "text/markdown"}
    for row, brief_id in zip(rows, ["border-talks", "migration-june"], strict=True):
        outputs = manifest[brief_id]["outputs"]
        assert row["links"] == {
            types[fmt]: (meta["path"], str(meta["bytes"])) for fmt, meta in outputs.items()
        }
        for href, length in row["links"].values():
            assert (out / href).stat().st_size == int(length)
    assert rows[0]["summary"] == "Meeting preparation. Topics: Migration, Trade and tariffs."
    assert rows[1]["summary"] == "Issue brief. Topics: Migration."
    assert len({r["id"] for r in rows}) == 2 and all(r["id"].startswith("urn:uuid:") for r in rows)


def test_feed_is_the_same_on_every_build_and_follows_added_briefs(mini: Path, cli):
    code, _, _ = cli("--root", mini, "build", "--format", "md,html")
    assert code == 0
    first = (mini / "build" / "feed.xml").read_bytes()
    ids = {r["title"]: r["id"] for r in entries_of(read_feed(mini / "build" / "feed.xml"))}
    shutil.rmtree(mini / "build")
    cli("--root", mini, "build", "--format", "md,html")
    assert (mini / "build" / "feed.xml").read_bytes() == first  # no clock in it

    (mini / "briefs" / "trade-july.yaml").write_text(
        "kind: issue\ntitle: Trade in July\ndate: 2025-07-01\ntopics: [trade]\n"
        "prepared_for: Staff\n"
        'summary: "Trade is large [@trade-800bn]."\n'
    )
    code, out, _ = cli("--root", mini, "build", "--format", "md,html")
    assert code == 0 and "built    trade-july (md, html)" in out
    rows = entries_of(read_feed(mini / "build" / "feed.xml"))
    assert rows[0]["title"] == "Trade in July"
    assert rows[0]["links"]["text/html"][0] == "trade-july.html"
    assert {r["title"]: r["id"] for r in rows[1:]} == ids  # entry ids never change


def test_a_forced_build_of_one_brief_keeps_the_others_in_index_manifest_and_feed(mini, cli):
    cli("--root", mini, "build", "--format", "md,html")
    code, out, _ = cli("--root", mini, "build", "border-talks", "--force", "--format", "md,html")
    assert code == 0 and "1 brief: 1 built" in out
    manifest = json.loads((mini / "build" / "manifest.json").read_text())["briefs"]
    assert sorted(manifest) == ["border-talks", "migration-june"]
    assert "migration-june.html" in (mini / "build" / "index.html").read_text()
    titles = [r["title"] for r in entries_of(read_feed(mini / "build" / "feed.xml"))]
    assert titles == ["Border talks, second round", "Migration in June 2025"]


def test_feed_text_is_escaped_and_stripped_of_what_xml_cannot_hold():
    entry = BuiltBrief(
        id="odd",
        title="Steel & <tariffs> \u201cnow\u201d\x07\x1b",
        kind="issue",
        date=dt.date(2025, 6, 1),
        as_of=dt.date(2025, 6, 1),
        topics=("trade", "unknown-topic"),
        inputs_hash="",
        outputs={"html": Output("odd.html", 10, "0" * 64)},
        left_out=(),
    )
    feed = ET.fromstring(render_feed({"odd": entry}, {"trade": "Trade & tariffs"}))
    rows = entries_of(feed)
    assert rows[0]["title"] == "Steel & <tariffs> \u201cnow\u201d"
    assert rows[0]["summary"] == "Issue brief. Topics: Trade & tariffs, unknown-topic."


def test_an_empty_distribution_still_has_a_valid_feed():
    feed = ET.fromstring(render_feed({}, {}))
    assert feed.findall("a:entry", ATOM) == []
    assert feed.findtext("a:updated", namespaces=ATOM) == "1970-01-01T00:00:00Z"
    assert feed.findtext("a:title", namespaces=ATOM)


def test_a_rebuild_with_the_same_result_leaves_index_manifest_and_feed_untouched(mini, cli):
    cli("--root", mini, "build", "--format", "md")
    names = ("feed.xml", "index.html", "manifest.json")
    before = {n: (mini / "build" / n).stat().st_mtime_ns for n in names}
    code, out, _ = cli("--root", mini, "build", "--force", "--format", "md")
    assert code == 0 and "2 briefs: 2 built" in out
    assert {n: (mini / "build" / n).stat().st_mtime_ns for n in names} == before
