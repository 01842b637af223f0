"""`briefgen new topic`, and the topic names `new fact` and `new quote` take, checked.

Topics live in sources.yaml alone (`topics:`, a mapping of key to label and aliases). A new
topic is appended to that mapping in the indentation the file uses, the rest of the file
left byte for byte; a fact or quote named with a topic the vocabulary lacks is refused with
the closest known names, before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..catalog.load import CATALOG_FILE, raw_files
from ..catalog.values import ID_RE, parse_text
from ..catalog.yamlio import LDict, compose_yaml, parse_yaml
from ..errors import (
    AlreadyExists,
    CatalogNotEditable,
    InvalidValue,
    NotFound,
    UsageError,
)
from ..files import write_atomic
from .entries import (
    SECTIONS,
    after_empty_key,
    instead_of_empty_brackets,
    is_empty_key,
    line_of,
    node_end,
    read_catalog_text,
    scalar,
)


@dataclass(frozen=True)
class Vocabulary:
    """The topics sources.yaml defines: each key, and every name (key, alias) it answers to."""

    keys: tuple[str, ...]
    names: dict[str, str]  # a name, lower-cased -> its topic key
    labels: dict[str, str]  # a label, lower-cased -> its topic key

    def key_of(self, name: str) -> str | None:
        """Return the key a topic name stands for, or None."""
        wanted = name.strip().lower()
        return self.names.get(wanted) or self.labels.get(wanted)


def vocabulary(root: Path, text: str | None = None) -> Vocabulary:
    """Read the topics of sources.yaml as written, checked or not."""
    main = text.encode("utf-8") if text is not None else None
    data = next(iter(raw_files(root, main)))[1]
    topics = data.get("topics") if isinstance(data, LDict) else None
    keys: list[str] = []
    names: dict[str, str] = {}
    labels: dict[str, str] = {}
    for key, body in (topics or {}).items() if isinstance(topics, dict) else ():
        key = str(key)
        keys.append(key)
        names.setdefault(key.lower(), key)
        if isinstance(body, dict):
            aliases = body.get("aliases")
            for alias in aliases if isinstance(aliases, list) else [aliases] if aliases else []:
                names.setdefault(str(alias).lower(), key)
            if isinstance(body.get("label"), str):
                labels.setdefault(body["label"].lower(), key)
    return Vocabulary(tuple(keys), names, labels)


def topic_keys(root: Path, given: Iterable[str]) -> list[str]:
    """Map topic names (keys or aliases) to keys, or refuse an unknown one with the closest."""
    words = vocabulary(root)
    out: list[str] = []
    for name in given:
        key = words.key_of(name)
        if key is None:
            raise NotFound(
                "topic",
                name,
                list(words.names),
                f'(add it first: `briefgen new topic {_hint(name)} --label "…"`)',
            )
        out.append(key)
    return list(dict.fromkeys(out))


def _hint(name: str) -> str:
    return name if ID_RE.match(name) else "KEY"


def _slugs(value: str | None, what: str) -> list[str]:
    items = [a.strip() for a in (value or "").split(",") if a.strip()]
    for item in items:
        if not ID_RE.match(item):
            raise UsageError(
                f"{what} '{item}' is not a slug: use lowercase letters, digits and single "
                "hyphens, as briefs and --topic name topics"
            )
    return list(dict.fromkeys(items))


def new_topic(root: Path, key: str, label: str, aliases: str | None) -> int:
    """Add a topic to sources.yaml's vocabulary; return the line it is on."""
    if not ID_RE.match(key):
        raise UsageError(
            f"topic key '{key}' is not a slug: use lowercase letters, digits and single hyphens, "
            "e.g. water-treaty"
        )
    try:
        label = parse_text(label)
    except InvalidValue as exc:
        raise UsageError(f"--label {exc} ({exc.fix})") from None
    names = _slugs(aliases, "alias")
    text = read_catalog_text(root)
    words = vocabulary(root, text) if text else Vocabulary((), {}, {})
    for name in (key, *names):
        held = words.names.get(name.lower())
        if held is not None:
            said = "is already a topic" if held == name else f"already names topic '{held}'"
            raise AlreadyExists(
                f"'{name}' {said} in {CATALOG_FILE}",
                "pick another name, or add an alias to that topic by hand",
            )
    held = words.labels.get(label.lower())
    if held is not None:
        raise AlreadyExists(
            f"topic '{held}' has the label '{label}' already", "give this one another label"
        )
    body = f"{{label: {scalar(label)}" + (f", aliases: [{', '.join(names)}]}}" if names else "}")
    nl = "\r\n" if "\r\n" in text else "\n"
    start, stop, lead, indent = _topic_insertion(text, nl)
    new_text = text[:start] + lead + f"{indent}{key}: {body}" + nl + text[stop:]
    data, problems = parse_yaml(new_text.encode("utf-8"), CATALOG_FILE)
    try:
        ok = not problems and data["topics"][key]["label"] == label
    except (KeyError, TypeError):
        ok = False
    if not ok:
        raise CatalogNotEditable(
            f"could not add the topic to {CATALOG_FILE} without reformatting it",
            f"add '{key}: {body}' under topics: by hand",
        )
    write_atomic(root / CATALOG_FILE, new_text.encode("utf-8"))
    return line_of(new_text, start + len(lead))


def _topic_insertion(text: str, nl: str) -> tuple[int, int, str, str]:
    """Find where a new topic goes: the span replaced, the text before it, its indent."""
    try:
        doc = compose_yaml(text)
    except yaml.YAMLError as exc:
        raise CatalogNotEditable(
            f"{CATALOG_FILE} is not valid YAML ({str(exc).splitlines()[0]})",
            "run `briefgen check` and fix it first",
        ) from None
    lead = "" if not text or text.endswith("\n") else nl
    if doc is None:
        return len(text), len(text), f"{lead}topics:{nl}", "  "
    if not isinstance(doc, yaml.MappingNode):
        raise CatalogNotEditable(f"{CATALOG_FILE} is not a mapping of sections", "fix it first")
    keys = [(k, v) for k, v in doc.value if isinstance(k, yaml.ScalarNode)]
    section = next((v for k, v in keys if k.value == "topics"), None)
    if section is None:
        later = [k for k, _ in keys if k.value in SECTIONS[1:]]
        if later:  # topics come first: before sources, facts and quotes
            at = later[0].start_mark.index - later[0].start_mark.column
            return at, at, f"topics:{nl}", "  "
        return len(text), len(text), f"{lead}topics:{nl}", "  "
    if is_empty_key(section):
        return (*after_empty_key(text, section, lead), "  ")
    if not isinstance(section, yaml.MappingNode):
        raise CatalogNotEditable(f"'topics' in {CATALOG_FILE} is not a mapping", "fix it first")
    if section.flow_style:
        if section.value:
            raise CatalogNotEditable(
                f"'topics' in {CATALOG_FILE} is a {{flow}} mapping",
                "write one 'key: {label: …}' a line, then run `briefgen new topic` again",
            )
        return (*instead_of_empty_brackets(text, section, nl), "  ")
    first_key = section.value[0][0]
    indent = " " * first_key.start_mark.column
    last_key, last_value = section.value[-1]
    end = max(last_key.end_mark.index, node_end(last_value))
    last = len(text[:end].rstrip())
    eol = text.find("\n", last)
    at = len(text) if eol < 0 else eol + 1
    return at, at, nl if at == len(text) and not text.endswith("\n") else "", indent
