"""The PDF as staff get it: one page, notes at the foot, tagged, embedded fonts, reproducible."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import REPO
from pypdf import PdfReader


def text_positions(path: Path) -> list[tuple[float, str]]:
    """Return (height from the bottom, text) for every text run on page one."""
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            runs.append((cm[5] + tm[5] * cm[3], text.strip()))

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return runs


def test_notes_sit_at_the_foot_of_the_page(built):
    root, _ = built
    pdf = root / "build" / "border-talks.pdf"
    height = float(PdfReader(pdf).pages[0].mediabox.height)
    runs = text_positions(pdf)
    title = max(y for y, t in runs if "second round" in t)
    note = max(y for y, t in runs if "Background press call on trade" in t)
    points = min(y for y, t in runs if "Propose a date in" in t)
    assert title > 0.8 * height
    assert note < 0.2 * height
    assert note < points  # below the last line of the body


def test_pdf_is_tagged_with_language_metadata_bookmarks_and_embedded_fonts(built):
    root, _ = built
    with pikepdf.open(root / "build" / "border-talks.pdf") as pdf:
        root_dict = pdf.Root
        assert "/StructTreeRoot" in root_dict
        assert root_dict.MarkInfo.Marked is True
        assert str(root_dict.Lang) == "en-US"  # U.S. English: hyphenation and screen readers
        info = pdf.docinfo
        assert str(info.Title) == "Border talks, second round"
        assert str(info.Author) == "briefgen"
        assert str(info.Subject) == "Meeting preparation, June 10, 2025"
        assert str(info.Keywords) == "Migration, Trade and tariffs"
        # The cut-off (June 9) is when it was made; the meeting's date, when it was last dated.
        assert str(info.CreationDate).startswith("D:20250609")
        assert str(info.ModDate).startswith("D:20250610")
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert titles[0] == "Border talks, second round" or "Purpose and bottom line" in str(
            [c.title for item in outline.root for c in item.children]
        )
        fonts = {}
        for page in pdf.pages:
            for _, font in page.Resources.Font.items():
                descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
                embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                fonts[str(font.BaseFont)] = embedded
        assert fonts and all(fonts.values()), fonts
        assert any("Charis" in name for name in fonts)
        assert any("Inter" in name for name in fonts)


@pytest.mark.slow
def test_same_inputs_give_byte_identical_outputs(built, tmp_path):
    root, _ = built
    first = {p.name: p.read_bytes() for p in (root / "build").iterdir()}
    copy = tmp_path / "again"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("build"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1"}  # must not leak into the output
    subprocess.run(
        [sys.executable, "-m", "briefgen", "--root", str(copy), "build", "--jobs", "1"],
        check=True,
        capture_output=True,
        env=env,
    )
    second = {p.name: p.read_bytes() for p in (copy / "build").iterdir()}
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name


def test_a4_paper(mini, cli):
    code, _, _ = cli("--root", mini, "build", "migration-june", "--paper", "a4")
    assert code == 0
    box = PdfReader(mini / "build" / "migration-june.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def overfull(root: Path, facts: int, priority: int) -> None:
    """Add a long source and many long facts to the mini project."""
    words = " ".join(f"word{i}" for i in range(40))
    lines = [
        f"Sentence {i}: the negotiators reviewed item {i} at length, {words}." for i in range(facts)
    ]
    (root / "sources" / "long.txt").write_text("\n".join(lines) + "\n")
    entries = [
        "  - id: long\n    title: Long report\n    publisher: Example News\n"
        "    published: 2025-06-01\n    kind: news\n    archive: sources/long.txt\n"
        "    reliability: high\n"
    ]
    catalog = (root / "sources.yaml").read_text()
    catalog = catalog.replace("facts:\n", "".join(entries) + "facts:\n", 1)
    facts_yaml = "".join(
        f'  - id: long-{i}\n    text: "Item {i} was reviewed at length, {words}."\n'
        f"    date: 2025-06-01\n    topics: [trade]\n    priority: {priority}\n"
        f"    cite:\n      - source: long\n"
        f'        evidence: "item {i} at length, {words}"\n'
        for i in range(facts)
    )
    (root / "sources.yaml").write_text(catalog.replace("quotes:\n", facts_yaml + "quotes:\n", 1))
    ids = ", ".join(f"long-{i}" for i in range(facts))
    (root / "briefs" / "everything.yaml").write_text(
        f"kind: issue\ntitle: Everything at once\ndate: 2025-06-09\nprepared_for: Staff\n"
        f"summary: Every item the catalog holds.\nfacts: [{ids}]\ntopics: [migration, trade]\n"
    )


@pytest.mark.slow
def test_an_overfull_brief_is_cut_to_one_page_and_says_what_went(mini, cli):
    overfull(mini, 40, priority=2)
    code, out, err = cli("--root", mini, "check")
    assert code == 0, out + err
    code, out, err = cli("--root", mini, "build", "everything")
    assert code == 0, err
    line = next(line for line in out.splitlines() if line.startswith("built    everything"))
    import json

    manifest = json.loads((mini / "build" / "manifest.json").read_text())
    left_out = manifest["briefs"]["everything"]["left_out"]
    assert "long-39" in left_out and "long-0" not in left_out
    # The line counts what went and how much of it the brief picked; each pick left out is
    # then said at its place in the brief's file, with what would make it fit.
    picks = [i for i in left_out if i.startswith("long-")]
    assert line.endswith(
        f"; {len(left_out)} items left out to fit one page, {len(picks)} of them the brief's "
        "own picks (manifest.json lists them)"
    )
    said = [s.strip() for s in out.splitlines() if s.endswith("[pick-left-out]")]
    assert len(said) == len(picks)
    for pick, finding in zip(sorted(picks, key=lambda p: int(p[5:])), said, strict=True):
        assert finding.startswith("briefs/everything.yaml:6:")
        assert f"its pick '{pick}' is left out to fit one page (to fit it, " in finding
    assert "meet-again-july" not in out
    assert len(PdfReader(mini / "build" / "everything.pdf").pages) == 1
    md = (mini / "build" / "everything.md").read_text()
    assert "Item 0 was reviewed" in md and "Item 39 was reviewed" not in md
    html = (mini / "build" / "everything.html").read_text()
    assert html.count("was reviewed at length") == md.count("was reviewed at length")
    # A no-op build says as much, no longer.
    code, out, _ = cli("--root", mini, "build", "everything")
    assert code == 0 and f"unchanged everything (md, html, pdf); {len(left_out)} items" in out


def synthetic_topic_brief(root: Path) -> Path:
    """A project of 100 sources whose first brief must be cut from about 130 topic matches."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from synth import generate

    generate(root, sources=100, briefs=2, by_topic=True)
    return root


