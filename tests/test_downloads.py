"""CSV downloads: formulas neutralised, only what the audience may see, linked from their pages."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from generator.data.format import data_format
from generator.data.validate import validate
from generator.model.build import build_model
from generator.pipeline import generate
from generator.render.downloads import cell, downloads, table


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1:A9)", "'+SUM(A1:A9)"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ('  =HYPERLINK("http://evil.example/")', '\'  =HYPERLINK("http://evil.example/")'),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Plain text = fine", "Plain text = fine"),
        ("M-01", "M-01"),
        (-5, -5),
        (3, 3),
        (None, ""),
        (True, "yes"),
        (dt.date(2026, 3, 31), "2026-03-31"),
        (("=a", "b"), "'=a; b"),
    ],
)
def test_cells_cannot_be_formulas(value: object, written: object) -> None:
    assert cell(value) == written


def test_files_open_in_spreadsheets() -> None:
    assert table(("a", "b"), [("=x", 'say "hi", then go')]) == '\ufeffa,b\r\n\'=x,"say ""hi"", then go"\r\n'.encode()


def _read(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_downloads_hold_the_audience_model(minimal: Path) -> None:
    risks = minimal / "risks.yaml"
    risks.write_text(risks.read_text().replace("  title: Low adoption\n", "  title: '=cmd|calc'\n  visibility: internal\n"))
    public = {d.path: _read(d.content) for d in downloads(build_model(validate(Path("data")), "public"))}
    internal = {d.path: _read(d.content) for d in downloads(build_model(validate(Path("data")), "internal"))}
    assert sorted(public) == ["downloads/changes.csv", "downloads/feedback.csv", "downloads/milestones.csv", "downloads/risks.csv"]
    assert [r["id"] for r in public["downloads/risks.csv"]] == ["R-001", "R-003"]
    assert [r["title"] for r in internal["downloads/risks.csv"] if r["id"] == "R-002"] == ["'=cmd|calc"]
    feedback = {r["id"]: r for r in public["downloads/feedback.csv"]}
    assert feedback["FB-0001"]["quote"] == "Booking takes too many steps."
    assert feedback["FB-0003"]["quote"] == ""  # no consent
    private = {f.name for r in data_format().resources for f in r.fields if f.private}
    for rows in (*public.values(), *internal.values()):
        assert not private & set(rows[0])


def test_each_register_page_links_its_download(minimal: Path) -> None:
    site = generate(Path("data"))
    for page, link in (("milestones.md", "milestones"), ("risks.md", "risks"), ("feedback.md", "feedback"), ("changes.md", "changes")):
        assert f"[{link}.csv](downloads/{link}.csv)" in site.page(page).markdown
