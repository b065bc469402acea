"""`glasshouse new` starts a real project: a small marked starting data set that validates and
builds, the workflows, a README, a git repository with a first commit, and a next step that works
as printed. And `publish` refuses a site still at the example's address."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import __version__
from generator.scaffold import (
    FIRST_COMMIT,
    PLACEHOLDER_ACTION,
    UNPINNED_ACTION,
    Choices,
    Source,
    new_project,
    site_address,
    source_from,
    starter_files,
)
from generator.site.build import EXAMPLE_SITE_URL
from tests.support.artefacts import unmeasured
from tests.support.projects import GLASSHOUSE, ROOT
from tests.support.publishing import env, git

NAME = "Lighthouse Upgrade"
BIN = Path(sys.executable).parent


def _outside_env(**extra: str) -> dict[str, str]:
    """The user's environment: git knows who they are, and Glasshouse's virtualenv is not on the PATH."""
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if Path(p).resolve() != BIN.resolve())
    return {**env(), "PATH": path, **extra}


def _new(cwd: Path, *args: str, environ: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(GLASSHOUSE), "new", *args], cwd=cwd, capture_output=True, text=True, env=environ or _outside_env(), stdin=subprocess.DEVNULL
    )


def _files(directory: Path) -> list[str]:
    """Every file in `directory`, but git's own."""
    found = (p.relative_to(directory) for p in directory.rglob("*") if p.is_file())
    return sorted(p.as_posix() for p in found if p.parts[0] != ".git")


