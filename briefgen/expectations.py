"""Expectations in content, and their past: what a brief says once the expected day has gone.

An expectation ("is expected to", "will", "plans to", "is scheduled to", "upcoming") expires on
the day of the event. The vocabulary is closed: each form has its past ("was expected to",
"would", "planned to"), so that a brief past that day never says it in the present tense. A
form with no past here ("shall", "'ll") is refused by `check`, never guessed. Just past 400
lines: every form and its past are listed here together, so that none is without the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .timewords import WEEKDAYS

_I = re.IGNORECASE

Turn = Callable[[re.Match[str], str], "str | None"]


@dataclass(frozen=True, slots=True)
class Form:
    """One form of expectation: how to find it and how to say it in the past.

    `turn(match, text)` returns the words in the past, or None when the form has none here
    (`check` refuses it rather than guess). A quote reports an expectation only by a strong
    form: "will" in speech is as often a vow as a forecast.
    """

    name: str
    pattern: re.Pattern[str]
    turn: Turn
    strong: bool = True
    applies: Callable[[re.Match[str], str], bool] = lambda m, text: True
    # Words one of which its every match holds (lowercased): a text without any is not
    # searched, which keeps a check of 100,000 facts quick.
    words: tuple[str, ...] = ()
    gate: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # One search in C, not a loop of substring tests in Python.
        object.__setattr__(self, "gate", re.compile("|".join(map(re.escape, self.words))))


def _case_like(m: re.Match[str], new: str) -> str:
    return new[:1].upper() + new[1:] if m.group(0)[:1].isupper() else new


def _word_before(text: str, at: int) -> str:
    m = re.search(r"([\w'’-]+)\s+$", text[:at])
    return m.group(1).lower() if m else ""


def _word_after(text: str, at: int) -> str:
    m = re.match(r"\s+([\w'’-]+)", text[at:])
    return m.group(1) if m else ""


def _pattern(regex: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-]){regex}(?![\w'’-])", _I)


def _fixed(past: str) -> Turn:
    return lambda m, text: _case_like(m, m.expand(past))


_BE = {"is": "was", "are": "were", "am": "was"}
_PAST = {
    "plans": "planned", "plan": "planned", "intends": "intended", "intend": "intended",
    "aims": "aimed", "aim": "aimed", "hopes": "hoped", "hope": "hoped", "expects": "expected",
    "expect": "expected", "anticipates": "anticipated", "anticipate": "anticipated",
}  # fmt: skip
# Words before "plan", "hope" or "will" that make it a noun ("a plan to", "political will").
_NOUN_BEFORE = frozenset((
    "a", "an", "the", "its", "their", "his", "her", "our", "your", "my", "no", "new", "this",
    "that", "political", "good", "ill", "free", "own", "of", "whose",
))  # fmt: skip
# Words before a verb that already carry its tense or mood: "would expect", "did not plan".
_TENSED_BEFORE = frozenset((
    "to", "not", "do", "does", "did", "will", "would", "may", "might", "could", "can",
    "should", "must", "and", "or",
))  # fmt: skip


def _be_state(m: re.Match[str], text: str) -> str:
    return _case_like(m, _BE[m.group(1).lower()] + m.group(0)[len(m.group(1)) :])


def _verb(m: re.Match[str], text: str) -> str:
    if _word_before(text, m.start()) in _TENSED_BEFORE:
        return m.group(0)
    word = m.group(1)
    return _case_like(m, _PAST[word.lower()] + m.group(0)[len(word) :])


def _not_a_noun(m: re.Match[str], text: str) -> bool:
    return _word_before(text, m.start()) not in _NOUN_BEFORE


def _next(m: re.Match[str], text: str) -> str:
    rest = m.group(0)[len(m.group(1)) :]
    if _word_before(text, m.start()) == "the":
        return f"following{rest}"
    return _case_like(m, f"the following{rest}")


def _judgement(m: re.Match[str], text: str) -> bool:
    """Say whether "is likely to" forecasts an event, not judges a state ("to be preferable").

    "Is likely to be held" expects an event; "is likely to be preferable" weighs one option
    against another, and has no day to expect.
    """
    if not re.search(r"likely\s+to$", m.group(0), _I):
        return True
    after = re.match(r"\s+be\s+([\w'’-]+)", text[m.end() :], _I)
    if after is None:
        return True
    word = after.group(1).lower()
    return word.endswith(("ed", "en")) or word in _PARTICIPLES


# Past participles not ending in -ed or -en: "is likely to be held" is an event.
_PARTICIPLES = frozenset((
    "held", "made", "met", "sent", "set", "put", "struck", "won", "lost", "built", "cut",
    "paid", "sold", "brought", "bought", "taught", "kept", "left", "led", "read", "run",
    "shut", "sought", "spent", "told", "thrown", "hit", "laid", "found", "done", "begun",
))  # fmt: skip
# Words after which a "will" or "would" asks or supposes, and expects nothing: "asked whether
# the U.S. would make demands", "if tariffs rose, prices would".
_ASKS = re.compile(r"(?<![\w'’-])(?:whether|if|unless)(?![\w'’-])", _I)
# A "will" under a condition still expects ("if talks go well, Mexico will sign"); under a
# question ("asked whether", "asked if") it does not.
_QUESTION = re.compile(
    r"(?<![\w'’-])(?:whether|(?:ask|asks|asked|asking|wonder|wonders|wondered)\b.*\bif)"
    r"(?![\w'’-])",
    _I,
)
_AFTER_ASKS = re.compile(r"(?<![\w'’-])(?:if|unless)(?![\w'’-])", _I)
# The words that end a clause before a modal: what asked or supposed before them is done.
_CLAUSE_END = re.compile(r"[.;:!?]|\b(?:and|but)\s+(?:that|said|says)\b", _I)


def _expects(m: re.Match[str], text: str) -> bool:
    """Say whether a "will" or "would" expects an event, not asks, supposes or qualifies one.

    Not when it is in a reported question ("asked whether X would", "asked if X will"), when
    a "would" is under a condition ("if X, Y would", "Y would, unless X"), in a relative
    clause that says what a thing would do ("tariffs, which would raise costs", "a deal
    that would remove"), or of the past that was not ("would have").
    """
    would = m.group(0).lower() == "would"
    clause = _CLAUSE_END.split(text[: m.start()])[-1]
    if (_ASKS if would else _QUESTION).search(clause):
        return False
    if _word_before(text, m.start()) in ("which", "that", "who"):
        return False
    after = _word_after(text, m.end()).lower()
    if after in ("have", "’ve", "'ve"):
        return False
    rest = _CLAUSE_END.split(text[m.end() :])[0]
    return not (would and _AFTER_ASKS.search(rest))


def _modal_will(m: re.Match[str], text: str) -> bool:
    after = _word_after(text, m.end())
    return (
        bool(after)
        and after[0].islower()
        and after != "to"
        and _word_before(text, m.start()) not in _NOUN_BEFORE
        and _expects(m, text)
    )


_STATES = "expected|scheduled|set|due|slated|poised|likely|planning|preparing|going|about"
_ANNOUNCED = "for|on|in|at|this|next|by|later|soon|to"

FORMS: tuple[Form, ...] = (
    Form(
        "is expected to",
        _pattern(rf"(is|are|am)\s+(?:not\s+)?(?:also\s+|still\s+|now\s+)?(?:{_STATES})\s+to"),
        _be_state,
        applies=_judgement,
        words=tuple(_STATES.split("|")),
    ),
    Form(
        "is expected",
        _pattern(
            r"(is|are)\s+(?:not\s+)?(?:expected|scheduled|planned|set|slated|due)"
            rf"(?=\s+(?:{_ANNOUNCED})\b|\s*[.,;:]|$)"
        ),
        _be_state,
        words=("expected", "scheduled", "planned", "set", "slated", "due"),
    ),
    Form("is to", _pattern(r"(is|are)\s+to(?=\s+[a-z]+\b)"), _be_state, words=("is to", "are to")),
    Form(
        "plans to",
        _pattern(r"(plans|intends|aims|hopes)\s+to"),
        _verb,
        words=("plans", "intends", "aims", "hopes"),
    ),
    Form(
        "expects",
        _pattern(r"(expects|anticipates)"),
        _verb,
        words=("expects", "anticipates"),
    ),
    Form(
        "plan to",
        _pattern(r"(plan|intend|aim|hope)\s+to"),
        _verb,
        applies=_not_a_noun,
        words=("plan", "intend", "aim", "hope"),
    ),
    Form(
        "expect",
        _pattern(r"(expect|anticipate)"),
        _verb,
        applies=_not_a_noun,
        words=("expect", "anticipate"),
    ),
    Form("upcoming", _pattern(r"upcoming"), _fixed("then-upcoming"), words=("upcoming",)),
    Form(
        "next week",
        _pattern(r"(next)\s+(?:week|weekend|month|year|" + "|".join(WEEKDAYS) + ")"),
        _next,
        words=("next",),
    ),
    Form("tomorrow", _pattern(r"tomorrow"), _fixed("the next day"), words=("tomorrow",)),
    Form(
        "later this week",
        _pattern(r"(later|earlier)\s+this\s+(week|month|year)"),
        _fixed(r"\1 that \2"),
        words=("this",),
    ),
    Form(
        "will",
        _pattern(r"will"),
        _fixed("would"),
        strong=False,
        applies=_modal_will,
        words=("will",),
    ),
    Form(
        "won't",
        _pattern(r"won['’]t"),
        _fixed("wouldn’t"),
        strong=False,
        applies=_expects,
        words=("won",),
    ),
    Form(
        "would",
        _pattern(r"would"),
        lambda m, text: m.group(0),
        strong=False,
        applies=_expects,
        words=("would",),
    ),
    Form("shall", _pattern(r"shall"), lambda m, text: None, strong=False, words=("shall",)),
    Form(
        "'ll",
        re.compile(r"(?<=\w)['’]ll(?![\w'’-])", _I),
        lambda m, text: None,
        strong=False,
        words=("ll",),
    ),
    Form("gonna", _pattern(r"gonna"), lambda m, text: None, strong=False, words=("gonna",)),
)
# Reporting verbs before an expectation go into the past with it: "officials say X will"
# becomes "officials said X would", and "the press reports X will" "the press reported X
# would". They are the present tenses of the reporting families the claim check reads
# (checks/vocabulary.py; tests/test_vocabulary.py holds the two lists together), and no
# expectation of their own ("expects" is one, and turns as one).
_REPORTED = {
    # speech
    "says": "said", "say": "said", "tells": "told", "tell": "told", "explains": "explained",
    "explain": "explained", "notes": "noted", "note": "noted", "points out": "pointed out",
    "point out": "pointed out", "states": "stated", "state": "stated", "declares": "declared",
    "declare": "declared", "announces": "announced", "announce": "announced",
    "writes": "wrote", "write": "wrote",
    # claim
    "claims": "claimed", "claim": "claimed", "alleges": "alleged", "allege": "alleged",
    "contends": "contended", "contend": "contended", "maintains": "maintained",
    "maintain": "maintained", "insists": "insisted", "insist": "insisted",
    "argues": "argued", "argue": "argued", "asserts": "asserted", "assert": "asserted",
    "accuses": "accused", "accuse": "accused",
    # disclosure
    "reveals": "revealed", "reveal": "revealed", "discloses": "disclosed",
    "disclose": "disclosed", "confirms": "confirmed", "confirm": "confirmed",
    "acknowledges": "acknowledged", "acknowledge": "acknowledged", "admits": "admitted",
    "admit": "admitted", "concedes": "conceded", "concede": "conceded", "denies": "denied",
    "deny": "denied",
    # emphasis
    "emphasizes": "emphasized", "emphasize": "emphasized", "emphasises": "emphasised",
    "stresses": "stressed", "stress": "stressed", "warns": "warned", "warn": "warned",
    # estimate
    "estimates": "estimated", "estimate": "estimated", "projects": "projected",
    "project": "projected", "predicts": "predicted", "predict": "predicted",
    "forecasts": "forecast", "calculates": "calculated", "calculate": "calculated",
    # belief
    "believes": "believed", "believe": "believed", "thinks": "thought", "think": "thought",
    "considers": "considered", "consider": "considered", "fears": "feared", "fear": "feared",
    "describes": "described", "describe": "described", "suggests": "suggested",
    "suggest": "suggested",
    # report, and the words by which a text attributes
    "reports": "reported", "report": "reported", "judges": "judged", "judge": "judged",
    "finds": "found", "find": "found", "proposes": "proposed", "propose": "proposed",
    "calls": "called",
}  # fmt: skip
_REPORTING = _pattern(
    "(" + "|".join(sorted(map(re.escape, _REPORTED), key=len, reverse=True)) + ")"
)
# Many of them are nouns too ("reports say", "the estimates of", "two claims"): one is a verb
# here only after a word that can be its subject and before one that cannot be its verb.
_NOT_SUBJECT = _NOUN_BEFORE | _TENSED_BEFORE | frozenset((
    "some", "many", "several", "few", "most", "all", "both", "such", "any", "these", "those",
    "other", "earlier", "recent", "latest", "previous", "initial", "two", "three", "four",
    "five",
))  # fmt: skip
_NOT_AFTER_VERB = frozenset((
    "say", "says", "said", "suggest", "suggests", "suggested", "show", "shows", "showed",
    "indicate", "indicates", "indicated", "put", "is", "are", "was", "were", "has", "have",
    "had", "will", "would", "could", "may", "might", "can", "should", "of", "by",
))  # fmt: skip


def expectations(text: str, *, quote: bool = False) -> list[tuple[re.Match[str], Form]]:
    """Return the expectation forms in a text, in reading order (a quote's strong ones only)."""
    found: list[tuple[re.Match[str], Form]] = []
    lower = " ".join(text.lower().split())
    for form in FORMS:
        if quote and not form.strong:
            continue
        if form.words and not form.gate.search(lower):
            continue
        found += [(m, form) for m in form.pattern.finditer(text) if form.applies(m, text)]
    found.sort(key=lambda pair: (pair[0].start(), -pair[0].end()))
    out: list[tuple[re.Match[str], Form]] = []
    for m, form in found:
        if out and m.start() < out[-1][0].end():
            continue  # "is expected to" holds "expected": one form, not two
        out.append((m, form))
    return out


# An expectation already reported in the past ("said they expected talks", "were set to",
# "was “very probable”", "planned to", "would … if finalized"): nothing to turn, and a brief
# after its day reads it as written. A "would" under a condition expects nothing by itself,
# but with `expected:` its author says it does.
_SAID_BEFORE = _pattern(
    r"(?:was|were|had\s+been)\s+(?:not\s+)?(?:also\s+|still\s+)?[“\"‘']?"
    r"(?:(?:very|highly|most|more|less|quite|not)\s+)?"
    rf"(?:{_STATES}|planned|unlikely|probable|improbable|possible|certain|imminent)"
    r"|(?:expected|anticipated|planned|intended|hoped|aimed|predicted|forecast|projected)"
    r"|then-upcoming|would"
)


def worded_in_the_past(text: str) -> bool:
    """Say whether a text reports an expectation in the past tense ("said they expected")."""
    return bool(_SAID_BEFORE.search(text))


def unturnable(text: str) -> list[str]:
    """Return the expectation forms of a text that have no past here ('shall', "'ll")."""
    return [m.group(0) for m, form in expectations(text) if form.turn(m, text) is None]


def _reporting_verb(m: re.Match[str], text: str) -> bool:
    """Say whether a reporting word is a verb in the present here, not a noun or a tensed verb."""
    before = _word_before(text, m.start())
    if not before or before in _NOT_SUBJECT:
        return False  # "Reports say", "the claims", "did not say", "which says"
    return _word_after(text, m.end()).lower() not in _NOT_AFTER_VERB


def in_the_past(text: str) -> str | None:
    """Return the text with each expectation form put in the past, or None if it cannot be.

    None when a form has no past here, or when the text holds no form at all (there is
    nothing to turn, and the words would stay in the present tense); a text that already
    reports its expectation in the past ("said they expected") is its own past. Reporting
    verbs ("says") go into the past with them.
    """
    found = expectations(text)
    if not found:
        return text if worded_in_the_past(text) else None
    spans: list[tuple[int, int, str]] = []
    for m, form in found:
        past = form.turn(m, text)
        if past is None:
            return None
        spans.append((m.start(), m.end(), past))
    first = found[0][0].start()
    for m in _REPORTING.finditer(text, 0, first):
        if _reporting_verb(m, text):
            said = _REPORTED[" ".join(m.group(1).lower().split())]
            spans.append((m.start(), m.end(), _case_like(m, said)))
    spans.sort()
    out, at = [], 0
    for start, end, past in spans:
        out += [text[at:start], past]
        at = end
    out.append(text[at:])
    return "".join(out)