def fitting(root: Path, brief_id: str):
    """Return fit() for a brief, with a count of the layouts it asks for, and `make`."""
    from briefgen.catalog.project import load_project
    from briefgen.plan.cite import cite
    from briefgen.plan.fit import fit
    from briefgen.plan.select import drop_order, resolve
    from briefgen.render.document import render_html
    from briefgen.render.pdf import Printer
    from briefgen.render.templates import TEMPLATES

    loaded = load_project(root)
    uses = resolve(loaded.briefs[brief_id], loaded.catalog)
    order = [i.id for i in drop_order(uses.selection)]

    def make(k: int):
        doc = cite(uses, loaded.catalog, tuple(order[:k]))
        return doc, render_html(doc, TEMPLATES)

    printer = Printer(TEMPLATES)
    pages: list[int] = []

    class Counting:
        def layout(self, html: str):
            laid = printer.layout(html)
            pages.append(len(laid.pages))
            return laid

    def run(hint: int | None = None, overflowed=(), overflows=None):
        pages.clear()
        total = len(uses.selection.items())
        doc, _, laid = fit(
            make, Counting().layout, order, total, hint, overflowed=overflowed, overflows=overflows
        )
        return doc, laid, list(pages)

    return run, make, printer, order


@pytest.mark.slow
@pytest.mark.parametrize("project", ["one source, 40 long facts", "100 sources, by topic"])
def test_the_fit_is_the_fullest_page_and_takes_few_layouts(mini, tmp_path, project):
    if project.startswith("one source"):
        overfull(mini, 40, priority=2)
        root, brief_id = mini, "everything"
    else:
        root, brief_id = synthetic_topic_brief(tmp_path / "synth"), "brief-0001"
    run, make, printer, order = fitting(root, brief_id)
    doc, laid, pages = run()
    k = len(doc.left_out)
    assert 0 < k < len(order) and len(laid.pages) == 1
    # Fullest: giving back the last item left out runs onto a second page.
    assert len(printer.layout(make(k - 1)[1]).pages) == 2
    # The first layout that overflows is measured, so the answer takes a handful of layouts
    # (bisection guided by a count of what reached page one took 9 for the synthetic brief).
    assert len(pages) <= 4, pages