@pytest.mark.slow
@unmeasured()
def test_new_starts_a_project_that_validates_builds_and_is_committed(tmp_path: Path) -> None:
    result = _new(tmp_path, "lighthouse status", "--name", NAME, "--site-url", "https://status.lighthouse.example", "--language", "zh")
    assert result.returncode == 0, result.stderr
    project = tmp_path / "lighthouse status"
    # The last line is the next step, and it works as printed, in the same place, with the same PATH.
    last = result.stdout.splitlines()[-1]
    assert last == f"  cd 'lighthouse status' && {GLASSHOUSE.resolve()} serve"
    validate = last.strip().removesuffix(" serve") + " validate"
    step = subprocess.run(["bash", "-c", validate], cwd=tmp_path, capture_output=True, text=True, env=_outside_env())
    assert step.returncode == 0, step.stderr
    assert step.stdout == "data/ is valid: 1 segment, 1 contact, 2 milestones, 1 risk, 0 pieces of feedback, 1 sprint, 0 change requests.\n"

    # One commit holds every file, and nothing is left over.
    assert git(project, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(project, "log", "--format=%s").strip() == FIRST_COMMIT
    assert sorted(git(project, "ls-files").splitlines()) == _files(project)
    assert git(project, "status", "--porcelain") == ""

    # A small starting data set, clearly marked, not the example's.
    data = project / "data"
    assert (data / "feedback.csv").read_text(encoding="utf-8").count("\n") == 1  # the header alone
    for name in ("project.yaml", "milestones.yaml", "risks.yaml", "sprints.yaml"):
        assert "Replace me" in (data / name).read_text(encoding="utf-8"), name
    project_yaml = yaml.safe_load((data / "project.yaml").read_text(encoding="utf-8"))
    assert (project_yaml["name"], project_yaml["language"], project_yaml["as_of"]) == (NAME, "zh", dt.date.today())
    assert [c["email"] for c in project_yaml["contacts"]] == ["replace-me@example.org"]
    assert "Harbour" not in " ".join((project / p).read_text(encoding="utf-8") for p in _files(project) if p.startswith("data/"))
    assert re.search(r"(?m)^site_url: https://status\.lighthouse\.example/$", (project / "mkdocs.yml").read_text(encoding="utf-8"))

    # The README explains the routine; the workflows pass actionlint.
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {NAME}: status site\n") and "## The weekly routine" in readme and "docs/guide.md" in readme
    assert sorted(p.name for p in (project / ".github" / "workflows").iterdir()) == ["publish.yml", "pull-request.yml", "snapshot.yml"]
    lint = subprocess.run([str(BIN / "actionlint")], cwd=project, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr

    # And it builds, in Chinese.
    built = subprocess.run([str(GLASSHOUSE), "build"], cwd=project, capture_output=True, text=True, env=_outside_env())
    assert built.returncode == 0, built.stderr
    assert '<html lang="zh"' in (project / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_without_a_git_identity_the_files_are_written_and_the_commit_explained(tmp_path: Path) -> None:
    no_identity = tmp_path / "gitconfig"
    no_identity.write_text("[user]\n\tuseConfigOnly = true\n")
    environ = {k: v for k, v in _outside_env().items() if not k.startswith("GIT_")}
    result = _new(tmp_path, "status", environ={**environ, "GIT_CONFIG_GLOBAL": str(no_identity), "GIT_CONFIG_NOSYSTEM": "1"})
    assert result.returncode == 0, result.stderr
    project = tmp_path / "status"
    assert "data/project.yaml" in _files(project)
    assert git(project, "rev-list", "--all") == ""
    assert (
        "- No commit was made, as git does not know who you are. Tell it once, then make the first commit:\n"
        '  git config --global user.name "Your Name"\n'
        "  git config --global user.email you@example.org\n"
        f'  cd status && git add -A && git commit -m "{FIRST_COMMIT}"\n'
    ) in result.stdout


@pytest.mark.slow
def test_new_asks_in_a_terminal(tmp_path: Path) -> None:
    """With a terminal on stdin, missing values are asked for; a wrong address is asked again."""
    import pty

    leader, follower = pty.openpty()
    answers = [b"Tide Gauges\n", b"status dot example\n", b"https://tides.example.org/status\n", b"en\n"]
    proc = subprocess.Popen([str(GLASSHOUSE), "new", "tides"], cwd=tmp_path, stdin=follower, stdout=subprocess.PIPE, env=_outside_env())
    os.close(follower)
    for answer in answers:
        os.write(leader, answer)
    out, _ = proc.communicate(timeout=120)
    os.close(leader)
    assert proc.returncode == 0, out
    assert b"is not a web address; write it like https://status.example.org/" in out
    config = (tmp_path / "tides" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: https://tides.example.org/status/\n" in config
    assert yaml.safe_load((tmp_path / "tides" / "data" / "project.yaml").read_text(encoding="utf-8"))["name"] == "Tide Gauges"


@pytest.mark.slow
def test_publish_refuses_the_example_address_and_publishes_at_the_real_one(tmp_path: Path) -> None:
    result = _new(tmp_path, "status")  # not a terminal: the example's address, and a note saying so
    assert result.returncode == 0, result.stderr
    assert (
        "- site_url in mkdocs.yml is still the example's: put your site's address there; `glasshouse publish` refuses the example's.\n"
    ) in result.stdout
    project = tmp_path / "status"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", "remote.git")
    git(project, "remote", "add", "origin", "../remote.git")

    refused = subprocess.run([str(GLASSHOUSE), "publish"], cwd=project, capture_output=True, text=True, env=_outside_env())
    assert refused.returncode == 1
    assert refused.stderr == (
        f"Error: site_url in mkdocs.yml is still the example's, {EXAMPLE_SITE_URL}; put the address the site is published at there "
        "(for GitHub Pages, https://ORGANISATION.github.io/REPOSITORY/, or your own domain) and publish again. Nothing was published.\n"
    )
    assert git(tmp_path / "remote.git", "branch", "--list") == ""

    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(EXAMPLE_SITE_URL, "https://status.tides.example/"), encoding="utf-8")
    git(project, "commit", "-q", "-am", "Publish at our address")

    # The starting text is refused too, each place named, until it is all replaced.
    left = subprocess.run([str(GLASSHOUSE), "publish"], cwd=project, capture_output=True, text=True, env=_outside_env())
    assert left.returncode == 1
    assert left.stderr.startswith(
        "Error: the data still holds starting text from `glasshouse new` in 17 places; write your project's own words there "
        "and publish again. Nothing was published.\n"
        "  data/project.yaml:6: warning: field 'customer': still holds the starting text ('Replace me')\n"
    )
    assert git(tmp_path / "remote.git", "branch", "--list") == ""
    for path in (project / "data").glob("*.yaml"):
        path.write_text(
            path.read_text(encoding="utf-8").replace("Replace me: ", "").replace("Replace me", "Ours").replace("replace-me@", "team@"),
            encoding="utf-8",
        )
    git(project, "commit", "-q", "-am", "Our own words")
    published = subprocess.run([str(GLASSHOUSE), "publish"], cwd=project, capture_output=True, text=True, env=_outside_env())
    assert published.returncode == 0, published.stderr
    assert "sprint-01/index.html" in git(tmp_path / "remote.git", "ls-tree", "-r", "--name-only", "gh-pages")


def test_an_empty_site_url_is_refused_too(project: Callable[[str], Path]) -> None:
    from generator.errors import PublishError
    from generator.publish.publish import publish

    config = project("minimal") / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"site_url: {EXAMPLE_SITE_URL}", "site_url: ''"), encoding="utf-8")
    with pytest.raises(PublishError) as info:
        publish(config)
    assert str(info.value).startswith("site_url in mkdocs.yml is not set; put the address the site is published at there")


@pytest.mark.parametrize(
    ("origin", "url"),
    [
        ("https://github.com/harbour/glasshouse.git", "https://github.com/harbour/glasshouse"),
        ("https://someone:ghp_secret@github.com/harbour/glasshouse", "https://github.com/harbour/glasshouse"),
        ("git@github.com:harbour/glasshouse.git", "https://github.com/harbour/glasshouse"),
        ("ssh://git@git.harbour.example/tools/glasshouse.git", "https://git.harbour.example/tools/glasshouse"),
        ("/srv/git/glasshouse.git", None),
        ("file:///srv/git/glasshouse.git", None),
        (None, None),
    ],
)
def test_the_workflows_install_glasshouse_from_its_repository_without_credentials(origin: str | None, url: str | None) -> None:
    source = source_from(origin, "0123456789abcdef0123456789abcdef01234567")
    assert source.url == url
    if url is None:
        assert source.requirement is None and source.guide is None and source.action is None
    else:
        assert source.requirement == f"glasshouse @ git+{url}.git@0123456789abcdef0123456789abcdef01234567"
        assert source.guide == f"{url}/blob/0123456789abcdef0123456789abcdef01234567/docs/guide.md"
        # GitHub runs an action from a repository on GitHub only.
        on_github = "harbour/glasshouse@0123456789abcdef0123456789abcdef01234567" if "github.com" in url else None
        assert source.action == on_github


WORKFLOWS = ("publish.yml", "pull-request.yml", "snapshot.yml")


def test_requirements_and_workflows_pin_the_commit_and_the_readme_links_the_guide_at_it() -> None:
    def files(source: Source) -> dict[str, str]:
        return starter_files(Choices(NAME, "https://status.lighthouse.example/", "en"), dt.date(2026, 5, 6), source)

    source = source_from("https://github.com/harbour/glasshouse.git", "0123456789abcdef0123456789abcdef01234567")
    pinned = files(source)
    assert f"\n{source.requirement}\n" in pinned["requirements.txt"]
    assert f"[docs/guide.md]({source.guide})" in pinned["README.md"]
    assert f"`uses: {source.action}`" in pinned["README.md"]
    for name in WORKFLOWS:
        used = re.findall(r"uses: (\S+/glasshouse\S*)(.*)", pinned[f".github/workflows/{name}"])
        assert used == [(source.action, f" # Glasshouse {__version__}")], name
    unknown = files(Source(None, None))
    assert "\nglasshouse @ git+https://github.com/ORGANISATION/glasshouse.git@COMMIT\n" in unknown["requirements.txt"]
    # Elsewhere than GitHub: the workflows keep the placeholder, which `new` tells the user to replace.
    elsewhere = files(source_from("ssh://git@git.harbour.example/tools/glasshouse.git", "0" * 40))
    for project in (unknown, elsewhere):
        for name in WORKFLOWS:
            assert "uses: ORGANISATION/glasshouse@COMMIT #" in project[f".github/workflows/{name}"], name


@pytest.mark.parametrize(
    ("source", "says"),
    [
        (Source(None, None), "put your Glasshouse repository's address and commit in requirements.txt"),
        (Source("https://git.harbour.example/tools/glasshouse", "0" * 40), "GitHub runs only from a repository on GitHub"),
        (Source("https://github.com/harbour/glasshouse", "0" * 40, on_remote=False), "not on https://github.com/harbour/glasshouse yet"),
    ],
)
def test_new_says_what_is_left_to_pin(tmp_path: Path, source: Source, says: str) -> None:
    created = new_project(tmp_path / "status", Choices(NAME, "https://status.lighthouse.example/", "en"), dt.date(2026, 5, 6), source)
    about_the_source = [n for n in created.notes if "Glasshouse" in n]
    assert len(about_the_source) == 1 and says in about_the_source[0], created.notes


def test_the_first_sprint_is_this_week_and_every_date_follows_today() -> None:
    files = starter_files(Choices(NAME, "https://status.lighthouse.example/", "en"), dt.date(2026, 5, 6), Source(None, None))  # a Wednesday
    sprint = yaml.safe_load(files["data/sprints.yaml"])[0]
    assert (sprint["start"], sprint["end"], sprint["state"]) == (dt.date(2026, 5, 4), dt.date(2026, 5, 15), "active")
    assert yaml.safe_load(files["data/project.yaml"])["as_of"] == dt.date(2026, 5, 6)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("https://status.example.org", "https://status.example.org/"),
        (" https://org.github.io/status/ ", "https://org.github.io/status/"),
        ("http://localhost:8000/sub", "http://localhost:8000/sub/"),
        ("status.example.org", None),
        ("https://status example", None),
        ("https://status.example.org/?q=1", None),
    ],
)
def test_site_addresses(text: str, address: str | None) -> None:
    assert site_address(text) == address


