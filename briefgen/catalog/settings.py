"""Project settings: the [tool.briefgen] table of the project's pyproject.toml.

What a team sets once rather than on every command: where the site is published, which
handling markings may go out, the paper and the output folders. A project without the file
or the table runs on the defaults. Every problem is a finding at pyproject.toml:line, like the
catalog's; tomllib gives no line numbers, so `_key_lines` finds each key in the text.

The table's shape is one pydantic model, `SettingsTable`: each setting a field, read by a
Value (values.py) whose parser checks it and gives its value, described by the field's
description and example, which the fix of a bad value quotes. A new setting is one field
there and its default in `Settings`.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ContentError, Finding, InvalidValue, UnreadableFile, suggest
from ..files import MAX_SETTINGS_BYTES, read_text_inside
from ..model import Loc
from .reading import keys_of
from .values import INVALID, Value

if sys.version_info >= (3, 14):
    import tomllib
else:  # the same parser (TOML 1.0) before tomllib's errors said where they are as data
    import tomli as tomllib

PYPROJECT = "pyproject.toml"
TABLE = ("tool", "briefgen")
PAPERS = ("letter", "a4")


@dataclass(frozen=True)
class Settings:
    """The project's settings, defaults filled in."""

    base_url: str | None = None  # ends with "/": every link is made under it
    publish_handling: tuple[str, ...] = ("UNCLASSIFIED",)
    paper: str = "letter"
    build_dir: str = "build"
    site_dir: str = "site"
    # publish puts out only briefs whose clearance holds (cleared_by, unchanged since).
    require_clearance: bool = False
    # Where each setting was written, for messages that point at it.
    locs: dict[str, Loc] = dataclasses.field(default_factory=dict, compare=False)


def check_base_url(value: str) -> str:
    """Return what is wrong with a site address, or '' when it will do.

    The address is read by urllib.parse, as a browser and a feed reader will read it; only
    the characters an address may hold (RFC 3986) are accepted: every link of the site and
    the feed is built from it.
    """
    if not value.strip() or any(c.isspace() or ord(c) < 0x20 for c in value):
        return "is not an address: it is empty or holds spaces"
    if len(value) > 2000:
        return "is longer than 2,000 characters"
    odd = sorted({c for c in value if not _URL_CHAR.fullmatch(c)})
    if odd:
        shown = " ".join(repr(c) for c in odd[:5])
        return f"holds characters an address may not: {shown} (percent-encode them, e.g. %20)"
    if re.search(r"%(?![0-9A-Fa-f]{2})", value):
        return "has a '%' that does not start a percent-escape such as %20"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (reading it validates it)
    except ValueError as exc:
        return f"is not a valid address: {exc}"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "is not an absolute http(s) address"
    if parts.username or parts.password:
        return "carries a user name or password, which every published link would repeat"
    if parts.query or parts.fragment:
        return "has a query or fragment; give the folder the site is served from"
    host = parts.hostname
    if not (_HOST.fullmatch(host) or _ip_literal(host)):
        return f"has a host name '{host}' that is not letters, digits, '-' and '.'"
    return ""


# RFC 3986: unreserved, reserved and '%' (checked to start an escape).
_URL_CHAR = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")
_HOST = re.compile(
    r"(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?"
)


