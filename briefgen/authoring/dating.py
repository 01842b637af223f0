"""A captured document's publication date: found by htmldate, then proved from the page itself.

htmldate (with `original_date`) reads a page's metadata, structured data and text for the
date it was first published. Taken alone it would also take, as measured on briefgen's
fixtures, a "View Date:" line, a "Last updated" line, an `article:modified_time` tag when no
other is there, a day it invents for "March 2024" (2024-01-01), and a date in a sentence
about an event. So before asking it, the page is stripped (in a copy) of every date a label
marks as something else (viewed, updated, modified, accessed, printed, in English and
Spanish), and after it answers, the answer is kept only when the page states that very day:
in a metadata tag, or in a line of text that is a dateline or labelled as the publication.
Otherwise there is no date, and capture asks for one instead of inventing it.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import html as lxml_html

from ..dates import read_moment

_NEGATIVE = re.compile(
    r"""(?ix)\b(?:
        (?:last\s+)?(?:updated|modified|revised|edited)(?:\s+(?:on|at))?
      | view(?:ed)?\s+(?:date|on)|viewed
      | (?:date\s+)?(?:accessed|retrieved|visited|captured|printed|downloaded|archived|crawled)
        (?:\s+on)?
      | actualizad[oa](?:\s+el)?|modificad[oa](?:\s+el)?|consultad[oa](?:\s+el)?
      | fecha\s+de\s+(?:consulta|acceso|actualizaci[oó]n|modificaci[oó]n)
    )\b\s*:?"""
)
_POSITIVE = re.compile(
    r"""(?ix)\b(?:
        (?:first\s+|originally\s+)?(?:published|posted|released|issued)
      | publication\s+date|date\s+published|dated
      | publicad[oa]|fecha\s+de\s+publicaci[oó]n|fecha
    )\b"""
)
# The words of a tag's name, or of an element's class, id or itemprop, that mark its date as
# other than the publication's (og:updated_time, dateModified, class="updated").
_OTHER_DATE_WORDS = frozenset(
    {
        "modified", "updated", "update", "revised", "revision", "lastmod", "lastmodified",
        "datemodified", "dateupdated", "lastupdated", "viewed", "viewdate", "accessed",
        "retrieved", "captured", "printed", "crawled",
    }
)  # fmt: skip
# A browser's print header: "12/4/26, 3:15 PM" at the top of a printed page.
_PRINT_STAMP = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?")
_JSON_OTHER = re.compile(r'"date(?:Modified|Updated|Created)"\s*:\s*"[^"]*"\s*,?')
_BLOCKS = (
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "section",
    "article", "aside", "time", "span", "td", "th", "dd", "dt", "br", "small", "address",
    "figcaption", "blockquote", "tr",
)  # fmt: skip

_MONTHS = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
    ("may", "may"), ("june", "jun"), ("july", "jul"), ("august", "aug"),
    ("september", "sept?"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
)  # fmt: skip
_MESES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre|setiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip
_LINE_MAX = 200  # a line longer than this is a paragraph, never a dateline


@dataclass(frozen=True)
class Dated:
    """A publication date and where the document states it, or why there is none."""

    day: dt.date | None
    where: str  # "the page's metadata (…)" or "the page's text: “…”"; "" when not found
    passed_over: tuple[str, ...] = ()  # dates seen and not taken, each with why
    # The moment of publication with its UTC offset, when the page's markup gives one for
    # the same day (`published_at`: a source of a meeting's own day, before or after it).
    moment: dt.datetime | None = None

    def note(self, of: str) -> str:
        """Say, for `date_note`, where the date came from and what was not taken."""
        said = f"Found by briefgen capture in {self.where}." if self.day else ""
        if not self.day:
            said = f"briefgen capture found no publication date in the {of}."
        if self.passed_over:
            said += " Not taken: " + "; ".join(self.passed_over) + "."
        return said


def date_page(tree: lxml_html.HtmlElement, of: str = "page") -> Dated:
    """Find the publication date of a saved web page, and where the page states it."""
    import htmldate

    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    work = copy.deepcopy(tree)
    passed = _strip_other_dates(work)
    guesses: list[str] = []  # htmldate's answers the page does not bear out: said if no date
    lines = _lines(work)
    for extensive in (False, True):
        # A tree, never a string: htmldate fetches a string that looks like an address.
        found = htmldate.find_date(work, original_date=True, extensive_search=extensive)
        day = _day(found)
        if day is None:
            continue
        where = (None if extensive else _in_markup(work, day)) or _in_text(lines, day, of)
        if where:
            return Dated(day, where, tuple(passed), _moment(tree, day))
        guesses.append(_unproved(day, lines))
    # htmldate reads English and numbers; a line labelled as the publication in another
    # language ("Publicado el 5 de mayo de 2025") is read by dateparser, on the same terms.
    for day, line in _labelled(lines):
        return Dated(day, f"the {of}'s text: “{_cut(line, 120)}”", tuple(passed))
    return Dated(None, "", tuple(dict.fromkeys(passed + guesses)))


def _labelled(lines: list[str]) -> Iterator[tuple[dt.date, str]]:
    """Yield each day a line labelled as the publication states, read by dateparser."""
    candidates = [line for line in lines if len(line) <= _LINE_MAX and _POSITIVE.search(line)]
    if not candidates:
        return
    from dateparser.search import search_dates

    settings = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    for line in candidates:
        for _, moment in search_dates(line, languages=["en", "es"], settings=settings) or ():
            day = moment.date()
            # Only a day the line states unambiguously: 12/06/2025 could be June or December.
            if any(found == line for found, _ in _stating([line], day)):
                yield day, line


def date_text(lines: Iterable[str]) -> Dated:
    """Find the publication date in a document's text lines (a PDF's first pages)."""
    rows = []
    passed: list[str] = []
    for line in lines:
        if _PRINT_STAMP.match(line):
            passed.append(f"“{_cut(line)}” (a print header: when the file was printed)")
            continue
        rows.append(line)
    body = "".join(f"<p>{html.escape(line)}</p>" for line in rows)
    dated = date_page(lxml_html.document_fromstring(f"<html><body>{body}</body></html>"), "PDF")
    return Dated(dated.day, dated.where, tuple(passed) + dated.passed_over)


# -- before htmldate: leave out what is labelled as another date ---------------------------


def _strip_other_dates(tree: lxml_html.HtmlElement) -> list[str]:
    """Remove, in place, the dates a page marks as other than its publication; say which."""
    passed: list[str] = []
    for el in list(tree.iter("script", "style", "noscript", "template")):
        if el.tag == "script" and "ld+json" in (el.get("type") or ""):
            el.text = _JSON_OTHER.sub("", el.text or "")
        else:
            _drop(el)
    for meta in list(tree.iter("meta")):
        name = " ".join(meta.get(a) or "" for a in ("name", "property", "itemprop", "http-equiv"))
        if _other_date(name):
            if re.search(r"\d{4}", meta.get("content") or ""):
                passed.append(
                    f"the page's {_attr(meta)} (an update or a visit, not the publication)"
                )
            _drop(meta)
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "head", "meta"):
            continue
        marks = " ".join(el.get(a) or "" for a in ("class", "id", "itemprop"))
        text = el.text_content() if len(el) < 8 else ""
        if _other_date(marks) and 0 < len(text.strip()) < 120:
            if re.search(r"\d{4}", text):
                passed.append(f"“{_cut(text)}” (marked as an update, not the publication)")
            _drop(el)
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("text", "tail"):
            value = getattr(el, attr)
            if value and _NEGATIVE.search(value):
                kept, cut = _cut_labelled(value)
                if cut:
                    passed += [f"“{_cut(c)}” (not the publication date)" for c in cut]
                    setattr(el, attr, kept)
    return passed


def _other_date(marks: str) -> bool:
    return not _OTHER_DATE_WORDS.isdisjoint(re.split(r"[^a-z0-9]+", marks.lower()))


def _cut_labelled(text: str) -> tuple[str, list[str]]:
    """Cut each run from an other-date label to the next publication label (or the end)."""
    kept, cut, at = [], [], 0
    for m in _NEGATIVE.finditer(text):
        if m.start() < at:
            continue
        kept.append(text[at : m.start()])
        nxt = _POSITIVE.search(text, m.end())
        stop = nxt.start() if nxt else len(text)
        run = text[m.start() : stop].strip(" |·•,;-\u2013\u2014")
        if re.search(r"\d", run):
            cut.append(run)
        at = stop
    kept.append(text[at:])
    return " ".join(k for k in kept if k.strip()), cut


def _drop(el: lxml_html.HtmlElement) -> None:
    """Remove an element but keep the text that follows it."""
    parent = el.getparent()
    if parent is not None:
        el.drop_tree()


def _attr(el: lxml_html.HtmlElement) -> str:
    """Name a meta tag as a reader would look for it: its property, name or itemprop."""
    return next(
        (el.get(a) for a in ("property", "name", "itemprop", "http-equiv") if el.get(a)), ""
    )


def _cut(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lines(tree: lxml_html.HtmlElement) -> list[str]:
    """Return the page's visible text, one block a line."""
    work = copy.deepcopy(tree)
    for el in work.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
    body = work.find("body")
    text = (body if body is not None else work).text_content()
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