def _steps_apart_from_the_action(workflow: dict[str, Any], action: str) -> dict[str, Any]:
    """A workflow with the Glasshouse action named by `action`, and without the step that differs
    by design: giving the example an address."""
    for job in workflow["jobs"].values():
        job["steps"] = [s for s in job["steps"] if not s.get("name", "").startswith("Give the example")]
        for step in job["steps"]:
            if step.get("uses") == action:
                step["uses"] = "the Glasshouse action"
    return workflow


@pytest.mark.parametrize("name", WORKFLOWS)
def test_a_status_repository_gets_the_project_workflows_using_the_action_from_its_repository(name: str) -> None:
    """So that a change to the project's workflows fails here until the starter's follow it. The
    project's workflows use action.yml from their own checkout (`./`); a status repository's use it
    from Glasshouse's repository, at the commit requirements.txt pins."""
    ours = yaml.load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    text = (ROOT / "starter" / ".github" / "workflows" / name).read_text(encoding="utf-8")
    theirs = yaml.load(text, Loader=yaml.BaseLoader)
    assert "make " not in text and "pip install" not in text and ".venv" not in text
    assert UNPINNED_ACTION in text  # as `new` finds it to pin
    assert _steps_apart_from_the_action(theirs, PLACEHOLDER_ACTION) == _steps_apart_from_the_action(ours, "./")


def test_actionlint_checks_the_new_workflows_against_the_action(tmp_path: Path) -> None:
    """With the action's metadata at hand (action.yml, as GitHub reads it from the pinned commit),
    actionlint accepts the inputs the new workflows give it."""
    source = source_from("https://github.com/harbour/glasshouse.git", "0123456789abcdef0123456789abcdef01234567")
    files = starter_files(Choices(NAME, "https://status.lighthouse.example/", "en"), dt.date(2026, 5, 6), source)
    project = tmp_path / "status"
    for name in WORKFLOWS:
        path = project / ".github" / "workflows" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[f".github/workflows/{name}"].replace(f"uses: {source.action}", "uses: ./"), encoding="utf-8")
    (project / "action.yml").write_bytes((ROOT / "action.yml").read_bytes())
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    lint = subprocess.run([str(BIN / "actionlint")], cwd=project, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "uses: ./" in (project / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
