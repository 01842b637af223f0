"""Read one YAML mapping through its pydantic model: its values, where each is, what is wrong.

A record's shape is declared once, as an `Entry` (a pydantic model, in fields.py and
points.py): each key's annotation is a kind of value from values.py, or `Nested` records of
their own (a fact's citations, a series' points). pydantic validates the mapping in one call;
`read_record` turns what it says back into briefgen's findings, by the path of each error
through the mapping the YAML reader built (an LDict, which knows the file:line:col of every
key, value and item). The message and fix are briefgen's own, carried by each error; nothing
here reads them back out of text.

A key left empty (`key:`) reaches pydantic as None: an optional key (`X | None`) takes it as
absent, a required one is refused as empty by its Value. What pydantic cannot know is said
here: a key given twice (YAML keeps the last), and the order findings are said in: keys
given twice, unknown keys as written, then each key in the model's order, then the records
of each nested key, item by item.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, ValidationError, core_schema

from ..errors import Finding, InvalidValue, closest
from ..model import Loc
from .values import EMPTY, INVALID, Value, kind_of, refusal
from .yamlio import LDict, LList


class Entry(BaseModel):
    """A record as a YAML mapping writes it: each field one key, in the order they are shown.

    A key without a default is required; `Field(description=...)` says what it means, for
    the editor schemas and for the fix of a missing key.
    """

    # The models are built on their first use: a command that reads no catalog file (the
    # cache had them all) does not pay for building them.
    model_config = ConfigDict(extra="forbid", defer_build=True)

    @classmethod
    def build(cls, values: dict[str, Any], loc: Loc, locs: dict[str, Loc]) -> Any:
        """Make the document-model record of a valid nested entry (a fact's citation)."""
        raise NotImplementedError(f"{cls.__name__} is not read inside another record")


def ref(entry: type[Entry]) -> dict[str, str]:
    """Point at an entry's definition in an editor schema, named by the entry's title."""
    return {"$ref": f"#/definitions/{entry.model_config.get('title')}"}


class Nested:
    """`Annotated` metadata of a key whose value is records of their own.

    `shape` takes the value as written and returns the items (a list), or raises
    InvalidValue: a fact's `cite:` may be one mapping or a list of them, a series' `points:`
    a list of at least one. Each item is then validated as its own entry and said as
    `label` ("{what} cite", "{what} point {n}"). `json` gives the JSON Schema of the shape
    around a reference to the item's definition. With `absent_too`, a missing or empty key
    is also told its shape, at the record.
    """

    __slots__ = ("absent_too", "json", "label", "shape")

    def __init__(
        self,
        label: str,
        json: Callable[[JsonSchemaValue], JsonSchemaValue],
        shape: Callable[[Any], Any] = lambda value: value,
        *,
        absent_too: bool = False,
    ) -> None:
        self.label, self.json, self.shape, self.absent_too = label, json, shape, absent_too

    def validate(self, value: Any) -> Any:
        """Check the value's shape before its items are validated as entries."""
        if value is None:
            raise refusal(EMPTY)
        try:
            return self.shape(value)
        except InvalidValue as exc:
            raise refusal(exc) from None

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """Check the shape, then validate the items with their own model."""
        return core_schema.no_info_before_validator_function(self.validate, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Describe the shape around pydantic's reference to the item's definition."""
        inner = handler(schema)  # the items' own: a reference, or an array of them
        return self.json(inner.get("items", inner))


@dataclass(frozen=True)
class Key:
    """One key of an entry, as its model declares it."""

    name: str
    parse: Callable[[Any], Any]  # the value's parser, or a nested key's shape check
    required: bool
    doc: str
    json: Mapping[str, Any]
    nested: Nested | None = None
    item: type[Entry] | None = None  # the entry of each nested record
    many: bool = False  # a nested key holds a list of records, not one


@cache
def keys_of(entry: type[BaseModel]) -> tuple[Key, ...]:
    """Return the keys of a model in its order, each with its parser, doc and fragment."""
    keys = []
    for name, info in entry.model_fields.items():
        marker, annotation = _marker(info.annotation, info.metadata)
        doc = info.description or ""
        if isinstance(marker, Nested):
            many = typing.get_origin(annotation) is tuple
            item = typing.get_args(annotation)[0] if many else annotation
            json = marker.json(ref(item))
            keys.append(Key(name, marker.shape, info.is_required(), doc, json, marker, item, many))
        else:
            keys.append(Key(name, marker.parse, info.is_required(), doc, marker.json))
    return tuple(keys)


def _marker(annotation: Any, metadata: Sequence[Any]) -> tuple[Value | Nested, Any]:
    """Find the Value or Nested that reads a key, through `| None` and `Annotated`."""
    for meta in metadata:
        if isinstance(meta, Value | Nested):
            return meta, annotation
    if typing.get_origin(annotation) is typing.Annotated:
        inner, *extras = typing.get_args(annotation)
        return _marker(inner, extras)
    for arg in typing.get_args(annotation):
        if arg is not type(None):
            return _marker(arg, ())
    raise TypeError(f"{annotation!r} is read by no Value or Nested")


class Reading(NamedTuple):
    """What one mapping gave: the values that read, where each key is, and every problem."""

    values: dict[str, Any]
    locs: dict[str, Loc]
    findings: list[Finding]


# A pydantic error, its place in the mapping relative to the record it is about.
_Error = tuple[tuple[Any, ...], Mapping[str, Any]]


def read_record(data: Any, entry: type[Entry], where: Loc, what: str) -> Reading:
    """Validate one YAML mapping as `entry`; report every problem, skip none.

    `where` is the record's place (a section item, a brief file's first line) and `what`
    names it in messages ("fact 'crossings-fell'"). The values of a record with findings
    are those that read, for the checks that still run on it.
    """
    if not isinstance(data, LDict):
        return Reading({}, {}, [_not_a_mapping(data, where, what)])
    try:
        made = entry.__pydantic_validator__.validate_python(data)
    except ValidationError as exc:
        errors = [(e["loc"], e) for e in exc.errors(include_url=False, include_input=False)]
        return _read(entry, data, where, what, errors, None)
    return _read(entry, data, where, what, [], made)


def _read(
    entry: type[Entry],
    data: Any,
    where: Loc,
    what: str,
    errors: Sequence[_Error],
    made: BaseModel | None,
) -> Reading:
    """Say the findings of one mapping and gather its values, nested records made.

    `made` is pydantic's model of a mapping it took whole, else None and `errors` say why.
    """
    if made is not None:
        return _accepted(entry, data, where, what, made)
    if any(not loc for loc, _ in errors):  # pydantic's model_type: not a mapping at all
        return Reading({}, {}, [_not_a_mapping(data, where, what)])
    findings = [
        Finding(loc, "error", f"{what}: key '{key}' is given twice", "keep one of them")
        for key, loc in data.duplicates
    ]
    own: dict[Any, list[_Error]] = {}
    for loc, error in errors:
        own.setdefault(loc[0], []).append((loc[1:], error))
    keys = keys_of(entry)
    if own:
        findings += _unknown_keys(data, {k.name for k in keys}, own, what)
    values: dict[str, Any] = {}
    locs: dict[str, Loc] = {}
    later: list[Key] = []
    for key in keys:
        name = key.name
        value = data.get(name)
        mine = own.get(name, ())
        if value is None:
            if mine:  # missing, or `key:` left empty
                findings.append(_said(key, data, what, mine[0][1]))
            if key.nested is not None and key.nested.absent_too:
                later.append(key)
            continue
        if key.nested is not None:
            later.append(key)
        elif mine:
            findings.append(_said(key, data, what, mine[0][1]))
            continue
        else:
            values[name] = key.parse(value)  # pydantic found nothing wrong with it
        _place(locs, name, data.value_locs[name], value)
    for key in later:
        findings += _nested(key, data, where, what, own.get(key.name, []), None, values)
    return Reading(values, locs, findings)


def _accepted(entry: type[Entry], data: LDict, where: Loc, what: str, made: BaseModel) -> Reading:
    """Gather the values of a mapping pydantic took whole: the common case, kept lean.

    Only keys given twice, and the nested records, may still have something to say.
    """
    findings = [
        Finding(loc, "error", f"{what}: key '{key}' is given twice", "keep one of them")
        for key, loc in data.duplicates
    ]
    got = made.__dict__
    value_locs = data.value_locs
    values: dict[str, Any] = {}
    # The model's names, not the mapping's: one string for every record's places, which a
    # catalog of 100,000 facts keeps (and pickles) once rather than once a record.
    locs: dict[str, Loc] = {}
    plain, nested = _split_keys(entry)
    for name in plain:
        value = data.get(name)
        if value is None:
            continue  # absent, or an optional key left empty
        values[name] = got[name]
        locs[name] = value_locs[name]
        kind = type(value)  # _place, inline: this loop runs for every key of the catalog
        if kind is LList:
            for i, item_loc in enumerate(value.item_locs):
                locs[f"{name}[{i}]"] = item_loc
        elif kind is LDict:
            for sub, key_loc in value.key_locs.items():
                locs[f"{name}.{sub}"] = key_loc
    for key in nested:
        value = data.get(key.name)
        if value is not None:
            _place(locs, key.name, value_locs[key.name], value)
        if value is not None or key.nested.absent_too:  # type: ignore[union-attr]
            findings += _nested(key, data, where, what, [], made, values)
    return Reading(values, locs, findings)


@cache
def _split_keys(entry: type[Entry]) -> tuple[tuple[str, ...], tuple[Key, ...]]:
    """Return an entry's plain key names and its nested keys, each in the model's order."""
    keys = keys_of(entry)
    return tuple(k.name for k in keys if k.nested is None), tuple(k for k in keys if k.nested)


def _place(locs: dict[str, Loc], name: str, loc: Loc, value: Any) -> None:
    # A list's items and a mapping's keys are placed too, for messages about one of them.
    locs[name] = loc
    kind = type(value)
    if kind is LList:
        for i, item_loc in enumerate(value.item_locs):
            locs[f"{name}[{i}]"] = item_loc
    elif kind is LDict:
        for sub, key_loc in value.key_locs.items():
            locs[f"{name}.{sub}"] = key_loc


def _nested(
    key: Key,
    data: LDict,
    where: Loc,
    what: str,
    errors: list[_Error],
    made: BaseModel | None,
    values: dict[str, Any],
) -> list[Finding]:
    """Say the findings of a key of records, item by item, and make the valid ones."""
    nested, item = key.nested, key.item
    assert nested is not None and item is not None
    value = data.get(key.name)
    if value is None:  # absent or empty, and said so: tell the shape too
        try:
            nested.shape(value)
        except InvalidValue as exc:
            return [_problem(key, where, what, exc)]
        return []
    if key.many:
        shape = [error for loc, error in errors if not loc]
        if shape:
            return [_said(key, data, what, shape[0])]
        items = _items(value)
    else:
        items = ((value, data.value_locs[key.name]),)
    made_items: Sequence[Any] = ()
    if made is not None:
        got = getattr(made, key.name)
        made_items = got if key.many else (got,)
    findings: list[Finding] = []
    built = []
    # An item pydantic took whole has something to say only of keys given twice or of its
    # own nested records: its name is made only then.
    quiet = made is not None and not _split_keys(item)[1]
    for i, (raw, loc) in enumerate(items):
        label = what if quiet and not raw.duplicates else nested.label.format(what=what, n=i + 1)
        mine = [(sub[1:], e) for sub, e in errors if sub and sub[0] == i] if key.many else errors
        item_made = made_items[i] if made_items else None
        if item_made is None and not mine:
            item_made = item.__pydantic_validator__.validate_python(raw)
        reading = _read(item, raw, loc, label, mine, item_made)
        findings += reading.findings
        if not reading.findings:
            built.append(item.build(reading.values, loc, reading.locs))
    if key.many:
        values[key.name] = tuple(built)
    elif built:
        values[key.name] = built[0]
    return findings


def _items(value: Any) -> Iterable[tuple[Any, Loc]]:
    """Each item of a key of records with its place; one mapping is one item, unlisted."""
    if type(value) is LDict:
        return ((value, value.loc),)
    return zip(value, value.item_locs, strict=True)


def _unknown_keys(
    data: LDict, known: set[str], own: Mapping[Any, list[_Error]], what: str
) -> list[Finding]:
    """Say each key the entry forbids, in the order they are written."""
    extra = {
        name
        for name, errors in own.items()
        if any(not sub and e["type"] in ("extra_forbidden", "invalid_key") for sub, e in errors)
    }
    out = []
    for key in data:
        # pydantic names a key that is not text (a date, bytes) by its repr.
        if (key if isinstance(key, str) else repr(key)) in extra:
            near = closest(str(key), known, 1)
            fix = (
                f"did you mean '{near[0]}'?" if near else f"known keys: {', '.join(sorted(known))}"
            )
            out.append(Finding(data.key_locs[key], "error", f"{what}: unknown key '{key}'", fix))
    return out


def _said(key: Key, data: LDict, what: str, error: Mapping[str, Any]) -> Finding:
    """Turn pydantic's error about one key into briefgen's finding."""
    name = key.name
    if error["type"] == "missing":
        return Finding(
            data.loc,
            "error",
            f"{what}: missing required key '{name}'",
            f"add '{name}:' ({key.doc or 'required'})",
        )
    loc = data.value_locs[name]
    if error["type"] == INVALID:
        return _problem(key, loc, what, error["ctx"]["problem"])
    # Every key reads through a Value or Nested, whose errors are briefgen's own; this is
    # what a change to the models that let pydantic's own checks through would say.
    return Finding(loc, "error", f"{what}: '{name}' {error['msg']}", "")


def _problem(key: Key, loc: Loc, what: str, problem: InvalidValue) -> Finding:
    """Say a parser's refusal of one key's value."""
    message = f"{what}: {problem}" if problem.of_record else f"{what}: '{key.name}' {problem}"
    fix = problem.fix
    if problem.removable and key.required:  # a required key cannot be removed
        fix = f"fill it in ({key.doc or 'its value'}); the key is required"
    return Finding(loc, "error", message, fix)


def _not_a_mapping(data: Any, where: Loc, what: str) -> Finding:
    return Finding(
        getattr(data, "loc", where),
        "error",
        f"{what} should be a mapping of keys, got {kind_of(data)}",
        "write it as 'key: value' lines",
    )
