import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "briefs.yml"  # the scheduled rebuild
TESTS = WORKFLOWS / "tests.yml"  # the README's test command on every push and pull request


def actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("actionlint")
    assert exe, "actionlint is not installed: pip install -e '.[test]'"
    return subprocess.run(
        [exe, "-no-color", "-oneline", str(path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


@pytest.mark.parametrize(
    "path", sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")]), ids=lambda p: p.name
)
def test_every_workflow_passes_actionlint(path: Path):
    result = actionlint(path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_copy_of_the_workflow(tmp_path: Path):
    # Proves the check above can fail: an untrusted value spliced into a shell script.
    broken = WORKFLOW.read_text(encoding="utf-8").replace(
        "run: briefgen check", "run: briefgen check ${{ github.event.head_commit.message }}"
    )
    assert broken != WORKFLOW.read_text(encoding="utf-8")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    copy = tmp_path / ".github" / "workflows" / "briefs.yml"
    copy.write_text(broken, encoding="utf-8")
    result = actionlint(copy)
    assert result.returncode == 1
    assert "potentially untrusted" in result.stdout


def load_workflow(path: Path = WORKFLOW) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the bare key `on` as the boolean true.
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_the_rebuild_runs_daily_on_content_changes_and_by_hand():
    triggers = load_workflow()["on"]
    (schedule,) = triggers["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert minute.isdigit() and hour.isdigit() and (day, month, weekday) == ("*", "*", "*")
    assert sorted(triggers["push"]["paths"]) == sorted(
        [
            "sources.yaml",
            "sources/**",
            "briefs/**",
            "templates/**",
            "briefgen/**",
            "pyproject.toml",
        ]
    )
    assert "workflow_dispatch" in triggers


def test_the_rebuild_installs_pango_checks_builds_and_uploads_build():
    job = load_workflow()["jobs"]["build"]
    steps = job["steps"]
    runs = [step.get("run", "") for step in steps]
    apt = next(r for r in runs if "apt-get install" in r)
    assert "libpango-1.0-0" in apt and "libpangoft2-1.0-0" in apt
    install = next(i for i, r in enumerate(runs) if "pip install" in r)
    check = runs.index("briefgen check")
    build = runs.index("briefgen build")
    assert install < check < build
    (upload,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    # v6 and later run on node24; actionlint flags the node20 majors as deprecated.
    assert upload["uses"] == "actions/upload-artifact@v6"
    assert upload["with"]["path"].rstrip("/") == "build"
    assert steps.index(upload) > build


def test_the_build_publishes_only_what_the_strict_check_passes():
    steps = load_workflow()["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    upload = next(i for i, s in enumerate(steps) if "upload-artifact" in s.get("uses", ""))
    strict = runs.index("briefgen check --strict")
    publish = next(i for i, r in enumerate(runs) if r.startswith("briefgen publish"))
    (pages,) = [
        i
        for i, s in enumerate(steps)
        if s.get("uses", "").startswith("actions/upload-pages-artifact")
    ]
    # build/ is kept even when the strict check stops the site from going out.
    assert runs.index("briefgen build") < upload < strict < publish < pages
    assert "--out site" in runs[publish]
    assert steps[pages]["with"]["path"].rstrip("/") == "site"


def test_only_the_deploy_job_may_write_to_pages_and_it_is_never_cancelled():
    workflow = load_workflow()
    assert workflow["permissions"] == {"contents": "read"}
    assert "concurrency" not in workflow  # a workflow-level cancel would stop a deploy
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build
    assert build["concurrency"]["cancel-in-progress"] is True
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert deploy["environment"]["name"] == "github-pages"
    (step,) = deploy["steps"]
    assert step["uses"].startswith("actions/deploy-pages@")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"
    assert "default_branch" in deploy["if"] and "schedule" in deploy["if"]


# -- the tests, on every push and pull request ------------------------------------------------


def test_the_tests_run_on_every_push_and_pull_request():
    triggers = load_workflow(TESTS)["on"]
    assert "push" in triggers and "pull_request" in triggers
    assert "pull_request_target" not in triggers  # never a fork's code with this repo's rights
    for event in ("push", "pull_request"):
        assert not (triggers[event] or {}).keys() & {"paths", "paths-ignore", "branches"}


def test_the_tests_may_read_the_repository_and_nothing_more():
    workflow = load_workflow(TESTS)
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())


def test_the_tests_install_what_ci_run_installs_then_run_it():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    wanted = {p for group in re.findall(r"missing\+=\(([^)]*)\)", ci) for p in group.split()}
    assert wanted >= {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"}
    (job,) = load_workflow(TESTS)["jobs"].values()
    runs = [step.get("run", "") for step in job["steps"]]
    apt = next(r for r in runs if "apt-get install" in r)
    assert wanted <= set(apt.split())
    assert runs[-1] == "bash .ci/run"  # the README's test command, after the strict check
