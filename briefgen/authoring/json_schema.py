"""JSON Schemas of sources.yaml and brief files, generated from the catalog's pydantic models.

Each record's definition is its Entry's `model_json_schema` (catalog/fields.py, points.py):
the fragment of each kind of value (catalog/values.py), the description of each key, the
required ones, and no key besides. `EditorSchema` keeps the draft-07 form editors' YAML
servers know best: an optional key may also be left empty (`key:`), as the loader reads it.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from ..catalog.fields import (
    ID_RE,
    BriefEntry,
    CitationEntry,
    FactEntry,
    QuoteEntry,
    SourceEntry,
    SourcingEntry,
    TopicEntry,
)
from ..catalog.points import PointEntry, SeriesEntry
from ..catalog.reading import Entry, ref
from ..catalog.yamlio import MAX_YAML_BYTES, parse_yaml
from ..errors import ContentError, UnreadableFile, UsageError
from ..files import MAX_SETTINGS_BYTES, read_named, read_text_inside, write_atomic

DRAFT = "http://json-schema.org/draft-07/schema#"  # the draft editors' YAML servers know best
SCHEMA_DIR = "schema"
SOURCES_SCHEMA = "sources.schema.json"
BRIEF_SCHEMA = "brief.schema.json"
MODELINE = "# yaml-language-server: $schema="
# The records a brief file nests (its header's sources), each under definitions/<its title>.
BRIEF_ENTRIES: tuple[type[Entry], ...] = (SourcingEntry,)
# The records of sources.yaml, each defined under definitions/<its title>.
CATALOG_ENTRIES: tuple[type[Entry], ...] = (
    TopicEntry,
    SourceEntry,
    CitationEntry,
    FactEntry,
    QuoteEntry,
    SeriesEntry,
    PointEntry,
)


def nullable(fragment: Mapping[str, Any]) -> dict[str, Any]:
    """Let an optional key be left empty, as the loader reads `key:` with no value as absent."""
    out = copy.deepcopy(dict(fragment))
    if "type" in out:
        types = out["type"] if isinstance(out["type"], list) else [out["type"]]
        out["type"] = [*types, "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    elif "anyOf" in out:
        out["anyOf"] = [*out["anyOf"], {"type": "null"}]
    else:
        out = {"anyOf": [out, {"type": "null"}]}
    return out


class EditorSchema(GenerateJsonSchema):
    """pydantic's JSON Schema of an entry, in the form the editor schemas have."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        """Leave keys untitled: their name and description say it."""
        return False

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        """Add null to the fragment's own types, rather than wrap it in anyOf."""
        return nullable(self.generate_inner(schema["schema"]))

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        """Leave the default out: an optional key's default is the loader's, not null."""
        return self.generate_inner(schema["schema"])


def record(entry: type[Entry]) -> dict[str, Any]:
    """Return the schema of one YAML mapping read as `entry`.

    A nested record (a fact's citation) is one of the catalog's definitions: pydantic's
    reference to its own copy is pointed there, by the record's title, and the copy dropped.
    """
    schema = entry.model_json_schema(schema_generator=EditorSchema)
    titles = {name: one["title"] for name, one in schema.pop("$defs", {}).items()}
    return _pointed(schema, {f"#/$defs/{name}": title for name, title in titles.items()})


def _pointed(schema: Any, titles: Mapping[str, str]) -> Any:
    if isinstance(schema, dict):
        if "$ref" in schema:
            return {**schema, "$ref": f"#/definitions/{titles[schema['$ref']]}"}
        return {key: _pointed(value, titles) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_pointed(value, titles) for value in schema]
    return schema


def _list_of(entry: type[Entry], description: str) -> dict[str, Any]:
    # An empty section (`facts:` alone) reads as an empty list.
    return {
        "type": ["array", "null"],
        "description": description,
        "items": ref(entry),
    }


def sources_schema() -> dict[str, Any]:
    """Return the JSON Schema of sources.yaml."""
    return {
        "$schema": DRAFT,
        "title": "briefgen catalog (sources.yaml)",
        "description": "Topics, sources, facts and quotes; every fact and quote tied to the exact "
        "words of an archived snapshot. See README.md, 'File formats in brief'.",
        "type": "object",
        "properties": {
            "include": {
                "type": ["array", "string"],
                "description": "more catalog files (sources, facts, quotes), as paths or glob "
                "patterns relative to the project, e.g. catalog/*.yaml; only in sources.yaml",
                "items": {"type": "string", "minLength": 1},
            },
            "topics": {
                "type": ["object", "null"],
                "description": "the controlled vocabulary: topic key -> label and aliases",
                "propertyNames": {"pattern": ID_RE.pattern},
                "additionalProperties": ref(TopicEntry),
            },
            "sources": _list_of(SourceEntry, "source documents and their verbatim snapshots"),
            "facts": _list_of(FactEntry, "claims in the analyst's words, each with exact evidence"),
            "quotes": _list_of(QuoteEntry, "words someone said, verbatim from a source"),
            "series": _list_of(SeriesEntry, "numbers worth a chart, each value with its evidence"),
        },
        "additionalProperties": False,
        "definitions": {
            entry.model_config.get("title"): record(entry) for entry in CATALOG_ENTRIES
        },
    }


def brief_schema() -> dict[str, Any]:
    """Return the JSON Schema of a brief file, briefs/<id>.yaml, with its nested records."""
    nested = {entry.model_config.get("title"): record(entry) for entry in BRIEF_ENTRIES}
    return {"$schema": DRAFT, **record(BriefEntry), "definitions": nested}


def schemas() -> dict[str, dict[str, Any]]:
    """Return every schema by file name."""
    return {SOURCES_SCHEMA: sources_schema(), BRIEF_SCHEMA: brief_schema()}


def dumps(schema: Mapping[str, Any]) -> str:
    """Serialize a schema the same way every time, so the files only change with the specs."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Written:
    """One schema file and whether this run changed it."""

    path: Path
    changed: bool


def write_schemas(folder: Path, dry_run: bool = False) -> list[Written]:
    """Write the schemas into `folder`; leave files whose content is already right untouched."""
    out: list[Written] = []
    for name, schema in schemas().items():
        path = folder / name
        text = dumps(schema)
        try:
            changed = read_text_inside(folder, name, MAX_SETTINGS_BYTES) != text
        except UnreadableFile:
            changed = True
        if changed and not dry_run:
            write_atomic(path, text.encode("utf-8"))
        out.append(Written(path, changed))
    return out


def load_for_validation(path: Path) -> Any:
    """Read a YAML file into data for a JSON Schema validator (dates stay text, as in editors)."""
    try:
        raw = read_named(path, MAX_YAML_BYTES)
    except UnreadableFile as exc:
        raise UsageError(exc.message, exc.fix) from None
    data, problems = parse_yaml(raw, path.name)
    if problems:
        raise ContentError(problems)
    return data
