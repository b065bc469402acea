"""The publish plan, decided from data alone: which snapshot to build, what to close, what to refuse.

The data is the minimal fixture moved through its sprints (sprint_cases.set_sprint); what is
published is written down as versions.json would list it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.errors import PublishError
from generator.history.edition import Correction, Stamp
from generator.model.records import Sprint
from generator.model.status import Status
from generator.pipeline import read_status
from generator.publish.plan import Final, Plan, Request, ahead, check_request, choose_sprint, describe, plan, to_close, version_title
from generator.render.i18n import language
from generator.render.terms import Terms
from generator.repo.published import Version
from tests.support.projects import FIXTURES
from tests.support.sprint_cases import TITLES, edit, set_sprint

STAMP = Stamp(dt.datetime(2026, 4, 2, 9, 30, tzinfo=dt.UTC), "sha256:" + "ab" * 32, "c0ffee" * 6 + "abcd")
NOW = "2026-04-02T09:30:00Z"
EARLIER = Correction("2026-03-31T08:00:00Z", "Risk R-001 was scored twice")


def _read(root: Path, active: int, change: tuple[str, str] | None = None) -> Status:
    data = root / "data"
    shutil.copytree(FIXTURES / "minimal" / "data", data)
    set_sprint(data, active)
    if change:
        edit(data / "sprints.yaml", *change)
    return read_status(data)


@pytest.fixture(scope="module")
def at(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Status]:
    """The data with sprint N active: 0 has every sprint planned, 4 every sprint closed."""
    return {n: _read(tmp_path_factory.mktemp(f"sprint-{n}"), n) for n in range(5)}


def version(n: int, *, closed: bool = False, latest: bool = False, **changed: Any) -> Version:
    """Sprint n's snapshot as versions.json lists it after a publish."""
    props: dict[str, Any] = {
        "sprint": n,
        "closed": closed,
        "published": f"2026-03-{10 + n}T12:00:00Z",
        "data_commit": str(n) * 40,
        "data_hash": "sha256:" + str(n) * 64,
        "corrections": [],
    }
    if closed:
        props["closed_at"] = f"2026-03-{17 + n}T12:00:00Z"
    props.update(changed)
    return Version(f"sprint-{n:02d}", TITLES[n], ("latest",) if latest else (), props)


def branch(*versions: Version) -> dict[str, Version]:
    return {v.version: v for v in versions}


def built(n: int, *, closed: bool = False, corrections: tuple[Correction, ...] = (), closed_at: str = NOW) -> dict[str, Any]:
    """The properties a build of sprint n is deployed with."""
    props: dict[str, Any] = {
        "sprint": n,
        "closed": closed,
        "published": NOW,
        "data_commit": STAMP.commit,
        "data_hash": STAMP.data_hash,
        "corrections": [c.as_json() for c in corrections],
    }
    if closed:
        props["closed_at"] = closed_at
    return props


def decide(status: Status, request: Request, published: dict[str, Version], final: tuple[str, ...] = ()) -> Plan:
    return plan(status, choose_sprint(status, request), request, published, STAMP, final)


def refused(status: Status, request: Request, published: dict[str, Version]) -> str:
    with pytest.raises(PublishError) as caught:
        decide(status, request, published)
    return str(caught.value)


# version_title


@pytest.mark.parametrize(
    ("sprint", "name", "start", "end", "title"),
    [
        (1, "Foundations", "2026-03-02", "2026-03-13", "Sprint 1: Foundations (2 Mar – 13 Mar 2026)"),
        (15, "Sprint 15 – First messages", "2026-11-16", "2026-11-27", "Sprint 15 – First messages (16 Nov – 27 Nov 2026)"),
        (15, "sprint 15", "2026-11-16", "2026-11-27", "sprint 15 (16 Nov – 27 Nov 2026)"),
        (15, "Sprint 150 plans", "2026-11-16", "2026-11-27", "Sprint 15: Sprint 150 plans (16 Nov – 27 Nov 2026)"),
        (16, "Year end", "2026-12-28", "2027-01-08", "Sprint 16: Year end (28 Dec 2026 – 8 Jan 2027)"),
    ],
)
def test_version_title(sprint: int, name: str, start: str, end: str, title: str) -> None:
    s = Sprint(sprint, name, dt.date.fromisoformat(start), dt.date.fromisoformat(end), "", 0, "active")
    assert version_title(s, Terms(language("en"))) == title


