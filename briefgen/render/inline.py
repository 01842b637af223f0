"""Catalog text and source notes rendered inline, to HTML and back to Markdown, from one parse."""

from __future__ import annotations

import re

import mdurl
from markupsafe import Markup, escape

from ..dates import long_date, short_date
from ..model import MARK_CLOSE, MARK_OPEN, MARK_RE, Entry, Fact, Quote, Source
from ..prose import language_name, markdown, names_claimant
from .typography import curly, keep_together

# What CommonMark, GitHub and pandoc read as structure anywhere in a line. "^": "[^1]" is a
# footnote call, even as a link's text ("[^1](…)"); "{" and "}": pandoc's attributes and raw
# output after a code span, a link or a heading ("`<script>`{=html}", "{onclick=…}"); "@":
# a pandoc citation ("@reporters") and GitHub's e-mail autolinks.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!^{}@])")
# A "$" that could close TeX math (pandoc, GitHub: "$x$"). A sum's "$" is followed by its
# digits, which no closing "$" may be, so "$840 billion" stays as written.
_MD_DOLLAR = re.compile(r"\$(?!\d)")
# GitHub links a bare address in text ("www.x.org", "https://x.org"); briefgen's HTML shows it
# as text, so the Markdown does too.
_MD_AUTOLINK = re.compile(r"(?i)\b(www)\.|\b([a-z][a-z0-9+.-]*):(?=//)")


def note_calls(numbers: str) -> Markup:
    """Render note numbers ("1,3") as one superscript of links to the notes."""
    if not numbers:
        return Markup("")
    links = ",".join(
        f'<a href="#note-{n}" role="doc-noteref" aria-label="note {n}">{n}</a>'
        for n in numbers.split(",")
    )
    return Markup(f'<sup class="call">{links}</sup>')


# A note call and the word before it: kept on one line, so a call never starts a line alone.
# At most a word's last 30 characters: a longer run (an address) must stay free to break.
_WORD_CALL_RE = re.compile(f"([^\\s<>]{{0,30}}){MARK_RE.pattern}")


def inline_html(text: str, notes: tuple[int, ...] = ()) -> Markup:
    """Render catalog Markdown to inline HTML, with note calls (marks, or `notes` at the end)."""
    if notes:
        text = f"{text}{MARK_OPEN}{','.join(map(str, notes))}{MARK_CLOSE}"
    html = markdown().renderInline(text)

    def call(match: re.Match[str]) -> str:
        word, sup = match.group(1), note_calls(match.group(2))
        return f'<span class="nowrap">{word}{sup}</span>' if word else str(sup)

    return Markup(_WORD_CALL_RE.sub(call, html))  # markdown-it escaped the text


def marked_html(text: str) -> Markup:
    """Render plain text that carries note marks (a dateline) to HTML with its note calls."""
    html = str(escape(curly(text)))

    def call(match: re.Match[str]) -> str:
        word, sup = match.group(1), note_calls(match.group(2))
        return f'<span class="nowrap">{word}{sup}</span>' if word else str(sup)

    return Markup(_WORD_CALL_RE.sub(call, html))


def md_marked(text: str) -> str:
    """Render plain text that carries note marks to Markdown, each mark a [^n] call."""
    return MARK_RE.sub(lambda m: "".join(f"[^{n}]" for n in m.group(1).split(",")), md_text(text))


def title_html(title: str) -> Markup:
    """Render a title whose last words stay on one line: never one word alone on the last."""
    head, tail = keep_together(title)
    if not head:
        return Markup(escape(tail))
    return Markup(f'{escape(head)} <span class="nowrap">{escape(tail)}</span>')


def md_text(text: str) -> str:
    """Escape plain text so that Markdown shows it as written (quote marks set), on one line."""
    return _md_line(_md_inline_escape(re.sub(r"\s+", " ", curly(str(text)))))


def _md_inline_escape(text: str) -> str:
    text = _MD_DOLLAR.sub(r"\\$", _MD_SPECIAL.sub(r"\\\1", text))
    return _MD_AUTOLINK.sub(lambda m: f"{m[1]}\\." if m[1] else f"{m[2]}\\:", text)


# Block syntax a line may start with: a list item, an ordered list ("1.", and pandoc's "a)",
# "iv.", "(b)", "(@)"), a setext underline, a pandoc definition or fenced div (":").
_MD_LEADING = re.compile(
    r"^(\d+|(?:[A-Za-z]|[ivxlcdm]{1,6}|[IVXLCDM]{1,6})(?=[.)](?:\s|$)))([.)])|^([-+=(:])"
)


