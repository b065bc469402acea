"""What is internal now, taken out of what was published before: the model's ids, the stripped
status documents, the count a comparison gives, and the references a public record cannot keep."""

from __future__ import annotations

import datetime as dt
import shutil
import typing
from pathlib import Path
from typing import Any, cast

import pytest

from generator.data.format import data_format
from generator.data.validate import read_tables, validate
from generator.errors import DataError
from generator.history.compare import Comparison, between, compare
from generator.history.conform import partial
from generator.history.document import ChangeDoc, MilestoneDoc, RiskDoc, SprintDoc
from generator.history.edition import Edition, Snapshot, Stamp
from generator.history.statusdoc import status_document
from generator.history.withheld import CUT, key, published_names, shown, strip
from generator.model.audience import Withheld
from generator.model.build import build_model
from generator.pipeline import generate
from generator.publish.plan import Request, plan, to_retitle
from generator.render.changes import lines
from generator.render.figures import Chart
from generator.render.i18n import language
from generator.repo.published import Version
from tests.support.planted import Project
from tests.support.projects import FIXTURES

EN = language("en")


def _flip(data: Path) -> None:
    """Make M-02, R-002, CR-02, FB-0004 and sprint 2 internal, and single fields of M-01, R-001 and CR-01."""
    p = Project(data)
    docs = p.docs
    for rows, record_id in ((docs["milestones.yaml"], "M-02"), (docs["risks.yaml"], "R-002"), (docs["changes.yaml"], "CR-02"),
                            (p.feedback, "FB-0004"), (docs["sprints.yaml"], "2")):  # fmt: skip
        next(r for r in rows if str(r["id"]) == record_id)["visibility"] = "internal"
    next(m for m in docs["milestones.yaml"] if m["id"] == "M-01")["internal_fields"] = ["done"]
    next(r for r in docs["risks.yaml"] if r["id"] == "R-001")["internal_fields"] = ["milestones"]
    next(c for c in docs["changes.yaml"] if c["id"] == "CR-01")["internal_fields"] = ["decided", "schedule_impact_days"]
    p.write()


@pytest.fixture
def before_after(tmp_path: Path) -> tuple[Path, Path]:
    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(FIXTURES / "minimal" / "data", before)
    shutil.copytree(FIXTURES / "minimal" / "data", after)
    _flip(after)
    return before, after


def _doc(data: Path, sprint: int | None = None) -> Any:  # a status document, changed by hand as a test needs
    doc: Any = status_document(build_model(validate(data)))
    if sprint is not None:  # as the snapshot of an earlier sprint published it
        doc["sprint"] = {"id": sprint, "name": "Pilot build", "start": "2026-03-16", "end": "2026-03-27", "state": "closed",
                         "committed": 22, "completed": 22}  # fmt: skip
        doc["snapshot"] = {"version": f"sprint-{sprint:02d}", "title": "Sprint 2: Pilot build (16 Mar – 27 Mar 2026)", "corrections": []}
    return doc


def test_the_public_model_knows_the_ids_it_leaves_out_and_no_more(before_after: tuple[Path, Path]) -> None:
    data = validate(before_after[1])
    public = build_model(data).withheld
    assert {k: sorted(v) for k, v in public.records.items() if v} == {
        "milestones": ["M-02"], "risks": ["R-002"], "changes": ["CR-02"], "feedback": ["FB-0004"], "sprints": ["2"]
    }  # fmt: skip
    assert {k: dict(v) for k, v in public.fields.items() if v} == {
        "milestones": {"M-01": frozenset({"done"})},
        "risks": {"R-001": frozenset({"milestones"})},
        "changes": {"CR-01": frozenset({"decided", "schedule_impact_days"})},
    }
    assert not build_model(data, "internal").withheld
    assert not build_model(validate(before_after[0])).withheld


