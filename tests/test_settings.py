from pathlib import Path

import pytest

from briefgen.catalog.settings import Settings, load_settings


def write(root, text: str) -> None:
    (root / "pyproject.toml").write_text(text)


def shown(findings) -> list[str]:
    return [str(f) for f in findings]


def test_no_pyproject_or_no_table_gives_the_defaults(tmp_path):
    assert load_settings(tmp_path) == (Settings(), [])
    write(tmp_path, '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 100\n')
    assert load_settings(tmp_path) == (Settings(), [])


def test_settings_are_read_and_the_address_becomes_a_folder(tmp_path):
    write(
        tmp_path,
        "[tool.briefgen]\n"
        'base_url = "https://example.org/briefs"\n'
        'publish_handling = [\n  "UNCLASSIFIED",\n  "LIMITED OFFICIAL USE",\n]\n'
        'paper = "a4"\nbuild_dir = "out/build"\nsite_dir = "public"\n',
    )
    settings, findings = load_settings(tmp_path)
    assert findings == []
    assert settings == Settings(
        base_url="https://example.org/briefs/",
        publish_handling=("UNCLASSIFIED", "LIMITED OFFICIAL USE"),
        paper="a4",
        build_dir="out/build",
        site_dir="public",
    )


def test_each_bad_setting_is_a_finding_at_its_line(tmp_path):
    write(
        tmp_path,
        '[project]\nname = "x"\n\n'
        "[tool.briefgen]\n"  # line 4
        'base-url = "https://example.org/"\n'
        "publish_handling = [\n"
        '  "UNCLASSIFIED",\n'
        "  3,\n"
        "]\n"
        "# a comment, then a key that only looks like one inside a string\n"
        'paper = "A5 = big"\n'  # line 11
        'base_url = "ftp://example.org/briefs/"\n'
        'site_dir = "../www"\n'
        "\n[tool.other]\n"
        'paper = "not ours"\n',
    )
    settings, findings = load_settings(tmp_path)
    assert shown(findings) == [
        "pyproject.toml:5:1: error: unknown setting 'base-url' in [tool.briefgen] "
        "(Did you mean 'base_url'? Known settings: base_url, build_dir, paper, "
        "publish_handling, require_clearance, site_dir)",
        "pyproject.toml:6:1: error: publish_handling should be a list of strings "
        "(publish_handling is the handling markings publish may put out: "
        'write it like publish_handling = ["UNCLASSIFIED"])',
        "pyproject.toml:11:1: error: paper should be one of: letter, a4 "
        '(paper is the default paper of PDFs: write it like paper = "letter" (or "a4"))',
        "pyproject.toml:12:1: error: base_url is not an absolute http(s) address "
        "(base_url is the address the site is served from: "
        'write it like base_url = "https://example.org/briefs/")',
        "pyproject.toml:13:1: error: site_dir should stay inside the project: '..' is not "
        'allowed (site_dir is the default folder of publish: write it like site_dir = "site")',
    ]
    assert settings == Settings()  # what is wrong keeps its default


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('"https://user:secret@example.org/"', "user name or password"),
        ('"https://example.org/briefs/?x=1"', "query or fragment"),
        ('"https://exa mple.org/"', "holds spaces"),
        ('"/briefs/"', "not an absolute http(s) address"),
        ("42", "should be a string"),
    ],
)
def test_a_bad_address_says_what_is_wrong(tmp_path, value, problem):
    write(tmp_path, f"[tool.briefgen]\nbase_url = {value}\n")
    _, findings = load_settings(tmp_path)
    (finding,) = findings
    assert str(finding.loc) == "pyproject.toml:2:1" and problem in finding.message


def test_dotted_keys_and_inline_tables_are_found_too(tmp_path):
    write(tmp_path, '[tool]\nbriefgen.paper = "b5"\n')
    assert shown(load_settings(tmp_path)[1])[0].startswith("pyproject.toml:2:1: error: paper")
    write(tmp_path, 'x = 1\n[tool]\nbriefgen = { paper = "letter", colour = "red" }\n')
    (finding,) = load_settings(tmp_path)[1]
    assert str(finding.loc) == "pyproject.toml:3:1" and "'colour'" in finding.message


