"""What the words of content say, as far as a machine can tell: shared by checks and renderers.

Catalog text is inline Markdown (parsed one way, here); sentences end where a reader would end
them; a claimant is named when a name word, its initials or the whole name stands in a text;
a language tag has an English name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from markdown_it import MarkdownIt

_I = re.IGNORECASE
_SAFE_LINK = re.compile(r"^https?://", re.IGNORECASE)


def word_pattern(*phrases: str) -> re.Pattern[str]:
    """Compile phrases into one case-insensitive, whole-word pattern."""
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", _I)


@cache
def markdown() -> MarkdownIt:
    """Return the parser of catalog text: inline Markdown, nothing more.

    No raw HTML, no images, and links only to http(s), so no content field can pull a
    resource into a brief. Typographer for quote marks only: "straight" and 'straight' become
    curly, as the catalog's own typographic marks are, so a page never mixes the two.
    """
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.disable(["image", "html_inline", "autolink", "entity"])
    md.enable("smartquotes")
    md.validateLink = lambda url: bool(_SAFE_LINK.match(url))  # type: ignore[method-assign]
    return md


def plain(text: str) -> str:
    """Return catalog Markdown as the words a reader sees, on one line."""
    tokens = markdown().parseInline(text)[0].children or ()
    words = "".join(
        " " if t.type in ("softbreak", "hardbreak") else t.content
        for t in tokens
        if t.type in ("text", "code_inline", "softbreak", "hardbreak")
    )
    return " ".join(words.split())


# -- numbers ------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")


def numbers_in(text: str) -> set[str]:
    """Return the numbers written in digits, without thousands separators.

    Link targets count: a target that is no web address is shown as text, and one that is
    stands in the Markdown for the reader to see.
    """
    return {n.replace(",", "").rstrip(".") for n in _NUMBER_RE.findall(text)}


def number_text(value: float) -> str:
    """Write a value as numbers_in() reads one: digits, no separators."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def shown(value: float) -> str:
    """Write a value as a reader reads it: 301,981."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


# -- who is named ---------------------------------------------------------------------------

# Who can be a claimant, besides a name: the nouns reporters attribute to.
AGENTS = word_pattern(
    "official", "officials", "spokesman", "spokeswoman", "spokesperson", "organization",
    "association", "chamber", "paper", "report", "press", "government", "administration",
    "ministry", "department", "agency", "embassy",
)  # fmt: skip
# Capitalized words that name no one in particular.
NOT_NAMES = frozenset((
    "the", "a", "an", "and", "but", "in", "on", "at", "of", "to", "for", "as", "it", "he", "she",
    "they", "we", "i", "this", "that", "these", "those", "there", "here", "meanwhile", "speaking",
    "asked", "also", "however", "while", "after", "before", "when", "what",
    "u.s.", "us", "united", "states", "mexico", "mexican", "mexico's", "american", "america",
    "washington", "senior", "deputy", "former", "national", "mr", "mrs", "ms", "dr", "gov",
    "sen", "rep", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
))  # fmt: skip
TOKEN = re.compile(r"[A-Za-z][\w.'’-]*")


def name_words(window: str) -> set[str]:
    """Return the words of a phrase that could name a claimant, lowercased."""
    out = set()
    for tok in TOKEN.findall(window):
        word = tok.rstrip(".'’").lower()
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        # Two capitals are a name ("AP", "UN"); any other word so short is not.
        if word in NOT_NAMES or (len(word) < 3 and not (len(tok) == 2 and tok.isupper())):
            continue
        if tok[0].isupper() or AGENTS.fullmatch(word):
            out.add(word)
    return out


# Words of an office or a title, not of a name: "the Foreign Minister" and "Ministry of
# Foreign Affairs" share "Foreign", "the Secretary of State" and "Mexico's Secretary of
# Economy" share "Secretary", and neither pair is one person.
OFFICE_WORDS = frozenset((
    "president", "vice", "secretary", "minister", "ministry", "foreign", "affairs", "state",
    "under", "assistant", "undersecretary", "ambassador", "embassy", "chancellor", "envoy",
    "adviser", "advisor", "counselor", "director", "chief", "head", "general", "attorney",
    "governor", "mayor", "senator", "representative", "prime", "cabinet", "delegation",
    "office", "department", "agency", "government", "administration", "official",
    "officials", "spokesman", "spokeswoman", "spokesperson", "white", "house", "palace",
    "economy", "interior", "security", "homeland", "defense", "treasury", "commerce", "trade",
    "finance", "public", "citizen", "protection",
))  # fmt: skip


def person_words(text: str) -> set[str]:
    """Return the words of a phrase that name a person, not an office: "Landau", not "State"."""
    return name_words(text) - OFFICE_WORDS


def names_person(text: str, person: str) -> bool:
    """Say whether `text` names a person: a word of their name, or (an office) all of it."""
    words = person_words(person)
    if not words:
        return has_word(text, " ".join(person.split()))
    return any(has_word(text, w) for w in words)


def has_word(text: str, word: str) -> bool:
    """Say whether `word` stands in `text` as a whole word (or its possessive)."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?:'s|’s)?(?![\w-])", text, _I) is not None


def acronyms(claimant: str) -> set[str]:
    """Return the initials of each capitalized run of a claimant: "Associated Press" -> AP."""
    out = set()
    for part in re.split(r"[(),;]", claimant):
        caps = [t for t in TOKEN.findall(part) if t[0].isupper() and t.lower() not in NOT_NAMES]
        if len(caps) >= 2:
            out.add("".join(t[0] for t in caps))
    return out


