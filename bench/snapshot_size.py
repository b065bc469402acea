"""How much each sprint snapshot adds to the published site: real deploys of the example project.

Publishes the example project's sprints 12 to 15 to a temporary bare repository with the real
`glasshouse publish`, one after the other as CI would, then republishes the current sprint as
commits to main would, and prints what each step added to the gh-pages tree (what GitHub Pages
serves, limited to 1 GB) and to the repository (git objects, compressed). Finally it lengthens
the plan to 52 sprints, because every snapshot carries a page per sprint.

    .venv/bin/python bench/snapshot_size.py
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GLASSHOUSE = str(Path(sys.executable).parent / "glasshouse")
LIMIT = 1_000_000_000
WEEKS_PER_SPRINT = 2
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def run(cwd: Path, *args: str) -> str:
    return subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True, env=ENV).stdout


def tree_sizes(remote: Path) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for line in run(remote, "git", "ls-tree", "-r", "-l", "gh-pages").splitlines():
        meta, path = line.split("\t", 1)
        size = meta.split()[3]
        top = path.split("/", 1)[0]
        sizes[top] = sizes.get(top, 0) + (int(size) if size.isdigit() else 0)
    return sizes


def repo_bytes(remote: Path) -> int:
    run(remote, "git", "gc", "--quiet", "--aggressive", "--prune=now")
    return sum(p.stat().st_size for p in (remote / "objects").rglob("*") if p.is_file())


def set_sprint(data: Path, active: int, extra: int = 0) -> None:
    """Sprint `active` active, earlier ones closed, later ones planned; `extra` planned sprints appended."""
    sprints = yaml.safe_load((data / "sprints.yaml").read_text(encoding="utf-8"))
    last = sprints[-1]
    for n in range(extra):
        start = last["end"] + dt.timedelta(days=3 + 14 * n)
        sid = last["id"] + n + 1
        sprints.append({**copy.deepcopy(last), "id": sid, "name": f"Sprint {sid}", "start": start, "end": start + dt.timedelta(days=11)})
    for s in sprints:
        s["state"] = "closed" if s["id"] < active else "active" if s["id"] == active else "planned"
        if s["state"] == "planned":
            s.pop("completed", None)
        else:
            s.setdefault("completed", s["committed"])
    (data / "sprints.yaml").write_text(yaml.safe_dump(sprints, allow_unicode=True, sort_keys=False), encoding="utf-8")


def publish(project: Path, message: str) -> float:
    run(project, "git", "add", "-A")
    run(project, "git", "commit", "-q", "--allow-empty", "-m", message)
    start = time.perf_counter()
    run(project, GLASSHOUSE, "publish")
    return time.perf_counter() - start


def mb(n: float) -> str:
    return f"{n / 1e6:6.2f} MB"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="glasshouse-bench-") as tmp:
        root = Path(tmp)
        remote = root / "remote.git"
        run(root, "git", "init", "-q", "--bare", "-b", "main", str(remote))
        project = root / "project"
        project.mkdir()
        for part in ("mkdocs.yml", "theme", "content", "data"):
            src = ROOT / part
            (shutil.copytree if src.is_dir() else shutil.copy)(src, project / part)
        # Published at an address of its own: `glasshouse publish` refuses the example's.
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        (project / "mkdocs.yml").write_text(config.replace("https://status.example.org/", "https://status.example.net/"), encoding="utf-8")
        run(project, "git", "init", "-q", "-b", "main")
        run(project, "git", "remote", "add", "origin", str(remote))

        print("Publishing the example project's sprints 12 to 15 (17 sprints in the plan):\n")
        print(f"{'step':<28} {'snapshot':>10} {'site total':>11} {'site added':>11} {'git added':>10} {'time':>6}")
        site_before, git_before = 0, 0
        added: list[int] = []
        snapshot_sizes: list[int] = []
        for sprint in (12, 13, 14, 15):
            set_sprint(project / "data", sprint)
            seconds = publish(project, f"Sprint {sprint}")
            sizes = tree_sizes(remote)
            total, git_total = sum(sizes.values()), repo_bytes(remote)
            snapshot = sizes[f"sprint-{sprint:02d}"]
            snapshot_sizes.append(snapshot)
            if site_before:
                added.append(total - site_before)
            step = f"publish sprint-{sprint:02d}"
            print(f"{step:<28} {mb(snapshot)} {mb(total)} {mb(total - site_before)} "
                  f"{mb(git_total - git_before)} {seconds:5.1f}s")  # fmt: skip
            site_before, git_before = total, git_total
        shared = sizes["_assets"]
        republished = []
        for n in range(3):
            path = project / "data" / "project.yaml"
            path.write_text(re.sub(r"^headline: .*$", f"headline: Update {n + 1} during the sprint", path.read_text(), flags=re.M))
            seconds = publish(project, f"Commit {n + 1} during sprint 15")
            total, git_total = sum(tree_sizes(remote).values()), repo_bytes(remote)
            republished.append(git_total - git_before)
            step = f"republish sprint-15 ({n + 1})"
            print(f"{step:<28} {'':>10} {mb(total)} {mb(total - site_before)} "
                  f"{mb(git_total - git_before)} {seconds:5.1f}s")  # fmt: skip
            site_before, git_before = total, git_total

        set_sprint(project / "data", 15, extra=35)
        publish(project, "A 52-sprint plan")
        long_plan = tree_sizes(remote)["sprint-15"]

        per = max(added)
        fits = (LIMIT - shared) // per
        print(f"\nShared assets, stored once at _assets/: {mb(shared)}")
        print(f"Each new snapshot adds at most {mb(per)} to the site (budget 1.5 MB); the snapshot itself is "
              f"{mb(min(snapshot_sizes))} to {mb(max(snapshot_sizes))}.")  # fmt: skip
        print(f"GitHub Pages' 1 GB holds {fits} such snapshots: {fits * WEEKS_PER_SPRINT / 52:.0f} years of two-week sprints.")
        years_long = (LIMIT - shared) // long_plan * WEEKS_PER_SPRINT / 52
        print(f"With 52 sprints in the plan a snapshot is {mb(long_plan)}: {years_long:.0f} years of two-week sprints.")
        per_sprint = (long_plan - max(snapshot_sizes)) / 35
        holds = 17 + int((1_500_000 - max(snapshot_sizes)) / per_sprint)
        print(f"Every sprint in the plan adds {per_sprint / 1e3:.0f} kB to each snapshot (each page lists every sprint in its "
              f"navigation): the 1.5 MB budget holds for plans of up to {holds} sprints.")  # fmt: skip
        print(f"Each republish during a sprint adds {mb(max(republished))} of git objects (the site does not grow).")


if __name__ == "__main__":
    main()
