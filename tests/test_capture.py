"""`briefgen capture`: saved pages and PDFs made into sources, on fixtures made for these tests.

tests/fixtures/capture/ holds small made-up pages and PDFs (make_pdfs.py writes the PDFs):
a page dated only in its meta tags, one dated only in its text, one whose only date is a
"View Date:", one with a publication and an update date, a paywalled page, a teaser page,
a PDF report, a scanned PDF, a blank PDF, a page with no main text and a second copy of a
page under the same address.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "capture"


def fixture(name: str) -> Path:
    return FIXTURES / name


def entry(root: Path, source_id: str, catalog: str = "sources.yaml") -> dict:
    data = yaml.safe_load((root / catalog).read_text(encoding="utf-8"))
    return next(s for s in data["sources"] if s["id"] == source_id)


def entry_lines(root: Path, source_id: str) -> list[str]:
    lines = (root / "sources.yaml").read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - id: {source_id}")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("  - ")), None)
    return lines[start:end]


def state(root: Path) -> dict[str, bytes]:
    """Every file of the project, for proving that nothing changed."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def fill_in(root: Path, source_id: str, **values: str) -> None:
    """Fill in keys a capture left open, as an analyst would in the editor."""
    path = root / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = lines.index(f"  - id: {source_id}\n")
    for i in range(start, len(lines)):
        key = lines[i].strip().split(":")[0]
        if key in values:
            lines[i] = f"    {key}: {values[key]}\n"
    path.write_text("".join(lines), encoding="utf-8")


META_ID = "example-wire-2025-06-12-ministers-agree-reopen-rail-crossings"


