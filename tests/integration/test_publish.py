"""Publishing sprints to a real bare git remote: the gh-pages tree, stamps, history, immutability."""

from __future__ import annotations

import itertools
import json
import posixpath
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest

from generator.data.digest import data_hash
from generator.history.statusdoc import schema_text
from tests.support.artefacts import unmeasured
from tests.support.publishing import (
    EPOCHS,
    SITE_URL,
    Published,
    built,
    commit,
    env,
    git,
    glasshouse,
    new_project,
    publish_sprint,
    skipping_sprint_two,
)
from tests.support.sprint_cases import TITLES, edit, set_sprint

pytestmark = pytest.mark.slow

SIZE_BUDGET = 1_500_000


@pytest.fixture
def copy(published: Published, tmp_path: Path) -> Published:
    """A private copy of the published project and its remote, for tests that change them."""
    return published.copy(tmp_path / "copy")


@pytest.fixture(scope="module")
@unmeasured()
def skipped(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """Sprint 2 never published during the sprint: its snapshot came with sprint 3's publish."""
    return skipping_sprint_two(tmp_path_factory.mktemp("skipped"))


@pytest.fixture(scope="module")
@unmeasured()
def between(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """Sprint 1 published; then, between sprints, sprint 2 closed and sprint 3 not started yet, published:
    sprint-02's snapshot is open and already shows its final figures."""
    p = publish_sprint(new_project(tmp_path_factory.mktemp("between")), 1)
    set_sprint(p.project / "data", 3)
    edit(p.project / "data" / "sprints.yaml", "  completed: 6\n  state: active", "  state: planned")
    sha = commit(p.project, "Sprint 2 ends")
    result = glasshouse(p.project, "publish", epoch=EPOCHS[2])
    assert result.returncode == 0, result.stderr
    return Published(p.project, p.remote, {**p.commits, 2: sha})


def sprint_three_starts(p: Published) -> str:
    set_sprint(p.project / "data", 3)
    return commit(p.project, "Sprint 3 starts")


def refusal(message: str) -> str:
    return f"Error: {message}\n"


def closed_refusal(n: int, commit: str) -> str:
    return refusal(
        f"sprint-0{n} ({TITLES[n]}) is a closed snapshot and is never overwritten: "
        f"it shows the status as it was published at the end of that sprint, built from data commit {commit[:12]}.\n"
        "    hint: to publish the next sprint, mark it `state: active` in data/sprints.yaml; to correct this snapshot, run "
        f'`glasshouse snapshot {n} --force --reason "what was wrong"` (the reason is shown in the snapshot)'
    )


def other_sprint_refusal(n: int, what: str, flags: str = "") -> str:
    return refusal(
        f"sprint-0{n} {what}: the data's current sprint is 3, and a snapshot is built only from the data of its own sprint.\n"
        f"    hint: check out the last commit of sprint {n} (`git checkout COMMIT`) and run `glasshouse snapshot {n}{flags}` there"
    )


def blobs(p: Published, top: str = "") -> dict[str, str]:
    """The published branch's files under `top`, each with its content's hash: equal only if nothing changed."""
    out = {}
    for line in git(p.remote, "ls-tree", "-r", "gh-pages").splitlines():
        meta, path = line.split("\t", 1)
        if path.startswith(top):
            out[path] = meta.split()[2]
    return out


def test_one_directory_per_snapshot_and_no_symlinks(published: Published) -> None:
    tree = published.tree()
    tops = {p.split("/", 1)[0] for p in tree}
    assert tops == {".nojekyll", "index.html", "versions.json", "latest", "sprint-01", "sprint-02", "sprint-03", "_assets",
                    "badge.svg", "status.json", "status.schema.json", "feed.xml", "rss.xml", "calendar.ics", "sitemap.xml",
                    "sitemap.xml.gz"}  # fmt: skip
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
    # Closed by the publish that followed its sprint, and built again then with its final figures,
    # from the commit that closed it (not the later one that brought the third sprint's news).
    assert props["sprint-02"]["data_commit"] == published.closing[2] != published.commits[3]
    assert props["sprint-02"]["published"] == "2026-04-01T12:00:00Z"
    assert props["sprint-02"]["closed_at"] == "2026-04-01T12:00:00Z"


def test_root_and_latest_redirect_to_the_newest_snapshot(published: Published) -> None:
    assert 'window.location.replace(\n      "latest/"' in published.show("index.html")
    assert '"../sprint-03/"' in published.show("latest/index.html")
    assert '"../../sprint-03/milestones/"' in published.show("latest/milestones/index.html")
    assert published.show("status.json") == published.show("sprint-03/status.json")
    # The root's feed is the snapshot's, naming the root's address as its own (feed validators check it).
    snapshot_feed = published.show("sprint-03/feed.xml")
    assert f'href="{SITE_URL}sprint-03/feed.xml"' in snapshot_feed
    assert published.show("feed.xml") == snapshot_feed.replace(f'href="{SITE_URL}sprint-03/feed.xml"', f'href="{SITE_URL}feed.xml"')
    assert f"<loc>{SITE_URL}sprint-03/milestones/</loc>" in published.show("sitemap.xml")


def test_each_snapshot_is_stamped(published: Published) -> None:
    # The closed sprints' snapshots were last built by the publish after them, from the commit that closed them.
    stamps = {1: (EPOCHS[2], published.closing[1]), 2: (EPOCHS[3], published.closing[2]), 3: (EPOCHS[3], published.commits[3])}
    for n, (epoch, sha) in stamps.items():
        html = published.show(f"sprint-0{n}/milestones/index.html")
        doc = json.loads(published.show(f"sprint-0{n}/status.json"))
        assert f"built {built(epoch)} from data commit <code>{sha[:12]}</code>" in html
        assert f'data hash <code title="{doc["stamp"]["data_hash"]}">{doc["stamp"]["data_hash"][:19]}</code>' in html
        assert doc["stamp"]["data_commit"] == sha
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
    assert "<li>Sprint 2 closed&#58; 22 of 22 points</li>" in second and "Nothing changed" not in second  # its final snapshot
    third = published.show("sprint-03/what-changed/index.html")
    assert "Since the previous snapshot, <strong>Pilot build</strong>" in third
    assert (
        '<th scope="row" data-label="Milestone">M&#45;02 Pilot live</th>\n<td data-label="Was expected">24 Apr 2026</td>\n'
        '<td data-label="Now expected">8 May 2026</td>\n<td data-label="Moved by">+14 days</td>'
    ) in third
    assert "<li>Rescored: R&#45;002 Low adoption, exposure 10 &#40;high&#41; → 6 &#40;medium&#41;</li>" in third
    trend = re.search(r'id="chart-milestone-trend".*?<tbody>(.*?)</tbody>', third, re.S)
    assert trend and [r[:40] for r in re.findall(r"<tr><td>([^<]*)</td>", trend.group(1))] == ["Foundations", "Pilot build", "Pilot polish"]


def test_the_feed_at_the_site_root(published: Published) -> None:
    feed = published.show("feed.xml")
    ids = re.findall(r"<entry><title>[^<]*</title><id>([^<]+)</id>", feed)
    base = SITE_URL
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


@unmeasured()
def test_snapshots_lists_them(published: Published) -> None:
    result = glasshouse(published.project, "snapshots")
    c, closing = published.commits, published.closing
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "snapshot    state   data commit  published            title\n"
        f"sprint-01   closed  {closing[1][:12]} 2026-03-31T15:00:00Z Sprint 1: Foundations (2 Mar – 13 Mar 2026)\n"
        f"sprint-02   closed  {closing[2][:12]} 2026-04-01T12:00:00Z Sprint 2: Pilot build (16 Mar – 27 Mar 2026)\n"
        f"sprint-03   open    {c[3][:12]} 2026-04-01T12:00:00Z Sprint 3: Pilot polish (30 Mar – 10 Apr 2026) (latest)\n"
    )


@unmeasured()
def test_diff_between_snapshots_and_commits(published: Published) -> None:
    by_snapshot = glasshouse(published.project, "diff", "2", "latest")
    assert by_snapshot.returncode == 0, by_snapshot.stderr
    lines = by_snapshot.stdout.splitlines()
    assert lines[0] == "What changed from Sprint 2: Pilot build (16 Mar – 27 Mar 2026) to Sprint 3: Pilot polish (30 Mar – 10 Apr 2026):"
    assert lines[2:5] == [
        "  - Sprint 2 closed: 22 of 22 points",
        "  - Sprint 3 started: Pilot polish. Goal: Sprint 3 goal.",
        "  - M-02 Pilot live: forecast moved +14 days (24 Apr 2026 → 8 May 2026)",
    ]
    by_commit = glasshouse(published.project, "diff", published.commits[2], "HEAD")
    assert by_commit.stdout.splitlines()[1:] == lines[1:]
    same = glasshouse(published.project, "diff", "HEAD", ".")
    assert same.stdout == f"What changed from commit {published.commits[3][:12]} to the data as it is now:\n  Nothing changed.\n"
    unknown = glasshouse(published.project, "diff", "sprint-09")
    assert unknown.returncode == 1
    assert "'sprint-09' is neither a published snapshot nor a git commit" in unknown.stderr


@unmeasured()
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


@unmeasured()
def test_the_same_data_published_again_at_the_same_time_changes_nothing(copy: Published) -> None:
    """A publish job run again for the same commit, with SOURCE_DATE_EPOCH set (as reproducible
    builds set it), builds the snapshot published already: it succeeds and commits nothing."""
    tip = copy.tip()
    result = glasshouse(copy.project, "publish", epoch=EPOCHS[3])
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"sprint-03 ({TITLES[3]}) is published already as this data builds it: nothing to commit or push.\n"
    assert copy.tip() == tip


@unmeasured()
def test_the_open_snapshot_is_rebuilt_on_every_publish(copy: Published) -> None:
    tip, earlier = copy.tip(), blobs(copy, "sprint-0")
    edit(copy.project / "data" / "project.yaml", "headline: Pilot two weeks late", "headline: Pilot three weeks late")
    sha = commit(copy.project, "Correct the headline")
    result = glasshouse(copy.project, "publish", epoch=EPOCHS[3] + 3600)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"sprint-03 ({TITLES[3]}) published and `latest` points at it; pushed.\n"
    # The headline changed, its status date did not: said against the snapshot published before.
    assert "is still the status date of the published snapshot sprint-03, but the status has changed since" in result.stderr
    assert copy.log(tip) == ["Update the site root for sprint-03", f"Publish sprint-03 from data commit {sha[:12]}"]
    three = copy.versions()["sprint-03"]
    assert three["aliases"] == ["latest"]
    assert three["properties"] == {
        "sprint": 3,
        "closed": False,
        "published": "2026-04-01T13:00:00Z",
        "data_commit": sha,
        "data_hash": data_hash(copy.project / "data"),
        "corrections": [],
    }
    assert "Pilot three weeks late" in copy.show("sprint-03/index.html")
    assert copy.show("status.json") == copy.show("sprint-03/status.json")
    assert {k: v for k, v in blobs(copy, "sprint-0").items() if not k.startswith("sprint-03/")} == {
        k: v for k, v in earlier.items() if not k.startswith("sprint-03/")
    }


@unmeasured()
def test_the_last_sprint_closed_in_the_data_is_published_open(copy: Published) -> None:
    """Between sprints (or after the last) the data closes every sprint: the newest one's snapshot is
    still rebuilt on each publish, and closed with `glasshouse snapshot N` or when the next begins."""
    tip = copy.tip()
    set_sprint(copy.project / "data", 4)
    sha = commit(copy.project, "Sprint 3 ends")
    result = glasshouse(copy.project, "publish", epoch=EPOCHS[3] + 3600)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"sprint-03 ({TITLES[3]}) published and `latest` points at it; pushed.\n"
    assert copy.log(tip) == ["Update the site root for sprint-03", f"Publish sprint-03 from data commit {sha[:12]}"]
    three = copy.versions()["sprint-03"]
    assert (three["aliases"], three["properties"]["closed"]) == (["latest"], False)
    assert "closed_at" not in three["properties"]


@unmeasured()
def test_a_closed_snapshot_is_never_overwritten(copy: Published) -> None:
    closing = glasshouse(copy.project, "snapshot", "3", epoch=EPOCHS[3] + 3600)
    assert closing.returncode == 0, closing.stderr
    assert closing.stdout == f"sprint-03 ({TITLES[3]}) closed and `latest` points at it; pushed.\n"
    props = copy.versions()["sprint-03"]["properties"]
    assert (props["closed"], props["closed_at"], props["published"]) == (True, "2026-04-01T13:00:00Z", "2026-04-01T13:00:00Z")
    tip = copy.tip()
    for args, sprint in ((["publish"], 3), (["snapshot", "3"], 3), (["snapshot", "2"], 2)):
        refused = glasshouse(copy.project, *args)
        built_from = copy.versions()[f"sprint-0{sprint}"]["properties"]["data_commit"]
        assert (refused.returncode, refused.stdout, refused.stderr) == (1, "", closed_refusal(sprint, built_from)), args
        assert copy.tip() == tip
    assert git(copy.project, "rev-parse", "gh-pages").strip() == tip  # nothing committed locally either


FORCE_WITHOUT_REASON = 'Error: --force needs --reason "..." saying what is corrected; the reason is shown in the snapshot\n'


def test_refusals_change_nothing(copy: Published) -> None:
    tip = copy.tip()
    cases = [
        (["snapshot", "9"], 1, refusal("there is no public sprint 9 in data/sprints.yaml (sprints: 1, 2, 3)")),
        (["snapshot", "2", "--reason", "why"], 2, "Error: --reason goes with --force\n"),
        (["snapshot", "3", "--force"], 2, FORCE_WITHOUT_REASON),
        (["snapshot", "3", "--force", "--reason", " "], 2, FORCE_WITHOUT_REASON),
    ]
    for args, status, error in cases:
        refused = glasshouse(copy.project, *args)
        assert (refused.returncode, refused.stdout) == (status, ""), args
        assert refused.stderr.endswith(error), args
        assert copy.tip() == tip
    set_sprint(copy.project / "data", 0)  # every sprint planned
    early = glasshouse(copy.project, "publish")
    assert (early.returncode, early.stdout) == (1, "")
    assert early.stderr == refusal(
        "data/sprints.yaml has no active or closed sprint yet; mark the first sprint `state: active` and publish again"
    )
    assert copy.tip() == tip
    assert git(copy.project, "rev-parse", "gh-pages").strip() == tip


@unmeasured()
def test_correcting_a_closed_snapshot_needs_and_shows_a_reason(copy: Published) -> None:
    # --force on an open snapshot closes it; there is nothing to correct yet, so nothing is recorded.
    first = glasshouse(copy.project, "snapshot", "3", "--force", "--reason", "Nothing yet", epoch=EPOCHS[3] + 3600)
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"sprint-03 ({TITLES[3]}) closed and `latest` points at it; pushed.\n"
    props = copy.versions()["sprint-03"]["properties"]
    assert (props["closed"], props["closed_at"], props["corrections"]) == (True, "2026-04-01T13:00:00Z", [])
    sprint_two = blobs(copy, "sprint-02/")
    no_reason = glasshouse(copy.project, "snapshot", "3", "--force")
    assert no_reason.returncode == 2
    assert '--force needs --reason "..." saying what is corrected' in no_reason.stderr
    edit(copy.project / "data" / "project.yaml", "headline: Pilot two weeks late", "headline: Pilot three weeks late")
    commit(copy.project, "Correct the headline")
    fixed = glasshouse(copy.project, "snapshot", "3", "--force", "--reason", "Headline said two weeks <not three>", epoch=EPOCHS[3] + 7200)
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout == f"sprint-03 ({TITLES[3]}) corrected and `latest` points at it; pushed.\n"
    versions = copy.versions()
    props = versions["sprint-03"]["properties"]
    assert (props["closed"], props["closed_at"], props["published"]) == (True, "2026-04-01T13:00:00Z", "2026-04-01T14:00:00Z")
    assert props["corrections"] == [{"at": "2026-04-01T14:00:00Z", "reason": "Headline said two weeks <not three>"}]
    assert versions["sprint-03"]["aliases"] == ["latest"]
    html = copy.show("sprint-03/index.html")
    assert "Corrected after the snapshot was closed:" in html
    assert "2026-04-01T14:00:00Z</time>: Headline said two weeks &lt;not three&gt;</span>" in html
    assert "Pilot three weeks late" in html
    assert json.loads(copy.show("sprint-03/status.json"))["snapshot"]["corrections"] == props["corrections"]
    assert blobs(copy, "sprint-02/") == sprint_two


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


@unmeasured()
def test_an_earlier_snapshot_is_closed_as_published(tmp_path: Path) -> None:
    p = publish_sprint(new_project(tmp_path), 1)
    published = blobs(p)
    tip = p.tip()
    set_sprint(p.project / "data", 2)
    commit(p.project, "Sprint 2 starts")
    closed = glasshouse(p.project, "snapshot", "1", epoch=EPOCHS[2])
    assert closed.returncode == 0, closed.stderr
    assert closed.stdout == f"sprint-01 ({TITLES[1]}) closed and `latest` points at it; pushed.\n"
    assert p.log(tip) == ["Close sprint-01"]
    assert {k: v for k, v in blobs(p).items() if k != "versions.json"} == {k: v for k, v in published.items() if k != "versions.json"}
    [one] = json.loads(p.show("versions.json"))
    assert one["aliases"] == ["latest"]
    assert (one["properties"]["closed"], one["properties"]["closed_at"]) == (True, "2026-03-31T15:00:00Z")  # EPOCHS[2]
    tip = p.tip()
    never = glasshouse(p.project, "snapshot", "3")
    assert (never.returncode, never.stdout) == (1, "")
    assert never.stderr == refusal("sprint 3 has not started (state: planned); a snapshot shows a sprint that is under way or over")
    assert p.tip() == tip


@unmeasured()
def test_an_older_closed_snapshot_is_corrected_from_data_that_closes_it(copy: Published) -> None:
    """Sprint 2's snapshot holds its final figures from the commit that closed it (sprint 3's first):
    checked out there, it is corrected as a final snapshot, and keeps its closing date."""
    tip, versions = copy.tip(), copy.versions()
    assert versions["sprint-02"]["properties"]["data_commit"] == copy.closing[2]
    reason = "The goal named the wrong pilot site"
    git(copy.project, "checkout", "-q", copy.closing[2])  # the commit its snapshot was built from
    there = glasshouse(copy.project, "snapshot", "2", "--force", "--reason", reason, epoch=EPOCHS[3] + 3600)
    assert there.returncode == 0, there.stderr
    assert there.stdout == f"sprint-02 ({TITLES[2]}) corrected; pushed.\n"
    assert copy.log(tip) == [f"Publish sprint-02 from data commit {copy.closing[2][:12]}"]
    after = copy.versions()
    assert after["sprint-02"]["aliases"] == []
    assert after["sprint-02"]["properties"] == {
        **versions["sprint-02"]["properties"],
        "published": "2026-04-01T13:00:00Z",
        "corrections": [{"at": "2026-04-01T13:00:00Z", "reason": reason}],
    }
    assert after["sprint-03"] == versions["sprint-03"]
    assert f"2026-04-01T13:00:00Z</time>: {reason}</span>" in copy.show("sprint-02/index.html")
    assert json.loads(copy.show("sprint-02/status.json"))["sprint"]["state"] == "closed"
    assert copy.show("status.json") == copy.show("sprint-03/status.json")


def test_a_sprint_never_published_gets_its_final_snapshot_with_the_next(skipped: Published, tmp_path: Path) -> None:
    """Sprint 2 was never published; the publish of sprint 3, whose commit closed it, built it first."""
    versions = skipped.versions()
    two = versions["sprint-02"]
    assert two["aliases"] == [] and versions["sprint-03"]["aliases"] == ["latest"]
    assert two["properties"]["closed"] is True and two["properties"]["data_commit"] == skipped.closing[2]
    assert json.loads(skipped.show("sprint-02/status.json"))["sprint"]["state"] == "closed"
    # From sprint 2's own (older) commit it is now a closed snapshot like any other.
    p = skipped.copy(tmp_path / "copy")
    tip = p.tip()
    git(p.project, "checkout", "-q", p.commits[2])
    for args in (("snapshot", "2"), ("publish",)):
        refused = glasshouse(p.project, *args, epoch=EPOCHS[3] + 3600)
        assert (refused.returncode, refused.stdout, refused.stderr) == (1, "", closed_refusal(2, skipped.closing[2])), args
    assert p.tip() == tip


@unmeasured()
def test_an_older_open_snapshot_is_closed_as_it_is(between: Published, tmp_path: Path) -> None:
    p = between.copy(tmp_path / "copy")
    sprint_three_starts(p)
    tip, before, versions = p.tip(), blobs(p), p.versions()
    closed = glasshouse(p.project, "snapshot", "2", epoch=EPOCHS[3])
    assert closed.returncode == 0, closed.stderr
    assert closed.stdout == f"sprint-02 ({TITLES[2]}) closed and `latest` points at it; pushed.\n"
    assert p.log(tip) == ["Close sprint-02"]
    assert {k: v for k, v in blobs(p).items() if k != "versions.json"} == {k: v for k, v in before.items() if k != "versions.json"}
    after = p.versions()
    assert after["sprint-02"]["properties"] == {**versions["sprint-02"]["properties"], "closed": True, "closed_at": "2026-04-01T12:00:00Z"}


def test_publishing_closes_as_they_are_the_open_snapshots_that_show_their_sprint_closed(between: Published, tmp_path: Path) -> None:
    p = between.copy(tmp_path / "copy")
    sha = sprint_three_starts(p)
    tip, sprint_two, versions = p.tip(), blobs(p, "sprint-02/"), p.versions()
    result = glasshouse(p.project, "publish", epoch=EPOCHS[3])
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "This publish closes snapshots on the way; it will:\n"
        f"  Build sprint-03 ({TITLES[3]}) from data commit {sha[:12]}; `latest` will point at it.\n"
        "  Close, as they are, as their sprints are closed: sprint-02.\n"
        f"sprint-03 ({TITLES[3]}) published and `latest` points at it; pushed.\nClosed, as their sprints are closed: sprint-02.\n"
    )
    assert p.log(tip) == [
        "Close sprint-02: closed in data/sprints.yaml",
        "Update the site root for sprint-03",
        f"Publish sprint-03 from data commit {sha[:12]}",
    ]
    after = p.versions()
    assert after["sprint-02"]["properties"] == {**versions["sprint-02"]["properties"], "closed": True, "closed_at": "2026-04-01T12:00:00Z"}
    assert (after["sprint-03"]["aliases"], after["sprint-03"]["properties"]["closed"]) == (["latest"], False)
    assert blobs(p, "sprint-02/") == sprint_two


