"""Safe YAML reading that remembers where every key and value sits in the file.

The one way briefgen reads YAML: parse_yaml / read_yaml for data (the loader, quote find,
the JSON Schema check), compose_yaml for the node tree `new source` edits in place.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import (
    UNREADABLE,
    Finding,
    UnreadableFile,
    YamlAliasRefused,
    YamlMergeRefused,
    YamlTagRefused,
)
from ..files import read_inside
from ..model import Loc
from ..terminal import find_forbidden

# A real catalog of 100,000 facts is tens of megabytes; anything far beyond that is a mistake
# or an attack, and reading it whole would cost the user their memory.
MAX_YAML_BYTES = 256 * 1024 * 1024
# libyaml's composer recurses in C and crashes the interpreter somewhere past 20,000 levels;
# no briefgen file nests more than a handful, so far shallower documents are refused first.
MAX_DEPTH = 500
_BRACKET_RE = re.compile(r"[\[\]{}]")
_DEEP_INDENT_RE = re.compile(rf"^[ \t?:-]{{{MAX_DEPTH},}}", re.MULTILINE)

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"
_YAML_TAGS = "tag:yaml.org,2002:"  # what `!!` stands for
_NO_TAGS = "remove the '!' tag: briefgen files hold plain text, numbers, dates, lists and maps"

# What a plain (unquoted) scalar may become besides text. YAML 1.1, which PyYAML follows,
# reads `no` as false, `012` as 10 and `1.10` as 1.1, so a user's words came back changed; here
# only YAML 1.2's core forms are taken, and everything else stays text exactly as written
# (dates included: the schema reads them, and reports a bad one as written).
_PLAIN = (
    (_NULL, re.compile(r"(?:~|null|Null|NULL)?\Z")),
    (_BOOL, re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")),
    # Eighteen digits at most: beyond that a "number" is an id or a typo, kept as text.
    (_INT, re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})\Z")),
    (
        _FLOAT,
        re.compile(r"[-+]?(?:[0-9]{1,18}\.[0-9]{0,18}|\.[0-9]{1,18})(?:[eE][-+]?[0-9]{1,3})?\Z"),
    ),
    (_MERGE, re.compile(r"<<\Z")),
)
_MAYBE_TYPED = frozenset("~nNtTfF-+.0123456789<")


class YamlFloat(float):
    """A number with a decimal point, which remembers how it was written (1.10, not 1.1)."""

    text: str

    def __new__(cls, text: str) -> YamlFloat:
        value = super().__new__(cls, text)
        value.text = text
        return value

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


class LDict(dict):  # type: ignore[type-arg]
    """A mapping from YAML that knows where it and each of its keys and values are."""

    loc: Loc
    key_locs: dict[Any, Loc]
    value_locs: dict[Any, Loc]
    duplicates: list[tuple[Any, Loc]]


class LList(list):  # type: ignore[type-arg]
    """A sequence from YAML that knows where it and each of its items are."""

    loc: Loc
    item_locs: list[Loc]


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml's safe loader, used to compose the node tree and for the odd scalar."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        # Called for each of millions of scalars: most are text, told by their first character.
        if kind is yaml.ScalarNode:
            if implicit[0] and (not value or value[0] in _MAYBE_TYPED):
                for tag, pattern in _PLAIN:
                    if pattern.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # The composer hands back the very same node for every alias of an anchor.
        if node in self.constructed_objects:
            raise YamlAliasRefused(node.start_mark)
        tag = node.tag
        if tag not in self.yaml_constructors and not any(
            tag.startswith(prefix) for prefix in self.yaml_multi_constructors
        ):
            raise YamlTagRefused(tag, node.start_mark)
        return super().construct_object(node, deep=deep)


def _failure(shown: str, message: str, fix: str, line: int = 1, col: int = 1) -> list[Finding]:
    return [Finding(Loc(shown, line, col), "error", message, fix, rule=UNREADABLE)]


def _load(text: str, shown: str) -> Any:
    """Compose the document in C, then build it directly from the node tree.

    PyYAML's generic construction (a state machine of generators, a Python call per node
    and per mark) was three quarters of loading a large catalog; plain text, maps and lists,
    nearly every node there is, are built here, and anything else is left to the loader.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        # Without an anchor (&name) no node can be reached twice, so aliases need no watch.
        seen: set[int] | None = set() if "&" in text else None
        return _build(root, loader, shown, seen)
    finally:
        loader.dispose()