def test_a_page_dated_in_its_meta_tags_becomes_a_source_with_its_original(cli, mini: Path):
    page = fixture("meta-date.html")
    code, out, err = cli("--root", mini, "capture", page)
    assert code == 0, err
    snapshot = (mini / "sources" / f"{META_ID}.txt").read_text(encoding="utf-8")
    # The article's own words, each paragraph a line ...
    assert "agreed on Thursday to reopen three rail crossings" in snapshot
    assert "“We will keep the trains moving while we work on the harder questions,”" in snapshot
    # ... and none of the menus, related stories, ads or footer.
    for clutter in ("Home", "Related stories", "Storm closes", "debris", "Advertisement",
                    "walking shoes", "made-up publication", "Privacy"):  # fmt: skip
        assert clutter not in snapshot
    original = mini / "sources" / "originals" / f"{META_ID}.html"
    assert original.read_bytes() == page.read_bytes()
    source = entry(mini, META_ID)
    assert source["sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()
    assert source["original"] == f"sources/originals/{META_ID}.html"
    assert source["archive"] == f"sources/{META_ID}.txt"
    assert source["title"] == "Ministers agree to reopen rail crossings"
    assert source["publisher"] == "Example Wire" and source["author"] == "Ana Ruiz"
    assert source["url"] == "https://examplewire.example/world/ministers-reopen-rail-crossings"
    # The publication date, not the modification date beside it, and where it came from.
    assert str(source["published"]) == "2025-06-12"
    assert "article:published_time 2025-06-12T14:30:00-05:00" in source["date_note"]
    # No hour: the page says it changed two days later, so its words may be of a later hour.
    assert source.get("published_at") is None
    assert "Not taken: the page's article:modified_time" in source["date_note"]
    assert "excerpt" not in source  # the page is whole
    assert f"added source '{META_ID}' to sources.yaml at line" in out
    assert "Published 2025-06-12: found in the page's metadata" in out
    assert "Left to fill in:" in out and ": kind: news | analysis" in out

    fill_in(mini, META_ID, kind="news", reliability="high")
    code, out, _ = cli("--root", mini, "check")
    assert code == 0, out
    assert "check passed: 0 errors, 1 warning" in out  # unused, until a fact cites it


def test_a_page_dated_only_in_its_text_takes_the_dateline_not_a_date_in_a_sentence(cli, mini: Path):
    code, _, err = cli("--root", mini, "capture", fixture("text-date.html"), "--id", "vc-water")
    assert code == 0, err
    source = entry(mini, "vc-water")
    assert str(source["published"]) == "2024-03-03"  # not April 15, the talks' next round
    assert "“By Luis Ortega | Published March 3, 2024”" in source["date_note"]
    assert "Most read" not in (mini / "sources" / "vc-water.txt").read_text(encoding="utf-8")


def test_a_view_date_is_never_taken_for_the_publication_date(cli, mini: Path):
    code, out, err = cli("--root", mini, "capture", fixture("viewed-date.html"), "--id", "tc-v")
    assert code == 0, err
    lines = entry_lines(mini, "tc-v")
    assert any(line.startswith('    published: ""  # NO PUBLICATION DATE FOUND') for line in lines)
    source = entry(mini, "tc-v")
    assert source["published"] == ""
    assert "found no publication date" in source["date_note"]
    assert "“View Date: 2025-01-09 17:35:06” (not the publication date)" in source["date_note"]
    assert "No publication date:" in out and "none is invented" in out
    line = next(i for i, x in enumerate(lines) if x.startswith("    published:"))
    first = (mini / "sources.yaml").read_text(encoding="utf-8").splitlines().index(lines[0])
    # `check` fails at the key until the date is given.
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    assert f"sources.yaml:{first + line + 1}:16: error: source 'tc-v': 'published'" in out


@pytest.mark.slow
def test_an_update_date_is_passed_over_for_the_publication_date_in_either_order(cli, mini: Path):
    page = fixture("published-and-updated.html")
    code, _, err = cli("--root", mini, "capture", page, "--id", "pausa")
    assert code == 0, err
    source = entry(mini, "pausa")
    assert str(source["published"]) == "2025-05-05"  # "Publicado", not "Actualizado" (May 7)
    assert "“Actualizado: 7 de mayo de 2025” (not the publication date)" in source["date_note"]


def test_published_on_the_command_line_wins_and_the_note_says_what_the_page_states(cli, mini: Path):
    code, out, err = cli(
        "--root", mini, "capture", fixture("text-date.html"), "--id", "vc", "--published",
        "2024-03-04", "--url", "https://valley.example/water",
    )  # fmt: skip
    assert code == 0, err
    source = entry(mini, "vc")
    assert str(source["published"]) == "2024-03-04"
    assert source["url"] == "https://valley.example/water"
    assert source["date_note"].startswith(
        "Given with --published on capture. The page states 2024-03-03 (in the page's text:"
    )
    assert "Published 2024-03-04 as given with --published." in out


def test_a_pdf_report_keeps_its_text_without_running_heads_and_never_its_file_date(cli, mini: Path):
    pdf = fixture("report.pdf")
    code, _, err = cli("--root", mini, "capture", pdf, "--id", "bfc-report")
    assert code == 0, err
    snapshot = (mini / "sources" / "bfc-report.txt").read_text(encoding="utf-8")
    assert "median wait for" in snapshot and "second" in snapshot  # the first and last pages
    assert "Freight Commission Report 7" not in snapshot  # the running head of every page
    assert "Page 1 of 3" not in snapshot
    assert (mini / "sources" / "originals" / "bfc-report.pdf").read_bytes() == pdf.read_bytes()
    source = entry(mini, "bfc-report")
    assert source["title"] == "Crossing times in the first quarter"
    assert source["author"] == "Binational Freight Commission"
    assert str(source["published"]) == "2025-06-02"  # its text, not its CreationDate (June 20)
    assert "“Published June 2, 2025.”" in source["date_note"]
    assert "created 2025-06-20 (CreationDate)" in source["date_note"]
    assert "not taken as the publication date" in source["date_note"]
    # Evidence quoted from the snapshot is checked like any other.
    code, _, err = cli(
        "--root", mini, "quote", "find", "bfc-report", "the median wait at the two road bridges"
    )
    assert code == 0, err


@pytest.mark.parametrize(
    ("page", "reason", "teasers"),
    [
        (
            "paywalled.html",
            "isAccessibleForFree: false",
            ("Subscribe", "Bridge tolls", "toll bridges", "Customs agency", "four hundred",
             "Rail yard", "six tracks", "subscription offers", "made-up publication"),
        ),
        (
            "teaser.html",
            "the page asks the reader to subscribe",
            ("Bridge tolls", "repairs to the deck", "Customs agency", "busiest ports",
             "Rail yard", "inspection shed", "To read the full article", "made-up publication"),
        ),
    ],
)  # fmt: skip
def test_a_partial_page_is_an_excerpt_and_no_teaser_is_taken_for_its_words(
    cli, mini: Path, page, reason, teasers
):
    code, out, err = cli("--root", mini, "capture", fixture(page), "--id", "partial")
    assert code == 0, err
    snapshot = (mini / "sources" / "partial.txt").read_text(encoding="utf-8")
    for line in teasers:
        assert line not in snapshot, line
    assert "both sides" in snapshot  # the article's own words are there
    source = entry(mini, "partial")
    assert source["excerpt"] is True
    excerpt_line = next(x for x in entry_lines(mini, "partial") if "excerpt:" in x)
    assert excerpt_line.startswith("    excerpt: true  # ") and reason in excerpt_line
    assert "Excerpt: the snapshot is only part of the work" in out


def test_an_excerpt_says_so_in_the_brief_footnote(cli, mini: Path):
    code, _, err = cli(
        "--root", mini, "capture", fixture("teaser.html"), "--id", "ledger-accord",
        "--kind", "news", "--reliability", "high",
    )  # fmt: skip
    assert code == 0, err
    # Its markup gives the day alone (2025-03-10): no hour is made up for it.
    assert entry(mini, "ledger-accord").get("published_at") is None
    code, _, err = cli(
        "--root", mini, "new", "fact", "rail-inspections-shared", "--source", "ledger-accord",
        "--evidence", "inspectors from both sides will work in a single building at each crossing",
        "--text", "Inspectors from both sides will work in a single building at each crossing.",
        "--date", "2025-03-10", "--topics", "trade",
    )  # fmt: skip
    assert code == 0, err
    brief = mini / "briefs" / "accord.yaml"
    brief.write_text(
        "kind: issue\ntitle: Rail accord\ndate: 2025-03-12\nprepared_for: Trade office\n"
        "facts: [rail-inspections-shared]\n",
        encoding="utf-8",
    )
    code, out, err = cli("--root", mini, "build", "accord", "--format", "md,html")
    assert code == 0, out + err
    md = (mini / "build" / "accord.md").read_text(encoding="utf-8")
    assert "“Ministers sign rail accord,” *Border Ledger*, March 10, 2025; excerpt." in md
    assert "; excerpt." in (mini / "build" / "accord.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("scanned.pdf", "has no text to cut a snapshot from: its one page is images (a scan)"),
        ("blank.pdf", "is an empty PDF: its one page holds no text"),
        ("no-text.html", "has no main text to cut a snapshot from"),
    ],
)
def test_a_file_with_no_text_is_refused_and_nothing_is_written(cli, mini: Path, name, message):
    before = state(mini)
    code, _, err = cli("--root", mini, "capture", fixture(name))
    assert code == 1
    assert message in err and err.startswith("Error: ")
    assert "Traceback" not in err
    assert state(mini) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Just some text I saved.\nMore text.\n", "is neither an HTML page nor a PDF (plain"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "is neither an HTML page nor a PDF (an image)"),
        (b"PK\x03\x04" + b"\0" * 64, "(a ZIP file: a Word or other office document?)"),
        (b"MIME-Version: 1.0\nContent-Type: multipart/related;\n\n", "is a web archive (MHTML)"),
        (b"%PDF-1.7\n%garbage that is no PDF at all\n", "cannot be read as a PDF"),
        (b"   \n\n", "is empty"),
    ],
)
def test_a_file_that_is_not_a_page_or_a_pdf_is_refused_with_what_it_is(
    cli, mini: Path, tmp_path: Path, content: bytes, message: str
):
    path = tmp_path / "saved"
    path.write_bytes(content)
    before = state(mini)
    code, _, err = cli("--root", mini, "capture", path)
    assert code == 1, err
    assert message in err
    assert state(mini) == before


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(cli, mini: Path, tmp_path):
    from briefgen.catalog.snapshots import MAX_ORIGINAL_BYTES

    big = tmp_path / "huge.html"
    with big.open("wb") as fh:  # sparse: no disk is spent on the test
        fh.truncate(MAX_ORIGINAL_BYTES + 1)
    before = state(mini)
    code, _, err = cli("--root", mini, "capture", big)
    assert code == 1
    assert f"is {MAX_ORIGINAL_BYTES + 1:,} bytes, over the {MAX_ORIGINAL_BYTES:,}-byte limit" in err
    assert state(mini) == before


