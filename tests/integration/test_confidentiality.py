"""Nothing confidential reaches the public site: canaries planted in the data, searched for in every file.

The search covers every file of the built site, whatever it is (pages, search index, sitemap and
its gzip copy, chart data, downloads, and whatever later features add), and every file name.
Each canary is also looked for in the internal build, which must show it: that proves the canary
sits where a leak would show it, so its absence from the public site means something.
"""

from __future__ import annotations

import gzip
import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.support.planted import Canaries, plant_canaries
from tests.support.projects import FIXTURES, copy_project

pytestmark = pytest.mark.slow


def searchable(root: Path) -> dict[str, str]:
    """Every file under `root` as lower-case text with character references resolved, by path."""
    out = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        if path.suffix == ".ics":  # a calendar's long lines are folded and its text escaped (RFC 5545)
            text = re.sub(r"\\([\\;,])", r"\1", text.replace("\r\n ", "").replace("\\n", "\n"))
        text = html.unescape(re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), text))
        rel = path.relative_to(root).as_posix()
        out[rel] = (rel + "\n" + text).lower()
    return out


def found(files: dict[str, str], word: str) -> list[str]:
    return [path for path, text in files.items() if word.lower() in text]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Canaries, dict[str, str], dict[str, str], str]:
    root = copy_project(tmp_path_factory.mktemp("canary") / "project", FIXTURES / "minimal" / "data")
    canaries = plant_canaries(root / "data")
    outputs = []
    for audience in ("public", "internal"):
        result = CliRunner().invoke(cli, ["build", "-f", str(root / "mkdocs.yml"), "--audience", audience])
        assert result.exit_code == 0, result.output + result.stderr
        outputs.append(result.output)
    return canaries, searchable(root / "site"), searchable(root / "site-internal"), outputs[0]


def test_the_search_finds_what_the_public_site_shows(planted: tuple[Canaries, dict[str, str], dict[str, str], str]) -> None:
    canaries, public, _, _ = planted
    assert found(public, canaries.public)
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "404.html", "downloads/milestones.csv"} <= set(public)


def test_every_canary_is_planted_where_the_internal_build_shows_it(
    planted: tuple[Canaries, dict[str, str], dict[str, str], str],
) -> None:
    canaries, _, internal, _ = planted
    assert len(canaries.internal) >= 25
    missing = {word: where for word, where in canaries.internal.items() if not found(internal, word)}
    assert not missing


def test_no_internal_record_or_field_reaches_any_public_file(planted: tuple[Canaries, dict[str, str], dict[str, str], str]) -> None:
    canaries, public, _, _ = planted
    leaks = {f"{word} ({where})": found(public, word) for word, where in canaries.internal.items() if found(public, word)}
    assert not leaks
    assert not [p for p in public if "sprint-987" in p]


def test_private_fields_unconsented_quotes_and_personal_details_reach_no_site(
    planted: tuple[Canaries, dict[str, str], dict[str, str], str],
) -> None:
    canaries, public, internal, _ = planted
    assert len(canaries.never) >= 10
    for files in (public, internal):
        leaks = {f"{word} ({where})": found(files, word) for word, where in canaries.never.items() if found(files, word)}
        assert not leaks
    assert "+44 20 7946 0958" not in "".join(internal.values())
    assert found(public, "mail me at [email removed] or call [phone number removed].")


def test_the_build_reports_redactions(planted: tuple[Canaries, dict[str, str], dict[str, str], str]) -> None:
    assert "Redacted from published quotes: 1 e-mail address, 1 phone number.\n" in planted[3]


@pytest.mark.no_cover
def test_nothing_confidential_reaches_the_published_branch(tmp_path: Path) -> None:
    """Two sprints published to a real bare remote with canaries planted: the whole gh-pages tree,
    every snapshot's What changed page, trends, status.json and feeds included, holds none of them;
    nor do the update e-mails, and the distribution list reaches no file of the branch."""
    import subprocess
    import tarfile

    from tests.support.mailserver import PASSWORD, USER, smtp_server
    from tests.support.publishing import glasshouse, new_project, publish_sprint

    p = new_project(tmp_path)
    canaries = plant_canaries(p.project / "data")
    for sprint in (1, 2):
        p = publish_sprint(p, sprint)
    # The update e-mails, previewed and sent, carry no internal record; the distribution list reaches no published file.
    with smtp_server(tmp_path) as (inbox, port, cert):
        people = {"GLASSHOUSE_MAIL_RECIPIENTS": "email,segment\nlistcanary@customer.example,sponsors\nlistcanary2@customer.example,users\n"}
        smtp = {"GLASSHOUSE_SMTP_HOST": "127.0.0.1", "GLASSHOUSE_SMTP_PORT": str(port), "GLASSHOUSE_SMTP_USER": USER,
                "GLASSHOUSE_SMTP_PASSWORD": PASSWORD, "GLASSHOUSE_SMTP_CAFILE": str(cert),
                "GLASSHOUSE_UNSUBSCRIBE_MAIL": "leave@team.example"}  # fmt: skip
        result = glasshouse(p.project, "notify", "--send", "--out", str(tmp_path / "mail"), extra={**people, **smtp})
        assert result.returncode == 0 and "sent to 2 of 2 recipient(s)" in result.stdout, result.stdout + result.stderr
        mail = {f.name: f.read_text(encoding="utf-8").lower() for f in (tmp_path / "mail").iterdir()}
        mail |= {f"sent-{i}": raw.decode().lower() for i, (_, raw) in enumerate(inbox.messages)}
    assert len(mail) == 8 and "listcanary" not in result.stdout
    leaks = {f"{w} ({where})": found(mail, w) for w, where in {**canaries.internal, **canaries.never}.items() if found(mail, w)}
    assert not leaks
    assert not [name for name, text in mail.items() if name.endswith((".eml", ".html", ".txt")) and "listcanary" in text]
    archive = tmp_path / "gh-pages.tar"
    subprocess.run(["git", "archive", "-o", str(archive), "gh-pages"], cwd=p.remote, check=True)
    out = tmp_path / "published"
    with tarfile.open(archive) as tar:
        tar.extractall(out, filter="data")
    files = searchable(out)
    assert {"sprint-02/what-changed/index.html", "sprint-02/status.json", "feed.xml", "rss.xml", "calendar.ics", "notified.json"} <= set(
        files
    )
    assert not found(files, "listcanary") and not found(files, "customer.example")
    assert "since the previous snapshot" in files["sprint-02/what-changed/index.html"]
    assert found(files, canaries.public)
    leaks = {f"{w} ({where})": found(files, w) for w, where in {**canaries.internal, **canaries.never}.items() if found(files, w)}
    assert not leaks
