"""A cloned project, a hostile catalog: content stays data, templates stay formatting.

Each case is what an attacker or a careless paste would put in; each says what the user sees
(exit code, message), that the outputs keep their structure, and that nothing ran.
"""

import http.client
import json
import os
import pickle
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from briefgen.catalog import cache
from briefgen.errors import UsageError
from briefgen.publish.serve import Generation, open_server
from briefgen.render.inline import md_text

SUMMARY = 'summary: "Crossings fell by almost two-thirds in a month [@crossings-fell]."'


def set_summary(mini: Path, text: str) -> None:
    brief = mini / "briefs" / "migration-june.yaml"
    body = brief.read_text(encoding="utf-8")
    assert SUMMARY in body
    brief.write_text(body.replace(SUMMARY, f"summary: {text}"), encoding="utf-8")


# -- templates are sandboxed ----------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        '{{ cycler.__init__.__globals__.os.system("touch MARK") }}',
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        '{{ lipsum.__globals__["os"].system("touch MARK") }}',
    ],
)
@pytest.mark.slow
def test_a_project_template_cannot_run_code(mini: Path, cli, payload: str, tmp_path: Path):
    shutil_copy_templates(mini)
    base = mini / "templates" / "html" / "base.html.j2"
    base.write_text(payload + base.read_text(encoding="utf-8"), encoding="utf-8")
    os.chdir(tmp_path)  # where "touch MARK" would land
    code, out, err = cli("--root", mini, "build", "migration-june", "--format", "html")
    assert code == 1
    # Refused as unsafe, or not there at all (lipsum is removed from templates).
    assert "template error" in out and ("unsafe" in out or "'lipsum' is undefined" in out)
    assert "Traceback" not in out + err
    assert not (tmp_path / "MARK").exists() and not (mini / "MARK").exists()
    assert not (mini / "build" / "migration-june.html").exists()


def shutil_copy_templates(mini: Path) -> None:
    import shutil

    from briefgen.render.templates import TEMPLATES

    shutil.copytree(TEMPLATES, mini / "templates")


# -- content cannot restructure an output ---------------------------------------------------


def test_markdown_output_keeps_its_structure(mini: Path, cli):
    set_summary(
        mini,
        '"Crossings fell [@crossings-fell].\\n\\n# Forged heading\\n\\n[^9]: forged note\\n\\n'
        "1. forged list ![x](https://example.org/x.png) [run](javascript:alert(1)) "
        '<script>x()</script>"',
    )
    source = mini / "sources.yaml"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "url: https://example.org/border-talks",
            "url: https://example.org/a>b",
        ),
        encoding="utf-8",
    )
    code, out, err = cli("--root", mini, "build", "migration-june", "--format", "md,html")
    assert code == 0, out + err
    md = (mini / "build" / "migration-june.md").read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").parse(md)
    headings = [md.splitlines()[t.map[0]] for t in tokens if t.type == "heading_open" and t.map]
    assert not any("Forged" in h for h in headings)
    assert not [line for line in md.splitlines() if line.startswith("[^9]:")]
    shown = MarkdownIt("commonmark").render(md)
    assert "<img" not in shown and "javascript:" not in shown.split("href=")[-1][:20]
    assert "<script>" not in shown
    assert "<https://example.org/a%3Eb>" in md  # the autolink holds the whole address
    html = (mini / "build" / "migration-june.html").read_text(encoding="utf-8")
    assert "Forged heading" in html and "<h1>Forged" not in html


def test_content_cannot_forge_a_note_call_or_math_in_the_markdown(mini: Path, cli):
    """A link's text "^1" would read, to GitHub and pandoc, as a call to note 1: the words
    would look sourced by a note that never said them. "$x$" would read as TeX math."""
    set_summary(
        mini,
        '"Crossings fell[^1](https://example.org/phish) and $x^{2}$ more [@crossings-fell]."',
    )
    code, out, err = cli("--root", mini, "build", "migration-june", "--format", "md,html")
    assert code == 0, out + err
    md = (mini / "build" / "migration-june.md").read_text(encoding="utf-8")
    line = next(x for x in md.splitlines() if x.startswith("Crossings fell"))
    assert line.startswith(
        "Crossings fell[\\^1](<https://example.org/phish>) and \\$x\\^\\{2\\}\\$ more"
    )
    assert "[^1](" not in md
    # A sum keeps its dollar sign as written: no closing "$" is ever followed by a digit.
    assert md_text("costs ($24 million) and $840 billion") == "costs ($24 million) and $840 billion"


