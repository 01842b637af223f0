"""A project's templates are held to a budget, and every error names the template and line."""

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefgen.errors import TemplateFailed
from briefgen.render.templates import TEMPLATES, render_template

# (case, template text, words of the message); each fails within seconds, at line 2.
RUNAWAY = [
    (
        "nested loops over large ranges",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "turns",
    ),
    (
        "loops over a data list",
        "{% for i in range(3000) %}{% for c in big %}{% endfor %}{% endfor %}",
        "turns",
    ),
    ("a text repeated", '{{ "x" * 10**10 }}', "repeating"),
    ("a list repeated", "{{ [1] * 100000000 }}", "repeating"),
    ("a huge power", "{{ 2 ** 100000000 }}", "too large"),
    ("a power of a power", "{{ ((10 ** 60) ** 60) ** 60 }}", "too large"),
    ("a centered width", '{{ "x"|center(10000000000) }}', "too large"),
    ("an indent width", '{{ "x\\ny"|indent(10000000000) }}', "too large"),
    ("a %-format width", '{{ "%99999999999s"|format(1) }}', "width"),
    ("a %-operator width", '{{ "%99999999999s" % 1 }}', "width"),
    ("a star width", '{{ "%*s" % (999999999, 1) }}', "width"),
    ("a str.format width", '{{ "{:>9999999999}".format(1) }}', "width"),
    ("a ljust width", '{{ "x".ljust(9999999999) }}', "too large"),
    (
        "a replace that multiplies",
        '{% set a = "x" * 100000 %}{% set b = a|replace("", a) %}{{ b|length }}',
        "replace",
    ),
    (
        "a str.replace that multiplies",
        '{% set a = "x" * 100000 %}{{ a.replace("", a) }}',
        "replace",
    ),
    ("a join that multiplies", '{{ range(100000)|join("x" * 1000000) }}', "join"),
    (
        "a str.join that multiplies",
        '{{ ("x" * 1000000).join(range(100000)|map("string")) }}',
        "join",
    ),
    ("output past the cap", '{% for i in range(50000) %}{{ "y" * 1000 }}{% endfor %}', "output"),
    (
        "a macro that calls itself twice over",
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(60) }}",
        "calls",
    ),
    (
        "a number multiplied by itself",
        "{% set ns = namespace(v=999999) %}{% for i in range(40) %}{% set ns.v = ns.v * ns.v %}"
        "{% endfor %}x",
        "product too large",
    ),
    (
        "a recursive loop's inner turns",
        "{% for i in range(100000) recursive %}{% if loop.depth < 3 %}"
        "{{ loop(range(100000)) }}{% endif %}{% endfor %}",
        "turns",
    ),
    ("lists summed", "{{ (([[0]] * 900000)|sum(start=[]))|length }}", "numbers only"),
    ("wordwrap on a book", '{{ ("x" * 1000000)|wordwrap(1) }}', "wordwrap on more than"),
    (
        "lists kept in a namespace",
        "{% set ns = namespace(l=[]) %}{% for i in range(2000) %}"
        "{% set ns.l = ns.l + [[0] * 1000000] %}{% endfor %}{{ ns.l|length }}",
        "made more than",
    ),
    (
        "a format fed long texts",
        '{% set big = "x" * 10000000 %}{{ ("%s" * 1000) % ((big,) * 1000) }}',
        "formatted text",
    ),
    ("a list printed whole", '{{ ["x" * 20000000] * 1000 }}', "prints as more than"),
    ("a list turned to text", '{{ (["x" * 20000000] * 1000)|tojson }}', "prints as more than"),
    (
        "a text joined to itself",
        '{% set a = "x" * 10000000 %}{% set a = a ~ a %}{% set a = a ~ a %}'
        "{% set a = a ~ a %}{{ a|length }}",
        "characters",
    ),
]