# choose_sprint


def test_the_data_s_current_sprint_is_chosen_by_default(at: dict[int, Status]) -> None:
    assert [choose_sprint(at[n], Request()).id for n in (1, 2, 3)] == [1, 2, 3]
    assert choose_sprint(at[4], Request()).id == 3  # no sprint active: the last closed one


def test_no_sprint_under_way_is_refused(at: dict[int, Status]) -> None:
    with pytest.raises(PublishError) as caught:
        choose_sprint(at[0], Request())
    assert str(caught.value) == (
        "data/sprints.yaml has no active or closed sprint yet; mark the first sprint `state: active` and publish again"
    )


def test_a_named_sprint_is_chosen_whether_closed_or_active(at: dict[int, Status]) -> None:
    assert choose_sprint(at[3], Request(1, close=True)).id == 1
    assert choose_sprint(at[3], Request(3, close=True)).id == 3


def test_an_unknown_sprint_is_refused(at: dict[int, Status]) -> None:
    with pytest.raises(PublishError) as caught:
        choose_sprint(at[3], Request(9, close=True))
    assert str(caught.value) == "there is no public sprint 9 in data/sprints.yaml (sprints: 1, 2, 3)"


def test_an_internal_sprint_has_no_public_snapshot(tmp_path: Path) -> None:
    status = _read(tmp_path / "one", 3, ("name: Pilot build\n", "name: Pilot build\n  visibility: internal\n"))
    with pytest.raises(PublishError) as caught:
        choose_sprint(status, Request(2, close=True))
    assert str(caught.value) == "there is no public sprint 2 in data/sprints.yaml (sprints: 1, 3)"
    alone = tmp_path / "alone"
    shutil.copytree(FIXTURES / "minimal" / "data", alone)
    sprint = "- id: 1\n  name: Foundations\n  start: 2026-03-02\n  end: 2026-03-13\n  goal: Set up.\n  committed: 20\n  state: active\n"
    (alone / "sprints.yaml").write_text(sprint + "  visibility: internal\n", encoding="utf-8")
    with pytest.raises(PublishError) as caught:
        choose_sprint(read_status(alone), Request(1, close=True))
    assert str(caught.value) == "there is no public sprint 1 in data/sprints.yaml (sprints: none)"


def test_a_planned_sprint_is_refused(at: dict[int, Status]) -> None:
    with pytest.raises(PublishError) as caught:
        choose_sprint(at[2], Request(3, close=True))
    assert str(caught.value) == "sprint 3 has not started (state: planned); a snapshot shows a sprint that is under way or over"


# check_request

FORCE_WITHOUT_REASON = '--force needs --reason "..." saying what is corrected; the reason is shown in the snapshot'


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_force_needs_a_reason(reason: str) -> None:
    with pytest.raises(PublishError) as caught:
        check_request(Request(3, close=True, force=True, reason=reason))
    assert str(caught.value) == FORCE_WITHOUT_REASON


@pytest.mark.parametrize("request_", [Request(), Request(3, close=True), Request(3, close=True, force=True, reason="Wrong headline")])
def test_requests_that_need_no_reason_or_give_one_pass(request_: Request) -> None:
    check_request(request_)


# plan: refusals


def closed_refusal(n: int) -> str:
    return (
        f"sprint-0{n} ({TITLES[n]}) is a closed snapshot and is never overwritten: it shows the status as it was "
        f"published at the end of that sprint, built from data commit {str(n) * 12}.\n"
        "    hint: to publish the next sprint, mark it `state: active` in data/sprints.yaml; to correct this snapshot, run "
        f'`glasshouse snapshot {n} --force --reason "what was wrong"` (the reason is shown in the snapshot)'
    )


def other_sprint_refusal(n: int, what: str, current: int | str = 3, flags: str = "") -> str:
    return (
        f"sprint-0{n} {what}: the data's current sprint is {current}, and a snapshot is built only from the data of its own sprint.\n"
        f"    hint: check out the last commit of sprint {n} (`git checkout COMMIT`) and run `glasshouse snapshot {n}{flags}` there"
    )


