"""Publishing sprints to a real bare git remote: the gh-pages tree, stamps, history, immutability."""

from __future__ import annotations

import itertools
import json
import posixpath
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from generator.history.statusdoc import schema_text
from generator.site.stamp import data_hash

from .publishing import EPOCHS, Published, built, commit, git, glasshouse, new_project, publish_sprint, three_sprints
from .sprint_cases import edit, set_sprint

pytestmark = pytest.mark.slow

SIZE_BUDGET = 1_500_000


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """Three sprints published one after the other, as CI would on each commit to main."""
    return three_sprints(tmp_path_factory.mktemp("three-sprints"))


@pytest.fixture
def copy(published: Published, tmp_path: Path) -> Published:
    """A private copy of the published project and its remote, for tests that change them."""
    root = tmp_path / "copy"
    shutil.copytree(published.project.parent, root, symlinks=True)
    return Published(root / "project", root / "remote.git", published.commits)


def test_one_directory_per_snapshot_and_no_symlinks(published: Published) -> None:
    tree = published.tree()
    tops = {p.split("/", 1)[0] for p in tree}
    assert tops == {".nojekyll", "index.html", "versions.json", "latest", "sprint-01", "sprint-02", "sprint-03", "_assets",
                    "status.json", "status.schema.json", "feed.xml", "rss.xml", "sitemap.xml", "sitemap.xml.gz"}  # fmt: skip
    assert {mode for mode, _ in tree.values()} == {"100644"}  # no symlink (120000) anywhere
    for n in (1, 2, 3):
        assert f"sprint-0{n}/index.html" in tree and f"sprint-0{n}/what-changed/index.html" in tree
        assert not [p for p in tree if p.startswith(f"sprint-0{n}/assets/")]  # served once, from _assets/
    # Every snapshot was built with the same assets, so they are stored once.
    assert len({p.split("/")[1] for p in tree if p.startswith("_assets/")}) == 4


def test_versions_json_lists_the_snapshots_for_the_version_selector(published: Published) -> None:
    versions = json.loads(published.show("versions.json"))
    assert [(v["version"], v["title"], v["aliases"]) for v in versions] == [
        ("sprint-03", "Sprint 3: Pilot polish (30 Mar – 10 Apr 2026)", ["latest"]),
        ("sprint-02", "Sprint 2: Pilot build (16 Mar – 27 Mar 2026)", []),
        ("sprint-01", "Sprint 1: Foundations (2 Mar – 13 Mar 2026)", []),
    ]
    props = {v["version"]: v["properties"] for v in versions}
    assert [props[f"sprint-0{n}"]["closed"] for n in (1, 2, 3)] == [True, True, False]
    assert props["sprint-02"]["data_commit"] == published.commits[2]
    assert props["sprint-02"]["published"] == "2026-03-25T12:00:00Z"
    assert props["sprint-02"]["closed_at"] == "2026-04-01T12:00:00Z"  # closed by the publish that followed its sprint


def test_root_and_latest_redirect_to_the_newest_snapshot(published: Published) -> None:
    assert 'window.location.replace(\n      "latest/"' in published.show("index.html")
    assert '"../sprint-03/"' in published.show("latest/index.html")
    assert '"../../sprint-03/milestones/"' in published.show("latest/milestones/index.html")
    assert published.show("status.json") == published.show("sprint-03/status.json")
    assert published.show("feed.xml") == published.show("sprint-03/feed.xml")
    assert "<loc>https://status.example.org/sprint-03/milestones/</loc>" in published.show("sitemap.xml")


def test_each_snapshot_is_stamped(published: Published) -> None:
    for n in (1, 2, 3):
        html = published.show(f"sprint-0{n}/milestones/index.html")
        doc = json.loads(published.show(f"sprint-0{n}/status.json"))
        assert f"built {built(EPOCHS[n])} from data commit <code>{published.commits[n][:12]}</code>" in html
        assert f'data hash <code title="{doc["stamp"]["data_hash"]}">{doc["stamp"]["data_hash"][:19]}</code>' in html
        assert doc["stamp"]["data_commit"] == published.commits[n]
        assert doc["snapshot"]["version"] == f"sprint-0{n}" and doc["sprint"]["id"] == n
        assert not list(jsonschema.Draft202012Validator(json.loads(schema_text())).iter_errors(doc))
    data = published.project / "data"
    assert json.loads(published.show("sprint-03/status.json"))["stamp"]["data_hash"] == data_hash(data)


