"""Glasshouse as a user installs it: the wheel and sdist `python -m build` makes, and the example
project built by the wheel installed in a virtual environment of its own.

The release artefacts are built once per run (`once`). The fresh environment gets the wheel with
pip's `--no-deps` and finds the dependencies in this environment's site-packages through a `.pth`
file: installing them from the package registry would take a minute and test the registry, not
Glasshouse. What it proves: the wheel alone, without this checkout, carries everything a build reads.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from generator import __version__
from tests.support.artefacts import once, unmeasured
from tests.support.projects import EPOCH, EXAMPLE_DATA, ROOT, copy_project

pytestmark = pytest.mark.slow

# What a site build reads from the package, beyond its modules.
INSIDE = (
    "generator/data/datapackage.yaml",
    "generator/history/status.schema.json",
    "generator/render/assets/plotly-glasshouse.min.js",
    "generator/render/locales/zh.po",
    "generator/render/templates/overview.md.j2",
    "generator/py.typed",
)


@unmeasured()  # the build frontend and backend, which read Glasshouse's files and never run them
def _release(directory: Path) -> tuple[Path, Path]:
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(directory), str(ROOT)], check=True, capture_output=True)
    return next(directory.glob("*.whl")), next(directory.glob("*.tar.gz"))


def _installed(directory: Path, wheel: Path) -> Path:
    """A virtual environment with only the wheel installed in it; its `glasshouse` command."""
    venv = directory / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)], check=True)
    where = [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
    purelib = subprocess.run(where, check=True, capture_output=True, text=True).stdout.strip()
    (Path(purelib) / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    return venv / "bin" / "glasshouse"


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return once(tmp_path_factory, "release", _release)


def test_the_wheel_carries_the_version_the_licences_and_the_data_files(release: tuple[Path, Path]) -> None:
    wheel, _ = release
    assert wheel.name == f"glasshouse-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    info = f"glasshouse-{__version__}.dist-info"
    assert {f"{info}/licenses/LICENSE", f"{info}/licenses/generator/render/assets/plotly.LICENSE.txt"} <= names
    assert set(INSIDE) <= names
    metadata = zipfile.ZipFile(wheel).read(f"{info}/METADATA").decode()
    assert f"Version: {__version__}" in metadata and "License-Expression: MIT" in metadata
    assert not any(n.startswith(("tests/", "bench/", "tools/")) for n in names)


def test_the_sdist_carries_the_licences_and_what_the_wheel_is_built_from(release: tuple[Path, Path]) -> None:
    _, sdist = release
    top = f"glasshouse-{__version__}"
    assert sdist.name == f"{top}.tar.gz"
    with tarfile.open(sdist) as archive:
        names = set(archive.getnames())
    assert {f"{top}/LICENSE", f"{top}/pyproject.toml", f"{top}/README.md"} <= names
    assert {f"{top}/{path}" for path in INSIDE} <= names


def test_the_installed_wheel_builds_the_example(release: tuple[Path, Path], tmp_path: Path) -> None:
    glasshouse = _installed(tmp_path, release[0])
    project = copy_project(tmp_path / "project", EXAMPLE_DATA)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COV_CORE_SOURCE")}
    code = [str(glasshouse.with_name("python")), "-c", "import generator; print(generator.__file__)"]
    where = subprocess.run(code, cwd=project, capture_output=True, text=True, env=env)
    assert where.stdout.startswith(str(tmp_path / "venv")), where.stdout + where.stderr  # the wheel's code, not this checkout's
    built = subprocess.run([str(glasshouse), "build"], cwd=project, capture_output=True, text=True, env={**env, "SOURCE_DATE_EPOCH": EPOCH})
    assert built.returncode == 0, built.stdout + built.stderr
    assert (project / "site" / "index.html").is_file()
    assert any((project / "site").rglob("plotly-glasshouse.min.js"))
    assert "Traceback" not in built.stderr