def templates_with(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    (folder / "md" / "trial.md.j2").write_text("line one\n" + text + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(("case", "text", "words"), RUNAWAY, ids=[r[0] for r in RUNAWAY])
@pytest.mark.slow
def test_a_runaway_template_is_stopped_at_its_line(tmp_path, case, text, words):
    folder = templates_with(tmp_path, text)
    started = time.monotonic()
    with pytest.raises(TemplateFailed) as caught:
        render_template(folder, "md/trial.md.j2", {"big": list(range(1000))})
    assert time.monotonic() - started < 60
    message = str(caught.value)
    assert "trial.md.j2:2" in message, message
    assert words in message, message


# (case, template text, words): mistakes of a template's own, each at its line.
MISTAKES = [
    ("an undefined name", "{{ nothing.here }}", "'nothing' is undefined"),
    ("a division by zero", "{{ 1 // 0 }}", "ZeroDivisionError"),
    ("text plus a number", '{{ "a" + 1 }}', "TypeError"),
    ("a syntax error", "{% for %}", "Expected an expression"),
    ("an unsafe attribute", "{{ cycler.__init__.__globals__ }}", "unsafe"),
    ("a missing include", '{% include "md/none.md.j2" %}', "not found"),
    ("placeholder text", "{{ lipsum(n=100000000) }}", "'lipsum' is undefined"),
    ("endless recursion", "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "too deeply"),
    # Raised inside Python or one of briefgen's filters, on what the template chose.
    ("a width of zero", '{{ "abc"|wordwrap(0) }}', "invalid width 0"),
    ("a made-up format", '{{ "{:%Q}".format(5) }}', "Invalid format specifier"),
    ("an object turned to JSON", "{{ [cycler]|tojson }}", "not JSON serializable"),
]


@pytest.mark.parametrize(("case", "text", "words"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_template_mistake_names_the_template_its_line_and_what(tmp_path, case, text, words):
    folder = templates_with(tmp_path, text)
    with pytest.raises(TemplateFailed) as caught:
        render_template(folder, "md/trial.md.j2", {})
    message = str(caught.value)
    assert "trial.md.j2" in message and words in message, message
    if case != "a missing include":
        assert "trial.md.j2:2" in message, message


def test_an_ordinary_template_renders_as_before(tmp_path):
    folder = templates_with(
        tmp_path,
        "{% for n in big %}{{ n }}{% endfor %} {{ '%5s'|format(1) }} {{ big|join('-') }}"
        " {{ 'a.b'|replace('.', '/') }} {{ '-'.join(['p', 'q']) }}",
    )
    text = render_template(folder, "md/trial.md.j2", {"big": [1, 2, 3]})
    assert text == "line one\n123     1 1-2-3 a/b p-q\n"


@pytest.mark.slow
def test_a_broken_index_template_keeps_the_manifest_true_to_the_files(mini: Path):
    shutil.copytree(TEMPLATES, mini / "templates")

    def build() -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "briefgen", "--root", str(mini), "build", "--format", "md"],
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert build().returncode == 0
    index_before = (mini / "build" / "index.html").read_bytes()
    index = mini / "templates" / "html" / "index.html.j2"
    index.write_text(index.read_text(encoding="utf-8") + "{{ nope.x }}\n", encoding="utf-8")
    brief = mini / "briefs" / "migration-june.yaml"
    brief.write_text(
        brief.read_text(encoding="utf-8").replace("Migration in June 2025", "June migration"),
        encoding="utf-8",
    )
    done = build()
    said = done.stdout + done.stderr
    assert done.returncode == 1, said
    assert "index.html.j2:" in said and "'nope' is undefined" in said, said
    assert "Internal error" not in said and "Traceback" not in said
    # The brief was rebuilt, and the manifest says so; the index stays whole, as it was.
    manifest = json.loads((mini / "build" / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["briefs"]["migration-june"]
    assert entry["title"] == "June migration"
    import hashlib

    md = (mini / "build" / "migration-june.md").read_bytes()
    assert entry["outputs"]["md"]["sha256"] == hashlib.sha256(md).hexdigest()
    assert (mini / "build" / "index.html").read_bytes() == index_before


def test_an_undefined_name_in_an_html_template_names_its_line(tmp_path):
    """HTML is autoescaped: the undefined name fails inside markupsafe, still the template's."""
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    (folder / "html" / "trial.html.j2").write_text(
        "<p>line one</p>\n<p>{{ nosuchvar }}</p>\n", encoding="utf-8"
    )
    with pytest.raises(TemplateFailed) as caught:
        render_template(folder, "html/trial.html.j2", {})
    message = str(caught.value)
    assert "trial.html.j2:2" in message and "'nosuchvar' is undefined" in message, message
