"""`glasshouse new`: a status-site repository to start from, committed and ready to push.

What a new project holds is decided by `starter_files`, from the choices, today's date and where
its workflows install Glasshouse from: a small starting data set marked "Replace me" (templates
in starter/), the data format, mkdocs.yml with the site's address, a README with the weekly
routine, requirements.txt and the workflows. `new_project` writes that, copies the theme and the
hand-written pages, and makes the first commit.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator import __version__, clock
from generator.data.format import data_format, format_files
from generator.errors import GitError, GlasshouseError
from generator.repo.git import git, rev
from generator.site.build import EXAMPLE_SITE_URL

ROOT = Path(__file__).resolve().parents[1]
STARTER = ROOT / "starter"
COPIED = ("content", "theme")  # the hand-written pages and the theme, as the example has them
FIRST_COMMIT = "Start the status site with glasshouse new"
# The Glasshouse action (action.yml) as the starter's workflows use it until `new` knows where from.
PLACEHOLDER_ACTION = "ORGANISATION/glasshouse@COMMIT"
UNPINNED_ACTION = f"{PLACEHOLDER_ACTION} # Glasshouse, at the commit requirements.txt pins"


@dataclass(frozen=True)
class Choices:
    name: str
    site_url: str
    language: str


@dataclass(frozen=True)
class Source:
    """Where a status repository installs Glasshouse from: this Glasshouse's repository and commit."""

    url: str | None  # https address of the repository, without credentials; None if unknown
    commit: str | None
    on_remote: bool = True  # the commit is on a branch the remote has (as far as the last fetch knows)

    @property
    def requirement(self) -> str | None:
        return f"glasshouse @ git+{self.url}.git@{self.commit}" if self.url and self.commit else None

    @property
    def action(self) -> str | None:
        """The action a workflow uses (`owner/repository@commit`): GitHub's only."""
        if not (self.url and self.commit and self.url.startswith("https://github.com/")):
            return None
        return f"{self.url.removeprefix('https://github.com/')}@{self.commit}"

    @property
    def guide(self) -> str | None:
        return f"{self.url}/blob/{self.commit}/docs/guide.md" if self.url and self.commit else None


def source_from(origin: str | None, commit: str | None, on_remote: bool = True) -> Source:
    """The https address of a git remote (`git@host:org/repo.git`, `https://user:token@host/org/repo`)
    with no credentials and no `.git`; None for anything CI could not reach, such as a local path."""
    m = re.fullmatch(r"(?:ssh://)?[\w.-]+@([\w.-]+)[:/](.+?)(?:\.git)?/?", origin or "")
    m = m or re.fullmatch(r"https?://(?:[^@/]+@)?([\w.:-]+)/(.+?)(?:\.git)?/?", origin or "")
    return Source(f"https://{m[1]}/{m[2]}" if m else None, commit, on_remote)


def glasshouse_source(root: Path = ROOT) -> Source:
    """Where this Glasshouse came from, read from its git checkout."""
    try:
        origin = git(root, "remote", "get-url", "origin", check=False).strip()
        commit = rev(root, "HEAD")
        pushed = bool(commit and git(root, "branch", "-r", "--contains", commit, check=False).strip())
    except GitError:  # git is not installed
        return Source(None, None)
    return source_from(origin or None, commit, pushed)


def site_address(text: str) -> str | None:
    """A site's address as MkDocs wants it (ending in '/'), or None when `text` is not an http(s) address."""
    text = text.strip()
    if not re.fullmatch(r"https?://[\w.-]+(?::\d+)?(?:/[^\s?#]*)?", text):
        return None
    return text if text.endswith("/") else text + "/"


def week_start(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=today.weekday())