def _ip_literal(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def folder_url(value: str) -> str:
    """Give an address the trailing slash of a folder, so links resolve under it, not beside it."""
    return value if value.endswith("/") else value + "/"


def _same_folder(value: str) -> str:
    path = PurePosixPath(value.replace("\\", "/"))
    if not value.strip() or path.is_absolute() or re.match(r"^[A-Za-z]:", value):
        return "should be a folder inside the project, written relative to it"
    if ".." in path.parts:
        return "should stay inside the project: '..' is not allowed"
    return ""


def _markings(value: Any) -> str:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "should be a list of strings"
    if not value or not all(v.strip() for v in value):
        return "should name at least one marking, none of them empty: nothing could be published"
    return ""


def _flag(value: Any) -> str:
    return "" if isinstance(value, bool) else "should be true or false"


def _one_of(choices: tuple[str, ...]) -> Callable[[str], str]:
    def check(value: str) -> str:
        return "" if value.lower() in choices else f"should be one of: {', '.join(choices)}"

    return check


def _setting(
    check: Callable[[Any], str], then: Callable[[Any], Any], *, text: bool = True
) -> Value:
    """Read a setting: `check` says what is wrong with it ('' when nothing), `then` keeps it."""

    def parse(value: Any) -> Any:
        problem = "should be a string" if text and not isinstance(value, str) else check(value)
        if problem:
            raise InvalidValue(problem, "")
        return then(value)

    # The editor schema of pyproject.toml is not briefgen's to write: no fragment.
    return Value(parse, {})


class SettingsTable(BaseModel):
    """The [tool.briefgen] table of pyproject.toml: every setting there may be."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    base_url: Annotated[str, _setting(check_base_url, folder_url)] | None = Field(
        None,
        description="the address the site is served from",
        examples=['"https://example.org/briefs/"'],
    )
    publish_handling: (
        Annotated[
            tuple[str, ...], _setting(_markings, lambda v: tuple(m.strip() for m in v), text=False)
        ]
        | None
    ) = Field(
        None,
        description="the handling markings publish may put out",
        examples=['["UNCLASSIFIED"]'],
    )
    paper: Annotated[str, _setting(_one_of(PAPERS), str.lower)] | None = Field(
        None, description="the default paper of PDFs", examples=['"letter" (or "a4")']
    )
    build_dir: Annotated[str, _setting(_same_folder, str)] | None = Field(
        None,
        description="the default folder of build, generate and serve",
        examples=['"build"'],
    )
    site_dir: Annotated[str, _setting(_same_folder, str)] | None = Field(
        None, description="the default folder of publish", examples=['"site"']
    )
    require_clearance: Annotated[bool, _setting(_flag, bool, text=False)] | None = Field(
        None,
        description="whether publish puts out only cleared briefs",
        examples=["true"],
    )


def load_settings(root: Path) -> tuple[Settings, list[Finding]]:
    """Read [tool.briefgen] from root/pyproject.toml; a bad value keeps its default."""
    if not os.path.lexists(root / PYPROJECT):
        return Settings(), []
    try:
        # Through the opener: a pyproject.toml linked from outside is not this project's.
        text = read_text_inside(root, PYPROJECT, MAX_SETTINGS_BYTES)
    except UnreadableFile as exc:
        return Settings(), [_finding(1, f"settings not read: {exc.message}", exc.fix)]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason = f"{PYPROJECT} is not valid TOML: {exc.msg}"
        return Settings(), [_finding(exc.lineno, reason, "fix the syntax", exc.colno)]
    except RecursionError:  # arrays or tables nested hundreds deep: no settings file is
        reason = f"{PYPROJECT} nests arrays or tables too deeply to read"
        return Settings(), [_finding(1, reason, "flatten the nesting")]
    table = data.get("tool", {}).get("briefgen") if isinstance(data.get("tool"), dict) else None
    if table is None:
        return Settings(), []
    lines = _key_lines(text)
    head = lines.get("", 1)
    if not isinstance(table, dict):
        return Settings(), [_finding(head, "[tool.briefgen] should be a table of settings")]
    locs = {key: Loc(PYPROJECT, lines.get(key, head)) for key in table}
    good, findings = _read_table(table, locs)
    if good.get("build_dir", "build") == good.get("site_dir", "site"):
        findings.append(
            _finding(
                locs.get("site_dir", Loc(PYPROJECT, head)).line,
                "site_dir is the same folder as build_dir",
                "publish copies from the build into the site: give them different folders",
            )
        )
        good.pop("site_dir", None)
    return Settings(**good, locs=locs), findings


def _read_table(
    table: dict[str, Any], locs: dict[str, Loc]
) -> tuple[dict[str, Any], list[Finding]]:
    """Validate the table; return the settings that read, and a finding for each that did not."""
    try:
        made = SettingsTable.model_validate(table)
    except ValidationError as exc:
        errors = {e["loc"][0]: e for e in exc.errors(include_url=False, include_input=False)}
    else:
        return {k: v for k, v in made.__dict__.items() if v is not None}, []
    fields = SettingsTable.model_fields
    keys = {k.name: k for k in keys_of(SettingsTable)}
    good: dict[str, Any] = {}
    findings: list[Finding] = []
    for key, value in table.items():  # in the order they are written
        error = errors.get(key)
        if error is None:
            good[key] = keys[key].parse(value)
        elif error["type"] == INVALID:
            info = fields[key]
            example = (info.examples or [""])[0]
            findings.append(
                Finding(
                    locs[key],
                    "error",
                    f"{key} {error['ctx']['problem']}",
                    f"{key} is {info.description}: write it like {key} = {example}",
                )
            )
        else:  # extra_forbidden: a key that is no setting
            findings.append(
                Finding(
                    locs[key],
                    "error",
                    f"unknown setting '{key}' in [tool.briefgen]",
                    suggest(key, sorted(fields), "setting"),
                )
            )
    return good, findings


def project_settings(root: Path) -> Settings:
    """Return the settings, or stop with every finding when any is wrong."""
    settings, findings = load_settings(root)
    if findings:
        raise ContentError(findings, f"fix [tool.briefgen] in {root / PYPROJECT}")
    return settings


def _finding(line: int, message: str, fix: str = "", col: int = 1) -> Finding:
    return Finding(Loc(PYPROJECT, line, col), "error", message, fix)


# -- where each key is written -------------------------------------------------------------

_HEADER = re.compile(r"^\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_ASSIGN = re.compile(rf"^\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*=\s*(.*)$")
_PART = re.compile(_KEY)


def _dotted(text: str) -> tuple[str, ...]:
    return tuple(p.strip("\"'") for p in _PART.findall(text))


def table_line(root: Path) -> int | None:
    """Return the line of root/pyproject.toml where [tool.briefgen] starts, if it has one.

    For advice that says where a setting goes: a second [tool.briefgen] header would make the
    file invalid TOML.
    """
    if not os.path.lexists(root / PYPROJECT):
        return None
    try:
        text = read_text_inside(root, PYPROJECT, MAX_SETTINGS_BYTES)
    except UnreadableFile:
        return None
    return _key_lines(text).get("")


def _key_lines(text: str) -> dict[str, int]:
    """Map each key of [tool.briefgen] to its line; '' maps to where the table starts.

    Covers a [tool.briefgen] header, dotted keys (`briefgen.paper = …` under [tool]) and an
    inline table; a key inside a multi-line value is never mistaken for one, since only
    lines that start a key at the top of a table are read.
    """
    found: dict[str, int] = {}
    table: tuple[str, ...] = ()
    depth = 0  # open brackets of a multi-line array or inline table
    for number, line in enumerate(text.splitlines(), 1):
        if depth == 0:
            header = _HEADER.match(line)
            if header:  # [table] or [[array.of.tables]]
                table = _dotted(header[1])
                if table == TABLE and not line.lstrip().startswith("[["):
                    found.setdefault("", number)
                elif table[:2] == TABLE and len(table) > 2:  # [tool.briefgen.x]: key x
                    found.setdefault(table[2], number)
                continue
            assign = _ASSIGN.match(line)
            if assign:
                path = table + _dotted(assign[1])
                if path[:2] == TABLE:
                    if len(path) == 2:  # briefgen = { … } inline
                        found.setdefault("", number)
                        for key in re.findall(rf"({_KEY})\s*=", assign[2]):
                            found.setdefault(key.strip("\"'"), number)
                    else:
                        found.setdefault("", number)
                        found.setdefault(path[2], number)
                line = assign[2]
            else:
                continue
        depth = max(0, depth + _balance(line))
    return found


def _balance(value: str) -> int:
    # Brackets inside strings do not count; a comment ends the line.
    value = re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', "", value).split("#", 1)[0]
    return value.count("[") + value.count("{") - value.count("]") - value.count("}")
