"""Living briefs: `since:` marks what is new, `diff` says what moved, the feed says what changed,
and `pages: 2` gives a two-page brief with each page's notes at its foot."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXTURES
from pypdf import PdfReader
from test_pdf import overfull

from briefgen.model import Catalog, Citation, Fact, Quote, Selection, Source
from briefgen.plan.diff import CUT_OFF, DATED_AFTER, DROPPED, ROOM, SUPERSEDED, Edition, compare
from briefgen.plan.select import drop_order

ATOM = {"a": "http://www.w3.org/2005/Atom"}

LIVING = """kind: issue
title: "Migration, weekly"
date: 2025-06-09
since: 2025-06-01
topics: [immigration, trade]
summary: "Crossings fell by almost two-thirds in a month [@crossings-fell]."
prepared_for: "Office of Migration Policy"
"""


def write_brief(root: Path, name: str, text: str) -> None:
    (root / "briefs" / f"{name}.yaml").write_text(text)


# -- since: --------------------------------------------------------------------------------


def test_since_marks_new_items_in_all_three_formats(mini, cli):
    write_brief(mini, "living", LIVING)
    code, _, err = cli("--root", mini, "build", "living")
    assert code == 0, err
    build = mini / "build"
    md = (build / "living.md").read_text()
    html = (
        (build / "living.html").read_text().replace("\u00a0", " ")
    )  # no-break spaces read as spaces
    pdf = " ".join(
        " ".join(p.extract_text() for p in PdfReader(build / "living.pdf").pages).split()
    )
    # Dated after June 1: meet-again-july, trade-800bn, both quotes. Not crossings-fell (May 30).
    header = "4 new since June 1, 2025"
    assert header in md and header in html and header in pdf
    assert "- **New:** The two governments agreed to meet again in July 2025 (year inferred)." in md
    assert "- Weekly crossings fell" in md  # old: no label
    assert md.count("**New:**") == 4
    # A word a screen reader reads out, in the element's own text, not a colour alone.
    assert html.count('<strong class="new">New</strong>') == 4
    assert '<li data-item="crossings-fell">Weekly' in html
    assert pdf.count("NEW") == 4  # the stylesheet sets the word in capitals


def test_a_brief_without_since_has_no_labels_and_no_count(built):
    root, _ = built
    md = (root / "build" / "border-talks.md").read_text()
    assert "**New:**" not in md and "new since" not in md


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("since: 2025-06-09", "since 2025-06-09 is not before as_of 2025-06-09"),
        ("since: 2025-07-01", "since 2025-07-01 is not before as_of 2025-06-09"),
        ("since: June 1", "'since' 'June 1' is not a date"),
        ("pages: 3", "'pages' '3' is not 1 or 2"),
    ],
)
@pytest.mark.slow
def test_bad_since_and_pages_are_findings_at_their_line(mini, cli, line, message):
    write_brief(mini, "living", LIVING.replace("since: 2025-06-01", line))
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    found = [x for x in out.splitlines() if message in x]
    assert found and found[0].startswith("briefs/living.yaml:4:"), out


def fact(fid: str, day: str, priority: int = 2) -> Fact:
    cite = (Citation("s", "some words of evidence"),)
    return Fact(fid, "text", dt.date.fromisoformat(day), ("t",), cite, priority)


def test_fitting_drops_old_items_before_new_ones_of_the_same_priority():
    old, new, low = (
        fact("old", "2025-06-01"),
        fact("new", "2025-06-05"),
        fact("low", "2025-06-08", 3),
    )
    since = dt.date(2025, 6, 2)
    fills = Selection((new, old, low), (), frozenset(), since=since)
    assert [i.id for i in drop_order(fills)] == ["low", "old", "new"]
    # Explicit picks: without since the last pick goes first; with it, the old one does.
    picks = Selection((old, new), (), frozenset({"old", "new"}))
    assert [i.id for i in drop_order(picks)] == ["new", "old"]
    picks = Selection((old, new), (), frozenset({"old", "new"}), since=since)
    assert [i.id for i in drop_order(picks)] == ["old", "new"]


def test_generate_since_marks_new_items_and_refuses_a_later_since(mini, cli):
    code, _, err = cli(
        "--root", mini, "generate", "--topic", "trade", "--as-of", "2025-06-09",
        "--since", "2025-06-05", "--format", "md",
    )  # fmt: skip
    assert code == 0, err
    md = (mini / "build" / "topic--trade--2025-06-09.md").read_text()
    # The newest fact leads the bottom line; of the entries, the new quote is marked.
    assert "1 new since June 5, 2025" in md
    assert "— **New:** Senior U.S. administration official" in md
    code, _, err = cli(
        "--root", mini, "generate", "--topic", "trade", "--as-of", "2025-06-09",
        "--since", "2025-06-09",
    )  # fmt: skip
    assert code == 2 and "--since 2025-06-09 is not before the cut-off 2025-06-09" in err


# -- diff ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_diff_names_what_entered_and_why(mini, cli):
    write_brief(mini, "living", LIVING)
    code, out, err = cli(
        "--root", mini, "diff", "living", "--from", "2025-06-02", "--to", "2025-06-09"
    )
    assert code == 0, err
    assert out.splitlines()[0].startswith("living: as of June 2, 2025 -> as of June 9, 2025")
    assert "Entered (2):" in out and "Left: nothing" in out and "Stayed: 3" in out
    assert f"+ fact trade-800bn (2025-06-09, {DATED_AFTER}): Bilateral trade reached $800" in out
    code, out, err = cli(
        "--root", mini, "diff", "living", "--from", "2025-06-01", "--to", "2025-06-09", "--json"
    )
    data = json.loads(out)
    assert data["brief"] == "living" and data["from"] == "2025-06-01" and data["pages"] == 1
    # On June 1 nothing was known yet: crossings-fell rests on a source published June 2.
    assert {c["id"] for c in data["entered"]} == {
        "crossings-fell", "meet-again-july", "trade-800bn", "minister-respect", "sao-labor-group",
    }  # fmt: skip
    assert data["left"] == [] and data["stayed"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--from", "2025-06-01", "--to", "2025-06-09"], "unknown brief 'nope'"),
        (["living", "--from", "2025-06-09", "--to", "2025-06-01"], "--from 2025-06-09 is after"),
        (["living", "--from", "June 1", "--to", "2025-06-09"], "--from 'June 1' is not a date"),
        # As generate's --as-of: a cut-off in the future would read what has not happened.
        (
            ["living", "--from", "2025-06-01", "--to", "2999-01-01"],
            "--to 2999-01-01 is in the future",
        ),
    ],
)
def test_diff_usage_errors_exit_2(mini, cli, args, message):
    write_brief(mini, "living", LIVING)
    code, _, err = cli("--root", mini, "diff", *args)
    assert code == 2 and message in err and "Traceback" not in err


@pytest.mark.slow
def test_diff_of_a_two_pager_names_what_entered_and_why(cli):
    args = ("diff", "ports-in-depth", "--from", "2025-01-15", "--to", "2025-03-05", "--json")
    code, out, err = cli("--root", FIXTURES / "kinds", *args)
    assert code == 0, err
    data = json.loads(out)
    assert data["pages"] == 2
    entered = {c["id"]: c for c in data["entered"]}
    for item in ("monterrey-working-group", "example-not-criminalizing", "laredo-wait-january"):
        assert entered[item]["reason"] == DATED_AFTER
        assert dt.date.fromisoformat(entered[item]["date"]) > dt.date(2025, 1, 15)
    # Two pages hold everything known on either date: nothing had to leave.
    assert data["left"] == [] and data["stayed"] == ["laredo-wait-october"]


def _catalog(*items: Fact | Quote) -> Catalog:
    src = Source("s", "T", "P", dt.date(2025, 1, 1), "news", "a.txt", "high")
    facts = {i.id: i for i in items if isinstance(i, Fact)}
    quotes = {i.id: i for i in items if isinstance(i, Quote)}
    return Catalog({}, {"s": src}, facts, quotes)


def test_compare_gives_each_leaver_its_reason():
    old = fact("old", "2025-05-01")
    # It declares that it reports the outcome of `old`: only that makes a supersession.
    newer = dataclasses.replace(fact("newer", "2025-06-01"), supersedes=("old",))
    elsewhere = Fact("elsewhere", "x", dt.date(2025, 4, 1), ("z",), old.cite, 3)
    other = Fact("other", "x", dt.date(2025, 6, 2), ("u",), old.cite, 2)
    late = fact("late", "2025-07-01")
    catalog = _catalog(old, newer, elsewhere, other, late)
    none: frozenset[str] = frozenset()
    before = Edition(dt.date(2025, 5, 15), Selection((old, elsewhere, late), (), none), ())
    after = Edition(
        dt.date(2025, 6, 15),
        Selection((newer, other, old, elsewhere), (), none),
        ("old", "elsewhere"),
    )
    entered, left, stayed = compare(before, after, catalog)
    assert {c.id: c.reason for c in entered} == {"newer": DATED_AFTER, "other": DATED_AFTER}
    # `late` is no longer selected at all; `old` gave way to `newer`, which says so; nothing
    # that entered declares it replaces `elsewhere`.
    assert {c.id: (c.reason, c.by) for c in left} == {
        "old": (SUPERSEDED, "newer"),
        "elsewhere": (DROPPED, None),
        "late": (CUT_OFF, None),
    }
    assert stayed == []
    # An item known at the earlier cut-off that fits only now entered because there is room.
    squeezed = Edition(dt.date(2025, 5, 15), Selection((old, elsewhere), (), none), ("elsewhere",))
    roomy = Edition(dt.date(2025, 6, 15), Selection((old, elsewhere), (), none), ())
    entered, left, _ = compare(squeezed, roomy, catalog)
    assert [(c.id, c.reason) for c in entered] == [("elsewhere", ROOM)] and left == []


def test_a_newer_item_on_the_same_matter_supersedes_nothing_it_does_not_declare():
    # Same kind, topics, voice and priority, and later: still no claim that it replaced `old`.
    old = fact("old", "2025-05-01")
    lookalike = fact("lookalike", "2025-06-01")
    catalog = _catalog(old, lookalike)
    none: frozenset[str] = frozenset()
    before = Edition(dt.date(2025, 5, 15), Selection((old,), (), none), ())
    after = Edition(dt.date(2025, 6, 15), Selection((lookalike, old), (), none), ("old",))
    _, left, _ = compare(before, after, catalog)
    assert [(c.id, c.reason, c.by) for c in left] == [("old", DROPPED, None)]


# -- the feed ------------------------------------------------------------------------------


def test_the_feed_says_what_is_new_since_the_previous_build(mini, cli):
    write_brief(mini, "living", LIVING.replace("2025-06-09", "2025-06-03"))
    assert cli("--root", mini, "build", "living", "--format", "md")[0] == 0
    first = ET.parse(mini / "build" / "feed.xml").getroot()
    assert "New since" not in first.find("a:entry/a:summary", ATOM).text
    write_brief(mini, "living", LIVING)
    assert cli("--root", mini, "build", "living", "--format", "md")[0] == 0

    def summary() -> str:
        feed = ET.parse(mini / "build" / "feed.xml").getroot()
        for entry in feed.findall("a:entry", ATOM):
            if entry.find("a:title", ATOM).text == "Migration, weekly":
                return entry.find("a:summary", ATOM).text
        raise AssertionError("no entry")

    text = summary()
    assert "New since the previous edition (information as of June 3, 2025):" in text
    # Markdown made plain, the year worked out from the call's date said so.
    assert "Bilateral trade reached $800 billion in 2024 (year inferred)." in text
    assert "Senior administration official: “We expect to announce" in text
    manifest = json.loads((mini / "build" / "manifest.json").read_text())
    assert manifest["briefs"]["living"]["changes"]["previous_as_of"] == "2025-06-03"
    # A rebuild that puts the same items on the page keeps the news of the build that did.
    assert cli("--root", mini, "build", "living", "--format", "md", "--force")[0] == 0
    assert summary() == text
    # The published feed, with its absolute links, says the same.
    site = mini / "site"
    args = ("publish", "--out", site, "--base-url", "https://example.org/b/")
    code, _, err = cli("--root", mini, *args, "--now", "2025-07-01T00:00:00+00:00")
    assert code == 0, err
    published = ET.parse(site / "feed.xml").getroot()
    entry = next(
        e for e in published.findall("a:entry", ATOM) if "weekly" in e.find("a:title", ATOM).text
    )
    assert entry.find("a:summary", ATOM).text == text
    assert entry.find("a:link", ATOM).get("href").startswith("https://example.org/b/")


# -- pages: 2 ------------------------------------------------------------------------------


def _lines(page) -> list[tuple[float, str]]:
    """Return the lines of text on a page, top first, as (height from the bottom, text)."""
    lines: dict[float, list[str]] = {}

    def visit(text, cm, tm, font_dict, font_size):
        # pypdf gives text inside a form XObject (a chart's SVG) without the XObject's own
        # placement: an identity matrix, where WeasyPrint's pages always scale. Its height
        # on the page is unknown, and it is never a note: leave it out.
        if text.strip() and list(cm) != [1, 0, 0, 1, 0, 0]:
            lines.setdefault(round(cm[5] + tm[5] * cm[3]), []).append(text.strip())

    page.extract_text(visitor_text=visit)
    return sorted(((y, " ".join(parts)) for y, parts in lines.items()), reverse=True)


def _note_targets(reader: PdfReader) -> list[list[int]]:
    """For each page, the pages its note calls lead to."""
    named = reader.named_destinations
    pages = []
    for page in reader.pages:
        found = []
        for annot in page.get("/Annots", []):
            link = annot.get_object()
            dest = link.get("/Dest") or (link.get("/A") or {}).get("/D")
            if dest is not None and str(dest).startswith("note-"):
                found.append(reader.get_destination_page_number(named[str(dest)]))
        pages.append(found)
    return pages


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text)


def check_notes_at_each_foot(pdf: Path, md: str) -> list[list[int]]:
    """Check each page's notes sit at its foot, in order, with every call on the page leading
    to a note on that page; return the note numbers at each foot."""
    reader = PdfReader(pdf)
    height = float(reader.pages[0].mediabox.height)
    notes_md = _alnum(" ".join(re.findall(r"^\[\^\d+\]: (.+)$", md, re.M)))
    feet = []
    for page in reader.pages:
        lines = [(y, t) for y, t in _lines(page) if 0.04 * height < y < 0.94 * height]
        starts = [(y, t) for y, t in lines if re.match(r"^\d+\. \S", t) and y < 0.3 * height]
        assert starts, "a page without notes at its foot"
        top = max(y for y, _ in starts)
        # Below the first note, nothing but the notes' own words.
        for _, text in [(y, t) for y, t in lines if y <= top]:
            assert _alnum(re.sub(r"^\d+\. ", "", text)) in notes_md, text
        numbers = [int(t.split(".")[0]) for _, t in starts]
        assert numbers == sorted(numbers)
        feet.append(numbers)
    for number, targets in enumerate(_note_targets(reader)):
        assert targets and set(targets) == {number}, (number, targets)
    return feet


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory):
    """A brief too long for two pages, with a priority-1 pick at the end of its list."""
    from typer.testing import CliRunner

    from briefgen.cli import app

    root = tmp_path_factory.mktemp("two") / "mini"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", root)
    overfull(root, 40, 2)
    catalog = (root / "sources.yaml").read_text()
    catalog = re.sub(r"(id: long-39\n(?:.*\n){3}    priority: )2", r"\g<1>1", catalog)
    (root / "sources.yaml").write_text(catalog)
    brief = (root / "briefs" / "everything.yaml").read_text()
    talking = '\ntalking_points:\n  - "Propose a date in July [@meet-again-july]."\n'
    (root / "briefs" / "everything.yaml").write_text(f"{brief}pages: 2\n{talking}")
    result = CliRunner().invoke(app, ["--root", str(root), "build", "everything"])
    assert result.exit_code == 0, result.stderr
    return root, result.stdout


@pytest.mark.slow
def test_a_two_page_brief_is_two_pages_and_reports_what_it_left_out(two_pages):
    root, out = two_pages
    reader = PdfReader(root / "build" / "everything.pdf")
    assert len(reader.pages) == 2
    assert "left out to fit 2 pages" in out
    manifest = json.loads((root / "build" / "manifest.json").read_text())
    left = " ".join(manifest["briefs"]["everything"]["left_out"])
    assert "long-" in left and "long-39" not in left  # the priority-1 pick stays
    assert "long-39" in manifest["briefs"]["everything"]["items"]
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of 2" in text
        assert text.count("UNCLASSIFIED") >= 1
    assert (
        texts[1].startswith("Everything at once") or "Everything at once UNCLASSIFIED" in texts[1]
    )


@pytest.mark.slow
def test_each_page_of_a_two_page_brief_has_its_notes_at_its_foot(two_pages):
    root, _ = two_pages
    md = (root / "build" / "everything.md").read_text()
    feet = check_notes_at_each_foot(root / "build" / "everything.pdf", md)
    # Page 2 carries long facts and the closing talking point, which cite two sources.
    assert len(feet[1]) >= 2


def test_a_two_page_brief_reads_in_order_and_its_html_keeps_one_list_of_notes(two_pages):
    root, _ = two_pages
    reader = PdfReader(root / "build" / "everything.pdf")
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    # Key facts run by priority: the priority-1 pick (item 39) leads them.
    marks = ["Everything at once", "BOTTOM LINE", "KEY FACTS", "Item 39 was", "Item 0 was"]
    marks += ["Item 1 was", "TALKING POINTS", "Propose a date in July", "Page 2 of 2"]
    places = [text.find(m) for m in marks]
    assert -1 not in places and places == sorted(places), list(zip(marks, places, strict=True))
    html = (
        (root / "build" / "everything.html").read_text().replace("\u00a0", " ")
    )  # no-break spaces read as spaces
    assert 'class="fn"' not in html and html.count('<li id="note-') == 2
    assert "pages-2" in html


def test_each_page_of_a_two_pager_carries_the_notes_of_its_own_calls(kinds_built):
    root, _ = kinds_built
    md = (root / "build" / "ports-in-depth.md").read_text()
    feet = check_notes_at_each_foot(root / "build" / "ports-in-depth.pdf", md)
    assert feet == [[1, 2, 3], [1, 2, 3, 4]]  # the three main sources are called on both pages


@pytest.mark.slow
def test_diff_names_an_older_figure_superseded_by_a_newer_one_on_the_same_matter(kinds, cli):
    # Cut to one page, the two-pager must leave items out: the October wait time goes, and
    # the January one, which declares it supersedes it, is named as what took its place.
    brief = kinds / "briefs" / "ports-in-depth.yaml"
    brief.write_text(brief.read_text().replace("pages: 2\n", "pages: 1\n"))
    args = ("diff", "ports-in-depth", "--from", "2025-01-15", "--to", "2025-03-05")
    code, out, err = cli("--root", kinds, *args)
    assert code == 0, err
    line = next(x for x in out.splitlines() if "laredo-wait-october" in x)
    assert line == (
        "  - fact laredo-wait-october (2024-10-31, superseded by laredo-wait-january): "
        "Northbound trucks waited an average of 190 minutes at Laredo in October 2024."
    )
    # Without the declaration, the same newer figure on the same matter is no proof.
    catalog = kinds / "sources.yaml"
    catalog.write_text(catalog.read_text().replace("    supersedes: [laredo-wait-october]", "", 1))
    code, out, err = cli("--root", kinds, *args)
    line = next(x for x in out.splitlines() if "laredo-wait-october" in x)
    assert code == 0 and "(2024-10-31, dropped to fit)" in line, err


def test_diff_of_a_brief_whose_source_failed_the_schema_says_where(mini, cli):
    catalog = mini / "sources.yaml"
    catalog.write_text(catalog.read_text().replace("    kind: news\n", "    kind: newz\n", 1))
    write_brief(mini, "living", LIVING)
    code, out, err = cli(
        "--root", mini, "diff", "living", "--from", "2025-06-01", "--to", "2025-06-09"
    )
    assert code == 1 and "Internal error" not in out + err
    assert "source 'news-a': 'kind' 'newz' is not one of" in out + err
    assert "brief 'living' uses records with errors: fix them first" in out + err