# -- after htmldate: keep its answer only where the page states that day -------------------


def _day(found: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(found) if found else None
    except ValueError:
        return None


def _in_markup(tree: lxml_html.HtmlElement, day: dt.date) -> str | None:
    """Name the tag whose value is the day, if one is."""
    iso = day.isoformat()
    for meta in tree.iter("meta"):
        if (meta.get("content") or "").strip().startswith(iso):
            return f"the page's metadata ({_attr(meta)} {meta.get('content')})"
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("datetime", "content", "title"):
            if (el.get(attr) or "").strip().startswith(iso):
                return f"the page's markup (<{el.tag}> {attr} {el.get(attr)})"
    for script in tree.iter("script"):
        if "ld+json" in (script.get("type") or "") and re.search(
            rf'"datePublished"\s*:\s*"{iso}', script.text or ""
        ):
            return "the page's structured data (JSON-LD datePublished)"
    for link in tree.iter("link"):
        href = link.get("href") or ""
        if link.get("rel") == "canonical" and _url_day(href) == day:
            return f"the page's own address: {href}"
    return None


# Where a page gives the moment it was published, not only the day; and where it says it
# changed since.
_MOMENT_NAMES = ("article:published_time", "datepublished", "og:published_time", "pubdate")
_CHANGED_NAMES = (
    "article:modified_time", "og:updated_time", "datemodified", "dateupdated", "lastmod",
)  # fmt: skip


def _moment(tree: lxml_html.HtmlElement, day: dt.date) -> dt.datetime | None:
    """Return the publication moment the markup gives for `day`, with its UTC offset.

    Only a full time with an offset, on the same day as written (never converted), read as
    `check` reads published_at. None when the hour is a placeholder (midnight exactly), or
    when the page says it changed later: its words, the snapshot's, may then be of a later
    hour than the one it was first published at.
    """

    def values(names: tuple[str, ...]) -> list[str]:
        return [
            (el.get("content") or el.get("datetime") or "").strip()
            for el in tree.iter("meta", "time")
            if any((el.get(a) or "").lower() in names for a in ("property", "name", "itemprop"))
        ]

    found = [m for m in map(read_moment, values(_MOMENT_NAMES)) if m is not None]
    moment = next((m for m in found if m.date() == day), None)
    if moment is None or moment.time() == dt.time(0, 0):
        return None
    for value in values(_CHANGED_NAMES):
        changed = read_moment(value)
        later = changed > moment if changed is not None else value[:10] > day.isoformat()
        if later:
            return None
    return moment


def _url_day(url: str) -> dt.date | None:
    m = re.search(r"/((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)(?:/|-|$)", url)
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        return None


def day_patterns(day: dt.date) -> re.Pattern[str]:
    """Return a pattern of the ways a page writes this very day (never a month alone)."""
    y, m, d = day.year, day.month, day.day
    long, short = _MONTHS[m - 1]
    mes = _MESES[m - 1]
    dd = rf"0?{d}(?:st|nd|rd|th)?"
    ways = [
        rf"{y}-{m:02d}-{d:02d}",
        rf"{y}/{m:02d}/{d:02d}",
        rf"(?:{long}|{short}\.?)\s+{dd},?\s+{y}",
        rf"{dd}\s+(?:of\s+)?(?:{long}|{short}\.?),?\s+{y}",
        rf"0?{d}\s+de\s+(?:{mes})\s+(?:de|del)\s+{y}",
    ]
    if d > 12 or d == m:  # day-first or month-first reads the same only then
        ways += [rf"0?{m}/0?{d}/{y}", rf"0?{d}[/.]0?{m}[/.]{y}"]
    return re.compile(r"(?<![\w/])(?:" + "|".join(ways) + r")(?![\w/])", re.IGNORECASE)


def _in_text(lines: list[str], day: dt.date, of: str) -> str | None:
    """Quote the line stating the day, if it is a dateline or says it is the publication."""
    for line, _ in _stating(lines, day):
        return f"the {of}'s text: “{_cut(line, 120)}”"
    return None


def _stating(lines: list[str], day: dt.date) -> Iterator[tuple[str, re.Match[str]]]:
    pattern = day_patterns(day)
    for line in lines:
        for m in pattern.finditer(line):
            if _is_dateline(line, m):
                yield line, m


def _is_dateline(line: str, m: re.Match[str]) -> bool:
    """Tell a publication line ("Published May 5, 2025", a dateline) from a date in prose."""
    if len(line) > _LINE_MAX * 3:
        return False
    before, after = line[: m.start()], line[m.end() :]
    if _POSITIVE.search(before[-40:]):
        return True
    rest = re.sub(r"(?i)\bby\b[^|·•]*", "", before) + " " + after
    if len(re.findall(r"[^\W\d_]{2,}", rest)) <= 3 and len(line) <= _LINE_MAX:
        return True  # the date alone, or with a byline: a date line
    # A dateline opens a story: "MEXICO CITY, June 12, 2025 (AP) — …".
    return len(before) <= 40 and bool(re.match(r"\s*(?:\([^)]{1,20}\))?\s*[\u2014\u2013-]", after))


def _unproved(day: dt.date, lines: list[str]) -> str:
    pattern = day_patterns(day)
    in_prose = next((line for line in lines if pattern.search(line)), None)
    if in_prose:
        return f"{day.isoformat()} from “{_cut(in_prose)}” (a date in the text, not a dateline)"
    return f"{day.isoformat()} (htmldate's reading, a day the page does not state unambiguously)"