def test_an_earlier_document_loses_what_is_internal_now(before_after: tuple[Path, Path]) -> None:
    before, after = before_after
    doc = _doc(before, sprint=2)
    stripped: Any
    stripped, taken = strip(doc, build_model(validate(after)).withheld)
    assert sorted(taken) == ["changes:cr-02", "feedback:fb-0004", "milestones:m-02", "risks:r-002", "sprints:2"]
    assert [m["id"] for m in stripped["milestones"]] == ["M-01", "M-03"]
    assert [r["id"] for r in stripped["risks"]] == ["R-001"] and [r["id"] for r in stripped["closed_risks"]] == ["R-003"]
    assert [c["id"] for c in stripped["changes"]] == ["CR-01"]
    assert stripped["feedback"]["ids"] == ["FB-0001", "FB-0002", "FB-0003", "FB-0005"]
    assert "FB-0004" in doc["feedback"]["ids"] and "FB-0004" not in stripped["feedback"]["waiting"]
    assert stripped["sprint"] == {"id": 2}
    assert stripped["snapshot"]["title"] == "sprint-02"
    m01 = stripped["milestones"][0]
    assert (m01["done"], m01["slip_days"], m01["forecast"]) == (None, None, "2026-01-30")
    assert stripped["risks"][0]["milestones"] == []  # R-001's milestones are internal now
    cr01 = stripped["changes"][0]
    assert (cr01["decided"], cr01["schedule_impact_days"], cr01["milestones"]) == (None, None, ["M-03"])
    assert doc["milestones"][1]["id"] == "M-02" and doc["sprint"]["name"] == "Pilot build"  # the original is left as it was


def test_references_to_records_internal_now_are_taken_out_of_earlier_documents(before_after: tuple[Path, Path]) -> None:
    before, after = before_after
    doc = _doc(before)
    doc["changes"][0]["milestones"] = ["M-02", "m-03"]
    stripped, _ = strip(doc, build_model(validate(after)).withheld)
    assert stripped["changes"][0]["milestones"] == ["m-03"]


def test_ids_match_whatever_their_case() -> None:
    doc: Any = {"milestones": [{"id": "m-02", "title": "secret"}, {"id": "M-03", "title": "kept"}], "sprint": {"id": 2, "name": "x"}}
    stripped: Any
    stripped, taken = strip(doc, Withheld({"milestones": frozenset({"M-02"}), "sprints": frozenset({"2"})}))
    assert stripped["milestones"] == [{"id": "M-03", "title": "kept"}] and stripped["sprint"] == {"id": 2}
    assert taken == {"milestones:m-02", "sprints:2"}


@pytest.mark.parametrize(
    "damaged",
    [{}, {"milestones": "x", "risks": [1, None, {"title": "no id"}], "feedback": [], "sprint": "x", "snapshot": None},
     {"feedback": {"items": "x"}, "sprint": {"name": "no id"}, "changes": [{"id": "CR-02", "milestones": "M-02"}]}],
)  # fmt: skip
def test_old_or_damaged_documents_pass_through(damaged: dict[str, Any]) -> None:
    """Read as `glasshouse diff` reads a snapshot (`conform.partial`), what conforms passes through."""
    withheld = Withheld(
        {"milestones": frozenset({"M-02"}), "changes": frozenset({"CR-09"})}, {"changes": {"CR-02": frozenset({"milestones"})}}
    )
    read = partial(damaged)
    assert read == ({"snapshot": None} if "snapshot" in damaged else {})
    assert strip(read, withheld) == (read, frozenset())


def test_every_field_kept_internal_that_status_json_holds_is_taken_out() -> None:
    """`withheld.CUT` names each optional field of a record that a status document holds: a field
    added to the document, and allowed in `internal_fields`, fails here until strip takes it out."""
    kinds = {"milestones": MilestoneDoc, "risks": RiskDoc, "changes": ChangeDoc, "sprints": SprintDoc}  # feedback: ids alone
    held = {r: {f for f in data_format().resource(r).hideable if f in typing.get_type_hints(t)} for r, t in kinds.items()}
    assert {r: fields for r, fields in held.items() if fields} == {r: set(fields) for r, fields in CUT.items()}


def test_a_comparison_counts_what_either_end_no_longer_shows(before_after: tuple[Path, Path]) -> None:
    before, after = before_after
    withheld = build_model(validate(after)).withheld
    earlier = shown(Snapshot("sprint-02", "Sprint 2: Pilot build (16 Mar – 27 Mar 2026)", _doc(before, sprint=2)), withheld)
    assert (earlier.title, earlier.label, len(earlier.hidden)) == ("sprint-02", "sprint-02", 5)
    now = Snapshot("", "now", _doc(after))
    change = between(earlier, now)
    assert (change.before, change.no_longer_shown) == ("sprint-02", 5)
    assert lines(change, EN)[-1] == "5 records are no longer shown."
    assert not [line for line in lines(change, EN) if "M-02" in line or "R-002" in line or "CR-02" in line or "FB-0004" in line]
    # M-01's done date is internal now: the earlier report's date is its forecast, so nothing moved.
    assert not [m for m in change.moved if m.id == "M-01"]
    one = Comparison("a", "b", no_longer_shown=1)
    assert not one.empty and lines(one, EN) == ["1 record is no longer shown."]
    assert compare({}, {}).empty and between(Snapshot("a", "a", {}), Snapshot("b", "b", {})).no_longer_shown == 0


