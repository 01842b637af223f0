"""Render a Document to a Word file: the brief staff can mark up, with real Word footnotes.

python-docx writes the document (styles, headings, lists, header and footer, core
properties); it has no footnote API, so the footnotes part is written here as WordprocessingML
and added through python-docx's own package (OPC) API. Each of the brief's notes is one Word
footnote whose mark is the note's number (a custom mark), so that the numbers are those of
the Markdown, HTML and PDF whatever order Word would count in; a later call of the same note
is that number again, in the footnote reference style. docs/architecture.md says why this
library and not another.

The bytes depend only on the Document: the zip's entries carry a fixed time, the core
properties no creation or modification time, and no thumbnail is written.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from ..dates import long_date, short_date
from ..model import KIND_LABELS, MARK_RE, Document, Entry, Fact, Quote, Series
from ..prose import markdown
from .chart import shown, values_text
from .inline import fact_when, note_parts, translation
from .masthead import clearance_lines, dateline, participants, participants_label
from .typography import byline, curly, tie_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
THUMBNAIL_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
# The earliest time a zip entry can carry: the same for every build, on every machine.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Each kind's section headings, as its templates (html/<kind>.html.j2, md/<kind>.md.j2) give
# them: bottom line, key facts, quotes, talking points. tests/test_docx.py compares them with
# the HTML's.
HEADINGS = {
    "issue": ("Bottom line", "Key facts", "In their words", "Talking points"),
    "meeting": ("Purpose and bottom line", "Background", "What they have said", "Talking points"),
    "readout": ("What happened", "Key facts", "What was said", "Follow-up"),
}
_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote>"
)


class _Writer:
    """One brief being written: the python-docx document, and which notes are called yet."""

    def __init__(self, doc: Document) -> None:
        import docx

        self.doc = doc
        self.word: Any = docx.Document()
        self.called: set[int] = set()
        self._styles()

    # -- styles ---------------------------------------------------------------------------

    def _styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Pt

        styles = self.word.styles
        normal = styles["Normal"]
        normal.font.name = "Charis SIL"
        normal.font.size = Pt(10.5)
        lang = normal.element.get_or_add_rPr()
        _set_lang(lang, "en-US")
        text = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
        text.base_style = normal
        text.font.size = Pt(8)
        text.paragraph_format.space_after = Pt(0)
        mark = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
        mark.font.superscript = True
        for name in ("Heading 1", "Heading 2", "Title"):
            styles[name].font.name = "Inter"

    # -- runs -----------------------------------------------------------------------------

    def marked(self, paragraph: Any, text: str, **style: bool) -> None:
        """Add plain text whose note marks become footnote calls."""
        at = 0
        for match in MARK_RE.finditer(text):
            if match.start() > at:
                self._run(paragraph, text[at : match.start()], **style)
            self.calls(paragraph, [int(n) for n in match.group(1).split(",")])
            at = match.end()
        if at < len(text):
            self._run(paragraph, text[at:], **style)

    def inline(self, paragraph: Any, text: str) -> None:
        """Add catalog Markdown, parsed as the HTML parses it: emphasis, links, note calls."""
        bold = italic = False
        link: str | None = None
        runs: list[Any] = []
        for token in markdown().parseInline(text)[0].children or ():
            kind = token.type
            if kind in ("strong_open", "strong_close"):
                bold = kind == "strong_open"
            elif kind in ("em_open", "em_close"):
                italic = kind == "em_open"
            elif kind == "link_open":
                link, runs = str(token.attrGet("href") or ""), []
            elif kind == "link_close":
                if link:
                    self._hyperlink(paragraph, link, runs)
                link = None
            else:
                words = " " if kind in ("softbreak", "hardbreak") else token.content
                before = len(paragraph.runs)
                self.marked(paragraph, words, bold=bold, italic=italic)
                if link is not None:
                    runs += paragraph.runs[before:]

    def calls(self, paragraph: Any, numbers: list[int]) -> None:
        """Add the calls of notes: a Word footnote the first time, its number after."""
        from docx.oxml import parse_xml

        for i, n in enumerate(numbers):
            if i:
                paragraph.add_run(",", style="Footnote Reference")
            run = paragraph.add_run(style="Footnote Reference")
            if n not in self.called:
                self.called.add(n)
                run._r.append(
                    parse_xml(
                        f'<w:footnoteReference xmlns:w="{W}" w:customMarkFollows="1" w:id="{n}"/>'
                    )
                )
            run._r.append(parse_xml(f'<w:t xmlns:w="{W}">{n}</w:t>'))

    def _run(self, paragraph: Any, text: str, bold: bool = False, italic: bool = False) -> None:
        run = paragraph.add_run(tie_text(text))
        run.bold = bold or None
        run.italic = italic or None

    def _hyperlink(self, paragraph: Any, href: str, runs: list[Any]) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        rid = paragraph.part.relate_to(href, HYPERLINK_REL, is_external=True)
        element = OxmlElement("w:hyperlink")
        element.set(qn("r:id"), rid)
        runs[0]._r.addprevious(element)
        for run in runs:
            element.append(run._r)

    # -- blocks ---------------------------------------------------------------------------

    def paragraph(self, style: str | None = None) -> Any:
        return self.word.add_paragraph(style=style)

    def heading(self, text: str, level: int) -> None:
        self.word.add_heading(curly(text), level)

    def masthead(self) -> None:
        doc, b = self.doc, self.doc.brief
        kind = KIND_LABELS[b.kind]
        if doc.topics:
            kind += " · " + ", ".join(t.label for t in doc.topics)
        # Capitals drawn, not typed: the words stay those of the other formats.
        run = self.paragraph().add_run(kind)
        run.bold = run.font.all_caps = True
        self.heading(b.title, 1)
        if doc.embargo is not None:
            p = self.paragraph()
            self._run(p, "Embargoed", bold=True)
            self._run(p, f" until {_when(doc)}: contains material released under embargo.")
        self.marked(self.paragraph(), curly(dateline(doc, marks=True)))
        if b.prepared_for:
            p = self.paragraph()
            self._run(p, "Prepared for: ", bold=True)
            self._run(p, curly(b.prepared_for))
        if b.participants:
            p = self.paragraph()
            self._run(p, participants_label(doc) + " ", bold=True)
            self.marked(p, participants(doc))
        from .document import off_record

        said = off_record(doc)
        if said:
            self._run(self.paragraph(), said)

    def body(self) -> None:
        doc = self.doc
        bottom, facts, quotes, points = HEADINGS[doc.brief.kind]
        if doc.summary:
            self.heading(bottom, 2)
            self.inline(self.paragraph(), doc.summary)
        for e in doc.charts:
            self.chart(e)
        if doc.facts:
            self.heading(facts, 2)
            for e in doc.facts:
                self.fact(e)
        if doc.quotes:
            self.heading(quotes, 2)
            for e in doc.quotes:
                self.quote(e)
        if doc.talking_points:
            self.heading(points, 2)
            for point in doc.talking_points:
                self.inline(self.paragraph("List Number"), point)

    def fact(self, e: Entry) -> None:
        assert isinstance(e.item, Fact)
        p = self.paragraph("List Bullet")
        if e.new:
            self._run(p, "New ", bold=True)
        if e.lead is not None:
            self._run(p, f"{short_date(e.lead)}: ", bold=True)
        self.inline(p, e.words)
        self.calls(p, list(e.notes))
        when = fact_when(e)
        if when:
            self._run(p, f" ({curly(when)})")

    def quote(self, e: Entry) -> None:
        q = e.item
        assert isinstance(q, Quote)
        self._run(self.paragraph("Quote"), f"“{curly(q.text)}”")
        p = self.paragraph()
        if e.new:
            self._run(p, "New ", bold=True)
        said = f"{byline(q.speaker, q.role)}, {short_date(q.date)}"
        if e.date_inferred:
            said += " (date inferred)"
        if e.ahead_of is not None:
            said += f", ahead of {short_date(e.ahead_of)}"
        if translation(q):
            said += f" ({translation(q)})"
        if q.context:
            said += f": {q.context}"
        self._run(p, curly(said))
        self.calls(p, list(e.notes))

    def chart(self, e: Entry) -> None:
        series = e.item
        assert isinstance(series, Series)
        self._run(self.paragraph(), curly(series.title), bold=True)
        table = self.word.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        head = table.rows[0].cells
        head[0].text = series.axis or ""
        head[1].text = series.unit[:1].upper() + series.unit[1:]
        for point in series.points:
            cells = table.add_row().cells
            cells[0].text = point.label
            cells[1].text = shown(point.value)
        p = self.paragraph("Caption")
        self._run(p, values_text(series))
        self.calls(p, list(e.notes))

    def foot(self) -> None:
        lines = clearance_lines(self.doc)
        if not lines:
            return
        p = self.paragraph()
        for i, line in enumerate(lines):
            run = p.add_run(line)
            if i < len(lines) - 1:
                run.add_break()

    def header_and_footer(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        section = self.word.sections[0]
        for part in (section.header, section.footer):
            p = part.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._run(p, self.doc.brief.handling, bold=True)

    def properties(self) -> None:
        doc, b = self.doc, self.doc.brief
        core = self.word.core_properties
        core.title = curly(b.title)
        core.subject = f"{KIND_LABELS[b.kind]}, {long_date(b.date)}"
        core.author = "briefgen"
        core.keywords = ", ".join(t.label for t in doc.topics)
        core.comments = "; ".join(clearance_lines(doc))
        core.last_modified_by = ""
        core.category = b.handling
        if doc.clearance is not None:
            core.content_status = {
                "cleared": "Cleared",
                "changed": "Not cleared (changed since cleared)",
                "not cleared": "Not cleared",
            }[doc.clearance.state]

    # -- the footnotes part ---------------------------------------------------------------

    def footnotes(self) -> None:
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from docx.oxml import parse_xml

        notes = "".join(self._footnote(n.number, note_parts(n.source)) for n in self.doc.notes)
        xml = f'<w:footnotes xmlns:w="{W}">{_SEPARATORS}{notes}</w:footnotes>'
        blob = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml.encode()
        package = self.word.part.package
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, blob, package)
        self.word.part.relate_to(part, FOOTNOTES_REL)
        # Word looks for the separators where the settings name them.
        settings = self.word.settings.element
        pr = parse_xml(
            f'<w:footnotePr xmlns:w="{W}"><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
            "</w:footnotePr>"
        )
        compat = settings.find(f"{{{W}}}compat")
        if compat is not None:
            compat.addprevious(pr)
        else:
            settings.append(pr)
        for preview in settings.findall(f"{{{W}}}savePreviewPicture"):
            settings.remove(preview)

    @staticmethod
    def _footnote(number: int, parts: list[tuple[str, str]]) -> str:
        runs = [
            f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t>{number}</w:t></w:r>'
        ]
        runs.append('<w:r><w:t xml:space="preserve"> </w:t></w:r>')
        for style, text in parts:
            if style == "title":
                text = f"“{curly(text)},” "
            elif style != "url":
                text = curly(text)
            italic = "<w:rPr><w:i/></w:rPr>" if style == "pub" else ""
            runs.append(f'<w:r>{italic}<w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r>')
        para = '<w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>' + "".join(runs)
        return f'<w:footnote w:id="{number}"><w:p>{para}</w:p></w:footnote>'


def _set_lang(rpr: Any, lang: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:lang")
    element.set(qn("w:val"), lang)
    rpr.append(element)


def _when(doc: Document) -> str:
    from ..dates import when

    if doc.embargo is None:
        return ""
    return when(doc.embargo) + (" (date inferred)" if doc.embargo_inferred else "")


def render_docx(doc: Document) -> bytes:
    """Render a Document to the bytes of a .docx file, the same for the same Document."""
    writer = _Writer(doc)
    writer.header_and_footer()
    writer.masthead()
    writer.body()
    writer.foot()
    writer.footnotes()
    writer.properties()
    _drop_thumbnail(writer.word)
    raw = io.BytesIO()
    writer.word.save(raw)
    return _reproducible(raw.getvalue())


def _drop_thumbnail(word: Any) -> None:
    """Leave out the template's preview picture: it shows python-docx's page, not the brief's."""
    rels = word.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == THUMBNAIL_REL:
            del rels[rid]


_CORE_TIMES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def _reproducible(data: bytes) -> bytes:
    """Rewrite the zip with a fixed time on every entry and no creation or change time."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = _CORE_TIMES.sub(b"", blob)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, blob)
    return out.getvalue()