def test_a_duplicate_by_hash_or_by_address_is_refused_and_nothing_is_written(cli, mini: Path):
    code, _, err = cli("--root", mini, "capture", fixture("meta-date.html"))
    assert code == 0, err
    before = state(mini)
    code, _, err = cli("--root", mini, "capture", fixture("meta-date.html"), "--id", "again")
    assert code == 1
    assert f"is captured already: source '{META_ID}' (sources.yaml:" in err
    assert "has the same sha256" in err
    # Another copy of the page, under the same address (case, tracking and fragment aside).
    code, _, err = cli("--root", mini, "capture", fixture("duplicate-url.html"))
    assert code == 1
    assert f"already: source '{META_ID}'" in err and "the page is captured" in err
    # An address given on the command line is compared too.
    code, _, err = cli(
        "--root", mini, "capture", fixture("text-date.html"), "--url",
        "https://example.org/border-talks/",
    )  # fmt: skip
    assert code == 1 and "source 'news-a'" in err
    assert state(mini) == before


def test_bad_options_are_usage_errors_and_an_id_in_use_is_refused(cli, mini: Path):
    before = state(mini)
    page = fixture("meta-date.html")
    code, _, err = cli("--root", mini, "capture", page, "--published", "12 June 2025")
    assert code == 2 and "--published '12 June 2025' is not a date" in err
    code, _, err = cli("--root", mini, "capture", page, "--id", "Not A Slug")
    assert code == 2 and "is not a slug" in err
    code, _, err = cli("--root", mini, "capture", page, "--url", "ftp://x.example/a")
    assert code == 2 and "is not an http(s) URL" in err
    code, _, err = cli("--root", mini, "capture", mini / "nothing.html")
    assert code == 2 and "does not exist" in err
    code, _, err = cli("--root", mini, "capture", page, "--id", "news-a")
    assert code == 1 and "source 'news-a' is already in sources.yaml" in err
    code, _, err = cli("--root", mini, "capture", page, "--into", "catalog/none.yaml")
    assert code == 2 and "is not a catalog file of this project" in err
    assert state(mini) == before