def test_the_what_changed_page_names_none_of_it(before_after: tuple[Path, Path]) -> None:
    before, after = before_after
    previous = Snapshot("sprint-02", "Sprint 2: Pilot build (16 Mar – 27 Mar 2026)", _doc(before, sprint=2))
    site = generate(after, edition=Edition(history=(previous,)))
    page = site.page("what-changed.md").markdown
    assert "Since the previous snapshot, **sprint&#45;02** (status as of 31 Mar 2026)." in page
    assert "5 records are no longer shown." in page
    published = page + "".join(t if isinstance(t := site.file(path), str) else t.decode("utf-8-sig") for path in site.files)
    for name in ("M&#45;02", "M-02", "Pilot live", "R-002", "R&#45;002", "Low adoption", "CR-02", "CR&#45;02", "Support fax", "FB-0004",
                 "FB&#45;0004", "Pilot build", "2026-02-03", "3 Feb 2026"):  # fmt: skip
        assert name not in published, name


def test_snapshots_of_sprints_internal_now_are_titled_by_version(before_after: tuple[Path, Path]) -> None:
    status = build_model(validate(before_after[1]))
    published = {
        f"sprint-0{n}": Version(f"sprint-0{n}", title, properties={"sprint": n})
        for n, title in ((1, "Sprint 1: Foundations"), (2, "Sprint 2: Pilot build"), (3, "Sprint 3: Pilot polish"))
    }
    assert to_retitle(status, published) == ("sprint-02",)
    published["sprint-02"] = Version("sprint-02", "sprint-02")
    assert to_retitle(status, published) == ()
    assert to_retitle(build_model(validate(before_after[0])), published) == ()


def test_the_model_never_takes_an_internal_experience_owner(minimal: Path) -> None:
    """`validate` refuses it (tests/unit/data/test_validate.py); data that skipped the rules still cannot get one in."""
    text = (minimal / "project.yaml").read_text(encoding="utf-8")
    (minimal / "project.yaml").write_text(text.replace("email: ada@example.org\n", "email: ada@example.org\n    visibility: internal\n"))
    data, _ = read_tables(minimal)
    with pytest.raises(ValueError, match="the experience owner C-01 is not a contact the public audience sees"):
        build_model(data)
    assert build_model(data, "internal").project.experience_owner.name == "Ada Owner"


def test_a_segment_keeps_its_public_contacts_and_owners_cannot_name_internal_ones(minimal: Path) -> None:
    p = Project(minimal)
    p.docs["project.yaml"]["contacts"].append(
        {"id": "C-09", "name": "Zed Hidden", "role": "Analyst", "email": "zed@example.org", "segment": "users", "visibility": "internal"}
    )
    r3 = p.docs["risks.yaml"][2]
    r3.update(owner="Zed  HIDDEN", visibility="internal")  # names the internal contact, but is internal itself
    p.write()
    status = build_model(validate(minimal))
    assert [c.id for c in status.project.contacts if c.segment == "users"] == ["C-03"]
    for owner in ("Zed  HIDDEN", "PMO (zed hidden, deputy)", "zed@example.org"):
        r3.update(owner=owner, visibility="public")
        p.write()
        with pytest.raises(DataError) as refused:
            validate(minimal)
        assert f"risk R-003, field 'owner': '{owner}' names contact C-09, which is marked 'visibility: internal'" in refused.value.report()
    for owner in ("Zed Hiddenson", "Ada Owner"):  # another person; a public contact
        r3["owner"] = owner
        p.write()
        validate(minimal)
    r3["owner"] = "zed hidden"
    p.docs["project.yaml"]["contacts"].append({"id": "C-10", "name": "Zed  Hidden", "role": "Lead", "email": "z2@example.org"})
    p.write()
    validate(minimal)  # a public contact of that name: the owner names a person customers may know


def test_the_trend_titles_each_milestone_as_last_reported(before_after: tuple[Path, Path]) -> None:
    """A title changed since an earlier report (a code name taken out, say) is not shown again by the trend."""
    before, _ = before_after
    earlier = _doc(before, sprint=2)
    next(m for m in earlier["milestones"] if m["id"] == "M-03")["title"] = "Codename Nightjar"
    site = generate(before, edition=Edition(history=(Snapshot("sprint-02", "Sprint 2", earlier),)))
    chart = site.charts["milestone-trend"]
    assert isinstance(chart, Chart)
    trend = chart.json()
    assert "Nightjar" not in trend and "M-03 General availability" in trend
    assert [row[0] for row in site.charts["milestone-trend"].rows] == ["Pilot build", "Pilot polish"]


