"""`--format docx`: the brief as a Word file, read back by a second reader (pandoc).

What a reader of the Word file sees is compared with the HTML of the same build: the same
headings, the same words of every fact and quote, the same note numbers with the same source
notes, the handling marking in the header and footer, the clearance lines; and the same bytes
for the same inputs.
"""

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES
from lxml import html as lxml_html

# The second reader: a different program from the one that wrote the file.
PANDOC = shutil.which("pandoc")
needs_pandoc = pytest.mark.skipif(
    PANDOC is None, reason="pandoc is not installed (.ci/run installs it)"
)


def _squash(text: str) -> str:
    # No-break spaces and hyphens keep words together on a line; the words are the same.
    return " ".join(text.replace("\u00a0", " ").replace("\u2011", "-").split())


def _docx_markdown(path: Path) -> str:
    assert PANDOC is not None
    done = subprocess.run(
        [PANDOC, str(path), "-f", "docx", "-t", "markdown", "--wrap=none"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _notes_of_docx(markdown: str) -> dict[int, str]:
    """Each Word footnote as pandoc reads it: the mark it shows, and its text."""
    notes = {}
    for line in markdown.splitlines():
        m = re.match(r"\[\^(\d+)\]: \^(\d+)\^ (.*)$", line)
        if m:
            notes[int(m.group(2))] = _plain_md(m.group(3))
    return notes


def _plain_md(text: str) -> str:
    """Pandoc's Markdown as words: no emphasis, escapes, note calls or typographic quotes."""
    text = re.sub(r"\[\^\d+\]|\^[\d,]+\^", "", text)
    text = text.replace("\\", "").replace("*", "")
    text = text.translate(str.maketrans("“”‘’", "\"\"''"))
    return _squash(text)


def _plain_html(element) -> str:
    for sup in element.xpath(".//sup[contains(@class, 'call')]"):
        sup.drop_tree()
    text = element.text_content()
    return _squash(text.translate(str.maketrans("“”‘’", "\"\"''")))


def _html_notes(tree) -> dict[int, str]:
    return {
        int(li.get("value")): _plain_html(li) for li in tree.xpath("//section[@class='notes']//li")
    }


def _build(cli, root: Path, *args: str) -> Path:
    code, out, err = cli("--root", root, "build", "--format", "html,docx", *args)
    assert code == 0, out + err
    return root / "build"


@pytest.fixture
def kinds_docx(cli, kinds):
    return kinds, _build(cli, kinds)


@needs_pandoc
@pytest.mark.parametrize("brief", ["monterrey-readout", "crossings-monthly", "ports-in-depth"])
@pytest.mark.slow
def test_a_second_reader_sees_what_the_html_shows(kinds_docx, brief):
    _, out = kinds_docx
    tree = lxml_html.fromstring((out / f"{brief}.html").read_bytes())
    md = _docx_markdown(out / f"{brief}.docx")
    words = _plain_md(md)

    # Headings are Word heading styles: pandoc reads them back as headings, in order.
    headings = re.findall(r"^(#+) (.*)$", md, re.M)
    assert headings[0] == ("#", _squash(tree.xpath("//h1")[0].text_content()))
    shown = [_squash(h.text_content()) for h in tree.xpath("//main//h2")]
    assert [text for level, text in headings[1:]] == shown
    assert all(level == "##" for level, _ in headings[1:])

    # Every fact, quote and talking point says the same words.
    for li in tree.xpath("//section[@class='facts']//li | //section[@class='points']//li"):
        assert _plain_html(li) in words, _plain_html(li)
    for quote in tree.xpath("//section[@class='quotes']//blockquote"):
        assert _plain_html(quote) in words

    # The same notes under the same numbers, as real Word footnotes.
    assert _notes_of_docx(md) == _html_notes(tree)
    with zipfile.ZipFile(out / f"{brief}.docx") as z:
        body = z.read("word/document.xml").decode()
        footnotes = z.read("word/footnotes.xml").decode()
    called = {
        int(n)
        for n in re.findall(r'<w:footnoteReference w:customMarkFollows="1" w:id="(\d+)"/>', body)
    }
    assert called == set(_html_notes(tree))
    assert len(re.findall(r'<w:footnote w:id="\d+">', footnotes)) == len(called)


@needs_pandoc
@pytest.mark.slow
def test_note_calls_stand_where_the_html_has_them(kinds_docx):
    """Each paragraph of the bottom line carries the same note numbers, in the same order."""
    _, out = kinds_docx
    brief = "monterrey-readout"
    tree = lxml_html.fromstring((out / f"{brief}.html").read_bytes())
    html_calls = [a.text for a in tree.xpath("//section[@class='bottom-line']//sup//a")]
    md = _docx_markdown(out / f"{brief}.docx")
    section = md.split("\n## ", 2)[1]  # the first section: the bottom line
    defs = {int(k): int(n) for k, n in re.findall(r"^\[\^(\d+)\]: \^(\d+)\^", md, re.M)}
    docx_calls = [
        str(defs[int(m.group(1))]) if m.group(1) else m.group(2)
        for m in re.finditer(r"\[\^(\d+)\]|\^(\d+)\^", section)
    ]
    assert docx_calls == html_calls


@pytest.mark.slow
def test_handling_marking_in_header_and_footer_and_dateline(kinds_docx):
    _, out = kinds_docx
    with zipfile.ZipFile(out / "monterrey-readout.docx") as z:
        names = z.namelist()
        header = z.read("word/header1.xml").decode()
        footer = z.read("word/footer1.xml").decode()
        body = z.read("word/document.xml").decode().replace("\u00a0", " ")
    assert "UNCLASSIFIED" in header and "UNCLASSIFIED" in footer
    assert "Monday, March 3, 2025" in body
    assert '<w:pStyle w:val="Heading1"/>' in body and '<w:pStyle w:val="Heading2"/>' in body
    assert "docProps/thumbnail.jpeg" not in names


@pytest.mark.slow
def test_same_inputs_same_bytes(cli, tmp_path):
    outs = []
    for name in ("one", "two"):
        root = tmp_path / name
        shutil.copytree(FIXTURES / "mini", root)
        outs.append(_build(cli, root))
    for brief in ("border-talks", "migration-june"):
        a, b = (o / f"{brief}.docx" for o in outs)
        assert a.read_bytes() == b.read_bytes()
        with zipfile.ZipFile(io.BytesIO(a.read_bytes())) as z:
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            core = z.read("docProps/core.xml").decode()
        assert "dcterms:created" not in core and "dcterms:modified" not in core


def test_the_manifest_lists_the_word_file_and_a_rebuild_keeps_it(cli, mini):
    out = _build(cli, mini)
    manifest = json.loads((out / "manifest.json").read_text())
    entry = manifest["briefs"]["migration-june"]["outputs"]
    assert set(entry) == {"html", "docx"}
    code, said, _ = cli("--root", mini, "build", "--format", "html,docx")
    assert code == 0 and "unchanged" in said


@needs_pandoc
@pytest.mark.slow
def test_clearance_lines_are_in_the_word_file(cli, mini):
    path = mini / "briefs" / "migration-june.yaml"
    path.write_text(path.read_text() + 'drafted_by: {name: "Ana Ruiz", date: 2025-06-04}\n')
    code, _, err = cli(
        "--root", mini, "clear", "migration-june", "--by", "Tom Lee", "--date", "2025-06-05"
    )
    assert code == 0, err
    out = _build(cli, mini)
    words = _plain_md(_docx_markdown(out / "migration-june.docx"))
    assert "Drafted by Ana Ruiz, June 4, 2025 Cleared by Tom Lee, June 5, 2025" in words
    with zipfile.ZipFile(out / "migration-june.docx") as z:
        core = z.read("docProps/core.xml").decode()
    assert "<cp:contentStatus>Cleared</cp:contentStatus>" in core


def test_an_unknown_format_names_docx_among_the_choices(cli, mini):
    code, _, err = cli("--root", mini, "build", "--format", "odt")
    assert code == 2
    assert "choose from md, html, pdf, docx" in err
