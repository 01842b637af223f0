"""JSON Schemas for sources.yaml and brief files, generated from the Field specs in schema.py."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog.fields import (
    BRIEF_FIELDS,
    CITE_FIELDS,
    FACT_FIELDS,
    ID_RE,
    QUOTE_FIELDS,
    SOURCE_FIELDS,
    TOPIC_FIELDS,
    Field,
)
from ..catalog.points import POINT_FIELDS, SERIES_FIELDS
from ..catalog.yamlio import parse_yaml
from ..errors import ContentError
from ..files import write_atomic

DRAFT = "http://json-schema.org/draft-07/schema#"  # the draft editors' YAML servers know best
SCHEMA_DIR = "schema"
SOURCES_SCHEMA = "sources.schema.json"
BRIEF_SCHEMA = "brief.schema.json"
MODELINE = "# yaml-language-server: $schema="


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


def _property(fld: Field) -> dict[str, Any]:
    fragment = fld.json if fld.json is not None else {}
    out = copy.deepcopy(dict(fragment)) if fld.required else nullable(fragment)
    if fld.doc:
        out["description"] = fld.doc
    return out


def record(fields: tuple[Field, ...], title: str) -> dict[str, Any]:
    """Return the schema of one YAML mapping whose keys are `fields`."""
    return {
        "type": "object",
        "title": title,
        "properties": {f.name: _property(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def _list_of(name: str, description: str) -> dict[str, Any]:
    # An empty section (`facts:` alone) reads as an empty list.
    return {
        "type": ["array", "null"],
        "description": description,
        "items": {"$ref": f"#/definitions/{name}"},
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
                "additionalProperties": {"$ref": "#/definitions/topic"},
            },
            "sources": _list_of("source", "source documents and their verbatim snapshots"),
            "facts": _list_of("fact", "claims in the analyst's words, each with exact evidence"),
            "quotes": _list_of("quote", "words someone said, verbatim from a source"),
            "series": _list_of("series", "numbers worth a chart, each value with its evidence"),
        },
        "additionalProperties": False,
        "definitions": {
            "topic": record(TOPIC_FIELDS, "topic"),
            "source": record(SOURCE_FIELDS, "source"),
            "citation": record(CITE_FIELDS, "citation"),
            "fact": record(FACT_FIELDS, "fact"),
            "quote": record(QUOTE_FIELDS, "quote"),
            "series": record(SERIES_FIELDS, "series"),
            "point": record(POINT_FIELDS, "point"),
        },
    }


def brief_schema() -> dict[str, Any]:
    """Return the JSON Schema of a brief file, briefs/<id>.yaml."""
    schema = record(BRIEF_FIELDS, "briefgen brief (briefs/<id>.yaml)")
    schema["description"] = (
        "One brief for a meeting (preparation or readout) or a policy issue; the file name is "
        "the brief id. See README.md, 'File formats in brief'."
    )
    return {"$schema": DRAFT, **schema}


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
            changed = path.read_text(encoding="utf-8") != text
        except (OSError, UnicodeDecodeError):
            changed = True
        if changed and not dry_run:
            write_atomic(path, text.encode("utf-8"))
        out.append(Written(path, changed))
    return out


def load_for_validation(path: Path) -> Any:
    """Read a YAML file into data for a JSON Schema validator (dates stay text, as in editors)."""
    data, problems = parse_yaml(path.read_bytes(), path.name)
    if problems:
        raise ContentError(problems)
    return data