def test_no_push_commits_locally_and_a_diverged_branch_is_refused(copy: Published, tmp_path: Path) -> None:
    tip = copy.tip()
    edit(copy.project / "data" / "project.yaml", "headline: Pilot two weeks late", "headline: Pilot three weeks late")
    sha = commit(copy.project, "Correct the headline")
    local = glasshouse(copy.project, "publish", "--no-push", epoch=EPOCHS[3] + 3600)
    assert local.returncode == 0, local.stderr
    assert local.stdout == f"sprint-03 ({TITLES[3]}) published and `latest` points at it; committed locally (not pushed).\n"
    assert copy.tip() == tip
    mine = git(copy.project, "rev-parse", "gh-pages").strip()
    assert git(copy.project, "log", "--format=%s", f"{tip}..{mine}").splitlines() == [
        "Update the site root for sprint-03",
        f"Publish sprint-03 from data commit {sha[:12]}",
    ]
    assert "Pilot three weeks late" in git(copy.project, "show", "gh-pages:sprint-03/index.html")
    # Meanwhile another deploy lands: the local branch and the remote's have diverged.
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", "-b", "gh-pages", str(copy.remote), str(other))
    git(other, "commit", "-q", "--allow-empty", "-m", "Another deploy")
    git(other, "push", "-q", "origin", "gh-pages")
    theirs = copy.tip()
    diverged = glasshouse(copy.project, "publish")
    assert (diverged.returncode, diverged.stdout) == (1, "")
    assert diverged.stderr == refusal(
        "the local gh-pages branch and origin/gh-pages have diverged; nothing was changed.\n"
        "    hint: to take the published one (dropping local deploys that were never pushed), "
        "run `git branch -f gh-pages origin/gh-pages`"
    )
    assert copy.tip() == theirs
    assert git(copy.project, "rev-parse", "gh-pages").strip() == mine
    git(copy.project, "branch", "-f", "gh-pages", "origin/gh-pages")  # as the hint says
    again = glasshouse(copy.project, "publish", epoch=EPOCHS[3] + 7200)
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"sprint-03 ({TITLES[3]}) published and `latest` points at it; pushed.\n"
    assert copy.log(theirs) == ["Update the site root for sprint-03", f"Publish sprint-03 from data commit {sha[:12]}"]


