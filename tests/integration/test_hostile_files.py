"""Data files that are not files, or not the project's: each refused with a message, unopened.

Real file systems: directories, named pipes, sockets, links that loop, dangle or lead out of
the project. The command runs in a subprocess with a timeout, so a regression that opens a named
pipe (and waits for ever) or reads /dev/zero (until memory runs out) fails the test instead of
hanging CI. Links out of the project lead to a named pipe where they can: reading through one
would hang, so a quick refusal shows that nothing outside the project was opened.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.data.files import CSV_CAP, Cap, ReadError, kind_problem, open_data
from generator.data.validate import validate
from generator.errors import DataError
from tests.support.artefacts import unmeasured

GLASSHOUSE = str(Path(sys.executable).parent / "glasshouse")
ONE = "Aborted: 1 problem in 1 file\n"
OUTSIDE_HINT = (
    "    hint: Glasshouse reads nothing outside the project, so nothing outside it can be published; copy the file into the project\n"
)


def glasshouse(cwd: Path, *args: str, extra: dict[str, str] | None = None) -> tuple[int, str, str]:
    # "Today" the day after the fixture's status date, so that no warning about its age joins the output.
    env = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1775044800", **(extra or {})}
    env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run([GLASSHOUSE, *args], cwd=cwd, capture_output=True, text=True, timeout=30, env=env)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def root(project: Callable[[str], Path]) -> Path:
    """The minimal project, real path (messages name real paths), as the working directory."""
    return Path(os.path.realpath(project("minimal")))


@pytest.fixture
def outside(tmp_path: Path) -> Iterator[Path]:
    """A place beside the project, outside it."""
    place = Path(os.path.realpath(tmp_path)) / "elsewhere"
    place.mkdir()
    yield place


def _replace(path: Path, make: Callable[[Path], object]) -> None:
    path.unlink()
    make(path)


@unmeasured()
def test_a_directory(root: Path) -> None:
    _replace(root / "data" / "risks.yaml", Path.mkdir)
    assert glasshouse(root, "validate") == (
        1,
        "",
        "data/risks.yaml: is a directory, not a file\n    hint: move the directory away and put the file data/risks.yaml in its place\n"
        + ONE,
    )


@pytest.mark.parametrize("name", ["risks.yaml", "feedback.csv", "datapackage.yaml"])
def test_a_named_pipe_is_not_opened(root: Path, name: str) -> None:
    path = root / "data" / name
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    assert glasshouse(root, "validate") == (
        1,
        "",
        f"data/{name}: is a named pipe (FIFO), not a regular file\n    hint: replace it with the text file data/{name}\n" + ONE,
    )


@unmeasured()
def test_a_socket(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "data" / "changes.yaml").unlink()
    monkeypatch.chdir(root / "data")  # a socket's path must be short
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("changes.yaml")
        assert glasshouse(root, "validate") == (
            1,
            "",
            "data/changes.yaml: is a socket, not a regular file\n    hint: replace it with the text file data/changes.yaml\n" + ONE,
        )


@unmeasured()
def test_a_link_to_dev_zero(root: Path) -> None:
    _replace(root / "data" / "feedback.csv", lambda p: p.symlink_to("/dev/zero"))
    assert glasshouse(root, "validate") == (
        1,
        "",
        f"data/feedback.csv: is a link to '/dev/zero', outside the project {str(root)!r}\n" + OUTSIDE_HINT + ONE,
    )


def test_a_loop_of_links(root: Path) -> None:
    _replace(root / "data" / "risks.yaml", lambda p: p.symlink_to("loop.yaml"))
    (root / "data" / "loop.yaml").symlink_to("risks.yaml")
    assert glasshouse(root, "validate") == (
        1,
        "",
        "data/risks.yaml: is a link that leads back to itself (a loop of links)\n"
        "    hint: replace the link with the file data/risks.yaml itself\n" + ONE,
    )


def test_a_dangling_link(root: Path) -> None:
    _replace(root / "data" / "sprints.yaml", lambda p: p.symlink_to("sprints-old.yaml"))
    assert glasshouse(root, "validate") == (
        1,
        "",
        "data/sprints.yaml: is a link to 'sprints-old.yaml', which does not exist\n"
        "    hint: replace the link with the file data/sprints.yaml itself\n" + ONE,
    )


@unmeasured()
def test_a_link_out_of_the_project_is_not_followed(root: Path, outside: Path) -> None:
    os.mkfifo(outside / "risks.yaml")  # opening it would block: the refusal must come first
    _replace(root / "data" / "risks.yaml", lambda p: p.symlink_to(outside / "risks.yaml"))
    assert glasshouse(root, "validate") == (
        1,
        "",
        f"data/risks.yaml: is a link to {str(outside / 'risks.yaml')!r}, outside the project {str(root)!r}\n" + OUTSIDE_HINT + ONE,
    )


@unmeasured()
def test_a_relative_link_out_of_the_project(root: Path, outside: Path) -> None:
    (outside / "project.yaml").write_bytes((root / "data" / "project.yaml").read_bytes())
    _replace(root / "data" / "project.yaml", lambda p: p.symlink_to(os.path.relpath(outside / "project.yaml", p.parent)))
    code, _, err = glasshouse(root, "validate")
    assert code == 1
    assert err.startswith(f"data/project.yaml: is a link to {str(outside / 'project.yaml')!r}, outside the project")


def test_a_data_directory_leading_out_of_the_project(root: Path, outside: Path) -> None:
    (root / "data").rename(outside / "data")
    (root / "data").symlink_to(outside / "data")
    expected = (
        f"data: the data directory is a link to {str(outside / 'data')!r}, outside the project {str(root)!r}\n"
        "    hint: Glasshouse reads nothing outside the project; move the data directory into the project\n" + ONE
    )
    assert glasshouse(root, "validate") == (1, "", expected)


def test_a_data_directory_that_is_a_file_or_a_loop(root: Path) -> None:
    (root / "elsewhere").symlink_to("data2")
    (root / "data2").symlink_to("elsewhere")
    assert glasshouse(root, "validate", "--data", "data2")[2] == (
        "data2: the data directory is a link that leads back to itself (a loop of links)\n    hint: make it a directory\n" + ONE
    )
    (root / "notes").write_text("not a directory\n")  # the command line refuses it itself; mkdocs.yml's data_dir may name it
    with pytest.raises(DataError) as info:
        validate(Path("notes"))
    assert info.value.report() + "\n" == (
        "notes: is not a directory\n    hint: the data directory holds project.yaml, milestones.yaml and the other data files\n" + ONE
    )


@unmeasured()
def test_links_inside_the_project_are_read(root: Path) -> None:
    """Links are fine while they stay in the project: a data directory kept under another name, a
    file shared with another directory of the project."""
    (root / "data").rename(root / "status-data")
    (root / "data").symlink_to("status-data")
    (root / "shared").mkdir()
    (root / "status-data" / "risks.yaml").rename(root / "shared" / "risks.yaml")
    (root / "status-data" / "risks.yaml").symlink_to("../shared/risks.yaml")
    code, out, err = glasshouse(root, "validate")
    assert (code, err) == (0, "")
    assert "3 risks" in out


@unmeasured()
def test_a_csv_above_the_cap_is_refused_unread(root: Path) -> None:
    path = root / "data" / "feedback.csv"
    with path.open("r+b") as fh:  # sparse: a gigabyte on paper, nothing on disk
        fh.truncate(CSV_CAP.limit + 1)
    assert glasshouse(root, "validate") == (
        1,
        "",
        "data/feedback.csv: the file is 1,000,000,001 bytes, above the limit of 1,000,000,000\n"
        "    hint: move older rows to an archive file outside data/\n" + ONE,
    )


def test_a_file_that_grows_past_the_cap_while_read(tmp_path: Path) -> None:
    path = tmp_path / "data" / "feedback.csv"
    path.parent.mkdir()
    path.write_bytes(b"x" * 100)
    fh = open_data(path, "data/feedback.csv", Cap(150, "keep it short"), "create it")
    with path.open("ab") as grow:
        grow.write(b"y" * 100)
    with fh, pytest.raises(ReadError) as info:
        fh.read()
    assert str(info.value.problem) == "data/feedback.csv: the file is 200 bytes, above the limit of 150\n    hint: keep it short"


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        (0o020644, "is a device, not a regular file"),
        (0o060644, "is a device, not a regular file"),
        (0o010644, "is a named pipe (FIFO), not a regular file"),
        (0o140644, "is a socket, not a regular file"),
        (0o040755, "is a directory, not a file"),
    ],
    ids=["character device", "block device", "fifo", "socket", "directory"],
)
def test_what_is_not_a_regular_file(mode: int, message: str) -> None:
    problem = kind_problem("data/risks.yaml", mode)
    assert problem is not None and problem.message == message
    assert kind_problem("data/risks.yaml", 0o100644) is None


def test_the_data_hash_reads_no_pipe_and_follows_no_link(root: Path, outside: Path) -> None:
    """The stamp's hash of data/ lists every file; a named pipe in data/ and a link to one
    outside would hang it if it read them."""
    from generator.data.digest import data_hash

    before = data_hash(root / "data")
    os.mkfifo(root / "data" / "notes.fifo")
    assert data_hash(root / "data") == before
    os.mkfifo(outside / "pipe")
    (root / "data" / "notes.txt").symlink_to(outside / "pipe")
    with_link = data_hash(root / "data")
    assert with_link != before  # the link counts, by where it points
    (root / "data" / "notes.txt").unlink()
    (root / "data" / "notes.txt").symlink_to(outside / "other")
    assert data_hash(root / "data") not in (before, with_link)


@pytest.mark.slow
@unmeasured()
def test_a_build_refuses_a_link_out_of_the_project_and_builds_nothing(root: Path, outside: Path) -> None:
    secret = "Confidential figures of another project"
    (outside / "changes.yaml").write_text(f"- id: CR-01\n  title: {secret}\n", encoding="utf-8")
    _replace(root / "data" / "changes.yaml", lambda p: p.symlink_to(outside / "changes.yaml"))
    code, out, err = glasshouse(root, "build")
    assert code == 1 and out == ""
    assert err == (
        f"data/changes.yaml: is a link to {str(outside / 'changes.yaml')!r}, outside the project {str(root)!r}\n"
        + OUTSIDE_HINT
        + ONE
        + "Nothing was built: site/ keeps its previous content.\n"
    )
    assert not (root / "site").exists()


@pytest.mark.slow
@unmeasured()
def test_a_build_with_a_pipe_and_a_link_in_data_is_not_held_up(root: Path, outside: Path) -> None:
    """Files in data/ that no data file names are left alone: hashed by their link, never read."""
    os.mkfifo(root / "data" / "notes.fifo")
    os.mkfifo(outside / "pipe")
    (root / "data" / "notes.txt").symlink_to(outside / "pipe")
    code, _, err = glasshouse(root, "build")
    assert (code, err) == (0, ""), err
    assert (root / "site" / "index.html").is_file()


def test_open_data_refuses_a_pipe_swapped_in_after_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file replaced by a named pipe between the check and the open is opened without blocking
    and refused once open."""
    path = tmp_path / "data" / "risks.yaml"
    path.parent.mkdir()
    path.write_text("- id: R-001\n")
    real_open = os.open

    def swap_then_open(file: str, flags: int, *args: int) -> int:
        os.unlink(file)
        os.mkfifo(file)
        return real_open(file, flags, *args)

    monkeypatch.setattr(os, "open", swap_then_open)
    with pytest.raises(ReadError) as info:
        open_data(path, "data/risks.yaml", Cap(100, ""), "")
    assert str(info.value.problem) == (
        "data/risks.yaml: changed while it was being opened\n    hint: run the command again once the file is saved"
    )


@pytest.mark.slow
def test_hand_written_pages_are_held_to_the_same_rules(root: Path, outside: Path) -> None:
    """MkDocs opens content/ itself: a page that links out of the project, or a named pipe where a
    page would be (MkDocs would wait on it for ever), stops the build before any page is read."""
    (outside / "secret.md").write_text("# Figures of another project\n", encoding="utf-8")
    _replace(root / "content" / "about.md", lambda p: p.symlink_to(outside / "secret.md"))
    os.mkfifo(root / "content" / "pipe.md")
    code, out, err = glasshouse(root, "build")
    assert (code, out) == (1, "")
    assert err == (
        "Error: mkdocs build --strict failed; the previous site is untouched.\n"
        "  pages that cannot be read:\n"
        f"  content/about.md: is a link to {str(outside / 'secret.md')!r}, outside the project {str(root)!r}\n"
        "      hint: Glasshouse reads nothing outside the project, so nothing outside it can be published; copy the file into the project\n"
        "  content/pipe.md: is a named pipe (FIFO), not a regular file\n"
        "      hint: replace it with the text file content/pipe.md\n"
    )
    assert not (root / "site").exists()