@pytest.mark.parametrize("request_", [Request(), Request(3, close=True)])
def test_a_closed_snapshot_of_the_current_sprint_is_refused_without_force(at: dict[int, Status], request_: Request) -> None:
    published = branch(version(2, closed=True), version(3, closed=True, latest=True))
    assert refused(at[3], request_, published) == closed_refusal(3)


def test_a_closed_snapshot_of_an_earlier_sprint_is_refused_as_closed(at: dict[int, Status]) -> None:
    published = branch(version(2, closed=True), version(3, latest=True))
    assert refused(at[3], Request(2, close=True), published) == closed_refusal(2)


@pytest.mark.parametrize("close", [True, False])
def test_a_sprint_never_published_is_built_only_from_its_own_data(at: dict[int, Status], close: bool) -> None:
    published = branch(version(1, closed=True), version(3, latest=True))
    assert refused(at[3], Request(2, close=close), published) == other_sprint_refusal(2, "was never published")


def test_an_earlier_sprint_s_open_snapshot_is_not_rebuilt(at: dict[int, Status]) -> None:
    published = branch(version(2), version(3, latest=True))
    assert refused(at[3], Request(2), published) == other_sprint_refusal(2, "cannot be rebuilt from here")


def test_an_earlier_sprint_s_open_snapshot_is_not_rebuilt_with_force(at: dict[int, Status]) -> None:
    published = branch(version(2), version(3, latest=True))
    request = Request(2, close=True, force=True, reason="Wrong headline")
    assert refused(at[3], request, published) == other_sprint_refusal(2, "cannot be rebuilt from here")


def test_an_earlier_sprint_s_closed_snapshot_is_corrected_from_data_that_closes_it(at: dict[int, Status]) -> None:
    published = branch(version(2, closed=True), version(3, latest=True))
    request = Request(2, close=True, force=True, reason="Wrong headline")
    # Sprint 2 is closed in sprint 3's data, as in the commit that closed it: corrected from there as a final snapshot.
    decided = decide(at[3], request, published)
    correction = Correction(NOW, "Wrong headline")
    assert decided == Plan("sprint-02", TITLES[2], "corrected", build=False, latest=False, corrections=(correction,),
                           finals=(Final(2, "sprint-02", TITLES[2], (correction,), "2026-03-19T12:00:00Z", here=True),))  # fmt: skip
    assert decide(at[2], request, published).action == "corrected"  # from its own sprint's data, as before


def test_with_no_current_sprint_every_sprint_is_another_sprint(at: dict[int, Status]) -> None:
    sprint = choose_sprint(at[1], Request())
    with pytest.raises(PublishError) as caught:
        plan(at[0], sprint, Request(), {}, STAMP)
    assert str(caught.value) == other_sprint_refusal(1, "was never published", "none")


# plan: closing a published snapshot as it is


def test_an_earlier_sprint_s_open_snapshot_is_closed_as_it_is(at: dict[int, Status]) -> None:
    two = version(2, corrections=[EARLIER.as_json()])
    published = branch(version(1, closed=True), two, version(3, latest=True))
    assert decide(at[3], Request(2, close=True), published) == Plan(
        "sprint-02", TITLES[2], "closed", build=False, latest=False, corrections=(EARLIER,), freeze=(two,), freeze_message="Close sprint-02"
    )


def test_closing_the_latest_snapshot_as_it_is_keeps_it_latest(at: dict[int, Status]) -> None:
    one = version(1, latest=True)
    assert decide(at[2], Request(1, close=True), branch(one)) == Plan(
        "sprint-01", TITLES[1], "closed", build=False, latest=True, freeze=(one,), freeze_message="Close sprint-01"
    )


def test_closing_one_snapshot_as_it_is_closes_no_other(at: dict[int, Status]) -> None:
    one, two = version(1), version(2)
    decided = decide(at[3], Request(2, close=True), branch(one, two, version(3, latest=True)))
    assert decided.freeze == (two,)


# plan: building the current sprint's snapshot


def test_the_first_publish_builds_the_current_sprint_as_latest(at: dict[int, Status]) -> None:
    assert decide(at[1], Request(), {}) == Plan("sprint-01", TITLES[1], "published", build=True, latest=True, properties=built(1))