@pytest.mark.slow
def test_a_page_is_proved_full_only_when_one_more_item_overflows(tmp_path):
    from briefgen.plan.fit import MAX_CANDIDATES, _proves_full, measure

    run, make, printer, order = fitting(synthetic_topic_brief(tmp_path / "synth"), "brief-0001")
    k = len(run()[0].left_out)
    start = len(order) - MAX_CANDIDATES
    m_doc, m_html = make(start)
    m = measure(printer.layout(m_html))
    proved = 0
    for j in range(k, k + 8):
        doc, html = make(j)
        laid = printer.layout(html)
        assert len(laid.pages) == 1
        fuller = make(j - 1)[0]
        for with_measure in (False, True):
            extra = (m, m_doc) if with_measure else ()
            if _proves_full(laid, doc, fuller, order[j - 1], *extra):
                proved += 1
                # Only the answer's neighbour overflows; every larger j keeps one that fits.
                assert j == k, (j, k, with_measure)
    assert proved, "the answer's page was never proved full: the proof is too weak to help"


@pytest.mark.slow
def test_a_hint_from_the_last_build_saves_layouts_but_never_changes_the_cut(tmp_path):
    run, *_ = fitting(synthetic_topic_brief(tmp_path / "synth"), "brief-0001")
    doc, _, _ = run()
    k = len(doc.left_out)
    again, _, pages = run(hint=k)
    # One layout that fits, and a second that overflows unless the heights prove it would.
    assert again.left_out == doc.left_out and pages in ([1], [1, 2])
    for wrong in (k - 5, k - 1, k + 1, k + 5):
        assert run(hint=wrong)[0].left_out == doc.left_out, wrong


@pytest.mark.slow
def test_a_count_seen_to_overflow_before_proves_the_hint_in_one_layout(tmp_path):
    run, *_ = fitting(synthetic_topic_brief(tmp_path / "synth"), "brief-0001")
    seen: set[int] = set()
    doc, _, _ = run(overflows=seen.add)
    k = len(doc.left_out)
    assert seen and all(j < k for j in seen)  # only counts that keep too much overflow
    again, _, pages = run(hint=k, overflowed={k - 1})
    assert again.left_out == doc.left_out and pages == [1]
    # With the counts truly seen to overflow, a wrong hint still ends at the same cut.
    for wrong in (k - 3, k - 1, k + 1, k + 3):
        assert run(hint=wrong, overflowed=seen)[0].left_out == doc.left_out, wrong


@pytest.mark.slow
def test_a_forced_rebuild_guided_by_the_manifest_gives_the_same_bytes(mini, cli):
    import json

    overfull(mini, 40, priority=2)
    assert cli("--root", mini, "build", "everything", "--format", "pdf")[0] == 0
    pdf = mini / "build" / "everything.pdf"
    first = pdf.read_bytes()
    manifest = mini / "build" / "manifest.json"
    data = json.loads(manifest.read_text())
    assert data["briefs"]["everything"]["left_out"]
    for wrong in ([], ["x"] * 3, ["x"] * 39):  # what an edited catalog could leave behind
        data["briefs"]["everything"]["left_out"] = wrong
        manifest.write_text(json.dumps(data))
        code, _, err = cli("--root", mini, "build", "everything", "--format", "pdf", "--force")
        assert code == 0, err
        assert pdf.read_bytes() == first


def test_priority_one_picks_that_cannot_fit_fail_by_name(mini, cli):
    overfull(mini, 40, priority=1)
    code, out, err = cli("--root", mini, "build", "everything", "--format", "pdf")
    assert code == 1
    assert "brief 'everything' does not fit on one page even with only what must stay" in out
    assert "long-0, long-1" in out
    assert "Traceback" not in err


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("vnu"), reason="Nu Html Checker (npm vnu-jar) not installed")
def test_html_passes_the_nu_html_checker(fixture_builds):
    pages = sorted(str(p) for build in fixture_builds.values() for p in build.glob("*.html"))
    result = subprocess.run(["vnu", "--errors-only", *pages], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not shutil.which("markdownlint-cli2"), reason="markdownlint-cli2 not installed")