def test_pages_load_assets_from_the_shared_area(published: Published) -> None:
    tree = published.tree()
    html = published.show("sprint-02/sprints/sprint-01/index.html")
    refs = re.findall(r'(?:href|src)="([^"]+)"', html) + re.findall(r'"search": "([^"]+)"', html)
    shared = [r for r in refs if "_assets/" in r]
    assert len(shared) >= 6 and all(r.startswith("../../../_assets/") for r in shared)
    for ref in shared:
        assert ref.removeprefix("../../../") in tree, ref
    assert not [r for r in refs if re.search(r"(^|/)assets/", r)]


def test_what_changed_since_the_previous_snapshot(published: Published) -> None:
    first = published.show("sprint-01/what-changed/index.html")
    assert "This is the first published status" in first
    second = published.show("sprint-02/what-changed/index.html")
    assert "Since the previous snapshot, <strong>Foundations</strong>" in second
    assert "Nothing changed in the milestones, risks, change requests or feedback." in second
    third = published.show("sprint-03/what-changed/index.html")
    assert "Since the previous snapshot, <strong>Pilot build</strong>" in third
    assert "<td>M&#45;02 Pilot live</td>\n<td>24 Apr 2026</td>\n<td>8 May 2026</td>\n<td>+14 days</td>" in third
    assert "<li>Rescored: R&#45;002 Low adoption, exposure 10 &#40;high&#41; → 6 &#40;medium&#41;</li>" in third
    trend = re.search(r'id="chart-milestone-trend".*?<tbody>(.*?)</tbody>', third, re.S)
    assert trend and [r[:40] for r in re.findall(r"<tr><td>([^<]*)</td>", trend.group(1))] == ["Foundations", "Pilot build", "Pilot polish"]


def test_the_feed_at_the_site_root(published: Published) -> None:
    feed = published.show("feed.xml")
    ids = re.findall(r"<entry><title>[^<]*</title><id>([^<]+)</id>", feed)
    base = "https://status.example.org/"
    assert ids == [f"{base}sprint-03/#status-green-amber", f"{base}sprint-03/", f"{base}sprint-02/", f"{base}sprint-01/"]
    html = published.show("sprint-01/risks/index.html")
    assert '<link rel="alternate" type="application/atom+xml" title="Minimal Project: status updates (Atom)" href="../../feed.xml">' in html
    pages = [p for p in published.tree() if re.match(r"sprint-0\d/.*\.html$", p)]
    assert len(pages) > 30
    for page in pages:
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]* href="([^"]+)">', published.show(page))
        assert len(links) == 1, page
        target = links[0] if links[0].startswith("/") else "/" + posixpath.join(posixpath.dirname(page), links[0])
        assert posixpath.normpath(target) == "/feed.xml", page  # the live feed at the root, absolute on 404 pages


def test_every_deploy_was_a_fast_forward(published: Published) -> None:
    log = git(published.remote, "reflog", "show", "--format=%H", "gh-pages").split()
    assert len(log) == 3  # one push per publish
    for newer, older in itertools.pairwise(log):
        git(published.remote, "merge-base", "--is-ancestor", older, newer)


def test_each_snapshot_adds_little(published: Published) -> None:
    sizes: dict[str, int] = {}
    for path, (_, size) in published.tree().items():
        top = path.split("/", 1)[0]
        sizes[top] = sizes.get(top, 0) + size
    for n in (1, 2, 3):
        assert sizes[f"sprint-0{n}"] < SIZE_BUDGET, sizes
    assert sizes["_assets"] > SIZE_BUDGET  # what would otherwise be copied into every snapshot


def test_snapshots_lists_them(published: Published) -> None:
    result = glasshouse(published.project, "snapshots")
    c = published.commits
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "snapshot    state   data commit  published            title\n"
        f"sprint-01   closed  {c[1][:12]} 2026-03-18T12:00:00Z Sprint 1: Foundations (2 Mar – 13 Mar 2026)\n"
        f"sprint-02   closed  {c[2][:12]} 2026-03-25T12:00:00Z Sprint 2: Pilot build (16 Mar – 27 Mar 2026)\n"
        f"sprint-03   open    {c[3][:12]} 2026-04-01T12:00:00Z Sprint 3: Pilot polish (30 Mar – 10 Apr 2026) (latest)\n"
    )