def test_the_open_snapshot_is_rebuilt_on_every_publish(at: dict[int, Status]) -> None:
    three = version(3, latest=True, corrections=[EARLIER.as_json()])
    published = branch(version(1, closed=True), version(2, closed=True), three)
    assert decide(at[3], Request(), published) == Plan(
        "sprint-03", TITLES[3], "published", build=True, latest=True, corrections=(EARLIER,), properties=built(3, corrections=(EARLIER,))
    )


def test_closing_the_current_sprint_builds_it_closed(at: dict[int, Status]) -> None:
    published = branch(version(2, closed=True), version(3, latest=True))
    assert decide(at[3], Request(3, close=True), published) == Plan(
        "sprint-03", TITLES[3], "closed", build=True, latest=True, properties=built(3, closed=True)
    )
    assert decide(at[3], Request(3, close=True), {}).properties == built(3, closed=True)  # never published before


def test_force_corrects_a_closed_snapshot_and_records_why(at: dict[int, Status]) -> None:
    three = version(3, closed=True, latest=True, closed_at="2026-04-01T18:00:00Z", corrections=[EARLIER.as_json()])
    request = Request(3, close=True, force=True, reason="  Headline said two weeks, not three \n")
    now = Correction(NOW, "Headline said two weeks, not three")
    assert decide(at[3], request, branch(version(2, closed=True), three)) == Plan(
        "sprint-03",
        TITLES[3],
        "corrected",
        build=True,
        latest=True,
        corrections=(EARLIER, now),
        properties=built(3, closed=True, corrections=(EARLIER, now), closed_at="2026-04-01T18:00:00Z"),
    )


def test_a_correction_of_a_snapshot_closed_without_a_date_is_dated_now(at: dict[int, Status]) -> None:
    three = Version("sprint-03", TITLES[3], ("latest",), {"sprint": 3, "closed": True})
    decided = decide(at[3], Request(3, close=True, force=True, reason="Wrong"), branch(three))
    assert decided.action == "corrected"
    assert decided.properties == built(3, closed=True, corrections=(Correction(NOW, "Wrong"),))


def test_force_on_an_open_snapshot_closes_it_and_records_no_correction(at: dict[int, Status]) -> None:
    request = Request(3, close=True, force=True, reason="Nothing to correct")
    expected = Plan("sprint-03", TITLES[3], "closed", build=True, latest=True, properties=built(3, closed=True))
    assert decide(at[3], request, branch(version(3, latest=True))) == expected
    # Never published: sprint 2, closed in the data and newer than anything published, gets its final snapshot first.
    assert decide(at[3], request, {}) == dataclasses.replace(expected, finals=(Final(2, "sprint-02", TITLES[2]),))


# plan: latest


def test_an_older_sprint_does_not_take_latest(at: dict[int, Status]) -> None:
    published = branch(version(1, closed=True), version(3, latest=True))
    decided = decide(at[2], Request(), published)  # an old checkout, sprint 3 already out
    assert (decided.version, decided.action, decided.build, decided.latest) == ("sprint-02", "published", True, False)
    assert decide(at[2], Request(2, close=True), published).latest is False


def test_latest_goes_to_the_newest_sprint_published(at: dict[int, Status]) -> None:
    assert decide(at[3], Request(), branch(version(1, closed=True), version(2, latest=True))).latest is True
    assert decide(at[3], Request(), branch(version(3, latest=True))).latest is True  # rebuilding the newest
    other = Version("preview", "Preview", (), {"sprint": 99})  # not a sprint's snapshot: no bearing on latest
    assert decide(at[2], Request(), branch(version(1), other)).latest is True


# plan: which snapshots are closed on the way


def test_open_snapshots_of_sprints_closed_in_the_data_are_closed_on_the_way(at: dict[int, Status]) -> None:
    one, two = version(1), version(2)
    published = branch(one, two, version(3, latest=True))
    # Their snapshots still show mid-sprint figures: rebuilt closed, with the final ones, before this build.
    decided = decide(at[3], Request(), published)
    assert decided.finals == (Final(1, "sprint-01", TITLES[1]), Final(2, "sprint-02", TITLES[2]))
    assert (decided.freeze, decided.action) == ((), "published")
    # Snapshots whose status.json already shows their sprint closed are closed as they are.
    decided = decide(at[3], Request(), published, final=("sprint-01", "sprint-02"))
    assert (decided.finals, decided.freeze) == ((), (one, two))
    assert decided.freeze_message == "Close sprint-01, sprint-02: closed in data/sprints.yaml"


