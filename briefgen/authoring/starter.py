"""`briefgen init`: a new, working project from what the installed package carries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import AlreadyExists, CannotWrite
from ..files import MAX_CODE_BYTES, read_inside, write_new
from .json_schema import SCHEMA_DIR, write_schemas

PACKAGE = Path(__file__).resolve().parent.parent
STARTER = PACKAGE / "starter"
RULES = "docs/editorial-rules.md"
# Package data cannot carry a dotfile reliably; it is named plainly and renamed on the way out.
RENAMED = {"gitignore": ".gitignore"}


def _rules() -> Path:
    wheel = PACKAGE / RULES  # a wheel carries docs/ as briefgen/docs
    return wheel if wheel.is_file() else PACKAGE.parent / RULES  # a source checkout


@dataclass(frozen=True)
class Started:
    """What `init` wrote, relative to the new project's folder."""

    root: Path
    files: tuple[str, ...]


def init_project(dest: Path) -> Started:
    """Write the starter project into `dest`, which must be new or empty; nothing is replaced."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise AlreadyExists(
            f"'{dest}' already exists and is not an empty folder",
            "name a new folder: `briefgen init` never writes over anything",
        )
    files = sorted(p for p in STARTER.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    written: list[str] = []
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for path in files:
            rel = path.relative_to(STARTER)
            target = dest / rel.parent / RENAMED.get(rel.name, rel.name)
            write_new(target, read_inside(STARTER, path, MAX_CODE_BYTES))
            written.append(target.relative_to(dest).as_posix())
        # The rules every comment of the catalog and of `briefgen new` points at.
        rules = _rules()
        write_new(dest / RULES, read_inside(rules.parent, rules, MAX_CODE_BYTES))
        written.append(RULES)
        # The editor schemas are generated from the loader's own field specs, never copied.
        for w in write_schemas(dest / SCHEMA_DIR):
            written.append(w.path.relative_to(dest).as_posix())
    except OSError as exc:
        raise CannotWrite(f"cannot write the new project in '{dest}': {exc}") from None
    return Started(dest, tuple(sorted(written)))
