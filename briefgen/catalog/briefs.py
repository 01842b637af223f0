"""Read briefs/*.yaml, one brief a file; a brief that fails its schema is read as far as it goes."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import Finding
from ..model import Brief, Loc
from .fields import BriefEntry, id_problem
from .reading import read_record
from .yamlio import LDict, read_yaml

BRIEFS_DIR = "briefs"


def load_brief(path: Path, root: Path) -> tuple[Brief | None, list[Finding]]:
    """Read one brief file; its id is its file name."""
    brief, _, findings = read_brief(path, root)
    return brief, findings


def read_brief(path: Path, root: Path) -> tuple[Brief | None, Brief | None, list[Finding]]:
    """Read one brief file: the brief, or, when it fails the schema, what can be read of it.

    The draft is checked for the names it uses all the same, so that every error in a
    brief is said at once; it comes from the same parse, so the file is read once.
    """
    shown = path.relative_to(root).as_posix()
    brief_id = path.stem
    data, findings = read_yaml(root, shown)
    if findings:
        return None, None, findings
    problem = id_problem(brief_id, brief=True)
    if problem:
        findings.append(Finding(Loc(shown, 1), "error", problem[0], f"{problem[1]} (file name)"))
    values, locs, problems = read_record(data, BriefEntry, Loc(shown, 1), f"brief '{brief_id}'")
    findings += problems
    if findings:
        draft = _draft(brief_id, shown, values, locs) if isinstance(data, LDict) else None
        return None, draft, findings
    values.setdefault("as_of", default_as_of(values))
    return Brief(id=brief_id, **values, loc=Loc(shown, 1), locs=locs), None, findings


def default_as_of(values: dict[str, Any]) -> dt.date:
    """Return a brief's cut-off when it gives none: its date, or the day before a meeting.

    A preparation brief's cut-off is the meeting day itself only once `starts_at` says when
    the meeting begins, so that nothing from the meeting is used.
    """
    day: dt.date = values["date"]
    if values.get("kind") == "meeting" and values.get("starts_at") is None:
        return day - dt.timedelta(days=1)
    return day


def _draft(brief_id: str, shown: str, values: dict[str, Any], locs: dict[str, Loc]) -> Brief:
    """Make a brief of the fields that did read, for its names and dates to be checked too.

    Dated as written when its date read (its cut-off too, or the one it would default to);
    else undated, with no cut-off, and only its names are looked up.
    """
    names = {f.name for f in dataclasses.fields(Brief)} - {"id", "date", "as_of", "loc", "locs"}
    kept = {k: v for k, v in values.items() if k in names}
    kept.setdefault("kind", "issue")
    kept.setdefault("title", "")
    day = values.get("date", dt.date.max)
    as_of = values.get("as_of") or (default_as_of(values) if "date" in values else day)
    return Brief(id=brief_id, date=day, as_of=as_of, **kept, loc=Loc(shown, 1), locs=locs)


def brief_files(root: Path) -> list[Path]:
    """List the brief files of a project, in id order."""
    folder = root / BRIEFS_DIR
    if not folder.is_dir():
        return []
    # Anything named like a brief: a symlink, a pipe, a device or a folder is read and refused
    # with a reason, not silently passed over.
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def named_briefs(root: Path, ids: Sequence[str]) -> list[str]:
    """Return the ids a command names, once each in their order, or every brief file's id.

    Read from the names alone, before the project is loaded: how many briefs a build may
    render, for its progress bar and its workers.
    """
    return list(dict.fromkeys(ids)) if ids else [p.stem for p in brief_files(root)]


def stray_brief_files(root: Path) -> list[Path]:
    """List the .yaml files a build never reads though they sit where a brief might be put.

    In a folder under briefs/ (`briefs/drafts/x.yaml`), or in a folder beside it named like
    it (`brief/x.yaml`, `Briefs/x.yaml`): briefs are read from briefs/ itself. A folder whose
    name starts with "_" or "." is set aside on purpose (`briefs/_archive/`): not listed.
    """
    folders: list[Path] = []
    with contextlib.suppress(OSError):
        folders += (root / BRIEFS_DIR).iterdir() if (root / BRIEFS_DIR).is_dir() else []
    with contextlib.suppress(OSError):
        folders += [p for p in root.iterdir() if p.name.lower() in ("brief", "briefs")]
    found: list[Path] = []
    # One level down, and never through a link: what a link leads to is not the project's.
    for folder in sorted(set(folders)):
        if folder == root / BRIEFS_DIR or folder.name.startswith(("_", ".")):
            continue
        if folder.is_symlink() or not folder.is_dir():
            continue
        with contextlib.suppress(OSError):
            found += sorted(
                p
                for p in folder.iterdir()
                if p.suffix.lower() in (".yaml", ".yml") and not p.is_symlink() and p.is_file()
            )
    return found


def unread_brief_files(root: Path) -> list[Path]:
    """List the files in briefs/ named like a brief but in other capitals (`x.YAML`).

    They are not read (brief_files takes `.yaml` and `.yml` only), and a brief left out of
    every build without a word would be missed only when someone looks for its page.
    """
    folder = root / BRIEFS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in (".yaml", ".yml")
        and p.suffix not in (".yaml", ".yml")
        and not p.is_dir()
    )
