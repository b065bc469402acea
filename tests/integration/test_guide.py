"""The guide for project managers (docs/guide.md) cannot go stale: every command and data edit of
every recipe is run, in the guide's order, in a repository `glasshouse new` made (holding the
minimal fixture's data) with a bare remote, and what each recipe promises is checked on the result.

Where the guide says to merge the pull request, the test does what GitHub and the publish workflow
then do: main moves to the branch, and `glasshouse publish` runs there. Where it says to put a value
from a listing in place of a word in capitals, the test takes it from that listing's output."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.data.format import data_format
from generator.pipeline import generate
from tests.support.artefacts import COVERAGE_CONFIG
from tests.support.projects import FIXTURES, ROOT
from tests.support.publishing import SITE_URL, env, git

GUIDE = ROOT / "docs" / "guide.md"
RECIPES = [
    "weekly-update",
    "answer-feedback",
    "import-survey",
    "change-decision",
    "keep-internal",
    "next-sprint",
    "publish-locally",
    "correct-snapshot",
]
BIN = Path(sys.executable).parent
MEASURED = ("new", "snapshot")


@dataclass(frozen=True)
class Step:
    kind: str  # "sh", "edit" or "merge"
    text: str = ""
    path: str = ""  # the file an edit changes
    lang: str = ""


def recipes(text: str | None = None) -> dict[str, list[Step]]:
    """Each recipe's steps in order: shell blocks, data edits (a block after `<!-- edit: PATH -->`)
    and merges (`<!-- merge -->`)."""
    found: dict[str, list[Step]] = {}
    for section in re.split(r"(?m)^## ", text or GUIDE.read_text(encoding="utf-8"))[1:]:
        name = re.search(r"<!-- recipe: ([\w-]+) -->", section)
        if name is None:
            assert "```" not in section, f"blocks outside a recipe are not run: {section.splitlines()[0]}"
            continue
        steps = []
        pattern = r"(?:<!-- edit: (?P<path>\S+) -->\n)?```(?P<lang>\w*)\n(?P<body>.*?)```|(?P<merge><!-- merge -->)"
        for m in re.finditer(pattern, section, re.S):
            if m["merge"]:
                steps.append(Step("merge"))
            elif m["path"]:
                steps.append(Step("edit", m["body"], m["path"], m["lang"]))
            else:
                assert m["lang"] == "sh", f"{name[1]}: a ```{m['lang']} block that is neither a command nor an edit"
                steps.append(Step("sh", m["body"]))
        found[name[1]] = steps
    return found


def edits(name: str, path: str) -> list[Any]:
    """The parsed data of recipe `name`'s edits to `path`."""
    out: list[Any] = []
    for step in recipes()[name]:
        if step.kind == "edit" and step.path == path:
            out.append(list(csv.DictReader(io.StringIO(step.text))) if step.lang == "csv" else yaml.safe_load(step.text))
    return out


def apply_edit(project: Path, step: Step) -> None:
    """An edit as the guide describes it to its reader (see "Reading the recipes")."""
    path = project / step.path
    if not path.exists():  # a new file: an export, a mapping file
        path.write_text(step.text, encoding="utf-8")
        return
    if step.lang == "csv":
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        given = list(csv.reader(io.StringIO(step.text)))
        header = [f.name for f in data_format().resource("feedback").fields]
        assert given[0] == header, f"{step.path}: the block's header is not the one `glasshouse new` writes"
        assert set(rows[0]) <= set(header)
        # The file may leave out columns it does not use: the block's values go to the file's columns by name.
        at = [given[0].index(name) for name in rows[0]]
        by_id = {row[0]: i for i, row in enumerate(rows)}
        for full in given[1:]:
            assert not any(v for i, v in enumerate(full) if given[0][i] not in rows[0]), "a value for a column the file leaves out"
            row = [full[i] for i in at]
            if row[0] in by_id:
                rows[by_id[row[0]]] = row
            else:
                rows.append(row)
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
        return
    data, change = yaml.safe_load(path.read_text(encoding="utf-8")), yaml.safe_load(step.text)
    if isinstance(change, dict):
        data.update(change)
    else:
        records = {str(r["id"]): r for r in data}
        for record in change:
            if str(record["id"]) in records:
                records[str(record["id"])].update(record)
            else:
                data.append(record)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")


