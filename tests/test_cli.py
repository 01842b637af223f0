from pathlib import Path

import pytest


def test_help_explains_every_command(cli):
    code, out, _ = cli("--help")
    assert code == 0
    for command in ("build", "generate", "check", "list"):
        assert command in out
        code, sub, _ = cli(command, "--help")
        assert code == 0 and "Usage:" in sub


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["build", "border-talk"],
            2,
            "unknown brief 'border-talk'. Did you mean 'border-talks'? Known briefs: border-talks, "
            "migration-june (`briefgen list briefs` lists them)",
        ),
        (
            ["generate", "--topic", "migraton"],
            2,
            "unknown topic 'migraton'. Closest: migration. `briefgen list topics`",
        ),
        (["build", "--format", "odt"], 2, "unknown format 'odt'"),
        (["build", "--paper", "legal"], 2, "unknown paper 'legal'"),
        (["generate", "--topic", "trade", "--as-of", "June 5"], 2, "is not a date"),
        (["list", "people"], 2, "cannot list 'people'"),
    ],
)
def test_bad_requests_exit_with_a_message_not_a_traceback(cli, mini: Path, args, code, message):
    status, out, err = cli("--root", mini, *args)
    assert status == code
    assert message in err
    assert "Traceback" not in out + err


def test_missing_root_is_bad_usage(cli, tmp_path: Path):
    status, _, err = cli("--root", tmp_path / "nope", "list")
    assert status == 2 and "is not a folder" in err


@pytest.mark.parametrize(
    "args",
    [
        ("list", "facts"),
        ("check",),
        ("generate", "--topic", "trade"),
        ("build",),
        ("diff", "x", "--from", "2025-01-01", "--to", "2025-02-01"),
    ],
)
def test_a_folder_that_is_no_project_is_said_so_not_read_as_an_empty_one(
    cli, tmp_path: Path, mini: Path, args
):
    # Not "no facts match" (exit 0), "unknown topic … all 0 topics", or a cache "inside".
    empty = tmp_path / "empty"
    empty.mkdir()
    status, out, err = cli("--root", empty, *args)
    assert status == 2 and out == ""
    assert f"'{empty}' is not a briefgen project (no sources.yaml or briefs/ in it)" in err
    assert "briefgen init DIR" in err
    # Inside a project, it names the project.
    status, _, err = cli("--root", mini / "briefs", *args)
    assert status == 2 and f"run briefgen in {mini.resolve()}, or pass --root" in err


def test_list_shows_briefs_topics_and_sources(cli, mini: Path):
    _, briefs, _ = cli("--root", mini, "list", "briefs")
    assert briefs.splitlines()[0].startswith("border-talks\t2025-06-10\tmeeting\t")
    _, topics, _ = cli("--root", mini, "list", "topics")
    assert "migration\tMigration (also: immigration)" in topics
    _, sources, _ = cli("--root", mini, "list", "sources")
    assert "brief-b\t2025-06-09\tThe White House\thigh" in sources


def test_check_passes_clean_content_and_fails_with_file_line(cli, mini: Path):
    code, out, _ = cli("--root", mini, "check")
    assert code == 0 and "check passed: 0 errors" in out
    catalog = mini / "sources.yaml"
    catalog.write_text(catalog.read_text().replace("with respect", "with great respect"))
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    assert "sources.yaml:56:11: error: quote 'minister-respect' is not verbatim" in out
    assert "check failed: 1 error" in out
