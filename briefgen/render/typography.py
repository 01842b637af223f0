"""Typographic care for what the reader sees: curly quotes, titles that break well, bylines."""

from __future__ import annotations

import re

# A quote mark opens after the start, a space, an opening bracket or a dash; else it closes.
_OPENS_AFTER = r"(^|[\s(\[{\u2014\u2013/-])"
_DOUBLE_OPEN = re.compile(_OPENS_AFTER + '"')
_SINGLE_OPEN = re.compile(_OPENS_AFTER + "'(?=\\w)")


def curly(value: object) -> str:
    """Set straight quote marks as typographic ones, the way the rendered Markdown does.

    An apostrophe is a closing single quote (Mexico’s, ’90s after a space is rare enough to
    read as an opening quote and is left to the catalog's own marks). A record is set as it
    reads (a participant as its name), so that a project's own templates written for text
    keep working.
    """
    text = value if isinstance(value, str) else str(value)
    if '"' not in text and "'" not in text:
        return text
    text = _DOUBLE_OPEN.sub("\\1\u201c", text).replace('"', "\u201d")
    return _SINGLE_OPEN.sub("\\1\u2018", text).replace("'", "\u2019")


# A title's last line keeps at least this much of it, so that no word stands there alone.
_TAIL_CHARS = 16
_TAIL_MAX = 28


def keep_together(title: str) -> tuple[str, str]:
    """Split a title into its head and the last words to keep on one line together.

    WeasyPrint has no `text-wrap: balance`; keeping the tail together gives the last line two
    or more words wherever the title breaks, on paper and on a phone.
    """
    words = title.split()
    if len(words) < 3:
        return "", title
    tail = [words.pop()]
    while words and len(" ".join(tail)) < _TAIL_CHARS:
        if len(" ".join([words[-1], *tail])) > _TAIL_MAX:
            break
        tail.insert(0, words.pop())
    if len(tail) == 1 and words:  # one long last word: bind the one before it all the same
        tail.insert(0, words.pop())
    return " ".join(words), " ".join(tail)


def byline(speaker: str, role: str) -> str:
    """Join a speaker and a role without saying the same words twice.

    "Senior administration official" with "U.S. administration official (background press
    call)" reads "Senior U.S. administration official (background press call)".
    """
    main, paren = role, ""
    match = re.match(r"^(.*?)\s*(\([^()]*\))$", role)
    if match:
        main, paren = match.group(1), match.group(2)
    said, held = speaker.split(), main.split()
    shared = 0
    while shared < min(len(said), len(held)) and said[-1 - shared].lower().strip(",") == held[
        -1 - shared
    ].lower().strip(","):
        shared += 1
    if not shared:
        return f"{speaker}, {role}"
    merged = [*said[: len(said) - shared], *held[: len(held) - shared], *said[len(said) - shared :]]
    # Keep the speaker's words first: "Senior" before "U.S.", never dropped.
    return " ".join(merged) + (f" {paren}" if paren else "")


# -- where a line may not break -------------------------------------------------------------

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# A month and its day: "June 12", "Jun. 9".
_MONTH_DAY = re.compile(rf"\b((?:{_MONTHS})\.?) (\d{{1,2}})\b")
# A number and its unit or scale: "90 days", "1.2 billion", "9 percent", "5:30 p.m.".
_UNITS = (
    "percent|per cent|percentage points?|seconds?|minutes?|hours?|days?|weeks?|months?|years?|"
    "miles?|kilometers?|km|meters?|feet|tons?|tonnes?|pounds?|kilograms?|kg|barrels?|"
    "dollars?|pesos?|thousand|million|billion|trillion|a\\.m\\.|p\\.m\\."
)
_NUMBER_UNIT = re.compile(rf"(\d[\d,.:]*) ({_UNITS})(?![\w])")
# "U.S.-Mexico", "Mexico-U.S.", "U.S.-Mexican": one word on the page.
_COMPOUND = re.compile(
    r"\b(U\.S\.-Mexic(?:o|an)|Mexic(?:o|an)-U\.S\.|US-Mexico|Mexico-US)(?![\w-])"
)
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
NBSP = "\u00a0"


def tie(text: str) -> str:
    """Keep together what a line must not part: a month and its day, a number and its unit.

    Plain text in, plain text out, the spaces made no-break spaces.
    """
    text = _MONTH_DAY.sub(rf"\1{NBSP}\2", text)
    return _NUMBER_UNIT.sub(rf"\1{NBSP}\2", text)


def tie_text(text: str) -> str:
    """Tie plain text for a format without spans (Word): "U.S.-Mexico" with a no-break hyphen."""
    return _COMPOUND.sub(lambda m: m.group(1).replace("-", "\u2011"), tie(text))


def tie_html(html: str) -> str:
    """Tie the text of an HTML page (not its tags, styles or head): see `tie`.

    "U.S.-Mexico" and its kin are kept on one line as a whole, since a hyphen is where a
    browser or WeasyPrint would otherwise break it.
    """
    head_end = html.find("</head>")
    head, body = (html[:head_end], html[head_end:]) if head_end >= 0 else ("", html)
    parts = _TAG_OR_TEXT.split(body)
    drawing = 0  # inside a chart's SVG: its text is laid out by matplotlib, and a span there
    for i, part in enumerate(parts):  # would not be SVG
        if i % 2:  # a tag
            if part.startswith("<svg"):
                drawing += 1
            elif part.startswith("</svg"):
                drawing -= 1
        elif part and not drawing:
            parts[i] = _COMPOUND.sub(r'<span class="nowrap">\1</span>', tie(part))
    return head + "".join(parts)