def starter_files(choices: Choices, today: dt.date, source: Source) -> dict[str, str]:
    """Every file `glasshouse new` writes, except the copied theme and pages: {path: text}."""
    start = week_start(today)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(STARTER), undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string
    values = {
        "name": choices.name,
        "language": choices.language,
        "site_url": choices.site_url,
        "site_url_set": choices.site_url != EXAMPLE_SITE_URL,
        "today": today.isoformat(),
        "sprint_start": start.isoformat(),
        "sprint_end": (start + dt.timedelta(days=11)).isoformat(),
        "first_milestone": (start + dt.timedelta(weeks=6, days=4)).isoformat(),
        "go_live": (start + dt.timedelta(weeks=12, days=4)).isoformat(),
        "next_review": (today + dt.timedelta(days=14)).isoformat(),
        "glasshouse": source.url,
        "requirement": source.requirement,
        "action": source.action,
        "guide": source.guide,
    }
    files: dict[str, str] = {}
    for template in sorted(p.relative_to(STARTER).as_posix() for p in STARTER.rglob("*") if p.is_file()):
        if template.endswith(".j2"):
            files[template.removesuffix(".j2")] = env.get_template(template).render(values)
        else:
            files[template] = (STARTER / template).read_text(encoding="utf-8")
        if template.startswith(".github/workflows/") and source.action:
            files[template] = files[template].replace(UNPINNED_ACTION, f"{source.action} # Glasshouse {__version__}")
    files[".gitignore"] = files.pop("gitignore")
    feedback = data_format().resource("feedback")
    files[f"data/{feedback.path}"] = ",".join(f.name for f in feedback.fields) + "\n"
    files.update({f"data/{path}": text for path, text in format_files().items()})
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    files["mkdocs.yml"] = re.sub(r"(?m)^site_url: .*$", f"site_url: {choices.site_url}", config, count=1)  # a checked address
    return files


@dataclass(frozen=True)
class Created:
    directory: Path
    committed: bool
    notes: tuple[str, ...]  # what the user still has to do, beyond editing the data


def new_project(directory: Path, choices: Choices, today: dt.date | None = None, source: Source | None = None) -> Created:
    """Write a new status-site repository into `directory` (new, or empty) and commit it."""
    if directory.exists() and any(directory.iterdir()):
        raise GlasshouseError(f"{directory} exists and is not empty; choose a new directory")
    missing = [p for p in (*COPIED, "mkdocs.yml", "starter") if not (ROOT / p).exists()]
    if missing:
        raise GlasshouseError(
            f"the example project is not next to this Glasshouse installation (missing {', '.join(missing)}); "
            "run `glasshouse new` from a checkout of the Glasshouse repository"
        )
    source = source or glasshouse_source()
    directory.mkdir(parents=True, exist_ok=True)
    for part in COPIED:
        shutil.copytree(ROOT / part, directory / part, symlinks=False)
    for path, text in starter_files(choices, today or clock.today(), source).items():
        (directory / path).parent.mkdir(parents=True, exist_ok=True)
        (directory / path).write_text(text, encoding="utf-8")
    notes = [*_source_notes(source), *_address_notes(choices)]
    committed, said = _first_commit(directory)
    return Created(directory, committed, (*notes, *said))


def _source_notes(source: Source) -> list[str]:
    if source.requirement is None:
        return [
            "requirements.txt and the workflows in .github/workflows/ do not say where to install Glasshouse from, as this "
            "Glasshouse is not a clone of a repository on a server: put your Glasshouse repository's address and commit "
            f"in requirements.txt, and its GitHub name and commit in place of {PLACEHOLDER_ACTION} in the "
            "workflows, before you push."
        ]
    notes = []
    if source.action is None:
        notes.append(
            f"the workflows in .github/workflows/ use the Glasshouse action (action.yml), which GitHub runs only from a "
            f"repository on GitHub, and {source.url} is not: put a GitHub copy of it, with the commit, in place of "
            f"{PLACEHOLDER_ACTION} in each workflow."
        )
    if not source.on_remote:
        notes.append(
            f"requirements.txt and the workflows pin Glasshouse commit {source.commit}, which is not on {source.url} yet: "
            "push it there first."
        )
    return notes


def _address_notes(choices: Choices) -> list[str]:
    if choices.site_url == EXAMPLE_SITE_URL:
        return ["site_url in mkdocs.yml is still the example's: put your site's address there; `glasshouse publish` refuses the example's."]
    return []


def _first_commit(directory: Path) -> tuple[bool, list[str]]:
    """`git init` and a first commit of every file; without a git identity, say how to set one."""
    try:
        git(directory, "init", "-q", "-b", "main")
        git(directory, "add", "-A")
        git(directory, "commit", "-q", "-m", FIRST_COMMIT)
    except GitError as exc:
        if not re.search(r"tell me who you are|unable to auto-detect email|empty ident", str(exc)):
            return False, [f"No commit was made: {exc}"]
        return False, [
            "No commit was made, as git does not know who you are. Tell it once, then make the first commit:\n"
            '  git config --global user.name "Your Name"\n'
            "  git config --global user.email you@example.org\n"
            f'  cd {shlex.quote(str(directory))} && git add -A && git commit -m "{FIRST_COMMIT}"'
        ]
    return True, []
