"""The release: ``python -m build`` makes an sdist and a wheel; the wheel, installed in a
fresh virtual environment, pulls in NumPy alone and passes the README's doctests.

Slow (two isolated builds, a new environment, NumPy from the package index): marked
``package``, which ``make test-fast`` leaves out.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

import losskit

pytestmark = pytest.mark.package


def run(*command: str | Path, cwd: Path = ROOT) -> str:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--outdir", out, ROOT)
    return out


def test_build_makes_an_sdist_and_a_wheel_of_this_version(dist: Path) -> None:
    version = losskit.__version__
    assert sorted(p.name for p in dist.iterdir()) == [
        f"losskit-{version}-py3-none-any.whl",
        f"losskit-{version}.tar.gz",
    ]
    with tarfile.open(dist / f"losskit-{version}.tar.gz") as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"LICENSE", "README.md", "pyproject.toml", "losskit/py.typed"} <= names
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(version)}\b", changelog, re.M), "no CHANGELOG entry"


def test_wheel_declares_its_licence_types_and_numpy_as_only_dependency(dist: Path) -> None:
    wheel = next(dist.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = next(name.split("/")[0] for name in names if name.endswith(".dist-info/METADATA"))
        metadata = archive.read(f"{info}/METADATA").decode("utf-8")
    assert "losskit/py.typed" in names
    assert f"{info}/licenses/LICENSE" in names
    assert "License-Expression: BSD-3-Clause" in metadata
    requires = re.findall(r"^Requires-Dist: (\S+)(.*)$", metadata, re.M)
    assert [name for name, rest in requires if "extra ==" not in rest] == ["numpy>=1.26"]
    assert not any(name.startswith(("tests", "docs")) for name in names)


def test_wheel_in_a_fresh_environment_needs_numpy_alone_and_runs_the_readme(
    dist: Path, tmp_path: Path
) -> None:
    env = tmp_path / "env"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"

    def installed() -> set[str]:
        listing = run(python, "-m", "pip", "list", "--format=json", cwd=tmp_path)
        return {item["name"].lower() for item in json.loads(listing)}

    before = installed()
    run(python, "-m", "pip", "install", "--quiet", next(dist.glob("*.whl")), cwd=tmp_path)
    assert installed() - before == {"losskit", "numpy"}
    # Run from outside the repository, so that the installed copy is the one imported.
    check = (
        "import doctest, sys, importlib.metadata, losskit\n"
        f"assert losskit.__file__.startswith({str(env)!r}), losskit.__file__\n"
        "assert importlib.metadata.version('losskit') == losskit.__version__\n"
        f"result = doctest.testfile({str(ROOT / 'README.md')!r}, module_relative=False,"
        " optionflags=doctest.ELLIPSIS)\n"
        "print(result.attempted, result.failed)\n"
    )
    attempted, failed = run(python, "-c", check, cwd=tmp_path).split()
    assert int(attempted) > 0 and int(failed) == 0, f"README doctests: {failed} of {attempted}"
