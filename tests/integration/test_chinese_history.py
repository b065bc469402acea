"""A Chinese project published twice with real git: every word Glasshouse wrote into any file of
the published site is Chinese, feeds, What changed, snapshot titles and `glasshouse diff` included."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import feedparser
import pytest
import yaml

from tests.support.artefacts import unmeasured
from tests.support.projects import FIXTURES, ROOT, copy_project
from tests.support.publishing import EPOCHS, SITE_URL, Published, checkout, commit, git, glasshouse
from tests.support.sprint_cases import edit
from tools.catalogue import enums

pytestmark = pytest.mark.slow

ZH = FIXTURES / "zh"
POT = ROOT / "generator" / "render" / "locales" / "glasshouse.pot"
# ASCII words that may stand in a Chinese site, each for its reason:
ALLOWED = {
    "Glasshouse", "Material", "MkDocs", "for",  # proper names: the footer's "Made with Glasshouse and Material for MkDocs"
    "Atom", "RSS",  # the names of the two feed formats, linked by those names
    "UTC",  # the time zone of build times
}  # fmt: skip
# Words other tools wrote, in the files they wrote: Material's 404 page ("404 - Not found", which
# Material does not translate), and mike's redirect pages at the root and in latest/ ("Redirecting
# to", then the address), shown for the moment a browser takes to follow them.
OTHERS = {"404.html": {"Not", "found"}, "index.html": {"Redirecting", "to"}}
REDIRECTS = "latest"
# Machine data, whose words are the data format's names and codes, not words for readers: the
# status.json schema, and the downloads' CSV header rows (field names) and coded cells ("high").
MACHINE = {"status.schema.json"}
# Left in English for now, as the data format is: the data reference for the people who edit data/.
REFERENCE = "reference"
# Files whose names are links' own text: "status.json", "feed.xml", "badge.svg".
FILE_NAME = re.compile(r"\b[\w.-]+\.(?:json|xml|svg|csv|md|html)\b")
# The site's own addresses, as the sponsor report writes one for readers to send on: an address,
# not words (its snapshot directories are named sprint-NN in every language).
ADDRESS = re.compile(re.escape(SITE_URL) + r"\S*")
# The data's fingerprint and commit in the footer ("sha256:221fc0...", "ae65f282a8be"):
# hexadecimal, whose letters may spell "be" (a commit's id differs from run to run).
DIGEST = re.compile(r"\bsha256:[0-9a-f]+|\b(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b")


def _earlier(data: Path) -> None:
    """The data a sprint earlier: sprint 2 active, the status green, the pilot not yet late."""
    sprints = (data / "sprints.yaml").read_text(encoding="utf-8")
    sprints = sprints.replace("  completed: 22\n  state: closed", "  completed: 22\n  state: active", 1)
    sprints = sprints.replace("  completed: 6\n  state: active", "  state: planned", 1)
    (data / "sprints.yaml").write_text(sprints, encoding="utf-8")
    edit(
        data / "project.yaml",
        "status: amber\nheadline: 试点上线推迟九天，供应商测试环境交付延迟",
        "status: green\nheadline: 试点按计划进行",
    )


@pytest.fixture(scope="module")
@unmeasured()
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    root = tmp_path_factory.mktemp("zh-history")
    remote = root / "remote.git"
    git(root, "init", "-q", "--bare", "-b", "main", str(remote))
    project = copy_project(root / "project", ZH / "data")
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {SITE_URL}", config.read_text(encoding="utf-8")), encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "remote", "add", "origin", "../remote.git")
    _earlier(project / "data")
    first = commit(project, "Sprint 2")
    result = glasshouse(project, "publish", epoch=EPOCHS[1])
    assert result.returncode == 0, result.stdout + result.stderr
    # The commit that closes sprint 2 moves the sprints only; the news is sprint 3's, in a commit after it.
    shutil.copy(ZH / "data" / "sprints.yaml", project / "data" / "sprints.yaml")
    commit(project, "Sprint 3")
    shutil.rmtree(project / "data")
    shutil.copytree(ZH / "data", project / "data")
    second = commit(project, "Sprint 3 news")
    result = glasshouse(project, "publish", epoch=EPOCHS[3])
    assert result.returncode == 0, result.stdout + result.stderr
    return Published(project, remote, {2: first, 3: second})


@pytest.fixture(scope="module")
def site(published: Published, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return checkout(published.remote, tmp_path_factory.mktemp("zh-site"))


CODES = {v for values in enums().values() for v in values}


def english_words() -> set[str]:
    """Every English word in the labels Glasshouse writes (the catalogue template's msgids)."""
    text = POT.read_text(encoding="utf-8")
    ids = re.findall(r'^msgid(?:_plural)? "(.*)"$', text, re.MULTILINE)
    words = set()
    for i in ids:
        words |= set(re.findall(r"[A-Za-z]{2,}", re.sub(r"%\(\w+\)s|<[^>]*>|&\w+;", " ", i)))
    return {w.lower() for w in words} - {"s"}


def data_values() -> list[str]:
    """Every text of the fixture's data, longest first: the project's own words, whatever script."""
    out: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif value is not None:
            out.add(str(value))

    for path in (ZH / "data").glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    for line in (ZH / "data" / "feedback.csv").read_text(encoding="utf-8").splitlines()[1:]:
        out |= set(line.split(","))
    return sorted((v for v in out if v.strip()), key=len, reverse=True)


def texts(path: Path) -> list[str]:
    """What a reader of `path` reads: text nodes of HTML, XML and SVG; string values of JSON. CSV
    files' header rows are the data format's field names, machine names like status.json's keys."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        found: list[str] = []

        def walk(value: object, key: str = "") -> None:
            if isinstance(value, dict):
                for k, v in value.items():
                    walk(v, k)
            elif isinstance(value, list):
                for v in value:
                    walk(v, key)
            elif isinstance(value, str) and key in {"title", "text", "name", "headline", "label"}:
                found.append(value)

        walk(json.loads(raw))
        return [re.sub(r"<[^>]+>", " ", t) for t in found]
    if path.suffix == ".csv":
        return raw.splitlines()[1:]
    if (path.suffix in {".xml"} and "<rss" in raw[:200]) or "<feed" in raw[:300]:
        parsed = feedparser.parse(raw)
        out = [parsed.feed.get("title", ""), parsed.feed.get("subtitle", "")]
        for e in parsed.entries:
            out += [e.title, re.sub(r"<[^>]+>", " ", html.unescape(e.get("summary", "")))]
        return out
    body = re.sub(r"(?s)<(script|style|template)\b.*?</\1>", " ", raw)
    body = re.sub(r"(?s)<!--.*?-->", " ", body)
    nodes = re.findall(r">([^<]+)<", body) + re.findall(r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"', body)
    return [html.unescape(n) for n in nodes]


def test_published_snapshots_have_chinese_titles(published: Published) -> None:
    titles = {v: str(d["title"]) for v, d in published.versions().items()}
    assert titles == {
        "sprint-01": "冲刺 1：基础建设（3月2日 – 2026年3月13日）",
        "sprint-02": "冲刺 2：试点开发（3月16日 – 2026年3月27日）",
        "sprint-03": "冲刺 3：试点完善（3月30日 – 2026年4月10日）",
    }


def test_chinese_feeds_and_what_changed(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == "港口预订平台：状态更新"
    titles = [e.title for e in feed.entries]
    assert titles[0] == "状态从绿色变为黄色：试点上线推迟九天，供应商测试环境交付延迟"
    assert "试点完善：黄色 – 试点上线推迟九天，供应商测试环境交付延迟" in titles
    assert not feedparser.parse((site / "rss.xml").read_bytes()).bozo
    page = (site / "sprint-03" / "what-changed" / "index.html").read_text(encoding="utf-8")
    assert "自上一个快照 <strong>试点开发</strong>（状态截至 2026年3月31日）以来。" in page


@unmeasured()
def test_glasshouse_diff_speaks_the_project_s_language(published: Published) -> None:
    done = glasshouse(published.project, "diff", "2", "3")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "从 冲刺 2：试点开发（3月16日 – 2026年3月27日） 到 冲刺 3：试点完善（3月30日 – 2026年4月10日） 的变化："
    assert "  - 总体状态：绿色 → 黄色。试点上线推迟九天，供应商测试环境交付延迟。" in lines


def test_no_english_word_glasshouse_wrote_anywhere_in_the_site(site: Path) -> None:
    english = english_words()
    values = data_values()
    assert {"status", "changed", "forecast", "moved", "delivered", "sprint"} <= english  # the catalogue is read
    found: dict[str, set[str]] = {}
    files = [p for p in site.rglob("*") if p.is_file() and p.suffix in {".html", ".xml", ".json", ".svg", ".csv"}]
    assert {"versions.json", "feed.xml", "rss.xml", "badge.svg"} <= {p.name for p in files}
    for path in files:
        if path.name.startswith("sitemap") or "assets" in path.parts or path.name in MACHINE or {REFERENCE, REDIRECTS} & set(path.parts):
            continue  # addresses for search engines; the theme's own scripts and styles; see above
        allowed = ALLOWED | (OTHERS.get(path.name, set()) if path.parent == site or path.name == "404.html" else set())
        for text in texts(path):
            text = DIGEST.sub(" ", text)
            for value in values:
                text = text.replace(value, " ")
            text = FILE_NAME.sub(" ", ADDRESS.sub(" ", text))
            for word in re.findall(r"[A-Za-z]{2,}", text):
                if word.lower() in english and word not in allowed and not (path.suffix == ".csv" and word in CODES):
                    found.setdefault(word, set()).add(str(path.relative_to(site)))
    assert found == {}, {f: sorted(w for w, fs in found.items() if f in fs) for f in sorted(set().union(*found.values()))}


APRIL_14 = 1776168000  # 14 Apr 2026 12:00 UTC: the next status date
SPRINT_4 = (
    "- id: 4\n  name: 上线准备\n  start: 2026-04-13\n  end: 2026-04-24\n  goal: 准备试点上线。\n"
    "  committed: 20\n  completed: 4\n  state: active\n"
)


@unmeasured()  # validate and build take the paths the English history measures
def test_early_warnings_speak_chinese_to_customers(published: Published, tmp_path: Path) -> None:
    """The next status on the published history: sprint 3 closed, the pilot moved again, the full
    launch given more work than the sprints' pace can do by its date. `validate` warns the team (in
    English, as every message of the command line); the site tells customers in Chinese, under the
    dates to watch, on the overview and in the sponsor report."""
    p = published.copy(tmp_path / "next")
    data = p.project / "data"
    edit(data / "project.yaml", "as_of: 2026-03-31", "as_of: 2026-04-14")
    edit(data / "sprints.yaml", "completed: 6\n  state: active\n", "completed: 16\n  state: closed\n" + SPRINT_4)
    edit(data / "milestones.yaml", "forecast: 2026-04-24", "forecast: 2026-05-08")
    edit(data / "milestones.yaml", "forecast: 2026-06-30\n  status: planned", "forecast: 2026-06-30\n  scope: 900\n  status: planned")
    checked = glasshouse(p.project, "validate", epoch=APRIL_14)
    assert checked.returncode == 0, checked.stderr
    assert "milestone M-03, field 'forecast': the delivery forecast gives a 0% chance of meeting this date" in checked.stderr
    assert "risk R-001, field 'milestones': it threatens M-02, forecast later now than in the latest published snapshot" in checked.stderr
    built = glasshouse(p.project, "build", epoch=APRIL_14)
    assert built.returncode == 0, built.stderr
    for page in ("index.html", "print/index.html"):
        text = html.unescape(re.sub(r"<[^>]+>", "", (p.project / "site" / page).read_text(encoding="utf-8")))
        assert "需要关注的日期" in text and "M-03 全面上线：按预测日期 2026年6月30日 完成的可能性为 0%。" in text, page