def test_diff_between_snapshots_and_commits(published: Published) -> None:
    by_snapshot = glasshouse(published.project, "diff", "2", "latest")
    assert by_snapshot.returncode == 0, by_snapshot.stderr
    lines = by_snapshot.stdout.splitlines()
    assert lines[0] == "What changed from Sprint 2: Pilot build (16 Mar – 27 Mar 2026) to Sprint 3: Pilot polish (30 Mar – 10 Apr 2026):"
    assert lines[2] == "  - M-02 Pilot live: forecast moved +14 days (24 Apr 2026 → 8 May 2026)"
    by_commit = glasshouse(published.project, "diff", published.commits[2], "HEAD")
    assert by_commit.stdout.splitlines()[1:] == lines[1:]
    same = glasshouse(published.project, "diff", "HEAD", ".")
    assert same.stdout == f"What changed from commit {published.commits[3][:12]} to the data as it is now:\n  Nothing changed.\n"
    unknown = glasshouse(published.project, "diff", "sprint-09")
    assert unknown.returncode == 1
    assert "'sprint-09' is neither a published snapshot nor a git commit" in unknown.stderr


def test_a_plain_build_compares_with_the_published_snapshots(copy: Published) -> None:
    result = glasshouse(copy.project, "build")
    assert result.returncode == 0, result.stderr
    site = copy.project / "site"
    page = (site / "what-changed" / "index.html").read_text(encoding="utf-8")
    assert "Since the previous snapshot, <strong>Pilot build</strong>" in page
    assert 'href="../feed.xml">' in page and 'data-md-component="outdated"' not in page  # no version selector
    assert json.loads((site / "status.json").read_text())["snapshot"] is None
    for name in ("status.schema.json", "feed.xml", "rss.xml"):
        assert (site / name).is_file(), name
    internal = glasshouse(copy.project, "build", "--audience", "internal", "--site-dir", "internal")
    assert internal.returncode == 0, internal.stderr
    page = (copy.project / "internal" / "what-changed" / "index.html").read_text(encoding="utf-8")
    assert "This internal build is not compared with the published snapshots" in page


def test_a_closed_snapshot_is_never_overwritten(copy: Published) -> None:
    closing = glasshouse(copy.project, "snapshot", "3", epoch=EPOCHS[3] + 3600)
    assert closing.returncode == 0, closing.stderr
    assert closing.stdout == "sprint-03 (Sprint 3: Pilot polish (30 Mar – 10 Apr 2026)) closed and `latest` points at it; pushed.\n"
    tip = copy.tip()
    for args in (["publish"], ["snapshot", "3"], ["snapshot", "2"]):
        refused = glasshouse(copy.project, *args)
        assert refused.returncode == 1, args
        assert "Traceback" not in refused.stderr
        assert copy.tip() == tip
    assert refused.stderr == (
        "Error: sprint-02 (Sprint 2: Pilot build (16 Mar – 27 Mar 2026)) is a closed snapshot and is never overwritten: "
        "it shows the status as it was published at the end of that sprint.\n"
        "    hint: to publish the next sprint, mark it `state: active` in data/sprints.yaml; to correct this snapshot, run "
        '`glasshouse snapshot 2 --force --reason "what was wrong"` (the reason is shown in the snapshot)\n'
    )


def test_correcting_a_closed_snapshot_needs_and_shows_a_reason(copy: Published) -> None:
    assert glasshouse(copy.project, "snapshot", "3").returncode == 0
    sprint_two = {p: v for p, v in copy.tree().items() if p.startswith("sprint-02/")}
    no_reason = glasshouse(copy.project, "snapshot", "3", "--force")
    assert no_reason.returncode == 2
    assert '--force needs --reason "..." saying what is corrected' in no_reason.stderr
    edit(copy.project / "data" / "project.yaml", "headline: Pilot two weeks late", "headline: Pilot three weeks late")
    commit(copy.project, "Correct the headline")
    fixed = glasshouse(copy.project, "snapshot", "3", "--force", "--reason", "Headline said two weeks <not three>", epoch=EPOCHS[3] + 7200)
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout.startswith("sprint-03 (Sprint 3: Pilot polish (30 Mar – 10 Apr 2026)) corrected")
    versions = json.loads(copy.show("versions.json"))
    props = next(v["properties"] for v in versions if v["version"] == "sprint-03")
    assert props["closed"] is True
    assert props["corrections"] == [{"at": "2026-04-01T14:00:00Z", "reason": "Headline said two weeks <not three>"}]
    html = copy.show("sprint-03/index.html")
    assert "Corrected after the snapshot was closed:" in html
    assert "2026-04-01T14:00:00Z</time>: Headline said two weeks &lt;not three&gt;</span>" in html
    assert "Pilot three weeks late" in html
    assert json.loads(copy.show("sprint-03/status.json"))["snapshot"]["corrections"] == props["corrections"]
    assert {p: v for p, v in copy.tree().items() if p.startswith("sprint-02/")} == sprint_two