@dataclass
class Story:
    """One project going through the recipes in the guide's order."""

    root: Path
    done: list[str] = field(default_factory=list)
    outputs: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.env = {**env(), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        self.project = self._made_new()
        git(self.project, "add", "-A")
        git(self.project, "commit", "-q", "-m", "The status site")
        git(self.project, "push", "-q", "-u", "origin", "main")
        self.publish()  # sprint 3, as the publish workflow did when main last changed

    def _made_new(self) -> Path:
        """A status repository as `glasshouse new` makes it (README, workflows, theme, its first
        commit), its starting data replaced by the fixture's, as the team replaces it with its own."""
        git(self.root, "init", "-q", "--bare", "-b", "main", "remote.git")
        self.sh("glasshouse new project --name 'Minimal Project' --site-url " + SITE_URL + " --language en", cwd=self.root)
        project = self.root / "project"
        for data in (FIXTURES / "minimal" / "data").iterdir():
            shutil.copy(data, project / "data" / data.name)
        git(project, "remote", "add", "origin", "../remote.git")
        return project

    @property
    def remote(self) -> Path:
        return self.root / "remote.git"

    def sh(self, script: str, cwd: Path | None = None) -> str:
        result = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", script], cwd=cwd or self.project, capture_output=True, text=True, env=self._env(script)
        )
        assert result.returncode == 0, f"{script}\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def _env(self, script: str) -> dict[str, str]:
        """Coverage follows only the commands whose paths no other test takes (`new` and a snapshot
        corrected on request): the rest of the story repeats what the publishing tests measure, and
        a measured process runs about twice as slowly (tests/support/artefacts.py)."""
        if any(f"glasshouse {command} " in script for command in MEASURED):
            return self.env
        return {k: v for k, v in self.env.items() if k != COVERAGE_CONFIG}

    def publish(self) -> None:
        self.sh("glasshouse publish")

    def up_to(self, name: str) -> list[str]:
        """Run every recipe up to `name`, once each; the output of `name`'s command blocks."""
        for recipe in RECIPES[: RECIPES.index(name) + 1]:
            if recipe not in self.done:
                self.outputs[recipe] = [self.step(step, recipe) for step in recipes()[recipe]]
                self.done.append(recipe)
        return self.outputs[name]

    def step(self, step: Step, recipe: str) -> str:
        if step.kind == "edit":
            apply_edit(self.project, step)
            return ""
        if step.kind == "merge":
            git(self.project, "push", "-q", "origin", "HEAD:main")  # the pull request, merged
            self.publish()
            return ""
        script = step.text
        if "DATA_COMMIT" in script:  # the data commit `glasshouse snapshots` listed for sprint-03
            listing = [out for out in self.outputs.get(recipe, []) if out] or [""]
            found = re.search(r"(?m)^sprint-03 +\w+ +([0-9a-f]{12}) ", listing[-1])
            assert found, listing[-1]
            script = script.replace("DATA_COMMIT", found[1])
        out = self.sh(script)
        self.outputs.setdefault(recipe, []).append(out)
        return out

    def page(self, path: str, audience: str = "public") -> str:
        """A page of the site as the data now stands, as its reader would read the text."""
        return html.unescape(generate(self.project / "data", audience).page(path).markdown)  # type: ignore[arg-type]

    def published(self, path: str) -> str:
        """A file on the published branch; pages as their reader would read the text."""
        text = git(self.remote, "show", f"gh-pages:{path}")
        return html.unescape(text) if path.endswith(".html") else text


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    """The recipes walked in a repository `glasshouse new` made, as a new project manager starts."""
    return Story(tmp_path_factory.mktemp("guide"))


def test_the_guide_has_a_recipe_for_each_routine_task_and_nothing_it_does_not_run() -> None:
    found = recipes()
    assert list(found) == RECIPES
    for name, steps in found.items():
        assert any(s.kind == "sh" and "glasshouse validate" in s.text for s in steps), name
    text = GUIDE.read_text(encoding="utf-8")
    assert len(re.findall(r"```", text)) == 2 * sum(len([s for s in steps if s.kind != "merge"]) for steps in found.values())


def test_the_guide_is_for_the_team_not_part_of_the_site() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["docs_dir"] == "content" and not GUIDE.is_relative_to(ROOT / config["docs_dir"])
    assert "(docs/guide.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_broken_edit_or_command_is_caught(tmp_path: Path) -> None:
    """The parser finds what a recipe does, so a command or field that no longer exists fails it."""
    text = (
        "## T\n<!-- recipe: t -->\n\n```sh\nglasshouse valdate\n```\n\n<!-- edit: data/x.yaml -->\n```yaml\n- id: 1\n```\n<!-- merge -->\n"
    )
    assert recipes(text) == {"t": [Step("sh", "glasshouse valdate\n"), Step("edit", "- id: 1\n", "data/x.yaml", "yaml"), Step("merge")]}
    with pytest.raises(AssertionError):
        recipes("## T\n<!-- recipe: t -->\n```python\nprint()\n```\n")


@pytest.mark.slow
@pytest.mark.no_cover
def test_weekly_update(story: Story) -> None:
    story.up_to("weekly-update")
    (project,) = edits("weekly-update", "data/project.yaml")
    ((m02,),) = edits("weekly-update", "data/milestones.yaml")
    assert f"{project['headline']}" in story.page("index.md")
    assert m02["slip_reason"] in story.page("milestones.md")
    assert project["headline"] in story.published("sprint-03/index.html")