def names_claimant(text: str, claimant: str) -> bool:
    """Say whether `text` already names `claimant`: a name word of it, its initials, or all."""
    words = name_words(claimant)
    if not words:
        return has_word(text, claimant.strip())
    if any(re.search(rf"(?<![\w-]){a}(?![\w-])", text) for a in acronyms(claimant)):
        return True
    return any(has_word(text, w) for w in words)


# -- sentences ------------------------------------------------------------------------------

_SENTENCE_END = re.compile(
    r"(?<!\bU\.S)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bGov)(?<!\bSt)(?<!\bSen)(?<!\bRep)"
    r"(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)(?<!\b[A-Z])[.!?][*_”\"’')\]]*\s+"
    r"(?=[*_“\"‘'(]*[A-Z0-9]|\[@)"
)


def sentences(text: str) -> list[str]:
    """Split Markdown prose into sentences; a citation after a full stop joins the one before."""
    text = text.strip()
    cuts = [m.end() for m in _SENTENCE_END.finditer(text)]
    parts = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    out: list[str] = []
    for part in filter(None, parts):
        lead = re.match(r"(?:\s*\[@[^\]]+\])+", part)
        if out and lead:
            out[-1] += " " + lead.group(0).strip()
            part = part[lead.end() :].strip()
            if not part:
                continue
        out.append(part)
    return out


# -- languages ------------------------------------------------------------------------------

LANGUAGES: Mapping[str, str] = {
    "es": "Spanish",
    "en": "English",
    "fr": "French",
    "pt": "Portuguese",
    "de": "German",
    "it": "Italian",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "ar": "Arabic",
    "ru": "Russian",
    "uk": "Ukrainian",
    "ht": "Haitian Creole",
    "nah": "Nahuatl",
}


def language_name(code: str) -> str:
    """Return the English name of a language tag ("es-MX" -> Spanish), or the tag."""
    return LANGUAGES.get(code.split("-")[0].lower(), code)


# -- claimants as a sentence names them -------------------------------------------------------

# Nouns that name an institution: "the White House", "the Associated Press".
_INSTITUTIONS = frozenset((
    "house", "department", "ministry", "government", "administration", "press", "embassy",
    "agency", "office", "secretariat", "council", "chamber", "association", "organization",
    "organisation", "commission", "service", "patrol", "bank", "institute", "center", "centre",
    "foundation", "treasury", "pentagon", "senate", "congress", "army", "navy", "guard",
    "court", "party", "union", "federation", "committee", "network", "times", "post",
    "journal", "guardian", "economist", "presidency", "cabinet", "board", "bureau",
    "authority", "states", "nations", "palace", "paper", "report", "study", "analysis",
    "statement", "readout", "article", "memo", "survey", "call", "briefing",
))  # fmt: skip
# Singular nouns for one unnamed person: "a senior administration official".
_PERSONS = frozenset((
    "official", "spokesman", "spokeswoman", "spokesperson", "source", "aide", "diplomat",
    "adviser", "advisor", "analyst", "negotiator", "leader", "officer", "lawmaker", "member",
    "reporter", "expert", "person", "participant", "witness", "agent",
))  # fmt: skip
# First words that make a common noun phrase, not a name: "Senior administration officials".
_COMMON_LEADS = frozenset((
    "senior", "top", "former", "officials", "official", "mayors", "reporters", "analysts",
    "sources", "experts", "aides", "diplomats", "negotiators", "businesses", "leaders",
    "several", "some", "two", "three", "many", "most", "other", "local", "federal", "state",
))  # fmt: skip


def claimant_phrase(claimant: str) -> str:
    """Return a claimant as a noun phrase a sentence can hold: "the White House (John Kirby)".

    An institution takes "the", one unnamed person "a", a name or a plural nothing; a common
    noun phrase ("Senior administration officials") starts in lower case.
    """
    text = " ".join(claimant.split())
    head = re.split(r"\s*[(;,]", text, maxsplit=1)[0]
    words = head.split()
    if not words:
        return text
    if words[0].lower() in ("the", "a", "an") or words[0].endswith(("'s", "’s")):
        return text[0].lower() + text[1:] if words[0] in ("The", "A", "An") else text
    if words[0].lower() in _COMMON_LEADS:
        text = text[0].lower() + text[1:]
    last = words[-1].lower().strip(".,")
    first_of = len(words) > 2 and words[1] == "of" and words[0].lower() in _INSTITUTIONS
    if last in _PERSONS:
        return f"{_article(words[0])} {text}"
    if last in _INSTITUTIONS or first_of or head in ("U.S.", "United States"):
        return f"the {text}"
    return text


def _article(word: str) -> str:
    """Return "a" or "an" for the sound a word starts with: "a U.S. official", "an FBI agent"."""
    lower = word.lower()
    if re.match(r"[A-Z](?:\.?[A-Z])+\.?$", word):  # an initialism, said letter by letter
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    if lower.startswith(("uni", "use", "usu", "eu", "one", "u.")):
        return "a"
    return "an" if lower[:1] in tuple("aeiou") else "a"


def according_to(claimant: str) -> str:
    """Return "According to …, …" for a claimant: English for any name, office or group."""
    return f"According to {claimant_phrase(claimant)}, …"
