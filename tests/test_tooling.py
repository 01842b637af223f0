import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO


def hooks_offered() -> list[dict]:
    return yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())


def test_pre_commit_hook_runs_briefgen_check_once_on_content_changes():
    (hook,) = hooks_offered()
    assert hook["id"] == "briefgen-check" and hook["language"] == "python"
    assert hook["entry"] == "briefgen check" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("sources.yaml", "briefs/x.yaml", "sources/x.txt"):
        assert files.search(path), path
    for path in ("briefgen/cli.py", "tests/fixtures/mini/sources.yaml", "sources.yaml.orig"):
        assert not files.search(path), path


def test_project_pre_commit_config_uses_the_hook_and_ruff_offline():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    # Only local hooks: nothing for pre-commit to download, so it works without network.
    assert [r["repo"] for r in config["repos"]] == ["local"]
    hooks = {h["id"]: h for h in config["repos"][0]["hooks"]}
    (offered,) = hooks_offered()
    local = hooks["briefgen-check"]
    assert {k: local[k] for k in ("id", "entry", "pass_filenames", "files")} == {
        k: offered[k] for k in ("id", "entry", "pass_filenames", "files")
    }
    assert hooks["ruff-check"]["entry"].startswith("ruff check")
    assert hooks["ruff-format"]["entry"].startswith("ruff format")
    assert all(h["language"] == "system" for h in hooks.values())


def test_nothing_points_users_at_a_design_page_they_do_not_have():
    listed = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    mentions = [
        name
        for name in listed
        if name != "tests/test_tooling.py"
        and (REPO / name).is_file()
        and not name.endswith((".ttf", ".otf"))
        and (
            "DESIGN.md" in (text := (REPO / name).read_text(errors="replace"))
            or "../shared" in text
        )
    ]
    assert mentions == []