def test_a_derived_id_in_use_gets_a_number(cli, mini: Path, tmp_path: Path):
    code, _, err = cli("--root", mini, "capture", fixture("meta-date.html"))
    assert code == 0, err
    second = tmp_path / "second.html"
    text = fixture("meta-date.html").read_text(encoding="utf-8")
    second.write_text(text.replace("ministers-reopen-rail", "second-copy"), encoding="utf-8")
    code, out, err = cli("--root", mini, "capture", second)
    assert code == 0, err
    assert f"added source '{META_ID}-2'" in out
    assert (mini / "sources" / "originals" / f"{META_ID}-2.html").is_file()


def test_capture_into_an_included_catalog_file(cli, mini: Path):
    (mini / "catalog").mkdir()
    (mini / "catalog" / "web.yaml").write_text("sources:\n", encoding="utf-8")
    main = (mini / "sources.yaml").read_text(encoding="utf-8")
    (mini / "sources.yaml").write_text("include: [catalog/*.yaml]\n" + main, encoding="utf-8")
    before = (mini / "sources.yaml").read_bytes()
    code, out, err = cli(
        "--root", mini, "capture", fixture("meta-date.html"), "--into", "catalog/web.yaml",
        "--id", "wire", "--kind", "news", "--reliability", "high",
    )  # fmt: skip
    assert code == 0, err
    assert "added source 'wire' to catalog/web.yaml at line 2" in out
    assert (mini / "sources.yaml").read_bytes() == before
    assert entry(mini, "wire", "catalog/web.yaml")["sha256"]
    code, out, _ = cli("--root", mini, "check")
    assert code == 0, out


# -- check verifies the original ----------------------------------------------------------


