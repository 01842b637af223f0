"""A project folder loaded whole: its catalog, its briefs, and what loading found wrong."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Finding
from ..model import Brief, Catalog, Loc
from .briefs import (
    BRIEFS_DIR,
    brief_files,
    read_brief,
    stray_brief_files,
    unread_brief_files,
)
from .load import load_catalog


@dataclass(frozen=True)
class Project:
    """Everything loaded from a project folder, with what loading found wrong."""

    root: Path
    catalog: Catalog
    briefs: dict[str, Brief]
    findings: tuple[Finding, ...] = field(default=())
    broken: frozenset[str] = frozenset()  # brief files that could not be read
    # Those of them that are YAML mappings, read as far as they go (undated): `check` looks up
    # their topics, picks and [@refs] too, so that every error is said at once.
    drafts: tuple[Brief, ...] = ()


def load_project(root: Path) -> Project:
    """Load the catalog and every brief."""
    catalog, findings = load_catalog(root)
    briefs: dict[str, Brief] = {}
    broken: set[str] = set()
    drafts: list[Brief] = []
    files = brief_files(root)
    folder = root / BRIEFS_DIR
    if os.path.lexists(folder) and not folder.is_dir():
        findings.append(
            Finding(
                Loc(BRIEFS_DIR, 1),
                "error",
                f"{BRIEFS_DIR} is not a folder, so no brief is read",
                f"make {BRIEFS_DIR}/ a folder and put the brief files in it",
            )
        )
    for path in unread_brief_files(root):
        findings.append(
            Finding(
                Loc(path.relative_to(root).as_posix(), 1),
                "error",
                f"{path.name} is not read as a brief: a brief file's name ends in .yaml or .yml, "
                "in lower case",
                f"rename it {path.stem}{path.suffix.lower()}",
            )
        )
    for path in stray_brief_files(root):
        shown = path.relative_to(root).as_posix()
        findings.append(
            Finding(
                Loc(shown, 1),
                "warning",
                f"{shown} is not read as a brief: briefs are read from {BRIEFS_DIR}/ itself, "
                "not from a folder under it or beside it",
                f"move it into {BRIEFS_DIR}/ to build it, or into a folder whose name starts "
                f"with _ ({BRIEFS_DIR}/_archive/) to keep it unbuilt",
                rule="brief-not-read",
            )
        )
    stems = Counter(p.stem for p in files)
    for path in files:
        if stems[path.stem] > 1:
            twins = " and ".join(p.name for p in files if p.stem == path.stem)
            shown = path.relative_to(root).as_posix()
            findings.append(
                Finding(
                    Loc(shown, 1),
                    "error",
                    f"brief '{path.stem}' has two files: {twins}",
                    "keep one and delete the other",
                )
            )
            broken.add(path.stem)
            continue
        brief, draft, problems = read_brief(path, root)
        findings += problems
        if brief is None:
            broken.add(path.stem)
            drafts += [draft] if draft is not None else []
        else:
            briefs[brief.id] = brief
    return Project(root, catalog, briefs, tuple(findings), frozenset(broken), tuple(drafts))
