"""The tools teams already run on a status repository, run for real on Glasshouse's files:
check-jsonschema on the JSON Schemas an editor reads (data/schemas/) and on status.json,
pre-commit running the hook in .pre-commit-hooks.yaml, and Frictionless on the Data Package
`glasshouse export` writes."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from generator.scaffold import Choices, Source, starter_files
from generator.site.build import EXAMPLE_SITE_URL
from tests.support.artefacts import unmeasured
from tests.support.broken_cases import CASES
from tests.support.projects import EXAMPLE_DATA, FIXTURES, ROOT

BIN = Path(sys.executable).parent
SCHEMAS = ROOT / "data" / "schemas"
RECORDS = sorted(p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json"))

# Broken files whose mistake lies within one record: the schema an editor uses rejects them, as
# `glasshouse validate` does (tests/unit/data/test_validate.py has its report for each).
SCHEMA_RULES = {
    "boolean_as_title", "date_dd_mm_yyyy", "date_impossible", "date_with_words", "duplicate_key", "email_invalid",
    "field_typo", "ids_differ_by_case", "impact_above_max", "likelihood_word", "likelihood_zero", "list_as_text",
    "negative_points", "nested_mapping_value", "required_missing", "status_capitalised", "status_unknown",
    "tab_indent", "yaml_colon_in_text", "yaml_unclosed_quote",
}  # fmt: skip
# Mistakes across records or against today's date: only `glasshouse validate` sees them.
BEYOND_A_SCHEMA = {
    "dependency_cycle", "duplicate_id", "self_dependency", "two_active_sprints", "unknown_milestone_in_risk",
    "sprint_end_before_start", "done_without_date", "open_risk_no_review", "status_date_in_future",
}  # fmt: skip


# Broken feedback.csv files that Frictionless rejects by the column rules of feedback.csv's own
# schema in data/datapackage.yaml (its columns matched by name: an optional one may be left out),
# as `glasshouse validate` does. The rest of the corpus's CSV cases
# need a rule across files or beyond a column (a segment in project.yaml, a date after today, a
# response that an action requires, control characters), which only Glasshouse checks.
FRICTIONLESS_CSV_RULES = {
    "rating_6", "rating_text", "unquoted_comma", "consent_maybe", "unknown_csv_column", "csv_row_too_short",
    "csv_row_missing_value", "csv_unclosed_quote", "duplicate_csv_column", "nan_rating_csv", "respondent_email_invalid",
    "integer_of_5000_digits_csv", "date_and_time_csv", "csv_id_forging_a_command", "csv_header_with_escape",
    "csv_comma_and_bad_values",
}  # fmt: skip


@unmeasured()  # a third-party tool: nothing of Glasshouse runs in it, and coverage would only slow it
def _rejected(schema: Path, files: list[Path]) -> set[Path]:
    """The files the real check-jsonschema rejects against `schema`."""
    if not files:
        return set()
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "-o", "json", "--schemafile", str(schema), *map(str, files)], capture_output=True, text=True
    )
    report = json.loads(result.stdout)
    assert (result.returncode == 0) == (report["status"] == "ok"), result.stdout + result.stderr
    return {Path(e["filename"]) for e in [*report.get("errors", []), *report.get("parse_errors", [])]}


@pytest.mark.parametrize("record", RECORDS)
def test_the_schemas_accept_the_example_and_the_starter_data(record: str, tmp_path: Path) -> None:
    files = starter_files(Choices("Pilot", EXAMPLE_SITE_URL, "en"), dt.date(2026, 12, 7), Source(None, None))
    starter = tmp_path / f"{record}.yaml"
    starter.write_text(files[f"data/{record}.yaml"], encoding="utf-8")
    example = EXAMPLE_DATA / f"{record}.yaml"
    assert _rejected(SCHEMAS / f"{record}.schema.json", [example, starter]) == set()


def test_the_schemas_reject_the_broken_files_glasshouse_rejects_within_a_record(tmp_path: Path) -> None:
    cases = [c for c in CASES if c[0] in SCHEMA_RULES | BEYOND_A_SCHEMA]
    assert {c[0] for c in cases} == SCHEMA_RULES | BEYOND_A_SCHEMA  # no case renamed away
    broken: dict[str, list[Path]] = {}
    for name, file, old, new in cases:
        assert isinstance(old, str) and isinstance(new, str), name
        text = (FIXTURES / "minimal" / "data" / file).read_text(encoding="utf-8")
        assert text.count(old) == 1, name
        path = tmp_path / name / file
        path.parent.mkdir()
        path.write_text(text.replace(old, new), encoding="utf-8")
        broken.setdefault(file.removesuffix(".yaml"), []).append(path)
    rejected = set().union(*(_rejected(SCHEMAS / f"{record}.schema.json", paths) for record, paths in broken.items()))
    assert {p.parent.name for p in rejected} == SCHEMA_RULES


@pytest.mark.slow
def test_status_json_matches_its_schema(published_site: Path) -> None:
    documents = [published_site / "status.json", published_site / "sprint-01" / "status.json"]
    assert _rejected(ROOT / "generator" / "history" / "status.schema.json", documents) == set()
    assert (published_site / "status.schema.json").read_bytes() == (ROOT / "generator" / "history" / "status.schema.json").read_bytes()


@pytest.mark.slow
def test_the_pre_commit_hook_fails_on_bad_data_and_passes_on_good(tmp_path: Path) -> None:
    """The real `pre-commit try-repo` on a status repository, installing the hook from this checkout.
    pre-commit installs Glasshouse into an environment of its own; here without its dependencies
    (PIP_NO_DEPS), which it finds in this environment (PYTHONPATH): from the package registry they
    take a minute, and a team's first commit pays that once."""
    repo = tmp_path / "status"
    shutil.copytree(FIXTURES / "minimal" / "data", repo / "data")
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=Ada", "-c", "user.email=ada@example.org", "commit", "-qm", "Data"]):
        subprocess.run(["git", *command], cwd=repo, check=True)
    env = {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": os.environ.get("HOME", str(tmp_path)), "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    env |= {"PIP_NO_DEPS": "1", "PYTHONPATH": sysconfig.get_path("purelib"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}

    @unmeasured()  # Glasshouse runs in pre-commit's own environment, which coverage is not installed in
    def hook() -> subprocess.CompletedProcess[str]:
        command = [str(BIN / "pre-commit"), "try-repo", str(ROOT), "glasshouse-validate", "--all-files"]
        return subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env)

    good = hook()
    assert good.returncode == 0 and "Passed" in good.stdout, good.stdout + good.stderr
    milestones = repo / "data" / "milestones.yaml"
    milestones.write_text(milestones.read_text(encoding="utf-8").replace("status: planned", "status: Planned", 1), encoding="utf-8")
    bad = hook()
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "data/milestones.yaml:" in bad.stdout and "'Planned' is not allowed" in bad.stdout
    assert "Traceback" not in bad.stdout


def _package_errors(data: Path, out: Path, changed: str = "") -> list[str]:
    """What Frictionless finds in the Data Package `glasshouse export` writes of `data`, read whole
    (every resource, the references between them); a file the export cannot read, as a problem.
    With `changed`, the one data file that differs from a valid project: only the resources an
    error can then be found in are validated (those of that file and those referring to them),
    which finds what validating the whole package finds, in about half the time."""
    from frictionless import Package

    from generator.data.format import data_format
    from generator.data.package import DESCRIPTOR, tabular
    from generator.errors import DataError

    try:
        files = tabular(data)
    except DataError as e:
        return [f"unreadable: {p}" for p in e.problems]
    out.mkdir(parents=True)
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    package = Package(str(out / DESCRIPTOR))
    if not changed:
        tasks = package.validate().tasks
    else:
        resources = data_format().resources
        own = {r.name for r in resources if r.path == changed}
        referring = {r.name for r in resources for fk in r.foreign_keys if fk.resource in own}
        tasks = [t for name in sorted(own | referring) for t in package.get_resource(name).validate().tasks]
    return [f"{task.name}: {e.type}: {e.message}" for task in tasks for e in task.errors]


@pytest.mark.slow
def test_frictionless_validates_the_exported_package_whole(tmp_path: Path) -> None:
    """`glasshouse export`, then the real `frictionless validate` on what it wrote, as a team runs
    them, on the example (the agreement test below starts from the minimal project, valid too)."""
    data, out = EXAMPLE_DATA, tmp_path / "package"
    exported = subprocess.run([str(BIN / "glasshouse"), "export", "--data", str(data), str(out)], capture_output=True, text=True)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == f"wrote 9 files to {out}; check them with: frictionless validate {out / 'datapackage.json'}\n"
    with unmeasured():  # Frictionless: nothing of Glasshouse runs in it
        checked = subprocess.run(
            [str(BIN / "frictionless"), "validate", "--json", str(out / "datapackage.json")], capture_output=True, text=True
        )
    report = json.loads(checked.stdout)
    assert checked.returncode == 0 and report["valid"], checked.stdout
    assert [task["name"] for task in report["tasks"]] == [
        "project",
        "segments",
        "contacts",
        "milestones",
        "risks",
        "feedback",
        "sprints",
        "changes",
    ]


# The broken files of the corpus that Frictionless rejects in the package `glasshouse export` writes,
# as `glasshouse validate` rejects every file of the corpus. Four are refused by the export itself,
# with validate's message: YAML it cannot read, or a tag it does not read. Three read as text once in a CSV file: a YAML value
# of another kind in a text field (true, a mapping) and a key given twice. The rest break a rule
# between records or beyond a field (a list of references, dates in order, today), only Glasshouse's.
UNREADABLE = {"tab_indent", "yaml_colon_in_text", "yaml_unclosed_quote", "yaml_tag_python"}
TEXT_IN_A_CSV = {"boolean_as_title", "nested_mapping_value", "duplicate_key"}
PACKAGE_RULES = (SCHEMA_RULES - UNREADABLE - TEXT_IN_A_CSV) | FRICTIONLESS_CSV_RULES | {"duplicate_id", "unknown_segment"}
# Hostile text the export writes as the file holds it (a lone surrogate as its escape), which
# only Glasshouse refuses.
HOSTILE = {"yaml_tag_python", "reference_forging_a_command"}


@pytest.mark.no_cover  # Frictionless, traced, runs three times slower; tests/unit/data/test_package.py measures the export
def test_frictionless_and_glasshouse_agree_on_the_broken_files(tmp_path: Path) -> None:
    names = SCHEMA_RULES | BEYOND_A_SCHEMA | FRICTIONLESS_CSV_RULES | HOSTILE | {"unknown_segment"}
    cases = [c for c in CASES if c[0] in names and isinstance(c[2], str)]
    assert {c[0] for c in cases} == names  # no case renamed away
    assert _package_errors(FIXTURES / "minimal" / "data", tmp_path / "fixture") == []
    rejected = {}
    for name, file, old, new in cases:
        data = tmp_path / name / "data"
        shutil.copytree(FIXTURES / "minimal" / "data", data)
        text = (data / file).read_text(encoding="utf-8")
        assert isinstance(old, str) and text.count(old) == 1, name
        (data / file).write_text(text.replace(old, str(new)), encoding="utf-8")
        if found := _package_errors(data, tmp_path / name / "package", file):
            rejected[name] = found
    assert {name for name, found in rejected.items() if found[0].startswith("unreadable: ")} == UNREADABLE
    assert set(rejected) == PACKAGE_RULES | UNREADABLE
    # Each where a reader looks for it: the resource and the field.
    assert rejected["status_capitalised"][0].startswith('milestones: constraint-error: The cell "Planned"')
    assert any(found.startswith("feedback: foreign-key: ") for found in rejected["ids_differ_by_case"])
    assert rejected["unknown_segment"][0].startswith('feedback: foreign-key: Row at position "4" violates the foreign key: for "segment"')
