import zipfile
from pathlib import Path

from briefgen.catalog.project import load_project
from briefgen.model import MARK_RE
from briefgen.plan.cite import cite
from briefgen.plan.select import resolve
from briefgen.render.inline import note_md


def document(mini: Path, brief_id: str = "border-talks"):
    p = load_project(mini)
    brief = p.briefs[brief_id]
    return cite(resolve(brief, p.catalog), p.catalog)


def test_notes_are_numbered_by_first_use_one_per_source(mini: Path):
    doc = document(mini)
    assert [(n.number, n.source.id) for n in doc.notes] == [(1, "news-a"), (2, "brief-b")]
    # The summary cites news-a first, then brief-b; every later use reuses the number.
    assert MARK_RE.findall(doc.summary) == ["1", "2"]
    assert {e.item.id: e.notes for e in doc.facts} == {
        "crossings-fell": (1,),
        "trade-800bn": (2,),
        "meet-again-july": (1,),
    }
    assert MARK_RE.findall(doc.talking_points[0]) == ["1"]


def test_embargo_in_force_on_the_brief_date_is_carried(mini: Path):
    doc = document(mini)
    assert doc.embargo is not None and doc.embargo.isoformat() == "2025-06-10T05:00:00-04:00"
    assert document(mini, "migration-june").embargo is None


def test_note_reads_like_a_chicago_note(mini: Path):
    doc = document(mini)
    assert note_md(doc.notes[0].source) == (
        "Ana Ruiz, “Border talks resume,” *Example News*, June 2, 2025, "
        "<https://example.org/border-talks>."
    )
    assert note_md(doc.notes[1].source) == (
        "“Background press call on trade,” *The White House*, June 9, 2025 "
        # Straight quote marks in the catalog are set curly, as the rest of the page is.
        "(On background, attributable to “senior administration officials”)."
    )


def test_adjacent_refs_to_one_source_make_one_number(mini: Path):
    import dataclasses

    p = load_project(mini)
    brief = dataclasses.replace(
        p.briefs["border-talks"], summary="Both [@crossings-fell][@meet-again-july] [@trade-800bn]."
    )
    doc = cite(resolve(brief, p.catalog), p.catalog)
    assert MARK_RE.findall(doc.summary) == ["1,2"]


def test_an_untitled_document_is_described_not_quoted_and_ground_rules_are_said(cli, mini: Path):
    """A title in quotation marks is the document's own; a news report's ground rules show.

    A document with no title of its own (`untitled: true`) is described in plain words, as
    Chicago has it, in every format; a news report of officials briefing on background says
    its ground rules as a transcript does.
    """
    catalog = mini / "sources.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert "    kind: transcript\n" in text
    text = text.replace(
        '    title: "Background press call on trade"\n',
        '    title: "Background press call on trade"\n    untitled: true\n',
    ).replace("    kind: transcript\n", "    kind: news\n")
    catalog.write_text(text, encoding="utf-8")
    code, out, err = cli("--root", mini, "build", "border-talks", "--format", "md,html,docx")
    assert code == 0, out + err
    md = (mini / "build" / "border-talks.md").read_text(encoding="utf-8")
    said = (
        "Background press call on trade, *The White House*, June 9, 2025 (On background, "
        "attributable to “senior administration officials”)."
    )
    assert said in md
    assert "“Background press call on trade,”" not in md
    # A titled source keeps its quotation marks.
    assert "Ana Ruiz, “Border talks resume,” *Example News*" in md
    html = (mini / "build" / "border-talks.html").read_text(encoding="utf-8")
    assert "Background press call on trade, <i>The White House</i>" in html.replace("\u00a0", " ")
    assert "“Background press call on trade" not in html
    with zipfile.ZipFile(mini / "build" / "border-talks.docx") as docx:
        notes = docx.read("word/footnotes.xml").decode("utf-8")
    assert "Background press call on trade, " in notes
    assert "“Background press call on trade" not in notes
    assert "attributable to “senior administration officials”" in notes


def test_an_embargo_from_an_undated_source_says_its_date_was_inferred(cli, mini: Path):
    """The embargo's day comes from the same undated words as the source's date."""
    catalog = mini / "sources.yaml"
    text = catalog.read_text(encoding="utf-8")
    marker = "    embargo_until: 2025-06-10T05:00:00-04:00\n"
    assert marker in text
    catalog.write_text(
        text.replace(marker, marker + '    date_note: "undated; the day is read from its text"\n'),
        encoding="utf-8",
    )
    code, out, err = cli("--root", mini, "build", "border-talks", "--format", "md,html,docx")
    assert code == 0, out + err
    said = "until 5:00 a.m. (UTC−4), Tuesday, June 10, 2025 (date inferred): contains material"
    assert said in (mini / "build" / "border-talks.md").read_text(encoding="utf-8")
    html = (mini / "build" / "border-talks.html").read_text(encoding="utf-8")
    assert said in html.replace("\u00a0", " ")
    with zipfile.ZipFile(mini / "build" / "border-talks.docx") as docx:
        text = docx.read("word/document.xml").decode().replace("\u00a0", " ")
    assert "June 10, 2025 (date inferred): contains material" in text
