"""Split a build over machines (`build --shard K/N`) and put the shards' folders back together.

A brief belongs to one shard, fixed by a stable hash of its id: the same on every machine,
every night, whatever else is in briefs/ (adding a brief moves no other). Each shard builds
its briefs into a folder of its own; `merge_shards` takes from the folder of shard K only the
briefs of shard K, checks every file against that shard's manifest (size and sha256), copies
them into one folder, and writes one manifest, index and feed for them all.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..catalog.project import Project
from ..errors import UsageError
from ..files import file_digest, folder_lock, read_named, write_atomic
from ..model import BuiltBrief
from .distribution import write_distribution
from .manifest import load_manifest

_SHARD_RE = re.compile(r"^([0-9]{1,6})/([0-9]{1,6})$")


@dataclass(frozen=True, slots=True)
class Shard:
    """Shard `index` (1-based) of `count`."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> Shard:
    """Read `K/N` (shard K of N, 1 <= K <= N) or say how to write it."""
    m = _SHARD_RE.match(text.strip())
    if m is None:
        raise UsageError(f"--shard '{text}' is not K/N: write, e.g., --shard 2/8 (shard 2 of 8)")
    index, count = int(m.group(1)), int(m.group(2))
    if count < 1 or not 1 <= index <= count:
        raise UsageError(f"--shard {text}: K must be from 1 to N, and N at least 1")
    return Shard(index, count)


def shard_of(brief_id: str, count: int) -> int:
    """Return the shard (1 to `count`) a brief belongs to: a stable hash of its id."""
    # sha256, not hash(): Python salts str hashes per process.
    digest = hashlib.sha256(brief_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def in_shard(ids: Sequence[str], shard: Shard | None) -> list[str]:
    """Keep the ids of `shard`'s briefs, in their order (all of them with no shard)."""
    if shard is None:
        return list(ids)
    return [b for b in ids if shard_of(b, shard.count) == shard.index]


def merge_shards(
    project: Project,
    out: Path,
    shards: Sequence[Path],
    notice: Callable[[str], None] = lambda message: None,
) -> tuple[dict[str, BuiltBrief], list[str]]:
    """Merge the folders of shards 1 to N (in that order) into `out`.

    Return the merged manifest's entries, and the project's briefs that no shard holds (its
    shard failed it, or did not run): each is said to `notice`, and the merged manifest does
    not claim it. Nothing is written unless every file of every brief taken matches its
    shard's manifest.
    """
    count = len(shards)
    if count == 0:
        raise UsageError("name the shards' folders, shard 1 first: merge OUT SHARD1 SHARD2 ...")
    if any(s.resolve() == out.resolve() for s in shards):
        raise UsageError(f"merge into a folder of its own, not into a shard's ({out})")
    entries: dict[str, BuiltBrief] = {}
    files: list[tuple[Path, str, int, str]] = []  # source, name, size, sha256
    problems: list[str] = []
    for index, folder in enumerate(shards, start=1):
        manifest = load_manifest(folder)
        problems += [f"{manifest.path}: {p}" for p in manifest.problems]
        for bid, entry in sorted(manifest.briefs.items()):
            # A shard's folder may hold other shards' briefs of an earlier night: not its own.
            if shard_of(bid, count) != index:
                continue
            for fmt, output in entry.outputs.items():
                name = output.path
                source = folder / name
                if Path(name).name != name or name != f"{bid}.{fmt}":
                    problems.append(f"{manifest.path}: brief '{bid}' names {name!r} for {fmt}")
                elif not source.is_file():
                    problems.append(f"{source}: missing, though shard {index}'s manifest lists it")
                elif source.stat().st_size != output.bytes or file_digest(source) != output.sha256:
                    problems.append(
                        f"{source}: not the file shard {index}'s manifest describes "
                        "(size or sha256 differ): build that shard again"
                    )
                else:
                    files.append((source, name, output.bytes, output.sha256))
            entries[bid] = entry
    if problems:
        raise UsageError("the shards do not merge:\n  " + "\n  ".join(problems))
    absent = [bid for bid in sorted(project.briefs) if bid not in entries]
    for bid in absent:
        index = shard_of(bid, count)
        notice(
            f"brief '{bid}' is not in the manifest of shard {index}/{count} "
            f"({shards[index - 1]}): not merged; build that shard again"
        )
    out.mkdir(parents=True, exist_ok=True)
    with folder_lock(out, notice):
        for source, name, size, sha in files:
            data = read_named(source, size + 1)
            if hashlib.sha256(data).hexdigest() != sha:  # changed since it was checked
                raise UsageError(f"{source} changed while it was merged: merge again")
            write_atomic(out / name, data)
        write_distribution(out, project, [], entries)
    return load_manifest(out).briefs, absent
