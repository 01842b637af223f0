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
