"""How long `glasshouse purge` takes on a real publishing history of the example project.

Publishes the example project's sprints FIRST to 15 (default 8 to 15) to a temporary bare
repository with the real `glasshouse publish`, then times `glasshouse purge` for a value every
snapshot shows (the experience owner's name): once without confirmation (it fetches, reads every
file version of the branch and says what it would do) and once with `--yes` (the rewrite, the
record, the check and the push).

    .venv/bin/python bench/purge.py [FIRST]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snapshot_size import ENV, GLASSHOUSE, ROOT, publish, run, set_sprint

VALUE = "Maren Okafor"


def timed(cwd: Path, *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    out = subprocess.run([GLASSHOUSE, *args], cwd=cwd, capture_output=True, text=True, env=ENV, stdin=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, out


def main() -> None:
    first = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    with tempfile.TemporaryDirectory(prefix="glasshouse-bench-purge-") as tmp:
        root = Path(tmp)
        remote, project = root / "remote.git", root / "project"
        run(root, "git", "init", "-q", "--bare", "-b", "main", str(remote))
        project.mkdir()
        for name in ("mkdocs.yml",):
            shutil.copy(ROOT / name, project / name)
        for name in ("theme", "content", "data"):
            shutil.copytree(ROOT / name, project / name)
        run(project, "git", "init", "-q", "-b", "main")
        run(project, "git", "remote", "add", "origin", str(remote))
        for sprint in range(first, 16):
            set_sprint(project / "data", sprint)
            publish(project, f"Sprint {sprint}")
        commits = run(remote, "git", "rev-list", "--count", "gh-pages").strip()
        files = len(run(remote, "git", "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
        size = sum(p.stat().st_size for p in (remote / "objects").rglob("*") if p.is_file())
        print(f"gh-pages: {16 - first} snapshots, {commits} commits, {files} files, {size / 1e6:.1f} MB of git objects")
        looked, survey = timed(project, "purge", VALUE)
        print(f"survey (no confirmation, exit {survey.returncode}): {looked:.1f} s; {survey.stdout.splitlines()[0]}")
        took, done = timed(project, "purge", VALUE, "--yes")
        assert done.returncode == 0, done.stderr
        print(f"purge --yes: {took:.1f} s; {done.stdout.strip().splitlines()[-2].strip()}")


if __name__ == "__main__":
    main()