def _md_line(text: str) -> str:
    """Keep escaped text from starting a block where a template puts it at a line's start."""
    return _MD_LEADING.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def _md_code(code: str) -> str:
    fence = "`" * (max((len(run) for run in re.findall("`+", code)), default=0) + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{pad}{code}{pad}{fence}"


_MD_PAIRS = {"em_open": "*", "em_close": "*", "strong_open": "**", "strong_close": "**"}


def inline_md(text: str) -> str:
    """Render catalog Markdown back to Markdown, as parsed for the HTML, with note marks as [^n].

    The text is parsed with the same inline-only rules as the HTML and written out again from
    its tokens, so both formats carry the same content: raw HTML, images, unsafe links and
    whatever would make a block (a heading, a list, a footnote definition) stay plain text.
    """
    out: list[str] = []
    hrefs: list[str] = []
    for token in markdown().parseInline(text)[0].children or ():
        if token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif token.type in _MD_PAIRS:
            out.append(_MD_PAIRS[token.type])
        elif token.type == "code_inline":
            out.append(_md_code(token.content))
        elif token.type == "link_open":
            # markdown-it has validated the target and percent-encoded it: no '<', '>' or space.
            hrefs.append(str(token.attrGet("href") or ""))
            out.append("[")
        elif token.type == "link_close":
            out.append(f"](<{hrefs.pop()}>)")
        else:  # text, and anything else the inline-only parser leaves: shown as written
            out.append(_md_inline_escape(token.content))
    joined = _md_line("".join(out))
    return MARK_RE.sub(lambda m: "".join(f"[^{n}]" for n in m.group(1).split(",")), joined)


def note_html(source: Source) -> Markup:
    """Render a source's note as HTML."""
    out = []
    for style, text in note_parts(source):
        if style == "title":
            out.append(f"“{escape(curly(text))},” ")
        elif style == "pub":
            out.append(f"<i>{escape(curly(text))}</i>")
        elif style == "url":
            out.append(f'<a href="{escape(mdurl.encode(text))}">{escape(text)}</a>')
        else:
            out.append(str(escape(curly(text))))
    return Markup("".join(out))


def note_md(source: Source) -> str:
    """Render a source's note as Markdown."""
    out = []
    for style, text in note_parts(source):
        if style == "title":
            out.append(f"“{md_text(text)},” ")
        elif style == "pub":
            out.append(f"*{md_text(text)}*")
        elif style == "url":
            # Percent-encoded, an address cannot close its autolink early ('>') or break it.
            out.append(f"<{mdurl.encode(text)}>")
        else:
            out.append(md_text(text))
    return "".join(out)


def claim_note(fact: Fact) -> str:
    """Return whose claim a fact is, when its text does not already say (else "")."""
    if fact.claimed_by and not names_claimant(fact.text, fact.claimed_by):
        return fact.claimed_by
    return ""


def fact_when(entry: Entry) -> str:
    """Return what follows a fact in brackets: whose claim, its date, whether it was inferred.

    Its date is not repeated when it leads the line; "" when there is nothing to say.
    """
    fact = entry.item
    assert isinstance(fact, Fact)
    parts = []
    claim = claim_note(fact)
    if claim:
        parts.append(f"per {claim}")
    if entry.lead is None:
        parts.append(short_date(fact.date))
    if entry.date_inferred:
        parts.append("date inferred")
    return ", ".join(parts)


def translation(quote: Quote) -> str:
    """Say that a quote is a translation, from what and by whom (else "")."""
    if quote.said_in and quote.said_in.split("-")[0].lower() == "en":
        return ""
    source = f" from {language_name(quote.said_in)}" if quote.said_in else ""
    by = f" by {quote.translated_by}" if quote.translated_by else ""
    return f"translated{source}{by}" if source or by else ""


def caption_notes(entry: Entry) -> tuple[str, str]:
    """Return what a quote's caption says in brackets: after its date, and after "ahead of".

    One bracket, not two run together: "Jun 12, 2025 (date inferred; translated from Spanish
    by …)". With an "ahead of" date between, each note stays beside what it is about.
    """
    quote = entry.item
    assert isinstance(quote, Quote)
    inferred = "date inferred" if entry.date_inferred else ""
    translated = translation(quote)
    if entry.ahead_of is None:
        return "; ".join(n for n in (inferred, translated) if n), ""
    return inferred, translated


def _publisher(name: str) -> list[tuple[str, str]]:
    """Set a publisher's name as such, and a note after it ("(inferred; …)") as plain text."""
    match = re.match(r"^(.*?)\s*(\([^()]*\))$", name)
    if not match or not match.group(1):
        return [("pub", name)]
    return [("pub", match.group(1)), ("", f" {match.group(2)}")]


def note_parts(source: Source) -> list[tuple[str, str]]:
    """Return a Chicago-style note as (style, text) runs; style is '', 'title' or 'pub'.

    News and analysis: Author, "Title," Publisher, Month D, YYYY, URL. A source with ground
    rules (`attribution`: a transcript, a statement, a report of officials briefing on
    background) says them, so a reader knows how it may be used; a snapshot that is only part
    of the work (a paywalled page) says "excerpt".
    """
    runs: list[tuple[str, str]] = []
    if source.author:
        runs.append(("", f"{source.author}, "))
    # A title in quotation marks is the document's own words; a document with none is
    # described, as Chicago has it, in plain words.
    runs.append(("", f"{source.title}, ") if source.untitled else ("title", source.title))
    if source.original_publisher:
        runs += [
            *_publisher(source.original_publisher),
            ("", ", republished by "),
            *_publisher(source.publisher),
        ]
    else:
        runs += _publisher(source.publisher)
    tail = f", {long_date(source.published)}"
    # A date worked out from the text (date_note) is not one the source prints: said so,
    # in the one bracket with the ground rules when there are both.
    said = ["date inferred"] if source.date_worked_out else []
    if source.attribution:
        said.append(source.attribution.rstrip("."))
    if said:
        tail += f" ({'; '.join(said)})"
    if source.excerpt:  # the snapshot is part of the work: a reader should know it
        tail += "; excerpt"
    if source.reliability != "high":
        tail += f"; reliability {source.reliability}"
    runs.append(("", tail))
    if source.url:
        runs += [("", ", "), ("url", source.url)]
    runs.append(("", "."))
    return runs
