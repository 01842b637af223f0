"""`briefgen clear ID --by NAME`: record who cleared a brief, and the content they cleared.

The brief's file gets one `cleared_by:` line (replacing the one it had), the rest of the file
left byte for byte. The line carries the hash of the brief's content as checked now
(build.hashing.content_hash): once a word of the brief, an item it selects or a snapshot it
cites changes, the page says it is not cleared and `check` warns, until it is cleared again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..build.check import check_project, errors_for
from ..build.hashing import brief_content_hash
from ..catalog.project import load_project
from ..catalog.values import parse_text
from ..catalog.yamlio import parse_yaml
from ..errors import CannotWrite, ContentError, InvalidValue, NotFound, UsageError
from ..files import read_inside, write_atomic

BRIEF_LIMIT = 1 << 20  # a brief file is a page of YAML; anything larger is not one
# A top-level `cleared_by:` key and the indented or blank lines that continue its value.
_CLEARED = re.compile(r"^cleared_by[ \t]*:.*(?:\n(?:[ \t]+.*|[ \t]*))*?(?=\n\S|\n?\Z)", re.M)


@dataclass(frozen=True)
class Cleared:
    """A brief cleared: its file, the line written there, and the hash of what was cleared."""

    path: str
    line: int
    inputs: str
    replaced: bool  # it had a cleared_by, now replaced


def clear_brief(root: Path, brief_id: str, by: str, day: dt.date) -> Cleared:
    """Write `cleared_by: {name, date, inputs}` into briefs/ID.yaml; refuse a brief with errors."""
    try:
        name = parse_text(by)
        if "\n" in name or "\r" in name:
            raise InvalidValue("runs over several lines", "give it on one line")
    except InvalidValue as exc:
        raise UsageError(f"--by '{by}' is not a name: {exc}", "give the name on one line") from None
    project = load_project(root)
    if brief_id not in project.briefs:
        known = set(project.briefs) | set(project.broken)
        if brief_id in project.broken:
            raise ContentError(
                [f for f in project.findings if Path(f.loc.path).stem == brief_id],
                f"brief '{brief_id}' cannot be read; nothing was cleared",
            )
        raise NotFound("brief", brief_id, known, "(`briefgen list briefs` lists them)")
    checked = check_project(project)
    uses = checked.uses[brief_id]
    errors = errors_for(uses, checked.findings, project.catalog)
    errors = [f for f in errors if f.rule != "clearance-before-draft"]
    if errors:
        raise ContentError(errors, f"brief '{brief_id}' has errors; nothing was cleared")
    drafted = uses.brief.drafted_by
    if drafted is not None and day < drafted.date:
        raise UsageError(
            f"--date {day.isoformat()} is before the brief was drafted "
            f"({drafted.date.isoformat()})",
            "give the day it was cleared",
        )
    inputs = brief_content_hash(uses, project.catalog, checked.archives)
    shown = uses.brief.loc.path
    text = read_inside(root, shown, BRIEF_LIMIT).decode("utf-8")
    entry = (
        f"cleared_by: {{name: {json.dumps(name, ensure_ascii=False)}, "
        f'date: {day.isoformat()}, inputs: "{inputs}"}}'
    )
    found = _CLEARED.search(text)
    if found:
        text = text[: found.start()] + entry + text[found.end() :]
        line = text.count("\n", 0, found.start()) + 1
    else:
        if text and not text.endswith("\n"):
            text += "\n"
        line = text.count("\n") + 1
        text += entry + "\n"
    _reads_back(text, shown, name, day, inputs)
    write_atomic(root / shown, text.encode("utf-8"))
    return Cleared(shown, line, inputs, found is not None)


def _reads_back(text: str, shown: str, name: str, day: dt.date, inputs: str) -> None:
    """Refuse to write a file whose cleared_by would not read back as written.

    A brief written as one flow mapping, or with its keys in some other shape, has no line a
    key can be put on: it is left as it was and the user is told what to add.
    """
    data, findings = parse_yaml(text.encode("utf-8"), shown)
    got = data.get("cleared_by") if isinstance(data, dict) else None
    wanted = {"name": name, "date": day.isoformat(), "inputs": inputs}
    if findings or not isinstance(got, dict) or {k: str(v) for k, v in got.items()} != wanted:
        raise CannotWrite(
            f"briefgen cannot place cleared_by in {shown} without rewriting it",
            f"add it by hand: cleared_by: {{name: {json.dumps(name, ensure_ascii=False)}, "
            f'date: {day.isoformat()}, inputs: "{inputs}"}}',
        )