def test_bad_data_or_a_failed_build_deploys_nothing(copy: Published) -> None:
    tip = copy.tip()
    risks = copy.project / "data" / "risks.yaml"
    edit(risks, "impact: 4", "impact: 9")
    bad = glasshouse(copy.project, "publish")
    assert bad.returncode == 1
    assert bad.stderr.startswith("data/risks.yaml:5: risk R-001, field 'impact': 9 is above the maximum 5\n")
    edit(risks, "impact: 9", "impact: 4")
    (copy.project / "content" / "broken.md").write_text("# Broken\n\n[missing](nowhere.md)\n")
    failed = glasshouse(copy.project, "publish")
    assert failed.returncode == 1
    assert failed.stderr.startswith("Error: mkdocs build --strict failed; the previous site is untouched.")
    assert "Traceback" not in bad.stderr + failed.stderr
    assert copy.tip() == tip
    assert git(copy.project, "rev-parse", "gh-pages").strip() == tip


def test_an_earlier_snapshot_is_closed_as_published(tmp_path: Path) -> None:
    p = publish_sprint(new_project(tmp_path), 1)
    published = p.tree()
    set_sprint(p.project / "data", 2)
    commit(p.project, "Sprint 2 starts")
    closed = glasshouse(p.project, "snapshot", "1")
    assert closed.returncode == 0, closed.stderr
    assert closed.stdout == "sprint-01 (Sprint 1: Foundations (2 Mar – 13 Mar 2026)) closed and `latest` points at it; pushed.\n"
    assert {k: v for k, v in p.tree().items() if k != "versions.json"} == {k: v for k, v in published.items() if k != "versions.json"}
    assert json.loads(p.show("versions.json"))[0]["properties"]["closed"] is True
    never = glasshouse(p.project, "snapshot", "3")
    assert never.returncode == 1
    assert never.stderr.startswith("Error: sprint 3 has not started (state: planned)")


def test_no_remote_or_no_identity_is_a_clear_error(tmp_path: Path) -> None:
    p = new_project(tmp_path)
    set_sprint(p.project / "data", 1)
    commit(p.project, "Sprint 1")
    git(p.project, "remote", "remove", "origin")
    result = glasshouse(p.project, "publish")
    assert result.returncode == 1
    assert result.stderr == "Error: there is no git remote 'origin'; add it (`git remote add origin URL`) or use --no-push\n"
    local = glasshouse(p.project, "publish", "--no-push")
    assert local.returncode == 0, local.stderr
    assert local.stdout.endswith("committed locally (not pushed).\n")
    assert "sprint-01/index.html" in git(p.project, "ls-tree", "-r", "--name-only", "gh-pages")


def test_sprint_names_reach_the_version_selector_as_text(tmp_path: Path) -> None:
    p = new_project(tmp_path)
    hostile = '<img src=x onerror="alert(1)"> & Co'
    set_sprint(p.project / "data", 1)
    edit(p.project / "data" / "sprints.yaml", "name: Foundations", f"name: '{hostile}'")
    commit(p.project, "Sprint 1")
    assert glasshouse(p.project, "publish").returncode == 0
    title = json.loads(p.show("versions.json"))[0]["title"]
    # mkdocs-material inserts the title as HTML, so versions.json holds it escaped.
    assert title == "Sprint 1: &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co (2 Mar – 13 Mar 2026)"
    listing = glasshouse(p.project, "snapshots").stdout
    assert f"Sprint 1: {hostile} (2 Mar – 13 Mar 2026) (latest)" in listing
    html = p.show("sprint-01/index.html")
    assert "<img src=x" not in html
