"""What fitting leaves on each brief's page, for `check`, which renders nothing it can avoid.

A brief's page is known from the last build when that build's manifest records the brief
with the inputs hash it would have now (the same records, snapshots, templates, briefgen and
paper): its `left_out` is what fitting would leave out again. Otherwise the brief is fitted
here as a build would fit it (WeasyPrint lays it out, nothing is written), and the answer is
kept in the user's cache under that same hash, so that the next check after an edit fits
only the briefs the edit touched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from ..catalog import cache
from ..catalog.project import Project
from ..catalog.snapshots import Archives
from ..errors import BriefgenError, Finding, PageOverflow
from ..model import PageFit, Uses
from ..render.templates import templates_dir
from .check import errors_for
from .jobs import job_for, shared_hash
from .manifest import read_manifest
from .records import FORMATS


def page_fits(
    project: Project,
    uses: Mapping[str, Uses],
    archives: Archives,
    out: Path,
    paper: str,
    notice: Callable[[str], None] = lambda message: None,
) -> Callable[[list[Finding]], dict[str, PageFit]]:
    """Return how to learn each brief's page, given the findings of the check so far.

    A brief with errors cannot be built, so its page is not looked for. Every other brief is
    laid out, even one none of whose items may go: what must stay can overflow the page, and
    the build would then fail. `notice` hears it when no page can be laid out on this machine
    (WeasyPrint cannot load).
    """

    def pages(findings: list[Finding]) -> dict[str, PageFit]:
        from .work import page_fit

        templates = templates_dir(project.root)
        manifest = read_manifest(out)
        shared: dict[tuple[str, ...], str] = {}

        def hashed(formats: tuple[str, ...]) -> str:
            if formats not in shared:
                shared[formats] = shared_hash(templates, formats, paper)
            return shared[formats]

        fits: dict[str, PageFit] = {}
        for bid, u in sorted(uses.items()):
            if errors_for(u, findings, project.catalog):
                continue
            entry = manifest.get(bid)
            if entry is not None and entry.status == "current":
                built = job_for(
                    u, project.catalog, templates, hashed(tuple(entry.outputs)), archives
                )
                if built.inputs_hash == entry.inputs_hash:
                    fits[bid] = PageFit(entry.left_out, dict(entry.short or {}))
                    continue
            hint = len(entry.left_out) if entry is not None else None
            job = job_for(u, project.catalog, templates, hashed(FORMATS), archives, hint)
            name = cache.key("page", job.inputs_hash)
            kept = cache.fetch(name)
            if isinstance(kept, PageFit):
                fits[bid] = kept
                continue
            try:
                fits[bid] = page_fit(job, paper)
            except PageOverflow as exc:
                fits[bid] = PageFit((), refused=str(exc))  # the build would fail: say it now
                continue
            except BriefgenError:
                continue  # a template fails: the build says so, with the template's line
            except (ImportError, OSError) as exc:  # WeasyPrint or its libraries will not load
                notice(
                    f"note: pages cannot be laid out here ({type(exc).__name__}: {exc}); "
                    "picks left out to fit, and the sides on each page, were not checked"
                )
                break
            except Exception as exc:  # a renderer bug fails the brief in a build, not check
                notice(f"note: brief '{bid}' could not be laid out ({type(exc).__name__}: {exc})")
                continue
            cache.keep(name, fits[bid])
        return fits

    return pages