def test_broken_toml_is_a_finding_at_its_line(tmp_path):
    write(tmp_path, '[tool.briefgen]\nbase_url = "https://example.org/\npaper = "a4"\n')
    (finding,) = load_settings(tmp_path)[1]
    assert str(finding.loc).startswith("pyproject.toml:2:")
    assert "not valid TOML" in finding.message


def test_toml_broken_at_its_end_is_a_finding_there(tmp_path):
    write(tmp_path, '[tool.briefgen]\npublish_handling = ["A",\n  "B"\n')
    (finding,) = load_settings(tmp_path)[1]
    assert str(finding.loc) == "pyproject.toml:4:1"  # the end, where the array should close
    assert finding.message == "pyproject.toml is not valid TOML: Unclosed array"


def test_an_empty_list_of_markings_would_publish_nothing(tmp_path):
    write(tmp_path, "[tool.briefgen]\npublish_handling = []\n")
    (finding,) = load_settings(tmp_path)[1]
    assert "nothing could be published" in finding.message


def test_check_reports_bad_settings_and_build_stops_on_them(mini, cli):
    write(mini, '[tool.briefgen]\npaper = "a4"\nbase_url = "example.org"\n')
    code, out, err = cli("--root", mini, "check")
    assert code == 1
    assert "pyproject.toml:3:1: error: base_url is not an absolute http(s) address" in out
    code, out, err = cli("--root", mini, "build", "--format", "md")
    assert code == 1 and "pyproject.toml:3:1" in err and "Traceback" not in err
    assert not (mini / "build").exists()
    code, _, err = cli("--root", mini, "publish")
    assert code == 1 and "pyproject.toml:3:1" in err


def test_build_takes_its_paper_and_folder_from_the_settings(mini, cli):
    from pypdf import PdfReader

    write(mini, '[tool.briefgen]\npaper = "a4"\nbuild_dir = "out"\n')
    code, _, err = cli("--root", mini, "build", "migration-june", "--format", "pdf")
    assert code == 0, err
    box = PdfReader(mini / "out" / "migration-june.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    code, out, _ = cli("--root", mini, "publish", "--base-url", "https://example.org/")
    assert code == 0 and "published 1 of 2 briefs" in out  # border-talks was not built
    assert "border-talks: it is not in the last build" in out
    assert (mini / "site" / "migration-june.pdf").is_file()


def test_keys_of_other_tables_are_not_taken_for_ours(tmp_path):
    write(
        tmp_path,
        '[tool.briefgen]\nsite_dir = "public"\n\n'
        '[[tool.other.jobs]]\npaper = "x"\n\n'
        "[tool.briefgen.extra]\nkey = 1\n"  # line 7: a sub-table is one unknown setting
        "[tool.more]\n"
        'paper = "y"\n',
    )
    (finding,) = load_settings(tmp_path)[1]
    assert str(finding.loc) == "pyproject.toml:7:1" and "'extra'" in finding.message


def test_settings_nested_past_reading_are_a_finding_not_a_crash(cli, mini: Path):
    (mini / "pyproject.toml").write_text(
        "[tool.briefgen]\nx = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8"
    )
    code, out, err = cli("--root", mini, "check")
    assert code == 1, out + err
    assert "pyproject.toml:1:1: error: pyproject.toml nests arrays or tables too deeply" in out
    assert "Internal error" not in out + err


def test_a_manifest_nested_past_reading_is_rebuilt_not_a_crash(cli, mini: Path):
    assert cli("--root", mini, "build", "--format", "md")[0] == 0
    (mini / "build" / "manifest.json").write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    code, out, err = cli("--root", mini, "build", "--format", "md")
    assert code == 0 and "Internal error" not in out + err, out + err
    assert '"briefs"' in (mini / "build" / "manifest.json").read_text(encoding="utf-8")