def test_other_text_of_an_earlier_report_does_not_repeat_their_names(before_after: tuple[Path, Path]) -> None:
    """A headline, a sprint's name or another record's title that named a record internal now is cut where it did."""
    before, after = before_after
    withheld = build_model(validate(after)).withheld
    doc = _doc(before, sprint=2)
    doc["project"]["headline"] = "Pilot live (M-02) slips; low adoption is the main risk"
    doc["milestones"][2]["title"] = "General availability after pilot live"
    doc["sprint"]["id"], doc["sprint"]["name"] = 1, "Foundations for Pilot Live"
    snapshot = Snapshot("sprint-01", "Sprint 1: Foundations for Pilot Live", doc)
    names = published_names([snapshot], withheld)
    assert names == ("Support fax bookings", "Low adoption", "Pilot live", "FB-0004", "CR-02", "R-002", "M-02")
    earlier = shown(snapshot, withheld, names)
    assert earlier.doc["project"]["headline"] == "… (…) slips; … is the main risk"
    assert earlier.doc["milestones"][1]["title"] == "General availability after …"
    assert (cast(Any, earlier.doc)["sprint"]["name"], earlier.label) == ("Foundations for …", "Foundations for …")
    assert earlier.title == "Sprint 1: Foundations for …"
    assert earlier.doc["feedback"]["ids"] == ["FB-0001", "FB-0002", "FB-0003", "FB-0005"]
    assert shown(snapshot, withheld).doc["project"]["headline"] == doc["project"]["headline"]  # no names given, none cut
    status = build_model(validate(after))
    published = {"sprint-01": Version("sprint-01", "Sprint 1: Foundations for Pilot Live", properties={"sprint": 1})}
    assert to_retitle(status, published) == () and to_retitle(status, published, names) == ("sprint-01",)


def test_correction_reasons_that_name_them_are_cut(before_after: tuple[Path, Path]) -> None:
    status = build_model(validate(before_after[1]))
    names = ("Low adoption", "R-002")
    published = {
        "sprint-02": Version(
            "sprint-02", "Sprint 2", properties={"sprint": 2, "corrections": [{"at": "t1", "reason": "Low adoption restated"}]}
        ),
        "sprint-03": Version(
            "sprint-03", "Sprint 3", properties={"sprint": 3, "closed": True, "corrections": [{"at": "t2", "reason": "R-002 fixed"}]}
        ),
    }
    assert status.current_sprint is not None
    stamp = Stamp(dt.datetime(2026, 4, 2, tzinfo=dt.UTC), "sha256:0")
    decided = plan(status, status.current_sprint, Request(3, close=True, force=True, reason="Again, R-002"), published, stamp, names=names)
    assert decided.recut == ("sprint-02",) and decided.retitle == ("sprint-02",) and decided.names == names
    assert [c.reason for c in decided.corrections] == ["… fixed", "Again, …"]
    assert decided.properties is not None and [c["reason"] for c in decided.properties["corrections"]] == ["… fixed", "Again, …"]
    assert plan(status, status.current_sprint, Request(), {}, stamp).recut == ()


def test_an_earlier_forecast_of_a_milestone_internal_now_or_of_a_scope_internal_now_is_taken_out() -> None:
    dates = {"p50": "2026-05-01", "p85": "2026-05-15", "p95": "2026-05-29"}
    doc = cast(
        Any,
        {
            "forecasts": {
                "standing": "sound",
                "sprints": 6,
                "futures": 4000,
                "all_work": dates,
                "milestones": [{"id": m, "scope": 10, "dates": dates, "chance": 0.5} for m in ("M-01", "M-02", "M-03")],
            }
        },
    )
    now = Withheld({"milestones": frozenset({"M-01"})}, {"milestones": {"M-02": frozenset({"scope"})}})
    out, _ = strip(doc, now)
    assert [m["id"] for m in out["forecasts"]["milestones"]] == ["M-03"]
    assert out["forecasts"]["all_work"] == dates


def test_an_earlier_warning_about_a_record_internal_now_is_taken_out() -> None:
    warned = [
        {"name": "slipping", "record": m, "values": ["2026-05-01", "2026-05-15", "2026-06-01"], "threshold": None, "related": []}
        for m in ("M-01", "M-03")
    ]
    out, taken = strip(cast(Any, {"warnings": warned}), Withheld({"milestones": frozenset({"M-01"})}))
    assert [w["record"] for w in out["warnings"]] == ["M-03"] and taken == {key("milestones", "M-01")}