@pytest.fixture
def captured(cli, mini: Path) -> Path:
    code, _, err = cli(
        "--root", mini, "capture", fixture("meta-date.html"), "--id", "wire",
        "--kind", "news", "--reliability", "high",
    )  # fmt: skip
    assert code == 0, err
    return mini


def line_of(root: Path, text: str) -> int:
    lines = (root / "sources.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, x in enumerate(lines, 1) if x.startswith(text))


def test_check_fails_when_the_original_was_changed(cli, captured: Path):
    code, out, _ = cli("--root", captured, "check")  # passes, and its answer is cached
    assert code == 0, out
    original = captured / "sources" / "originals" / "wire.html"
    original.write_bytes(original.read_bytes().replace(b"Thursday", b"Friday"))
    code, out, _ = cli("--root", captured, "check")
    assert code == 1
    at = line_of(captured, "    sha256:")
    assert (
        f"sources.yaml:{at}:13: error: source 'wire': original 'sources/originals/wire.html' "
        "is not the file captured (its sha256 is"
    ) in out
    assert "restore the captured file" in out


def test_check_fails_when_the_original_is_missing_or_outside_the_project(
    cli, captured: Path, tmp_path: Path
):
    original = captured / "sources" / "originals" / "wire.html"
    outside = tmp_path / "outside.html"
    shutil.move(original, outside)
    at = line_of(captured, "    original:")
    code, out, _ = cli("--root", captured, "check")
    assert code == 1
    assert (
        f"sources.yaml:{at}:15: error: source 'wire': original 'sources/originals/wire.html' "
        "does not exist"
    ) in out
    os.symlink(outside, original)
    code, out, _ = cli("--root", captured, "check")
    assert code == 1
    assert f"sources.yaml:{at}:15: error: source 'wire': original " in out
    assert "lies outside the project" in out


def test_check_wants_an_original_and_its_sha256_together(cli, captured: Path):
    path = captured / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    digest = entry(captured, "wire")["sha256"]
    path.write_text(text.replace(f"    sha256: {digest}\n", ""), encoding="utf-8")
    code, out, _ = cli("--root", captured, "check")
    assert code == 1
    assert f"has no sha256 to verify it by (add sha256: {digest}" in out
    path.write_text(
        text.replace('    original: "sources/originals/wire.html"\n', ""), encoding="utf-8"
    )
    code, out, _ = cli("--root", captured, "check")
    assert code == 1
    assert "source 'wire' gives a sha256 but no original file to check it against" in out
    path.write_text(text.replace(digest, "abc123"), encoding="utf-8")
    code, out, _ = cli("--root", captured, "check")
    assert code == 1 and "'abc123' is not a SHA-256 digest" in out


# -- offline ------------------------------------------------------------------------------

GUARD = """
import socket, sys
seen = []
REACH = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
         "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect"}
def hook(event, args):
    # What reaches out (a socket made or bound locally, as urllib3 probes IPv6, does not).
    if event in REACH:
        seen.append(event)
        raise OSError("the test's guard refuses " + event)
sys.addaudithook(hook)
from briefgen.cli import main
sys.argv = ["briefgen", *sys.argv[1:]]
try:
    main()
finally:
    print("NETWORK:", seen, file=sys.stderr)
"""


@pytest.mark.parametrize("name", ["meta-date.html", "report.pdf", "paywalled.html"])
@pytest.mark.slow
def test_capture_never_reaches_the_network(mini: Path, name: str):
    # A process whose every socket operation is watched (and refused) from before briefgen
    # is imported: capture must work, and try none, with a URL to record.
    result = subprocess.run(
        [sys.executable, "-c", GUARD, "--root", str(mini), "capture", str(fixture(name)),
         "--url", "https://examplewire.example/a-page-never-fetched"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "NETWORK: []" in result.stderr


def test_the_capture_guard_refuses_a_connection_while_it_runs():
    import socket

    from briefgen.authoring.capture import NetworkRefused, offline

    with offline(), pytest.raises(NetworkRefused), socket.socket() as sock:
        sock.connect(("127.0.0.1", 9))
    with pytest.raises(NetworkRefused), offline():
        socket.getaddrinfo("example.org", 443)


def test_a_page_saved_straight_into_its_place_is_kept_there(cli, mini: Path):
    place = mini / "sources" / "originals" / "wire.html"
    place.parent.mkdir(parents=True)
    shutil.copy(fixture("meta-date.html"), place)
    code, out, err = cli(
        "--root", mini, "capture", place, "--id", "wire", "--kind", "news", "--reliability",
        "high",
    )  # fmt: skip
    assert code == 0, err
    assert place.read_bytes() == fixture("meta-date.html").read_bytes()
    assert entry(mini, "wire")["original"] == "sources/originals/wire.html"
    code, out, _ = cli("--root", mini, "check")
    assert code == 0, out


def test_the_articles_own_words_survive_the_teaser_rules(cli, mini: Path, tmp_path: Path):
    # A wrapper whose class names a sidebar, a list in the story that leads with links to
    # other sites, and a card of the same site's stories: only the card goes.
    page = tmp_path / "story.html"
    page.write_text(
        """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Commission publishes crossing data</title>
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2025-04-02">
<link rel="canonical" href="https://examplewire.example/world/crossing-data"></head>
<body><div class="layout with-sidebar"><article>
<h1>Commission publishes crossing data</h1>
<p>The binational commission published a year of crossing times on Wednesday, and said both
governments had agreed to update the figures every month from now on.</p>
<ul>
<li><a href="https://commission.example/report">The commission's annual report</a> sets out the
methods behind every figure it publishes.</li>
<li><a href="https://customs.example/data">The customs agency's open data</a> gives the hourly
counts at each port of entry.</li>
</ul>
<p>Shippers said the data would help them plan deliveries around the busiest hours.</p>
<div><a href="/world/bridge-tolls">Bridge tolls to rise for heavy vehicles in spring</a>
<p>Operators say the increase will pay for repairs to the deck and its lighting.</p></div>
</article></div></body></html>""",
        encoding="utf-8",
    )
    code, _, err = cli("--root", mini, "capture", page, "--id", "story")
    assert code == 0, err
    snapshot = (mini / "sources" / "story.txt").read_text(encoding="utf-8")
    assert "published a year of crossing times" in snapshot
    assert "sets out the methods behind every figure" in snapshot
    assert "gives the hourly counts" in snapshot
    assert "plan deliveries around the busiest hours" in snapshot
    assert "Bridge tolls" not in snapshot and "repairs to the deck" not in snapshot


def test_what_a_page_says_cannot_forge_a_key_of_the_entry(cli, mini: Path, tmp_path: Path):
    page = tmp_path / "forged.html"
    page.write_text(
        fixture("meta-date.html")
        .read_text(encoding="utf-8")
        .replace(
            '<meta name="author" content="Ana Ruiz">',
            '<meta name="author" content="Ana\n    kind: statement\x1b[31m">\n'
            '<meta property="article:content_tier" content="locked\n    reliability: high">',
        ),
        encoding="utf-8",
    )
    code, out, err = cli("--root", mini, "capture", page, "--id", "forged")
    assert code == 0, err
    source = entry(mini, "forged")
    assert "kind" not in source or source["kind"] == ""
    assert source["reliability"] == "" and source["excerpt"] is True
    assert "\x1b" not in (mini / "sources.yaml").read_text(encoding="utf-8") + out


@pytest.mark.parametrize(
    ("stamp", "hour"),
    [
        ("2025-06-10T09:00:00-06:00", "2025-06-10T09:00:00-06:00"),  # as the page gives it
        ("2025-06-10T00:00:00+00:00", None),  # midnight exactly: a placeholder, not an hour
        ("2025-06-10T09:00:00", None),  # no offset: no moment
    ],
)
def test_the_hour_of_publication_is_taken_only_when_the_page_gives_one(
    cli, mini: Path, tmp_path: Path, stamp: str, hour: str | None
):
    page = tmp_path / "rail-crossing.html"
    text = fixture("rail-crossing.html").read_text(encoding="utf-8")
    page.write_text(text.replace("2025-06-10T09:00:00-06:00", stamp), encoding="utf-8")
    code, _, err = cli("--root", mini, "capture", page, "--id", "rail")
    assert code == 0, err
    source = entry(mini, "rail")
    assert str(source["published"]) == "2025-06-10"
    assert (None if source.get("published_at") is None else str(source["published_at"])) == hour