def _build(node: yaml.Node, loader: Any, path: str, seen: set[int] | None) -> Any:
    if seen is not None:
        if id(node) in seen:
            raise YamlAliasRefused(node.start_mark)
        seen.add(id(node))
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        try:
            scalar = _scalar(node)
        except (ValueError, OverflowError):  # an explicit !!int or !!float on other text
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"'{node.value}' does not fit its tag !!{tag.rsplit(':', 1)[-1]}",
                node.start_mark,
            ) from None
        if scalar is not _UNTYPED:
            return scalar
        if tag == _MERGE:  # `<<` as a value, not a key: the text it is
            return node.value
    if tag == _MAP and isinstance(node, yaml.MappingNode):
        data = LDict()
        mark = node.start_mark
        data.loc = Loc(path, mark.line + 1, mark.column + 1)
        key_locs: dict[Any, Loc] = {}
        value_locs: dict[Any, Loc] = {}
        data.key_locs, data.value_locs, data.duplicates = key_locs, value_locs, []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise YamlMergeRefused(key_node.start_mark)
            # A key is its text as written: `no:` is the key "no", `012:` the key "012".
            if type(key_node) is yaml.ScalarNode and key_node.tag in _PLAIN_TAGS:
                key = key_node.value
            else:
                key = _build(key_node, loader, path, seen)
                if isinstance(key, list | dict):
                    key = str(key)
            kmark = key_node.start_mark
            key_loc = Loc(path, kmark.line + 1, kmark.column + 1)
            if key in data:
                data.duplicates.append((key, key_loc))
            if seen is None and value_node.tag == _STR and type(value_node) is yaml.ScalarNode:
                data[key] = value_node.value
            else:
                data[key] = _build(value_node, loader, path, seen)
            key_locs.setdefault(key, key_loc)
            vmark = value_node.start_mark
            value_locs[key] = Loc(path, vmark.line + 1, vmark.column + 1)
        return data
    if tag == _SEQ and isinstance(node, yaml.SequenceNode):
        items = LList()
        mark = node.start_mark
        items.loc = Loc(path, mark.line + 1, mark.column + 1)
        items.item_locs = []
        children = node.value
        for i, child in enumerate(children):
            items.item_locs.append(
                Loc(path, child.start_mark.line + 1, child.start_mark.column + 1)
            )
            items.append(_build(child, loader, path, seen))
            if seen is None:
                # A built item's nodes (and their marks) are done with: letting them go as
                # the list is built keeps a large catalog from holding both trees at once.
                children[i] = None
        return items
    # Any other tag was written out (!!set, !!binary, !!omap, !!timestamp, !!python/…,
    # !custom): plain YAML resolves only the kinds above. Refused at the tag, never built.
    raise YamlTagRefused(tag, node.start_mark)


_UNTYPED = object()
_PLAIN_TAGS = frozenset((_STR, _NULL, _BOOL, _INT, _FLOAT))


def _scalar(node: yaml.ScalarNode) -> Any:
    """Build a scalar of the plain kinds, or return _UNTYPED for one with an explicit tag."""
    tag, text = node.tag, node.value
    if tag == _STR:
        return text
    if tag == _INT:
        return int(text)
    if tag == _FLOAT:
        return YamlFloat(text)
    if tag == _BOOL:
        return text.lower() == "true"
    if tag == _NULL:
        return None
    return _UNTYPED


def read_bytes(root: Path, shown: str) -> tuple[bytes | None, list[Finding]]:
    """Read a file of at most MAX_YAML_BYTES; return its bytes, or None and why not.

    `shown` is the file's path in the project `root`, where it must lie, symlinks resolved.
    """
    try:
        return read_inside(root, shown, MAX_YAML_BYTES), []
    except UnreadableFile as exc:
        return None, _failure(shown, exc.message, exc.fix)