NO_IDENTITY = refusal(
    'git does not know who is publishing; set `git config user.name "Status bot"` and '
    "`git config user.email bot@example.org` (or GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL)"
)


def test_no_identity_or_no_remote_is_a_clear_error(tmp_path: Path) -> None:
    p = new_project(tmp_path)
    set_sprint(p.project / "data", 1)
    commit(p.project, "Sprint 1")
    home = tmp_path / "home"
    home.mkdir()
    nobody = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    for key in ("user.name", "user.email"):  # git itself finds no identity in any config
        found = subprocess.run(["git", "config", "--get", key], cwd=p.project, env={**env(identity=False), **nobody}, check=False)
        assert found.returncode == 1, key
    for args in (["publish"], ["publish", "--no-push"], ["snapshot", "1"]):
        result = glasshouse(p.project, *args, identity=False, extra=nobody)
        assert (result.returncode, result.stdout, result.stderr) == (1, "", NO_IDENTITY), args
    assert git(p.remote, "for-each-ref", "--format=%(refname)") == "refs/heads/main\n"  # nothing pushed
    assert git(p.project, "for-each-ref", "refs/heads/gh-pages") == ""  # nor committed locally
    # As the hint says: the repository's own config is enough.
    git(p.project, "config", "user.name", "Status bot")
    git(p.project, "config", "user.email", "bot@example.org")
    named = glasshouse(p.project, "publish", identity=False, extra=nobody)
    assert named.returncode == 0, named.stderr
    assert git(p.remote, "log", "-1", "--format=%cn <%ce>", "gh-pages") == "Status bot <bot@example.org>\n"
    tip = p.tip()
    git(p.project, "remote", "remove", "origin")
    result = glasshouse(p.project, "publish")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == refusal("there is no git remote 'origin'; add it (`git remote add origin URL`) or use --no-push")
    local = glasshouse(p.project, "publish", "--no-push")
    assert local.returncode == 0, local.stderr
    assert local.stdout == f"sprint-01 ({TITLES[1]}) published and `latest` points at it; committed locally (not pushed).\n"
    assert git(p.project, "rev-parse", "gh-pages~2").strip() == tip
    assert p.tip() == tip


@unmeasured()
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