def test_nothing_else_is_closed_on_the_way(at: dict[int, Status]) -> None:
    published = branch(version(1, closed=True), version(2, closed=True), version(3, latest=True))
    assert (decide(at[3], Request(), published).freeze, decide(at[3], Request(), published).freeze_message) == ((), "")
    # Sprint 3 is closed in the data, but its snapshot is the one being built: built open, not closed after.
    assert decide(at[4], Request(), published).freeze == ()
    assert decide(at[4], Request(), published).properties == built(3)
    # An old checkout: sprint 3 is planned in its data, so the snapshot published from newer data stays open.
    older = decide(at[2], Request(), branch(version(1), version(3, latest=True)))
    assert (older.finals, older.freeze) == ((Final(1, "sprint-01", TITLES[1]),), ())


def test_to_close(at: dict[int, Status]) -> None:
    preview = Version("preview", "Preview", (), {})
    published = branch(version(1), version(2, closed=True), version(3), preview)
    assert to_close(at[4], published, "sprint-03") == (version(1),)
    assert to_close(at[4], published, "sprint-01") == (version(3),)
    assert to_close(at[2], published, "sprint-02") == (version(1),)
    assert to_close(at[1], published, "sprint-01") == ()


def test_a_stamp_without_a_commit_is_published_without_one(at: dict[int, Status]) -> None:
    stamp = Stamp(STAMP.built, STAMP.data_hash)
    decided = plan(at[1], choose_sprint(at[1], Request()), Request(), {}, stamp)
    assert decided.properties == {**built(1), "data_commit": None}


# describe: what a publish says it will do, before it does it (and all a dry run does)


def test_a_plain_publish_is_described_in_one_line(at: dict[int, Status]) -> None:
    decided = decide(at[3], Request(), branch(version(1, closed=True), version(2, closed=True, latest=True)))
    assert describe(decided, STAMP.commit, {}) == [
        f"Build sprint-03 ({TITLES[3]}) from data commit c0ffeec0ffee; `latest` will point at it."
    ]


def test_closing_on_the_way_is_described_step_by_step_with_the_commits(at: dict[int, Status]) -> None:
    decided = decide(at[3], Request(), branch(version(1, closed=True), version(2, latest=True)))
    closing = "b" * 40
    assert describe(decided, STAMP.commit, {2: closing}) == [
        f"Build sprint-02 ({TITLES[2]}) closed, with its sprint's final figures, from data commit bbbbbbbbbbbb, which closed sprint 2.",
        f"Build sprint-03 ({TITLES[3]}) from data commit c0ffeec0ffee; `latest` will point at it.",
    ]
    shown = decide(at[3], Request(), branch(version(1, closed=True), version(2, latest=True)), final=("sprint-02",))
    assert describe(shown, None, {})[1] == "Close, as they are, as their sprints are closed: sprint-02."
    assert describe(shown, None, {})[0].endswith("from the data as it is (not committed); `latest` will point at it.")


def test_closing_an_earlier_snapshot_as_it_is_is_described(at: dict[int, Status]) -> None:
    decided = decide(at[3], Request(sprint=2, close=True), branch(version(2, latest=True)))
    assert describe(decided, STAMP.commit, {}) == [f"Close sprint-02 ({TITLES[2]}) as it is published."]


def test_what_a_closing_commit_records_of_the_next_sprint_is_named(at: dict[int, Status]) -> None:
    """set_sprint gives the active sprint its points at once: closing sprint 2 there records sprint 3's."""
    assert ahead(at[3], 2) == ("6 points completed in sprint 3",)
    assert ahead(at[3], 1) == ("22 points completed in sprint 2", "6 points completed in sprint 3")
    assert ahead(at[4], 3) == ()  # nothing after the last sprint
    nothing_yet = dataclasses.replace(
        at[3], sprints=tuple(dataclasses.replace(s, completed=None) if s.id == 3 else s for s in at[3].sprints)
    )
    assert ahead(nothing_yet, 2) == ()
    delivered = next(m for m in at[3].milestones if m.done)
    late = dataclasses.replace(delivered, done=dt.date(2026, 3, 31))
    later = dataclasses.replace(nothing_yet, milestones=(late,))
    assert ahead(later, 2) == (f"{late.id} delivered on 2026-03-31",)
