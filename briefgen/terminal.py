"""Text from content, made safe to print: no escape codes, no forged lines, no hidden marks.

Titles, ids, file names and values come from a catalog anyone may have written. Printed raw,
an ANSI or OSC escape can recolour, retitle or rewrite a terminal, a bidi override can show
a line in another order than it reads, and a newline can forge a line of output. Every line
briefgen prints goes through `printable`.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls (tab and newline are decided by the caller), DEL, and the bidi controls
# that reorder what a terminal shows (Trojan Source, CVE-2021-42574).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_LINE = re.compile(f"[\n\t]|{_UNSAFE.pattern}")


def _shown(match: re.Match[str]) -> str:
    ch = match.group()
    return {"\n": "\\n", "\t": "\\t", "\x1b": "\\e"}.get(ch, f"\\u{ord(ch):04x}")


def printable(text: object, *, one_line: bool = False) -> str:
    r"""Return text with every control character shown as an escape such as \e or \u0007.

    With `one_line`, newlines and tabs are escaped too: for a value inside a message, where a
    newline would start a line the reader takes for briefgen's own.
    """
    pattern = _UNSAFE_LINE if one_line else _UNSAFE
    return pattern.sub(_shown, str(text))


# Characters a content field may not hold: controls (other than tab, newline and the carriage
# return of Windows line ends); Unicode's private-use areas, where the renderer keeps its own
# note-call marks (an invisible one pasted from the web could forge a footnote); and the bidi
# embeddings, overrides and isolates, which show a quote or a figure in another order than
# its source has it (the plain marks U+200E/U+200F/U+061C reorder nothing and stay allowed);
# Unicode's noncharacters and lone surrogates (a YAML escape such as "\\uFFFE" or "\\uD800"),
# which no document holds and XML (a Word file) cannot.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0xF0000, 0x10000)
)
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
    f"\ue000-\uf8ff\U000f0000-\U0010ffff\ud800-\udfff{_NONCHARACTERS}]"
)
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ODD = re.compile(f"[{_NONCHARACTERS}]")


def forbidden_character(text: str) -> str | None:
    """Describe the first character content may not hold, e.g. 'U+E000 (private use)'."""
    found = find_forbidden(text)
    return found[1] if found else None


def find_forbidden(text: str) -> tuple[int, str] | None:
    """Return the offset and description of the first character content may not hold."""
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    ch = match.group()
    if unicodedata.category(ch) == "Cc":
        kind = "a control character"
    elif _BIDI.match(ch):
        kind = "a bidirectional override, which reorders the text around it"
    elif "\ud800" <= ch <= "\udfff":
        kind = "a lone surrogate"
    elif _ODD.match(ch):
        kind = "a noncharacter"
    else:
        kind = "private use"
    return match.start(), f"U+{ord(ch):04X} ({kind})"