# Each read by GitHub's or pandoc's Markdown as structure; each must reach the page as text.
PANDOC_FORGERIES = [
    "a `<script>alert(1)</script>`{=html} tag",
    "a `code`{.x onclick=alert(1)} span",
    "a [link](https://example.org/){onmouseover=alert(1)} here",
    "ends in {.x onclick=alert(1)}",
    "(b) a pandoc list",
    "a) a pandoc list",
    "iv. a roman list",
    "(@) an example list",
    "to @reporters, a citation",
    "via www.evil.example and press@evil.example and https://evil.example/x",
    ": a definition",
]


@pytest.mark.parametrize("text", PANDOC_FORGERIES)
def test_content_reads_as_text_in_pandoc_and_github_markdown(mini: Path, cli, text: str):
    """The Markdown a reader's tool makes HTML of (pandoc, GitHub) holds no tag, attribute,
    list, citation or link the page's own HTML does not: content stays words."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed")
    set_summary(mini, json.dumps(f"{text} ZQX [@crossings-fell]."))
    title = mini / "briefs" / "migration-june.yaml"
    body = title.read_text(encoding="utf-8")
    title.write_text(
        re.sub(r"^title: .*$", f"title: {json.dumps(text + ' ZQX')}", body, count=1, flags=re.M),
        encoding="utf-8",
    )
    code, out, err = cli("--root", mini, "build", "migration-june", "--format", "md")
    assert code == 0, out + err
    md = (mini / "build" / "migration-june.md").read_text(encoding="utf-8")
    # The title and the summary, each a block of its own, as the page has them.
    lines = [x for x in md.splitlines() if "ZQX" in x]
    assert len(lines) >= 2, md
    for reader in ("gfm", "markdown", "commonmark_x"):
        html = subprocess.run(
            [pandoc, "-f", reader, "-t", "html"],
            input="\n\n".join(lines), capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        # A code span is the catalog's own Markdown, shown as code in the page's HTML too.
        for made in ("<script", "<ol", "<dl", 'class="citation"', 'href="http://www',
                     "mailto:", 'href="https://evil'):  # fmt: skip
            assert made not in html, (reader, made, html)
        assert not re.search(r"<[^>]*\bon\w+=", html), (reader, html)  # no handler attribute


@pytest.mark.parametrize(
    "char",
    ["\ue000", "\ue001", "\U000f0000", "\x1b", "\x00", "\x7f"],
)
@pytest.mark.slow
def test_private_use_and_control_characters_are_refused(mini: Path, cli, char: str):
    set_summary(mini, f'"wall.{char}1{char} Crossings fell [@crossings-fell]."')
    code, out, err = cli("--root", mini, "check")
    assert code == 1
    hit = [line for line in (out + err).splitlines() if "migration-june.yaml:" in line]
    assert hit and f"U+{ord(char):04X}" in hit[0] and "delete it" in hit[0]
    assert "\x1b" not in out + err
    code, out, err = cli("--root", mini, "build", "migration-june")
    assert code == 1 and not (mini / "build" / "migration-june.md").exists()


# -- the terminal gets printable text -------------------------------------------------------


def test_escape_codes_and_newlines_in_content_are_shown_not_obeyed(mini: Path, cli):
    # A YAML double-quoted key can carry escapes; an unknown key is quoted in its error.
    brief = mini / "briefs" / "migration-june.yaml"
    brief.write_text(
        brief.read_text(encoding="utf-8") + '"\\e]0;pwned\\a\\e[31mkind\\nok: forged": issue\n',
        encoding="utf-8",
    )
    code, out, err = cli("--root", mini, "check")
    assert code == 1
    shown = out + err
    assert "\x1b" not in shown and "\x07" not in shown
    assert not any(line.startswith("ok: forged") for line in shown.splitlines())
    assert "\\e]0;pwned" in shown


def test_a_newline_in_a_file_name_cannot_forge_a_line(mini: Path, cli):
    (mini / "briefs" / "x\nsources.yaml:1:1: error: forged.yaml").write_text("kind: issue\n")
    code, out, err = cli("--root", mini, "check")
    assert code == 1
    assert not any(
        line.startswith("sources.yaml:1:1: error: forged") for line in (out + err).splitlines()
    )


# -- the cache is the user's ----------------------------------------------------------------


class Boom:
    def __reduce__(self):
        return (os.system, ("touch BOOM",))


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(folder))
    monkeypatch.chdir(tmp_path)
    return folder


def test_a_planted_entry_is_never_unpickled(user_cache: Path, tmp_path: Path):
    name = cache.key("catalog", "anything")
    user_cache.mkdir()
    # Without the user's key an entry cannot be signed: a pickle alone, or one signed with
    # another key, is a miss.
    planted = user_cache / (name + cache.SUFFIX)
    for blob in (pickle.dumps(Boom()), b"\0" * 32 + pickle.dumps(Boom())):
        planted.write_bytes(blob)
        planted.chmod(0o600)
        assert cache.fetch(name) is None
    assert not (tmp_path / "BOOM").exists()


def test_a_symlinked_entry_is_refused(user_cache: Path, tmp_path: Path):
    cache.keep("check-good", ("value",))
    good = user_cache / ("check-good" + cache.SUFFIX)
    assert cache.fetch("check-good") == ("value",)
    target = tmp_path / "elsewhere.pickle"
    target.write_bytes(good.read_bytes())
    good.unlink()
    good.symlink_to(target)
    assert cache.fetch("check-good") is None


def test_a_valid_entry_under_another_name_is_refused(user_cache: Path):
    cache.keep("check-a", ("a",))
    (user_cache / ("check-b" + cache.SUFFIX)).write_bytes(
        (user_cache / ("check-a" + cache.SUFFIX)).read_bytes()
    )
    (user_cache / ("check-b" + cache.SUFFIX)).chmod(0o600)
    assert cache.fetch("check-b") is None and cache.fetch("check-a") == ("a",)


def test_a_key_others_can_read_turns_the_cache_off(user_cache: Path):
    cache.keep("check-a", ("a",))
    cache.key_path().chmod(0o644)
    assert cache.fetch("check-a") is None
    cache.key_path().chmod(0o600)
    assert cache.fetch("check-a") == ("a",)


@pytest.mark.parametrize("inside", [".briefgen-cache", "build/cache", "."])
def test_a_cache_folder_inside_the_project_is_refused(mini: Path, cli, monkeypatch, inside: str):
    monkeypatch.chdir(mini)
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", inside)
    code, _out, err = cli("check")
    assert code == 2
    assert "inside the project" in err and "BRIEFGEN_CACHE_DIR" in err
    assert not (mini / ".briefgen-cache").exists()


# -- serve answers only its own address -----------------------------------------------------


@pytest.fixture
def preview(tmp_path: Path):
    (tmp_path / "index.html").write_text("<html><body>PREVIEW-BODY</body></html>")
    server = open_server("127.0.0.1", 0, tmp_path, Generation())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:{port}", 200),
        ("localhost:{port}", 200),
        ("evil.example:{port}", 421),
        ("evil.example", 421),
        ("127.0.0.1.evil.example:{port}", 421),
        ("", 421),
    ],
)
@pytest.mark.slow
def test_serve_refuses_requests_for_other_hosts(preview: int, host: str, status: int):
    conn = http.client.HTTPConnection("127.0.0.1", preview, timeout=5)
    conn.putrequest("GET", "/index.html", skip_host=True)
    if host:
        conn.putheader("Host", host.format(port=preview))
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    assert response.status == status
    assert (b"PREVIEW-BODY" in body) == (status == 200)


@pytest.mark.parametrize("host", ["0.0.0.0", "999.1.1.1", "no-such-host.invalid", "8.8.8.8"])
def test_serve_refuses_an_address_that_is_not_loopback(tmp_path: Path, host: str):
    with pytest.raises(UsageError, match="--host"):
        open_server(host, 0, tmp_path, Generation())


# -- paths and ids: a clear error at check time, the same verdict from build -----------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link_out(path: Path) -> None:
    path.symlink_to("/etc/hostname")


@pytest.mark.parametrize(
    ("case", "make", "message"),
    [
        ("reserved index", lambda b: (b / "index.yaml").write_text(BRIEF), "taken by a file"),
        ("reserved feed", lambda b: (b / "feed.yml").write_text(BRIEF), "taken by a file"),
        ("reserved manifest", lambda b: (b / "manifest.yaml").write_text(BRIEF), "taken by"),
        ("long id", lambda b: (b / ("x" * 200 + ".yaml")).write_text(BRIEF), "200 characters"),
        ("yaml and yml", lambda b: (b / "migration-june.yml").write_text(BRIEF), "two files"),
        ("capitals", lambda b: (b / "extra.YAML").write_text(BRIEF), "rename it extra.yaml"),
        ("capitals, yml", lambda b: (b / "extra.Yml").write_text(BRIEF), "rename it extra.yml"),
        ("symlink out", lambda b: _link_out(b / "leak.yaml"), "lies outside the project"),
        ("fifo brief", lambda b: _fifo(b / "pipe.yaml"), "named pipe"),
        # Named like a brief, it was meant as one: said, as a pipe is, not passed over.
        ("folder", lambda b: (b / "odd.yaml").mkdir(), "is a folder, not a file"),
    ],
)
@pytest.mark.slow
def test_brief_files_that_cannot_be_briefs(mini: Path, cli, case, make, message):
    make(mini / "briefs")
    code, out, err = cli("--root", mini, "check")
    if message is None:
        assert code == 0, out + err
        return
    assert code == 1, out + err
    assert message in out + err and "Internal error" not in out + err
    assert "/etc/hostname" not in out or "resolves to" in out  # named, never read
    # build agrees with check, and builds the briefs that are fine
    code, out, err = cli("--root", mini, "build", "--format", "md")
    assert code == 1 and "Internal error" not in out + err
    assert (mini / "build" / "border-talks.md").is_file()
    assert not (mini / "build" / "index.md").exists()


def test_a_briefs_file_where_the_folder_should_be_is_said(mini: Path, cli):
    shutil.rmtree(mini / "briefs")
    (mini / "briefs").write_text("migration-june\n", encoding="utf-8")
    for command in ("check", "build"):
        code, out, err = cli("--root", mini, command)
        assert code == 1, out + err
        assert "briefs:1:1: error: briefs is not a folder, so no brief is read" in out + err


BRIEF = 'kind: issue\ntitle: "T"\ndate: 2025-06-05\nprepared_for: "X"\nsummary: "S."\n'


@pytest.mark.parametrize(
    ("case", "make", "message"),
    [
        ("fifo", lambda s: _fifo(s / "pipe.txt"), "named pipe"),
        ("device link", lambda s: (s / "pipe.txt").symlink_to("/dev/zero"), "outside the project"),
        ("link out", lambda s: (s / "pipe.txt").symlink_to("/etc/hostname"), "outside the project"),
        ("huge", lambda s: _sparse(s / "pipe.txt", 5 * 1024**3), "over the"),
        ("folder", lambda s: (s / "pipe.txt").mkdir(), "a folder"),
    ],
)
@pytest.mark.slow
def test_snapshots_that_cannot_be_read(mini: Path, cli, case, make, message):
    make(mini / "sources")
    catalog = mini / "sources.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace(
            "archive: sources/news-a.txt", "archive: sources/pipe.txt"
        ),
        encoding="utf-8",
    )
    code, out, err = cli("--root", mini, "check")
    assert code == 1
    lines = [line for line in out.splitlines() if "archive" in line and message in line]
    assert lines and lines[0].startswith("sources.yaml:"), out + err
    code, out, err = cli("--root", mini, "build", "--format", "md")
    assert code == 1 and "Internal error" not in out + err


def _sparse(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        fh.truncate(size)


def test_an_edit_under_a_symlinked_template_folder_rebuilds(mini: Path, cli, tmp_path: Path):
    import shutil

    from briefgen.render.templates import TEMPLATES

    shutil.copytree(TEMPLATES, mini / "templates")
    shared = mini / "shared-md"
    (mini / "templates" / "md").rename(shared)
    (mini / "templates" / "md").symlink_to(shared, target_is_directory=True)
    code, out, err = cli("--root", mini, "build", "border-talks", "--format", "md")
    assert code == 0, out + err
    base = shared / "base.md.j2"
    base.write_text(base.read_text(encoding="utf-8") + "\nEdited footer.\n", encoding="utf-8")
    code, out, err = cli("--root", mini, "build", "border-talks", "--format", "md")
    assert code == 0 and "built" in out, out + err
    assert "Edited footer." in (mini / "build" / "border-talks.md").read_text(encoding="utf-8")


def test_a_template_linked_from_outside_the_project_is_refused(mini: Path, cli, tmp_path: Path):
    import shutil

    from briefgen.render.templates import TEMPLATES

    shutil.copytree(TEMPLATES, mini / "templates")
    outside = tmp_path / "secret.txt"
    outside.write_text("SECRET-CONTENT")
    (mini / "templates" / "md" / "leak.md.j2").symlink_to(outside)
    base = mini / "templates" / "md" / "base.md.j2"
    base.write_text('{% include "md/leak.md.j2" %}' + base.read_text(encoding="utf-8"))
    code, out, err = cli("--root", mini, "build", "border-talks", "--format", "md")
    assert code == 1 and "outside the project" in out, out + err
    assert not (mini / "build" / "border-talks.md").exists()


# -- a fact's numbers are in its evidence, and its evidence is a real span ------------------

FACT_TEXT = 'text: "Weekly crossings fell to 1,200 from 3,400 a month earlier, officials said."'
FACT_EVIDENCE = (
    'evidence: "1,200 migrants had crossed in a single week, down from 3,400 a month earlier"'
)


@pytest.mark.parametrize(
    ("text", "evidence", "message"),
    [
        (FACT_TEXT, 'evidence: "."', "too short"),
        (FACT_TEXT, 'evidence: "1,200 migrants"', "too short"),
        (
            'text: "[Crossings](reached 250,000) fell to 1,200 from 3,400, officials said."',
            FACT_EVIDENCE,
            "number 250000 is not in its evidence",
        ),
        (
            'text: "[Crossings](https://example.org/250000) fell to 1,200, officials said."',
            FACT_EVIDENCE,
            "number 250000 is not in its evidence",
        ),
    ],
)
def test_numbers_the_reader_sees_are_in_the_evidence(mini: Path, cli, text, evidence, message):
    catalog = mini / "sources.yaml"
    body = catalog.read_text(encoding="utf-8")
    assert FACT_TEXT in body and FACT_EVIDENCE in body
    catalog.write_text(body.replace(FACT_TEXT, text).replace(FACT_EVIDENCE, evidence))
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    assert any(message in line and line.startswith("sources.yaml:") for line in out.splitlines())


# -- YAML says what the user wrote ---------------------------------------------------------

BRIEF_FILE = "briefs/migration-june.yaml"


def edit(mini: Path, old: str, new: str, path: str = BRIEF_FILE) -> None:
    target = mini / path
    body = target.read_text(encoding="utf-8")
    assert old in body, old
    target.write_text(body.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("kind: issue", "kind: issue\nno: 1", "unknown key 'no'"),
        ("kind: issue", "kind: issue\npriority: 012", "unknown key 'priority'"),
        ("date: 2025-06-05", "date: 2025-W24-2", "'2025-W24-2' is not a date"),
        ("date: 2025-06-05", "date: '20250610'", "'20250610' is not a date"),
        ("date: 2025-06-05", "date: 20250610", "'20250610' is not a date"),
        ("kind: issue", "kind: issue\n<<: {title: x}", "merge keys (<<:) are not allowed"),
        ("kind: issue", "kind: no", "'no' is not one of meeting, readout, issue"),
        ("date: 2025-06-05", "date: " + "9" * 5000, "is not a date"),
    ],
)
@pytest.mark.slow
def test_yaml_values_are_reported_as_written(mini: Path, cli, old: str, new: str, says: str):
    edit(mini, old, new)
    code, out, err = cli("--root", mini, "check")
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith(BRIEF_FILE)]
    assert any(says in line for line in lines), out + err
    assert all(len(line) < 400 for line in lines)  # a 5,000-digit value is not echoed whole
    assert "Internal error" not in out + err


def test_numbers_in_text_keep_their_digits(mini: Path, cli):
    edit(mini, 'title: "Migration in June 2025"', "title: 1.10")
    code, out, err = cli("--root", mini, "build", "migration-june", "--format", "md")
    assert code == 0, out + err
    assert (mini / "build" / "migration-june.md").read_text().startswith("# 1\\.10\n")


def test_text_that_only_looks_deep_is_not_refused(mini: Path, cli):
    dashes = "-" * 600
    brackets = "[" * 501
    edit(
        mini,
        SUMMARY,
        f'summary: |\n  {dashes}\n  Crossings fell [@crossings-fell].\nlocation: "{brackets}"',
    )
    code, out, err = cli("--root", mini, "check")
    assert code == 0 and "nests deeper" not in out + err, out + err


# -- nothing runs off the page --------------------------------------------------------------


def test_a_megabyte_title_is_refused_at_check_time(mini: Path, cli):
    edit(mini, 'title: "Migration in June 2025"', 'title: "' + "X" * 1_048_576 + '"')
    code, out, err = cli("--root", mini, "check")
    assert code == 1 and "a title fits on two lines" in out
    code, out, err = cli("--root", mini, "build", "migration-june", "--format", "pdf")
    assert code == 1 and "Internal error" not in out + err
    assert not (mini / "build" / "migration-june.pdf").exists()


def test_an_unbreakable_word_wraps_instead_of_running_off(mini: Path, cli):
    from pypdf import PdfReader

    word = "https://example.org/" + "x" * 400
    edit(mini, "month [@crossings-fell].", f"month {word} [@crossings-fell].")
    code, out, err = cli("--root", mini, "build", "migration-june", "--format", "pdf")
    assert code == 0, out + err
    pages = PdfReader(mini / "build" / "migration-june.pdf").pages
    assert len(pages) == 1
    # Every run of text starts inside the page's width (text matrix, then the page's transform).
    xs: list[float] = []

    def seen(text, cm, tm, font, size):
        if text.strip():
            xs.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

    pages[0].extract_text(visitor_text=seen)
    assert xs and max(xs) < float(pages[0].mediabox.width)


# -- a catalog that does not parse is the one error -----------------------------------------


@pytest.mark.parametrize(
    "breakage",
    [
        ("  - id: crossings-fell", "  - id: crossings-fell: ["),  # a syntax error
        ("topics:", "topics: [unclosed"),
        ("sources:", "sources:\n\ttab"),
    ],
)
@pytest.mark.slow
def test_a_catalog_that_does_not_parse_is_said_first_and_alone(mini: Path, cli, breakage):
    assert cli("--root", mini, "build", "--format", "md")[0] == 0
    before = {p.name: p.read_bytes() for p in (mini / "build").iterdir()}
    edit(mini, *breakage, path="sources.yaml")
    code, out, err = cli("--root", mini, "check")
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert code == 1 and len(errors) == 1 and errors[0].startswith("sources.yaml:"), out
    code, out, err = cli("--root", mini, "build", "--format", "md")
    assert code == 1
    lines = [line for line in (out + err).splitlines() if line.strip()]
    assert lines[0].startswith("Error: sources.yaml:") and len(lines) == 2, lines
    assert "no brief was built" in lines[1]
    assert {p.name: p.read_bytes() for p in (mini / "build").iterdir()} == before


def test_an_included_catalog_file_that_is_a_pipe_is_refused_not_waited_on(mini: Path, cli):
    os.mkfifo(mini / "part.yaml")
    edit(mini, "topics:", "include: [part.yaml]\ntopics:", path="sources.yaml")
    code, out, err = cli("--root", mini, "check")
    assert code == 1 and "'part.yaml' is a named pipe" in out, out + err
    code, out, err = cli("--root", mini, "build", "--format", "md")
    assert code == 1 and "no brief was built" in err


def test_a_brief_in_a_folder_under_briefs_or_beside_it_is_said_not_read(mini: Path, cli):
    text = (mini / "briefs" / "border-talks.yaml").read_text()
    (mini / "briefs" / "drafts").mkdir()
    (mini / "briefs" / "drafts" / "later.yaml").write_text(text)
    (mini / "brief").mkdir()
    (mini / "brief" / "typo.yml").write_text(text)
    (mini / "brief" / "notes.txt").write_text("not a brief")
    code, out, _ = cli("--root", mini, "check", "--strict")
    assert code == 1
    for shown in ("brief/typo.yml", "briefs/drafts/later.yaml"):
        assert (
            f"{shown}:1:1: warning: {shown} is not read as a brief: briefs are read from briefs/ "
            "itself, not from a folder under it or beside it (move it into briefs/ to build it, "
            "or into a folder whose name starts with _ (briefs/_archive/) to keep it unbuilt) "
            "[brief-not-read]"
        ) in out
    assert "notes.txt" not in out
    # Set aside on purpose, it is not listed; a folder named briefs/ under briefs/ is.
    (mini / "briefs" / "drafts").rename(mini / "briefs" / "_archive")
    (mini / "brief" / "typo.yml").unlink()
    (mini / "briefs" / "briefs").mkdir()
    (mini / "briefs" / "briefs" / "nested.yaml").write_text(text)
    code, out, _ = cli("--root", mini, "check", "--strict")
    assert "briefs/_archive/later.yaml" not in out
    assert "briefs/briefs/nested.yaml:1:1: warning: " in out