@pytest.mark.slow
@pytest.mark.no_cover
def test_answering_feedback(story: Story) -> None:
    story.up_to("answer-feedback")
    (rows,) = edits("answer-feedback", "data/feedback.csv")
    answered = next(r for r in rows if r["action"] == "done")
    assert answered["response"] in story.page("feedback.md")
    assert answered["response"] in story.published("sprint-03/feedback/index.html")
    assert answered["answered"] == "2026-04-07"
    assert "answered 7 Apr 2026" in story.published("sprint-03/feedback/index.html")


@pytest.mark.slow
def test_importing_survey_results(story: Story) -> None:
    out = "".join(story.up_to("import-survey"))
    assert re.search(r"2 rows added, 0 already there\.\n.*0 rows added, 2 already there\.", out), out
    rows = list(csv.DictReader(io.StringIO(git(story.remote, "show", "main:data/feedback.csv"))))
    imported = [r for r in rows if r["date"] in ("2026-04-06", "2026-04-07") and r["channel"] == "survey"]
    assert [(r["rating"], r["consent"], r["action"]) for r in imported] == [("4", "yes", "received"), ("2", "no", "received")]
    assert len({r["id"] for r in rows}) == len(rows)


@pytest.mark.slow
@pytest.mark.no_cover
def test_recording_a_change_request_decision(story: Story) -> None:
    story.up_to("change-decision")
    (records,) = edits("change-decision", "data/changes.yaml")
    page = story.page("changes.md")
    decided = next(r for r in records if r.get("rationale"))
    assert decided["rationale"] in page
    assert next(r["title"] for r in records if r.get("title")) in page


@pytest.mark.slow
@pytest.mark.no_cover
def test_keeping_something_internal(story: Story) -> None:
    story.up_to("keep-internal")
    (records,) = edits("keep-internal", "data/risks.yaml")
    hidden_record = next(r for r in records if r.get("visibility") == "internal")
    kept_fields = next(r for r in records if r.get("internal_fields"))
    risks = yaml.safe_load((story.project / "data" / "risks.yaml").read_text(encoding="utf-8"))
    hidden_field = next(r for r in risks if r["id"] == kept_fields["id"])[kept_fields["internal_fields"][0]]
    internal = "".join(html.unescape(p.read_text(encoding="utf-8")) for p in (story.project / "site-internal").rglob("*.html"))
    public_files = git(story.remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    published = "".join(story.published(p) for p in public_files if p.startswith("sprint-03/") and p.endswith(".html"))
    for secret in (hidden_record["title"], hidden_field):
        assert secret in internal
        assert secret not in published
        assert secret not in story.page("risks.md")
    # The budget: the spending to date kept to the team, the rest in the sponsor report and status.json.
    (budget,) = edits("keep-internal", "data/project.yaml")
    spent = f"{budget['budget_spent']:,} {budget['currency']}"
    public_report = html.unescape(story.published("sprint-03/print/index.html"))
    assert spent in html.unescape((story.project / "site-internal" / "print" / "index.html").read_text(encoding="utf-8"))
    assert spent not in public_report and f"{budget['budget_planned']:,} {budget['currency']}" in public_report
    status = json.loads(story.published("sprint-03/status.json"))["project"]["budget"]
    assert (status["spent"], status["forecast"], status["cost_beyond_tolerance"]) == (None, budget["budget_forecast"], 0)


@pytest.mark.slow
def test_closing_a_sprint_and_starting_the_next(story: Story) -> None:
    story.up_to("next-sprint")
    versions = {v["version"]: v for v in json.loads(story.published("versions.json"))}
    assert versions["sprint-03"]["properties"]["closed"] is True
    assert versions["sprint-04"]["aliases"] == ["latest"] and not versions["sprint-04"]["properties"]["closed"]
    (project,) = edits("next-sprint", "data/project.yaml")
    ((_, sprint),) = edits("next-sprint", "data/sprints.yaml")
    assert project["as_of"] == sprint["start"]


@pytest.mark.slow
def test_publishing_from_your_own_machine(story: Story) -> None:
    (out,) = story.up_to("publish-locally")
    assert "Dry run: nothing was built or pushed." in out
    assert re.search(r"(?m)^sprint-04 +open ", out) and re.search(r"(?m)^sprint-03 +closed ", out)


@pytest.mark.slow
def test_correcting_a_published_snapshot(story: Story) -> None:
    story.up_to("correct-snapshot")
    command = next(s.text for s in recipes()["correct-snapshot"] if "--reason" in s.text)
    reason = re.search(r'--reason "([^"]+)"', command)
    assert reason
    versions = {v["version"]: v for v in json.loads(story.published("versions.json"))}
    assert [c["reason"] for c in versions["sprint-03"]["properties"]["corrections"]] == [reason[1]]
    assert versions["sprint-04"]["aliases"] == ["latest"]
    ((sprint,),) = edits("correct-snapshot", "data/sprints.yaml")
    page = story.published("sprint-03/sprints/sprint-03/index.html")
    assert sprint["goal"] in page and reason[1] in page
