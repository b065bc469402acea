"""CSV downloads: formulas neutralised, only what the audience may see, linked from their pages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.data.format import data_format
from generator.data.validate import validate
from generator.model.build import build_model
from generator.pipeline import generate
from generator.render.downloads import cell, downloads, write_table
from tests.support.downloads import table


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
        ("|calc", "'|calc"),
        ("＝1+1", "'＝1+1"),  # full-width, and small forms: NFKC makes them = + - @
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
        ("﹦1", "'﹦1"),
        ("｜calc", "'｜calc"),
        ("\u00a0=1", "'\u00a0=1"),  # no-break space
        ("\u200b=1", "'\u200b=1"),  # zero-width space
        ("\ufeff=1", "'\ufeff=1"),  # byte order mark
        ("\u3000=1", "'\u3000=1"),  # ideographic space
        ("\u2028\u200e\u3164=1", "'\u2028\u200e\u3164=1"),  # line separator, direction mark, Hangul filler
        ("\n=1", "'\n=1"),
        ("\x0b=1", "'=1"),  # vertical tab and form feed are removed, and the formula still caught
        ("\x0c\x00=1", "'=1"),
        ("a\x00b\x1bc\x7fd\x85e", "abcde"),
        ("line one\r\nline\ttwo", "line one\r\nline\ttwo"),
        ("Total = 5 | 6", "Total = 5 | 6"),
        ("'=1", "'=1"),
        ("日本", "日本"),
        ("Ⅻ", "Ⅻ"),
    ],
)
def test_cells_cannot_be_formulas(value: object, written: object) -> None:
    assert cell(value) == written


# Defined apart from the code under test: what a spreadsheet sees is the text normalised, from
# its first character that is not a space, format or control character.
SIGNS = "=+-@|"


def _seen_as_formula(text: str) -> bool:
    seen = unicodedata.normalize("NFKC", text).lstrip()
    seen = "".join(c for c in seen if unicodedata.category(c) not in ("Zs", "Zl", "Zp", "Cc", "Cf"))
    return seen[:1] in tuple(SIGNS)


def _hostile_text() -> st.SearchStrategy[str]:
    """Text built from what hides a formula: signs in every form, spaces, invisible and control characters."""
    tricky = st.sampled_from([*SIGNS, "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫", "｜", "⁼", "₊", "'",
                              "\u00a0", "\u200b", "\ufeff", "\u3000", "\u2028", "\u2060", "\u180e",
                              "\t", "\r", "\n", "\x0b", "\x0c", "\x00", "\x1b", "\x85"])  # fmt: skip
    return st.lists(st.one_of(tricky, st.characters(codec="utf-8")), max_size=12).map("".join) | st.text()


@settings(max_examples=1000, deadline=None)
@given(_hostile_text())
def test_no_cell_is_a_formula_to_a_spreadsheet(value: str) -> None:
    written = cell(value)
    assert isinstance(written, str)
    assert not _seen_as_formula(written), repr(written)
    assert not [c for c in written if unicodedata.category(c) == "Cc" and c not in "\t\n\r"], repr(written)
    # Nothing but the controls is lost, and a prefix is added only where needed.
    kept = "".join(c for c in value if not (unicodedata.category(c) == "Cc" and c not in "\t\n\r"))
    assert written in (kept, "'" + kept)


def test_files_open_in_spreadsheets() -> None:
    assert table(("a", "b"), [("=x", 'say "hi", then go')]) == '\ufeffa,b\r\n\'=x,"say ""hi"", then go"\r\n'.encode()
    # Rows given one at a time (a generator, as the registers give them), in any script, a line
    # break inside a cell kept as it is.
    rows = ([n, text] for n, text in enumerate(("Überall 👍", "很好\nthanks")))
    assert table(("n", "quote"), rows) == '\ufeffn,quote\r\n0,Überall 👍\r\n1,"很好\nthanks"\r\n'.encode()


_cells = st.one_of(
    st.lists(st.sampled_from([",", '"', "\r", "\n", " ", "a", "é", "👍", "'", ";"]), max_size=6).map("".join),
    st.text(),
    st.integers(),
)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 4).flatmap(lambda width: st.lists(st.lists(_cells, min_size=width, max_size=width), max_size=5)), st.data())
def test_a_download_is_written_as_the_csv_module_writes_it(rows: list[list[object]], data: st.DataObject) -> None:
    """Quoting, doubled double quotes, line breaks in a cell, an empty cell alone in its row: byte
    for byte what Python's csv module writes, given the rows a chunk at a time or all at once."""
    width = len(rows[0]) if rows else 1
    headers = [f"h{n}" for n in range(width)]
    expected = io.StringIO(newline="")
    csv.writer(expected, lineterminator="\r\n").writerows([headers, *rows])
    cut = data.draw(st.integers(0, len(rows)))
    chunks = [[list(column) for column in zip(*part, strict=True)] for part in (rows[:cut], rows[cut:]) if part]
    out = io.BytesIO()
    write_table(out, headers, chunks)
    assert out.getvalue() == ("\ufeff" + expected.getvalue()).encode()


def test_a_download_is_written_a_chunk_at_a_time() -> None:
    """Each chunk of rows is written before the next is made: a log of a million rows is never
    held whole as cells."""
    out = io.BytesIO()

    def chunks() -> Iterator[list[list[object]]]:
        for n in range(3):
            assert out.getvalue().count(b"\r\n") == n + 1  # the header and every chunk before this one
            yield [[n], [f"row {n}"]]

    write_table(out, ["n", "text"], chunks())
    assert out.getvalue() == "\ufeffn,text\r\n0,row 0\r\n1,row 1\r\n2,row 2\r\n".encode()


def _read(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_downloads_hold_the_audience_model(minimal: Path) -> None:
    risks = minimal / "risks.yaml"
    risks.write_text(risks.read_text().replace("  title: Low adoption\n", "  title: '=cmd|calc'\n  visibility: internal\n"))
    public = {d.path: _read(d.content.bytes()) for d in downloads(build_model(validate(Path("data")), "public"))}
    internal = {d.path: _read(d.content.bytes()) for d in downloads(build_model(validate(Path("data")), "internal"))}
    assert sorted(public) == ["downloads/changes.csv", "downloads/feedback.csv", "downloads/milestones.csv", "downloads/risks.csv"]
    assert [r["id"] for r in public["downloads/risks.csv"]] == ["R-001", "R-003"]
    assert [r["title"] for r in internal["downloads/risks.csv"] if r["id"] == "R-002"] == ["'=cmd|calc"]
    feedback = {r["id"]: r for r in public["downloads/feedback.csv"]}
    assert feedback["FB-0001"]["quote"] == "Booking takes too many steps."
    assert feedback["FB-0003"]["quote"] == ""  # no consent
    assert [feedback[i]["answered"] for i in ("FB-0001", "FB-0003", "FB-0005")] == ["2026-03-17", "", ""]
    private = {f.name for r in data_format().resources for f in r.fields if f.private}
    for rows in (*public.values(), *internal.values()):
        assert not private & set(rows[0])


def test_each_register_page_links_its_download(minimal: Path) -> None:
    site = generate(Path("data"))
    for page, link in (("milestones.md", "milestones"), ("risks.md", "risks"), ("feedback.md", "feedback"), ("changes.md", "changes")):
        assert f"[{link}.csv](downloads/{link}.csv)" in site.page(page).markdown
