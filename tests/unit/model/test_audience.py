"""A field kept to the team (`internal_fields`) never makes a public page say something false.

For every field the data format lets each kind of record keep internal, the minimal project is
generated for both audiences with that field internal on one record that holds a value. What the
public model says of the record (late with no reason, unmitigated, review due, needs a decision)
must be what the whole record says, both audiences must list the same risks as needing a
decision, and every line of a public page must be the internal page's line with words left out:
a withheld value's place holds nothing, never a "—" or a sentence that would mean "none".
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.data.format import data_format
from generator.model.status import Status
from generator.pipeline import generate
from generator.render.pages import Site
from tests.support.projects import FIXTURES

FILES = {"milestones": "milestones.yaml", "risks": "risks.yaml", "sprints": "sprints.yaml", "changes": "changes.yaml"}
HIDEABLE = [(name, f) for name in FILES for f in data_format().resource(name).hideable]
# Sentences that only a page with something withheld says, each of them true of the whole record.
ABOUT_WITHHELD = ("is published", "not published", "with the work done published")


def test_every_kind_of_record_that_can_keep_fields_internal_is_covered() -> None:
    # The project's own (its budget and tolerances) by the test after this one.
    assert {r.name for r in data_format().resources if r.hideable} == {*FILES, "project"}


BUDGET = {"currency": "GBP", "budget_planned": 120000, "budget_spent": 61250, "budget_forecast": 138000,
          "tolerance_days": 5, "tolerance_cost_percent": 10}  # fmt: skip


@pytest.mark.parametrize("field", data_format().resource("project").hideable)
def test_a_budget_figure_kept_internal_reaches_no_public_page(tmp_path: Path, field: str) -> None:
    """The cost forecast is beyond its tolerance: the internal sponsor report says so; the public
    one shows no figure it does not see, nor what it alone would tell."""
    data = _project(tmp_path)
    project = yaml.safe_load((data / "project.yaml").read_text(encoding="utf-8"))
    project.update(BUDGET, internal_fields=[field])
    (data / "project.yaml").write_text(yaml.safe_dump(project, sort_keys=False, allow_unicode=True), encoding="utf-8")
    public, internal = generate(data, "public"), generate(data, "internal")
    assert getattr(internal.status.project, field) == BUDGET[field] and getattr(public.status.project, field) is None
    budget = json.loads(public.file("status.json"))["project"]["budget"]
    assert budget[field.removeprefix("budget_")] is None
    report = html.unescape(next(p.markdown for p in public.pages if p.path == "print.md"))
    whole = html.unescape(next(p.markdown for p in internal.pages if p.path == "print.md"))
    assert "forecast to be exceeded by 6,000 GBP" in whole
    gone = {"currency": "GBP", "budget_planned": "120,000", "budget_spent": "61,250", "budget_forecast": "138,000",
            "tolerance_days": "Time tolerance", "tolerance_cost_percent": "Cost tolerance"}  # fmt: skip
    assert gone[field] in whole and gone[field] not in report, field
    # Whether the cost tolerance is exceeded needs the budget, the forecast and the tolerance.
    exceeded = field not in ("budget_planned", "budget_forecast", "tolerance_cost_percent")
    assert ("forecast to be exceeded by 6,000" in report) is exceeded, field


def _project(tmp_path: Path) -> Path:
    """The minimal project with a value in every field that can be internal, R-001's review overdue,
    a pending change's decision date passed."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal" / "data", data)
    risks = yaml.safe_load((data / "risks.yaml").read_text(encoding="utf-8"))
    risks[0].update(description="Two suppliers share one test environment.", next_review="2026-03-20")
    (data / "risks.yaml").write_text(yaml.safe_dump(risks, sort_keys=False, allow_unicode=True), encoding="utf-8")
    milestones = yaml.safe_load((data / "milestones.yaml").read_text(encoding="utf-8"))
    milestones[-1]["key"] = True
    next(m for m in milestones if m["status"] not in ("done", "cancelled"))["scope"] = 12
    (data / "milestones.yaml").write_text(yaml.safe_dump(milestones, sort_keys=False, allow_unicode=True), encoding="utf-8")
    changes = yaml.safe_load((data / "changes.yaml").read_text(encoding="utf-8"))
    pending = next(c for c in changes if c["decision"] == "pending")
    pending.update(decision_needed_by="2026-03-27", question="Do we support bookings by fax?")
    (data / "changes.yaml").write_text(yaml.safe_dump(changes, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return data


def _hide(data: Path, resource: str, field: str) -> str:
    """Mark `field` internal on the first record of `resource` holding a value in it; its id."""
    path = data / FILES[resource]
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    record = next(r for r in records if r.get(field) not in (None, []))
    record["internal_fields"] = [field]
    path.write_text(yaml.safe_dump(records, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return str(record["id"])


def _facts(status: Status) -> dict[str, object]:
    """What the model says of each record, in the words every page, chart and feed uses."""
    as_of = status.project.as_of
    said: dict[str, object] = {}
    for m in status.milestones:
        said[m.id] = (m.state, m.shown_status, m.late_days, m.unexplained, m.is_open)
    for r in status.risks:
        said[r.id] = (r.is_active, r.severity, r.unmitigated, r.review_due(as_of), r.attention(as_of))
    for s in status.sprints:
        said[f"sprint {s.id}"] = (s.state, s.worked)
    for c in status.changes:
        said[c.id] = (c.decision, c.decision_passed(as_of))
    return said


def _documented(site: Site) -> dict[str, dict[str, object]]:
    """What status.json and the CSV downloads say of each record, by id, every value as text."""
    doc = json.loads(site.file("status.json"))
    said: dict[str, dict[str, object]] = {}
    for part in ("milestones", "risks", "changes"):
        for record in doc[part]:
            said.setdefault(record["id"], {}).update({f"status.json {k}": v for k, v in record.items()})
    for name in ("milestones", "risks", "changes"):
        text = site.file(f"downloads/{name}.csv")
        rows = csv.DictReader(io.StringIO(text if isinstance(text, str) else text.decode("utf-8-sig")))
        for row in rows:
            said.setdefault(row["id"], {}).update({f"{name}.csv {k}": v for k, v in row.items()})
    return said


def _untrue_values(public: Site, internal: Site) -> list[str]:
    """Values status.json and the downloads give for a public record that the whole record does
    not: each is the internal site's value, or empty where a value is withheld."""
    whole = _documented(internal)
    return [
        f"{rid} {key}: {value!r}, not {whole[rid][key]!r}"
        for rid, said in _documented(public).items()
        for key, value in said.items()
        if value not in (None, "", []) and value != whole[rid][key]
    ]


def _decide(site: Site) -> list[str]:
    """The risks the sponsor report lists as needing a decision, as it states them."""
    page = next(p.markdown for p in site.pages if p.path == "print.md")
    section = html.unescape(page.split("### Risks that need a decision or help", 1)[1].split("\n## ", 1)[0])
    return re.findall(r'^\| <span class="gh-id">(R-\d+)</span>', section, flags=re.MULTILINE)


def _words(line: str) -> list[str]:
    """A line's words and dashes; a chart's `null`, a value left out, is no word."""
    return [w for w in re.findall(r"\w+|—", line) if w != "null"]


def _within(shown: list[str], whole: list[str]) -> bool:
    """`shown` is `whole` with words left out, none added or changed."""
    rest = iter(whole)
    return all(word in rest for word in shown)


def _untrue_lines(public: Site, internal: Site, shown: Site) -> list[str]:
    """Lines of public pages that are not an internal page's line with words left out. A line the
    public site says with nothing withheld (`shown`) is as true as it was there: the internal site
    words a few things its own way (the first snapshot, for instance)."""
    whole = {p.path: [_words(line) for line in p.markdown.splitlines()] for p in internal.pages}
    said = {p.path: set(p.markdown.splitlines()) for p in shown.pages}
    found = []
    for page in public.pages:
        for line in page.markdown.splitlines():
            if line in said.get(page.path, ()) or any(s in line for s in ABOUT_WITHHELD):
                continue
            words = _words(line)
            if not any(_within(words, w) for w in whole.get(page.path, [])):
                found.append(f"{page.path}: {line}")
    return found


@pytest.mark.parametrize(("resource", "field"), HIDEABLE, ids=[f"{r}.{f}" for r, f in HIDEABLE])
def test_public_pages_say_only_what_is_true_of_the_whole_record(tmp_path: Path, resource: str, field: str) -> None:
    data = _project(tmp_path)
    shown = generate(data, "public")
    record = _hide(data, resource, field)
    public, internal = generate(data, "public"), generate(data, "internal")
    assert field in public.status.withheld.fields[resource][record]

    assert _facts(public.status) == _facts(internal.status)
    assert [(a.risk.id, a.reasons) for a in public.status.risks_to_decide] == [
        (a.risk.id, a.reasons) for a in internal.status.risks_to_decide
    ]
    assert _decide(public) == _decide(internal)
    assert _untrue_lines(public, internal, shown) == []
    assert _untrue_values(public, internal) == []


def test_a_critical_risk_with_its_mitigation_internal_needs_no_decision_for_either_audience(tmp_path: Path) -> None:
    data = _project(tmp_path)
    records = yaml.safe_load((data / "risks.yaml").read_text(encoding="utf-8"))
    records[0].update(likelihood=5, impact=5, next_review="2026-04-20", internal_fields=["mitigation"])
    (data / "risks.yaml").write_text(yaml.safe_dump(records, sort_keys=False), encoding="utf-8")
    public, internal = generate(data, "public"), generate(data, "internal")

    assert _decide(public) == _decide(internal) == ["R-002"]
    risks = next(p.markdown for p in public.pages if p.path == "risks.md")
    row = next(line for line in risks.splitlines() if line.startswith('<tr id="r&#45;001">'))
    assert "Weekly supplier check-ins" not in row
    assert '<td data-label="What we are doing"><span class="gh-why">Owner: Bo Sponsor · next review' in row
    assert "—" not in row


def test_a_withheld_review_date_still_says_the_review_is_overdue(tmp_path: Path) -> None:
    data = _project(tmp_path)
    _hide(data, "risks", "next_review")
    public = generate(data, "public")
    page = next(p.markdown for p in public.pages if p.path == "print.md")
    row = next(line for line in page.splitlines() if "R&#45;001</span> Supplier delays | " in line and "review" in line)
    assert row.endswith("| review overdue | Bo Sponsor |")
    assert "review overdue since" not in page
