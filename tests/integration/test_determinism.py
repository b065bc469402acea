"""The same inputs and SOURCE_DATE_EPOCH give a byte-identical site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.artefacts import unmeasured
from tests.support.projects import EXAMPLE_DATA, copy_project

pytestmark = pytest.mark.slow


@unmeasured()
def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    # Two separate processes with different hash seeds, so set and dict ordering cannot hide.
    root = copy_project(tmp_path / "project", EXAMPLE_DATA)
    glasshouse = str(Path(sys.executable).parent / "glasshouse")
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1795435200", "PYTHONHASHSEED": seed}
        cmd = [glasshouse, "build", "-f", str(root / "mkdocs.yml"), "-d", str(tmp_path / f"site-{seed}")]
        runs.append(subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, out + err
    a, b = tmp_path / "site-1", tmp_path / "site-2"
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*"))
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*"))
    assert files_a == files_b
    differ = [f for f in files_a if (a / f).is_file() and (a / f).read_bytes() != (b / f).read_bytes()]
    assert not differ
    assert {"sitemap.xml.gz", "search/search_index.json", "downloads/feedback.csv"} <= set(files_a)
