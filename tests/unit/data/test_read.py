"""Reading files: encodings, line endings and hostile YAML give messages, never crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.data.csvrows import read_csv
from generator.data.files import ReadError
from generator.data.read import read_yaml
from generator.data.validate import validate
from generator.errors import DataError


def _problem(data: Path) -> str:
    with pytest.raises(DataError) as info:
        validate(data)
    return info.value.report()


def test_bom_and_crlf_are_accepted(minimal: Path) -> None:
    for name in ("milestones.yaml", "feedback.csv"):
        path = minimal / name
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    data = validate(Path("data"))
    assert [m for m in data["milestones"].column("id")] == ["M-01", "M-02", "M-03"]
    assert data["feedback"].column("id")[0] == "FB-0001"
    assert data["feedback"].lines[1] == 3


def test_yaml_lines_point_at_fields(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("# comment\n- id: M-01\n  title: A\n\n  owner: B\n", encoding="utf-8")
    doc = read_yaml(path, "x.yaml")
    assert doc is not None
    (rec,) = doc.records(doc.root, "milestone")
    assert rec.line == 2
    assert rec.lines == {"id": 2, "title": 3, "owner": 5}


def test_billion_laughs_is_refused_before_expanding(minimal: Path) -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb += f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
    (minimal / "risks.yaml").write_text(bomb, encoding="utf-8")
    report = _problem(Path("data"))
    assert "data/risks.yaml:2:8: YAML syntax error: aliases (*name) are not allowed" in report


def test_deep_nesting_is_refused(minimal: Path) -> None:
    (minimal / "risks.yaml").write_text("- " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    report = _problem(Path("data"))
    assert "data/risks.yaml:1:" in report
    assert "nested more than 20 levels deep" in report


def test_huge_csv_value_is_refused(minimal: Path) -> None:
    path = minimal / "feedback.csv"
    with path.open("a", encoding="utf-8") as fh:
        fh.write('FB-0006,2026-03-31,users,email,3,booking,"' + "x" * 200_000 + '",no,,,received,,,\n')
    report = _problem(Path("data"))
    assert report.startswith("data/feedback.csv:7: the CSV cannot be read here: field larger than field limit (100000)")


def test_huge_yaml_file_is_refused(minimal: Path) -> None:
    (minimal / "risks.yaml").write_text("- id: R-001\n  title: " + "x" * 21_000_000 + "\n", encoding="utf-8")
    report = _problem(Path("data"))
    assert "data/risks.yaml: the file is 21,000,022 bytes, above the limit of 20,000,000" in report


def test_binary_csv_is_refused(minimal: Path) -> None:
    (minimal / "feedback.csv").write_bytes(bytes(range(256)) * 4)
    assert "data/feedback.csv: the file is binary, not text" in _problem(Path("data"))


def test_non_finite_numbers_are_refused(minimal: Path) -> None:
    path = minimal / "risks.yaml"
    path.write_text(path.read_text().replace("likelihood: 4", "likelihood: .nan"), encoding="utf-8")
    assert "risk R-001, field 'likelihood': nan is not a finite number" in _problem(Path("data"))


def test_csv_header_is_read_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"\xef\xbb\xbfid,date\r\nFB-0001,2026-01-01\r\n")
    rows = read_csv(path, "f.csv")
    assert rows.header == ["id", "date"]
    assert list(rows) == [(2, ["FB-0001", "2026-01-01"])]


def test_multiline_csv_values_keep_their_start_line(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text('id,quote\nFB-0001,"two\nlines"\nFB-0002,one\n', encoding="utf-8")
    assert [line for line, _ in read_csv(path, "f.csv")] == [2, 4]


def test_missing_yaml_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as info:
        read_yaml(tmp_path / "nope.yaml", "nope.yaml")
    assert str(info.value.problem) == "nope.yaml: the file is missing\n    hint: create nope.yaml; `glasshouse new` shows an example"


def _tree(node: object) -> list[tuple[object, ...]]:
    """A YAML node tree as what Glasshouse reads from it: tags, values and places."""
    import yaml

    assert isinstance(node, yaml.Node)
    head = (type(node).__name__, node.tag, node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return [(*head, node.value)]
    if isinstance(node, yaml.SequenceNode):
        return [head, *(t for n in node.value for t in _tree(n))]
    return [head, *(t for k, v in node.value for t in _tree(k) + _tree(v))]


@pytest.mark.parametrize("name", ["project", "milestones", "risks", "sprints", "changes"])
def test_libyaml_reads_what_the_python_reader_reads(name: str) -> None:
    from generator.data import read as load
    from tests.support.projects import EXAMPLE_DATA

    path = EXAMPLE_DATA / f"{name}.yaml"
    doc = read_yaml(path, name)
    assert doc is not None
    assert type(doc.loader) is load._CLoader  # valid files take the fast path
    reference = load._Loader(path.read_text(encoding="utf-8")).get_single_node()
    assert _tree(doc.root) == _tree(reference)


def test_problems_are_described_by_the_python_reader(tmp_path: Path) -> None:
    """libyaml reads valid files only: its own messages differ ("found character that cannot start
    any token"), so a file with a problem is read again by the Python reader, whose words users see."""
    path = tmp_path / "risks.yaml"
    path.write_text("- id: R-001\n\ttitle: Tabbed\n", encoding="utf-8")
    with pytest.raises(ReadError) as info:
        read_yaml(path, "data/risks.yaml")
    assert str(info.value) == (
        "data/risks.yaml:2:1: YAML syntax error: a tab character is used for indentation\n"
        "    hint: indent with spaces only (set your editor to insert spaces for tabs)"
    )


def test_mixed_line_endings_and_a_bom_are_accepted(minimal: Path) -> None:
    """A file edited on several systems: LF, CRLF and a lone CR (old Mac) in one file, BOM first."""
    for name in ("risks.yaml", "feedback.csv"):
        path = minimal / name
        lines = path.read_bytes().split(b"\n")
        ends = [b"\n", b"\r\n", b"\r"]
        path.write_bytes(b"\xef\xbb\xbf" + b"".join(line + ends[i % 3] for i, line in enumerate(lines[:-1])))
    data = validate(Path("data"))
    assert data["risks"].column("id") == ["R-001", "R-002", "R-003"]
    assert data["feedback"].column("id") == ["FB-0001", "FB-0002", "FB-0003", "FB-0004", "FB-0005"]