def compose_yaml(text: str) -> yaml.Node | None:
    """Return the node tree of a YAML text, for editing it in place; raise yaml.YAMLError."""
    return yaml.compose(text, Loader=_Loader)


def read_yaml(root: Path, shown: str) -> tuple[Any, list[Finding]]:
    """Read one YAML file of the project safely; its data, or None and the findings that stop it."""
    raw, problems = read_bytes(root, shown)
    if raw is None:
        return None, problems
    return parse_yaml(raw, shown)


def parse_yaml(raw: bytes, shown: str) -> tuple[Any, list[Finding]]:
    """Parse the bytes of a YAML file safely, as read_yaml does."""

    def fail(message: str, fix: str, line: int = 1, col: int = 1) -> tuple[None, list[Finding]]:
        return None, _failure(shown, message, fix, line, col)

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail(
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            "save the file as UTF-8",
            line,
            col,
        )
    bad = find_forbidden(text)
    if bad is not None:
        at, what = bad
        line = text.count("\n", 0, at) + 1
        return fail(
            f"the file holds {what}, which content may not hold",
            "delete it (most editors do not show it); it was likely pasted in with the text",
            line,
            at - (text.rfind("\n", 0, at) + 1) + 1,
        )
    deep = _too_deep(text)
    if deep is not None:
        line = text.count("\n", 0, deep) + 1
        return fail(f"the document nests deeper than {MAX_DEPTH} levels", "flatten it", line)
    try:
        return _load(text, shown), []
    except YamlMergeRefused as exc:
        return fail(
            "YAML merge keys (<<:) are not allowed",
            "write the keys out in full in each entry",
            exc.mark.line + 1,
            exc.mark.column + 1,
        )
    except YamlAliasRefused:
        mark = _first_alias(text)
        return fail(
            "YAML aliases (*name) are not allowed",
            "write the value out in full instead of referring to an anchor",
            mark.line + 1 if mark else 1,
            mark.column + 1 if mark else 1,
        )
    except YamlTagRefused as exc:
        # Shown as written: YAML's own tags with their `!!` shorthand.
        tag = exc.tag.replace(_YAML_TAGS, "!!", 1) if exc.tag.startswith(_YAML_TAGS) else exc.tag
        return fail(
            f"YAML tag not allowed: {tag!r}",
            _NO_TAGS,
            exc.mark.line + 1,
            exc.mark.column + 1,
        )
    except yaml.constructor.ConstructorError as exc:  # a known tag whose value is wrong
        mark = exc.problem_mark
        return fail(
            exc.problem or "unsupported YAML",
            _NO_TAGS,
            mark.line + 1 if mark else 1,
            mark.column + 1 if mark else 1,
        )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        return fail(
            f"YAML syntax: {what}",
            "fix the indentation or quoting here; quote text that contains ': ' or starts with "
            "a special character",
            mark.line + 1 if mark else 1,
            mark.column + 1 if mark else 1,
        )
    except yaml.YAMLError as exc:
        return fail(f"YAML: {exc}", "fix the YAML syntax")
    except RecursionError:
        return fail("the document nests too deeply", "flatten the structure")
    except (ValueError, TypeError, OverflowError) as exc:
        return fail(f"YAML value cannot be read: {exc}", "write it as plain text in quotes")


def _too_deep(text: str) -> int | None:
    """Return the offset where nesting passes MAX_DEPTH, or None.

    A cheap look first (runs of indentation, brackets counted even inside strings); only when
    that suspects a deep document is it parsed, in C and without recursion, to count the real
    depth, so that dashes in a block of text or brackets in a quoted string are not taken for it.
    """
    suspect = _DEEP_INDENT_RE.search(text) is not None
    depth = 0
    for match in _BRACKET_RE.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            suspect = True
            break
    if not suspect:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return int(event.start_mark.index) if event.start_mark else 0
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # the loader reports the syntax error itself, with its place
    return None


def _first_alias(text: str) -> Any:
    """Find where the first alias is used; the composer only knows where its anchor is."""
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark
    return None
