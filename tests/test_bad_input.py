"""Every malformed or hostile input ends in a located message, exit 1, and untouched outputs."""

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, pdf_pages_text

CATALOG = "sources.yaml"
MEETING = "briefs/border-talks.yaml"


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory) -> Path:
    """The mini project with its Markdown and HTML already built."""
    from typer.testing import CliRunner

    from briefgen.cli import app

    root = tmp_path_factory.mktemp("prebuilt") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    result = CliRunner().invoke(app, ["--root", str(root), "build", "--format", "md,html"])
    assert result.exit_code == 0, result.stderr
    return root


def snapshot(folder: Path) -> dict[str, object]:
    files: dict[str, object] = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.name != "manifest.json"
    }
    # The manifest keeps every brief's entry; it may add which briefs' last build failed.
    files["manifest.json"] = json.loads((folder / "manifest.json").read_text())["briefs"]
    return files


def replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        target = root / path
        text = target.read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {path}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def write(path: str, data: str | bytes) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")

    return mutate


def huge(path: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        with open(root / path, "r+b") as fh:  # sparse: costs no disk
            fh.truncate(300 * 1024 * 1024)

    return mutate


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)
PWNED = "/tmp/briefgen-pwned-by-yaml"

CASES = [
    # -- malformed files -----------------------------------------------------------------
    (
        "yaml-syntax",
        replace(CATALOG, "  - id: news-a\n", "  - id: news-a\n   bad: [\n"),
        "sources.yaml:",
        "YAML syntax",
    ),
    (
        "yaml-syntax-brief",
        replace(MEETING, "kind: meeting", "kind: meeting: prep"),
        "briefs/border-talks.yaml:2:14",
        "YAML syntax",
    ),
    (
        "non-utf8",
        write(CATALOG, b"topics:\n  migration: {label: Migra\xe7\xe3o}\n"),
        "sources.yaml:2:",
        "not valid UTF-8",
    ),
    (
        "python-tag",
        write(CATALOG, f"topics: !!python/object/apply:os.system ['touch {PWNED}']\n"),
        "sources.yaml:1:9",
        "YAML tag not allowed: '!!python/object/apply:os.system'",
    ),
    (
        "python-name-tag",
        write(MEETING, "kind: !!python/name:os.system\n"),
        "briefs/border-talks.yaml:1:7",
        "YAML tag not allowed: '!!python/name:os.system'",
    ),
    ("alias-bomb", write(CATALOG, BOMB), "sources.yaml:2:", "aliases"),
    ("huge-file", huge(CATALOG), "sources.yaml:1:1", "over the"),
    (
        "deep-nesting",
        write(CATALOG, "topics: " + "[" * 50000 + "]" * 50000 + "\n"),
        "sources.yaml:",
        "",
    ),
    (
        "not-a-mapping",
        write(MEETING, "- just\n- a list\n"),
        "briefs/border-talks.yaml:1:1",
        "should be a mapping",
    ),
    ("empty-catalog", write(CATALOG, ""), "sources.yaml:1:1", "should be a mapping"),
    # -- schema ---------------------------------------------------------------------------
    (
        "missing-required",
        replace(CATALOG, "    publisher: Example News\n", ""),
        "sources.yaml:7:5",
        "missing required key 'publisher'",
    ),
    (
        "unknown-key",
        replace(CATALOG, "    priority: 3\n", "    priorty: 3\n"),
        "sources.yaml:38:5",
        "did you mean 'priority'?",
    ),
    (
        "wrong-type",
        replace(CATALOG, "topics: [trade]", "topics: 5"),
        "sources.yaml:46:13",
        "'topics' expected a list",
    ),
    (
        "bad-id",
        replace(CATALOG, "id: meet-again-july", "id: Meet_Again"),
        "sources.yaml:34:9",
        "not a slug",
    ),
    (
        "bad-date",
        replace(CATALOG, "date: 2025-05-30", "date: 2025-02-30"),
        "sources.yaml:28:11",
        "is not a date",
    ),
    (
        "bad-datetime",
        replace(CATALOG, "2025-06-10T05:00:00-04:00", "2025-06-10 05:00"),
        "sources.yaml:24:20",
        "with its UTC offset",
    ),
    (
        "bad-enum",
        replace(CATALOG, "kind: transcript", "kind: transcipt"),
        "sources.yaml:20:11",
        "did you mean 'transcript'?",
    ),
    (
        "duplicate-key",
        replace(CATALOG, "    priority: 3\n", "    priority: 3\n    priority: 2\n"),
        "sources.yaml:39:5",
        "given twice",
    ),
    # -- references -----------------------------------------------------------------------
    (
        "unknown-topic",
        replace(CATALOG, "topics: [trade]", "topics: [trad]"),
        "sources.yaml:46:14",
        "did you mean 'trade'?",
    ),
    (
        "duplicate-id",
        replace(CATALOG, "id: meet-again-july", "id: crossings-fell"),
        "sources.yaml:34:5",
        "defined twice",
    ),
    (
        "unknown-source",
        replace(CATALOG, "      - source: brief-b", "      - source: brief-c"),
        "sources.yaml:49:9",
        "did you mean 'brief-b'?",
    ),
    (
        "unknown-pick",
        replace(MEETING, "facts: [crossings-fell]", "facts: [crossing-fell]"),
        "briefs/border-talks.yaml:11:9",
        "did you mean 'crossings-fell'?",
    ),
    (
        "unknown-brief-topic",
        replace(MEETING, "topics: [migration, tariffs]", "topics: [migrant]"),
        "briefs/border-talks.yaml:10:10",
        "unknown topic 'migrant'",
    ),
    (
        "dangling-ref",
        replace(MEETING, '[@crossings-fell]."', '[@crossings-fel]."'),
        "briefs/border-talks.yaml:14:5",
        "did you mean 'crossings-fell'?",
    ),
    # -- editorial rules ------------------------------------------------------------------
    (
        "quote-not-verbatim",
        replace(CATALOG, 'with respect"', 'with much respect"'),
        "sources.yaml:56:11",
        'closest passage: "We will keep working together, with respect',
    ),
    (
        "evidence-not-verbatim",
        replace(
            CATALOG,
            'evidence: "The two governments agreed to meet again',
            'evidence: "The two governments agreed to meet',
        ),
        "sources.yaml:41:19",
        "evidence is not verbatim",
    ),
    (
        "number-not-in-evidence",
        replace(CATALOG, "fell to 1,200 from", "fell to 1,300 from"),
        "sources.yaml:27:11",
        "number 1300 is not in its evidence",
    ),
    (
        "quote-after-publication",
        replace(
            CATALOG,
            "    date: 2025-06-02\n    context: Statement",
            "    date: 2025-06-03\n    context: Statement",
        ),
        "sources.yaml:57:11",
        "after its source was published",
    ),
    (
        "pick-after-as-of",
        replace(MEETING, "as_of: 2025-06-09", "as_of: 2025-05-29"),
        "briefs/border-talks.yaml:11:9",
        "after as_of 2025-05-29",
    ),
    (
        "source-after-as-of",
        replace(MEETING, "as_of: 2025-06-09", "as_of: 2025-06-01"),
        "briefs/border-talks.yaml:11:9",
        "published 2025-06-02, after as_of 2025-06-01",
    ),
    (
        "prep-knows-the-future",
        replace(MEETING, "as_of: 2025-06-09", "as_of: 2025-06-11"),
        "briefs/border-talks.yaml:5:8",
        "a preparation brief cannot know past its meeting",
    ),
    (
        "background-named",
        replace(CATALOG, "speaker: Senior administration official", "speaker: William Smith"),
        "sources.yaml:62:14",
        "attributable only as its ground rules say",
    ),
    (
        "reliability-without-note",
        replace(
            CATALOG,
            "    reliability: high\n    attribution",
            "    reliability: low\n    attribution",
        ),
        "sources.yaml:22:18",
        "rated low without a reason",
    ),
    # -- archives -------------------------------------------------------------------------
    (
        "archive-outside",
        replace(CATALOG, "archive: sources/news-a.txt", "archive: ../../../../etc/hostname"),
        "sources.yaml:14:14",
        "lies outside the project",
    ),
    (
        "archive-missing",
        replace(CATALOG, "archive: sources/news-a.txt", "archive: sources/no.txt"),
        "sources.yaml:14:14",
        "does not exist",
    ),
    (
        "archive-not-utf8",
        write("sources/news-a.txt", b"Border talks\n\xff\xfe\n"),
        "sources.yaml:14:14",
        "is not UTF-8",
    ),
]


