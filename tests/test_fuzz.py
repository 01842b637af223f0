"""Arbitrary YAML never produces a traceback: only findings, exit 0 or 1."""

import shutil

import pytest
import yaml
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from briefgen.cli import app

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates().map(str),
    st.sampled_from(["", "-", "[@x]", "…", "2025-13-45"]),
)
keys = st.sampled_from(
    [
        "id",
        "title",
        "publisher",
        "published",
        "kind",
        "archive",
        "reliability",
        "text",
        "date",
        "topics",
        "cite",
        "source",
        "evidence",
        "speaker",
        "role",
        "label",
        "aliases",
        "as_of",
        "facts",
        "quotes",
        "summary",
        "talking_points",
        "participants",
        "embargo_until",
        "x",
    ]
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=25,
)
catalogs = st.fixed_dictionaries(
    {},
    optional={
        "topics": st.dictionaries(st.text("abc-", min_size=1, max_size=5), values, max_size=3),
        "sources": st.lists(st.dictionaries(keys, values, max_size=8), max_size=3),
        "facts": st.lists(st.dictionaries(keys, values, max_size=8), max_size=3),
        "quotes": values,
        "junk": values,
    },
)


@pytest.mark.slow
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(catalog=catalogs, brief=st.dictionaries(keys, values, max_size=8), raw=st.text(max_size=60))
def test_arbitrary_documents_never_raise(tmp_path_factory, catalog, brief, raw):
    root = tmp_path_factory.mktemp("fuzz") / "p"
    shutil.copytree(FIXTURES / "mini", root)
    (root / "sources.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True))
    (root / "briefs" / "fuzzed.yaml").write_text(yaml.safe_dump(brief, allow_unicode=True))
    (root / "briefs" / "raw.yaml").write_text(raw)
    runner = CliRunner()
    for args in (["check"], ["list", "briefs"], ["build", "--format", "md"]):
        result = runner.invoke(app, ["--root", str(root), *args])
        assert result.exit_code in (0, 1), (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        assert "Traceback" not in result.output