@pytest.mark.parametrize("project", ["mini", "kinds"])
@pytest.mark.slow
def test_markdown_passes_markdownlint(fixture_builds, project):
    build = fixture_builds[project]
    result = subprocess.run(
        ["markdownlint-cli2", "--config", str(REPO / ".markdownlint-cli2.jsonc"), "*.md"],
        capture_output=True,
        text=True,
        cwd=build,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    count = len(list(build.glob("*.md")))
    assert count and f"Linting: {count} file(s)" in result.stdout + result.stderr


# WeasyPrint is imported in a process of its own each time: the import is what is tested.
LOAD = """
import contextlib, ctypes.util, io, json, sys
searched = []
real = ctypes.util.find_library
def search(name):
    searched.append(name)
    return real(name)
ctypes.util.find_library = search
if sys.argv[1] == "first-names-fail":
    # An install where no name loads without the search: every dlopen of a bare name fails
    # while the search is switched off.
    import cffi
    dlopen = cffi.FFI.dlopen
    def picky(self, name, flags=0):
        if ctypes.util.find_library is not search:
            raise OSError(f"cannot load {name}")
        return dlopen(self, name, flags)
    cffi.FFI.dlopen = picky
out = io.StringIO()
with contextlib.redirect_stdout(out):
    from briefgen.render.pdf import load_weasyprint
    weasyprint = load_weasyprint()
print(json.dumps({
    "version": weasyprint.__version__,
    "searched": len(searched),
    "restored": ctypes.util.find_library is search,
    "stdout": out.getvalue(),
}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the search is skipped on Linux")
def test_weasyprint_loads_without_searching_for_its_libraries():
    done = subprocess.run(
        [sys.executable, "-c", LOAD, "plain"], capture_output=True, text=True, check=True
    )
    loaded = json.loads(done.stdout)
    assert loaded["version"]
    assert loaded["searched"] == 0  # no ldconfig, gcc or ld run
    assert loaded["restored"]  # the process's own find_library is back in place
    assert loaded["stdout"] == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the search is skipped on Linux")
def test_weasyprint_is_searched_for_when_its_libraries_do_not_load_at_once():
    done = subprocess.run(
        [sys.executable, "-c", LOAD, "first-names-fail"], capture_output=True, text=True, check=True
    )
    loaded = json.loads(done.stdout)
    assert loaded["version"]  # imported all the same, the second time with the search
    assert loaded["searched"] > 0
    assert loaded["restored"]
    assert loaded["stdout"] == ""  # WeasyPrint's advice on the failed first try is not shown


def test_weasyprint_arrays_of_a_fixed_length_hold_what_cffi_would_make():
    # Font subsetting asks for "hb_codepoint_t[N]" arrays; briefgen makes them without a new
    # C parse each time, and they must hold exactly what cffi would have made.
    from briefgen.render.pdf import load_weasyprint

    load_weasyprint()
    from weasyprint.text.ffi import ffi

    glyphs = [3, 5, 8, 13]
    made = ffi.new(f"hb_codepoint_t[{len(glyphs)}]", glyphs)
    assert len(made) == 4 and list(made) == glyphs
    assert ffi.sizeof(made) == 4 * ffi.sizeof("hb_codepoint_t")
    zeros = ffi.new("int[3]")
    assert list(zeros) == [0, 0, 0]
    assert len(ffi.new("hb_codepoint_t[010]")) == 8  # C's octal, as cffi reads it
    # Bytes keep cffi's meaning: no terminating NUL added to a char[N].
    text = ffi.new("char[2]", b"ab")
    assert len(text) == 2 and ffi.buffer(text)[:] == b"ab"
    with pytest.raises(IndexError):
        ffi.new("int[2]", [1, 2, 3])  # too many values: refused as cffi refuses it


@pytest.mark.slow
def test_a_brief_too_long_even_bare_says_where_and_by_how_much(mini: Path, cli):
    words = " ".join(["Crossings are down sharply [@crossings-fell]."] * 400)
    (mini / "briefs" / "too-long.yaml").write_text(
        f'kind: issue\ntitle: Too long\ndate: 2025-06-05\nprepared_for: Staff\nsummary: "{words}"\n'
    )
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    said = [line for line in out.splitlines() if "does not fit" in line]
    assert said and said[0].startswith("briefs/too-long.yaml:5:10: error: brief 'too-long' ")
    lines = re.search(
        r"shorten the title, summary or talking points by (\d+) lines at least", said[0]
    )
    assert lines and int(lines.group(1)) > 10, said[0]
    code, out, _ = cli("--root", mini, "build", "too-long", "--format", "md")
    assert code == 1 and f"by {lines.group(1)} lines at least" in out
