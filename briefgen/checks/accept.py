"""Acknowledged warnings: an item's `accept:` drops the warnings it names, each with a reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet

from ..errors import Finding
from ..model import Brief, Catalog, Fact, Quote, Series, Source


def acknowledge(
    findings: Iterable[Finding],
    catalog: Catalog,
    briefs: Mapping[str, Brief],
    unknown: AbstractSet[tuple[str, str]] = frozenset(),
) -> tuple[list[Finding], int]:
    """Drop the warnings their items acknowledge; warn about acknowledgements left unused.

    A catalog warning belongs to its subject (a fact, quote or source id); a brief's to the
    brief whose file it points at. `unknown` names (brief id, warning) pairs that could not
    be looked for this time: their acknowledgements are not needless. Return what is left
    and how many were acknowledged.
    """
    owners: dict[str, Fact | Quote | Source | Series | Brief] = {}
    for table in (catalog.sources, catalog.facts, catalog.quotes, catalog.series):
        owners.update(table)  # type: ignore[arg-type]
    by_path = {b.loc.path: b for b in briefs.values()}
    used: set[tuple[int, str]] = set()
    kept: list[Finding] = []
    accepted = 0
    for f in findings:
        owner = by_path.get(f.loc.path) or owners.get(f.subject)
        accepts = dict(getattr(owner, "accept", ()) or ())
        if f.severity == "warning" and f.rule and f.rule in accepts:
            used.add((id(owner), f.rule))
            accepted += 1
            continue
        kept.append(f)
    seen: set[int] = set()
    for owner in [*owners.values(), *briefs.values()]:
        if id(owner) in seen:
            continue
        seen.add(id(owner))
        for rule, _reason in getattr(owner, "accept", ()) or ():
            if isinstance(owner, Brief) and (owner.id, rule) in unknown:
                continue
            if (id(owner), rule) not in used:
                kept.append(
                    Finding(
                        owner.locs.get(f"accept.{rule}", owner.locs.get("accept", owner.loc)),
                        "warning",
                        f"'{owner.id}' accepts a '{rule}' warning that no longer fires",
                        f"remove '{rule}' from accept:",
                        owner.id if not isinstance(owner, Brief) else "",
                        "needless-accept",
                    )
                )
    return kept, accepted