@pytest.mark.parametrize(("name", "mutate", "where", "message"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.slow
def test_bad_input_is_located_and_leaves_outputs_whole(
    prebuilt: Path, tmp_path: Path, cli, name, mutate, where, message
):
    root = tmp_path / "mini"
    shutil.copytree(prebuilt, root)
    before = snapshot(root / "build")
    before_manifest = json.loads((root / "build" / "manifest.json").read_text(encoding="utf-8"))
    mutate(root)

    code, out, err = cli("--root", root, "check")
    assert code == 1, out + err
    lines = [line for line in out.splitlines() if ": error: " in line]
    assert any(line.startswith(where) and message in line for line in lines), out
    assert "Traceback" not in out + err
    assert "check failed:" in out

    code, out, err = cli("--root", root, "build", "--format", "md,html")
    assert code == 1, out + err
    assert "Traceback" not in out + err
    # Every brief's files are as they were; the distribution may only mark some stale.
    after = snapshot(root / "build")
    listing = ("manifest.json", "index.html", "feed.xml")
    assert {k: v for k, v in after.items() if k not in listing} == {
        k: v for k, v in before.items() if k not in listing
    }
    manifest = json.loads((root / "build" / "manifest.json").read_text(encoding="utf-8"))
    for bid, entry in manifest["briefs"].items():
        assert entry["outputs"] == before_manifest["briefs"][bid]["outputs"]
        assert entry["status"] in ("current", "stale")
    assert not Path(PWNED).exists()


def test_cases_cover_at_least_25_shapes():
    assert len(CASES) >= 25


def test_debug_shows_the_traceback(mini: Path, cli):
    code, _, err = cli("--root", mini, "--debug", "build", "no-such-brief")
    assert code == 2
    assert "Traceback" in err and "NotFound" in err


def test_strict_turns_warnings_into_failure(mini: Path, cli):
    (mini / "briefs" / "migration-june.yaml").unlink()
    catalog = mini / "sources.yaml"
    # Without the issue brief, the trade fact is used by the meeting's summary alone; uncite it
    # there and retag it, and it is an orphan.
    catalog.write_text(catalog.read_text().replace("topics: [trade]", "topics: [labor-pathways]"))
    meeting = mini / "briefs" / "border-talks.yaml"
    meeting.write_text(meeting.read_text().replace(" [@trade-800bn]", ""))
    code, out, _ = cli("--root", mini, "check")
    assert code == 0 and "warning: 'trade-800bn' is used by no brief" in out
    code, out, _ = cli("--root", mini, "check", "--strict")
    assert code == 1 and "check failed: 0 errors, 1 warning" in out


def test_a_fetch_outside_the_templates_is_refused():
    from briefgen.render.pdf import Printer
    from briefgen.render.templates import TEMPLATES

    fetch = Printer(TEMPLATES).fetcher
    for url in (
        "file:///etc/hostname",
        "http://127.0.0.1:9/x.css",
        "https://example.org/x.png",
        (TEMPLATES / ".." / "pyproject.toml").resolve().as_uri(),
    ):
        with pytest.raises(ValueError, match="does not fetch"):
            fetch(url)
    font = (TEMPLATES / "fonts" / "CharisSIL-Regular.ttf").as_uri()
    assert fetch(font).status == 200


def test_hostile_content_renders_inert(mini: Path, cli):
    payload = (
        "<img src='file:///etc/hostname'> <script>x()</script> "
        "![p](http://127.0.0.1:9/p.png) [l](file:///etc/hostname) [s](https://example.org)"
    )
    brief = mini / "briefs" / "migration-june.yaml"
    brief.write_text(brief.read_text().replace('summary: "', f'summary: "{payload} ', 1))
    code, out, err = cli("--root", mini, "build", "migration-june")
    assert code == 0, out + err
    html = (mini / "build" / "migration-june.html").read_text()
    md = (mini / "build" / "migration-june.md").read_text()
    assert "<img" not in html and "<script>" not in html and 'href="file:' not in html
    assert "&lt;script&gt;" in html and '<a href="https://example.org">s</a>' in html
    assert "\\<script\\>" in md
    # Read by any CommonMark renderer, the .md is as inert as the HTML.
    from markdown_it import MarkdownIt

    shown = MarkdownIt("commonmark").render(md)
    assert "<img" not in shown and "<script>" not in shown and 'href="file:' not in shown
    pdf_text = " ".join(pdf_pages_text(mini / "build" / "migration-june.pdf")[0].split())
    assert "<script>x()</script>" in pdf_text  # shown as the text it is


def test_a_template_failing_as_it_renders_names_its_file_and_line(mini: Path, cli):
    from briefgen.render.templates import TEMPLATES

    # The project's own template divides by zero: its error, at its line, in a pool worker.
    shutil.copytree(TEMPLATES, mini / "templates")
    base = mini / "templates" / "md" / "base.md.j2"
    base.write_text("{{ (doc.brief.title | length) // 0 }}\n" + base.read_text())
    code, out, err = cli("--root", mini, "build", "--jobs", "2", "--format", "md")
    assert code == 1
    assert "FAILED   border-talks: " in out and "md/base.md.j2:1: template error: " in out
    assert "ZeroDivisionError: integer division or modulo by zero" in out
    assert "Traceback" not in err


@pytest.mark.slow
def test_a_renderer_failing_in_a_worker_keeps_its_traceback_for_debug(
    mini: Path, cli, monkeypatch: pytest.MonkeyPatch
):
    from briefgen.render import templates

    # A bug in one of briefgen's own filters (not the template's doing), raised in a pool
    # worker (two briefs and two jobs use the pool; a forked worker has the patch too).
    shutil.copytree(templates.TEMPLATES, mini / "templates")  # a fresh Jinja environment

    def broken(text: str) -> str:
        return str(len(text) // 0)

    monkeypatch.setattr(templates, "md_text", broken)
    code, out, err = cli("--root", mini, "build", "--jobs", "2", "--format", "md")
    assert code == 1
    assert "FAILED   border-talks: ZeroDivisionError: integer division or modulo by zero" in out
    assert "Traceback" not in err
    code, _, err = cli("--root", mini, "--debug", "build", "--jobs", "2", "--format", "md")
    assert code == 1
    assert "Traceback (most recent call last)" in err
    # The traceback of the worker that rendered it, through the template to the filter.
    assert 'md/_parts.md.j2", line 5' in err
    assert "return str(len(text) // 0)" in err


def test_an_empty_required_key_is_to_be_filled_not_removed(mini: Path, cli):
    catalog = mini / "sources.yaml"
    text = catalog.read_text()
    text = text.replace('title: "Border talks resume"', 'title: ""')
    text = text.replace("publisher: The White House", "publisher:")
    text = text.replace("    author: Ana Ruiz\n", '    author: ""\n')
    catalog.write_text(text)
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    assert (
        "sources.yaml:8:12: error: source 'news-a': 'title' is empty "
        "(fill it in (the document's own title); the key is required)"
    ) in out
    assert "source 'brief-b': 'publisher' is empty (fill it in (who published" in out
    assert "the key is required)" in out
    # An optional key may still go.
    assert "source 'news-a': 'author' is empty (write the text or remove the key)" in out
    assert "remove the key" not in out.replace("'author' is empty (write the text or remove", "")


def test_a_sources_errors_are_said_at_once_not_one_layer_at_a_time(mini: Path, cli):
    catalog = mini / "sources.yaml"
    text = catalog.read_text().replace('title: "Border talks resume"', 'title: ""')
    catalog.write_text(text.replace("reliability: high", "reliability: low", 1))
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    assert "source 'news-a': 'title' is empty" in out
    assert "source 'news-a' is rated low without a reason (add reliability_note" in out
    # Fixed title, the same reason is asked for once, not twice.
    catalog.write_text(catalog.read_text().replace('title: ""', 'title: "Border talks"'))
    code, out, _ = cli("--root", mini, "check")
    assert code == 1 and out.count("is rated low without a reason") == 1


def test_a_fact_or_quote_with_schema_errors_has_its_words_checked_too(mini: Path, cli):
    catalog = mini / "sources.yaml"
    text = catalog.read_text()
    # A fact with a bad date whose evidence is also wrong; a quote without a role, misquoted.
    text = text.replace(
        "    date: 2025-06-02\n    topics: [migration]\n    priority: 3",
        "    date: soon\n    topics: [migration]\n    priority: 3",
    )
    text = text.replace(
        'evidence: "The two governments agreed to meet again in July."',
        'evidence: "The two governments agreed to meet in July."',
    )
    text = text.replace("    role: Minister of the Interior\n", "")
    text = text.replace('with respect"', 'with much respect"')
    catalog.write_text(text)
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    assert "fact 'meet-again-july': 'date' 'soon' is not a date" in out
    assert "fact 'meet-again-july': evidence is not verbatim" in out
    assert "quote 'minister-respect': missing required key 'role'" in out
    assert (
        "quote 'minister-respect' is not verbatim" in out and '"much" is not in the source' in out
    )


def test_a_brief_with_schema_errors_has_its_names_looked_up_too(mini: Path, cli):
    brief = mini / "briefs" / "border-talks.yaml"
    text = brief.read_text().replace('prepared_for: "John Example, Under Secretary"\n', "")
    brief.write_text(text.replace("facts: [crossings-fell]", "facts: [crossings-fel]"))
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    assert "brief 'border-talks': missing required key 'prepared_for'" in out
    assert "brief 'border-talks': unknown fact 'crossings-fel'" in out
    assert "did you mean 'crossings-fell'?" in out


def test_a_brief_missing_a_key_still_uses_its_picks(mini: Path, cli):
    # What it names it still uses: not "used by no brief" while its file is being fixed.
    brief = mini / "briefs" / "border-talks.yaml"
    brief.write_text(
        brief.read_text().replace('prepared_for: "John Example, Under Secretary"\n', "")
    )
    code, out, _ = cli("--root", mini, "check")
    assert code == 1 and "missing required key 'prepared_for'" in out
    assert "[unused]" not in out


@pytest.mark.slow
def test_a_half_written_source_holds_back_only_the_briefs_that_cite_it(mini: Path, cli):
    # `new source` leaves title, kind and reliability to fill in: until they are, the source's
    # errors are said, but a brief that cites nothing from it builds as before.
    catalog = mini / "sources.yaml"
    half = (
        "  - id: joint-statement\n    title:\n    publisher: Example Ministry\n"
        "    published: 2025-06-11\n    kind:\n    reliability:\n"
    )
    catalog.write_text(catalog.read_text().replace("facts:\n", half + "facts:\n", 1))
    code, out, err = cli("--root", mini, "build", "--format", "md")
    said = out + err
    assert "source 'joint-statement': 'title' is empty" in said
    assert "built    border-talks (md)" in said and "built    migration-june (md)" in said
    assert "FAILED" not in said
    # A brief that cites it is held back, naming the source's errors.
    text = catalog.read_text()
    cited = text.replace("      - source: news-a\n", "      - source: joint-statement\n", 1)
    catalog.write_text(cited)
    code, out, err = cli("--root", mini, "build", "--format", "md")
    assert code == 1 and "FAILED" in out + err


def test_a_quote_listed_under_facts_is_to_be_moved_not_respelled(mini: Path, cli):
    brief = mini / "briefs" / "border-talks.yaml"
    text = brief.read_text().replace(
        "facts: [crossings-fell]", "facts: [crossings-fell, minister-respect]"
    )
    brief.write_text(text.replace("quotes: [minister-respect]", "quotes: [crossings-fell]"))
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    assert (
        "briefs/border-talks.yaml:11:25: error: brief 'border-talks': 'minister-respect' is a "
        "quote, listed under facts: (move it to quotes:)"
    ) in out
    assert "'crossings-fell' is a fact, listed under quotes: (move it to facts:)" in out
    assert "unknown" not in out


def test_a_source_with_a_bad_date_does_not_hide_a_misquote_of_it(mini: Path, cli):
    # One layer, not two: the date error and the evidence that is not in its snapshot together.
    catalog = mini / "sources.yaml"
    text = catalog.read_text().replace(
        "    published: 2025-06-02\n", "    published: 2 June 2025\n", 1
    )
    text = text.replace("had crossed in a single week", "crossed in one week", 1)
    catalog.write_text(text)
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    assert "source 'news-a': 'published'" in out
    assert "fact 'crossings-fell': evidence is not verbatim in 'sources/news-a.txt'" in out
    # Fixed, the date alone: the misquote was already said, and is still.
    catalog.write_text(text.replace("published: 2 June 2025", "published: 2025-06-02", 1))
    code, out, _ = cli("--root", mini, "check")
    assert code == 1 and "fact 'crossings-fell': evidence is not verbatim" in out


def test_a_brief_with_a_mistyped_key_has_its_dates_checked_too(mini: Path, cli):
    brief = mini / "briefs" / "migration-june.yaml"
    text = brief.read_text().replace("prepared_for:", "preparedfor:")
    brief.write_text(text.replace("date: 2025-06-05\n", "date: 2025-06-05\nsince: 2025-06-20\n"))
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    assert "brief 'migration-june': unknown key 'preparedfor'" in out
    assert "brief 'migration-june': since 2025-06-20 is not before as_of 2025-06-05" in out