@pytest.mark.parametrize(("broken", "code"), [(False, 0), (True, 1)])
@pytest.mark.slow
def test_hook_entry_passes_clean_content_and_fails_bad(mini: Path, broken: bool, code: int):
    if broken:
        catalog = mini / "sources.yaml"
        catalog.write_text(catalog.read_text().replace("with respect", "with great respect"))
    (hook,) = hooks_offered()
    program, *args = hook["entry"].split()
    assert program == "briefgen"
    # pre-commit runs hooks from the repository root: the project folder.
    run = subprocess.run(
        [sys.executable, "-m", "briefgen", *args], cwd=mini, capture_output=True, text=True
    )
    assert run.returncode == code, run.stdout + run.stderr


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("briefgen --root {mini} quote find ne", ["news-a"]),
        ("briefgen --root {mini} quote find ", ["brief-b", "news-a"]),
        ("briefgen new brief ", ["meeting", "readout", "issue"]),
    ],
)
def test_shell_completion_offers_source_ids_and_brief_kinds(mini: Path, words, expected):
    from typer.testing import CliRunner

    from briefgen.cli import app

    words = words.format(mini=mini)
    env = {
        "_BRIEFGEN_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    result = CliRunner().invoke(app, [], prog_name="briefgen", env=env)
    assert result.exit_code == 0 and result.output.split() == expected


def test_help_lists_the_analysts_commands(cli):
    code, out, _ = cli("--help")
    assert code == 0
    for command in ("schema", "new", "quote", "serve"):
        assert re.search(rf"^  {command} ", out, re.MULTILINE), command
    for sub in (["new", "source"], ["new", "brief"], ["quote", "find"], ["serve"], ["schema"]):
        code, text, _ = cli(*sub, "--help")
        assert code == 0 and "Usage:" in text


def test_yaml_is_read_only_through_yamlio():
    reads = re.compile(
        r"\byaml\.(load|safe_load|compose|parse|full_load|unsafe_load)\b"
        r"|\b(?:C?Safe|Full|Unsafe|Base)?Loader\)"
    )
    package = REPO / "briefgen"
    readers = sorted(
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if reads.search(p.read_text()) and p.name != "yamlio.py"
    )
    assert readers == []


def test_ci_runs_the_readmes_test_command_with_pytest_last():
    readme = (REPO / "README.md").read_text()
    command = next(
        line for line in readme.splitlines() if line.startswith("pip install -e '.[test]'")
    )
    for tool in ("ruff check .", "ruff format --check .", "mypy", "lint-imports"):
        assert tool in command
    assert command.endswith("&& pytest -q")
    ci = [line for line in (REPO / ".ci" / "run").read_text().splitlines() if line.strip()]
    assert ci[-1] == command


def test_ci_checks_the_shipped_catalog_strictly_before_the_tests():
    ci = [line for line in (REPO / ".ci" / "run").read_text().splitlines() if line.strip()]
    strict = [i for i, line in enumerate(ci) if line.endswith("briefgen check --strict")]
    assert strict and strict[0] < len(ci) - 1


# Calls that open, read, write, move or delete a file themselves. Outside briefgen/files/
# they are refused: every read goes through the opener, every write through the writer.
_FILE_CALLS = {
    ("", "open"),
    ("os", "open"),
    ("os", "fdopen"),
    ("io", "open"),
    ("os", "remove"),
    ("os", "unlink"),
    ("os", "rename"),
    ("os", "replace"),
    ("os", "link"),
    ("os", "symlink"),
    ("os", "truncate"),
    ("tomllib", "load"),
    ("json", "load"),
    ("json", "dump"),
    ("pickle", "load"),
    ("pickle", "dump"),
    ("jinja2", "FileSystemLoader"),
    ("tempfile", "mkstemp"),
    ("tempfile", "NamedTemporaryFile"),
    ("tempfile", "TemporaryFile"),
}
_FILE_METHODS = {
    "read_text",
    "read_bytes",
    "write_text",
    "write_bytes",
    "open",
    "unlink",
    "touch",
    "symlink_to",
    "hardlink_to",
    "rename",
    "replace",
}
_SHUTIL = {"copy", "copy2", "copyfile", "copytree", "copyfileobj", "move", "rmtree"}
# No exceptions: even the site's folder swap lives in briefgen/files/swap.py.
_FOLDER_SWAP: set[tuple[str, str]] = set()


def direct_file_calls(source: str) -> list[tuple[int, str]]:
    """Return (line, call) for every call in `source` that touches a file itself."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and ("", func.id) in _FILE_CALLS:
            found.append((node.lineno, func.id))
        elif isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else ""
            call = f"{owner}.{func.attr}" if owner else f".{func.attr}"
            if (
                (owner, func.attr) in _FILE_CALLS
                or (owner == "shutil" and func.attr in _SHUTIL)
                or (owner == "tempfile" and func.attr == "mkdtemp")
            ):
                found.append((node.lineno, call))
            elif func.attr in _FILE_METHODS and owner not in ("str", "re", "webbrowser"):
                # A str's replace() is no file: only a call on a path-like receiver counts.
                if func.attr == "replace" and not _looks_like_path(func.value):
                    continue
                found.append((node.lineno, call))
    return found


def _looks_like_path(node) -> bool:
    import ast

    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)


@pytest.mark.slow
def test_only_the_files_package_opens_or_writes_files():
    package = REPO / "briefgen"
    direct = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        if rel.startswith("files/"):
            continue
        for line, call in direct_file_calls(path.read_text(encoding="utf-8")):
            if (rel, call) not in _FOLDER_SWAP:
                direct.append(f"briefgen/{rel}:{line}: {call}")
    assert direct == [], "use briefgen.files (opener, writer) instead:\n" + "\n".join(direct)


@pytest.mark.parametrize(
    "code",
    [
        "open('x')",
        "Path('x').read_text()",
        "(root / 'a').read_bytes()",
        "p.write_bytes(b'')",
        "os.open('x', 0)",
        "os.replace(a, b)",
        "(a / 'b').replace(c)",
        "shutil.rmtree(x)",
        "tomllib.load(fh)",
        "jinja2.FileSystemLoader('t')",
        "path.unlink()",
    ],
)
def test_the_file_call_check_catches_each_kind_of_direct_access(code):
    assert direct_file_calls(code)


@pytest.mark.parametrize("code", ["'a'.replace('b', 'c')", "text.replace('a', 'b')", "x.read()"])
def test_the_file_call_check_leaves_other_calls_alone(code):
    assert direct_file_calls(code) == []
