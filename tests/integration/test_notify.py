"""`glasshouse notify` on a real published branch: previews for a pull request, and the update sent
through a real SMTP server (STARTTLS, a login) and to webhooks once, recorded on gh-pages with no
address; a failing webhook or server reported, the publish untouched."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

from tests.support.mailserver import PASSWORD, USER, smtp_server, webhook_server
from tests.support.publishing import SITE_URL, Published, git, glasshouse

PEOPLE = "email,segment\nsam@customer.example,sponsors\numa@customer.example,users\nvic@customer.example,users\n"


def _env(port: int, cert: Path, hooks: str) -> dict[str, str]:
    return {
        "GLASSHOUSE_MAIL_RECIPIENTS": PEOPLE,
        "GLASSHOUSE_SMTP_HOST": "127.0.0.1", "GLASSHOUSE_SMTP_PORT": str(port), "GLASSHOUSE_SMTP_SECURITY": "starttls",
        "GLASSHOUSE_SMTP_USER": USER, "GLASSHOUSE_SMTP_PASSWORD": PASSWORD, "GLASSHOUSE_SMTP_FROM": "status@team.example",
        "GLASSHOUSE_SMTP_CAFILE": str(cert), "GLASSHOUSE_UNSUBSCRIBE_MAIL": "leave@team.example",
        "GLASSHOUSE_UNSUBSCRIBE_URL": "https://team.example/leave", "GLASSHOUSE_WEBHOOKS": hooks,
    }  # fmt: skip


def test_notify_previews_then_sends_once_and_records_no_address(tmp_path: Path, published: Published) -> None:
    p = published.copy(tmp_path / "copy")
    preview = glasshouse(p.project, "notify", "--out", str(tmp_path / "preview"))
    assert preview.returncode == 0, preview.stderr
    files = sorted(f.name for f in (tmp_path / "preview").iterdir())
    assert files == ["sponsors.eml", "sponsors.html", "sponsors.txt", "users.eml", "users.html", "users.txt"]
    eml = (tmp_path / "preview" / "users.eml").read_text(encoding="utf-8")
    assert "To: recipient@example.invalid" in eml and f"{SITE_URL}sprint-03/" in eml
    before = p.tip()
    with smtp_server(tmp_path) as (inbox, port, cert), webhook_server() as (bodies, hook), webhook_server(503) as (_, broken):
        extra = _env(port, cert, f"slack={hook}\nteams={broken}")
        first = glasshouse(p.project, "notify", "--send", extra=extra)
        assert first.returncode == 0, first.stderr
        assert "sent to 3 of 3 recipient(s)" in first.stdout and "not posted (503)" in first.stdout
        assert "customer.example" not in first.stdout.replace("***@customer.example", "")  # masked, if named at all
        assert sorted(to[0] for to, _ in inbox.messages) == ["sam@customer.example", "uma@customer.example", "vic@customer.example"]
        for to, raw in inbox.messages:
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" and "leave@team.example" in str(msg["List-Unsubscribe"])
            body = raw.decode()
            assert all(a not in body for a in ("sam@", "uma@", "vic@") if not to[0].startswith(a))
            assert ("Hello End users," in msg.get_body(("plain",)).get_content()) == to[0].startswith(("uma", "vic"))  # type: ignore[union-attr]
        assert len(bodies) == 1 and f"{SITE_URL}sprint-03/" in json.loads(bodies[0])["text"]
        second = glasshouse(p.project, "notify", "--send", extra=extra)
        assert second.returncode == 0 and "nothing new to send" in second.stdout and "already posted" in second.stdout
        assert "not posted (503)" in second.stdout  # the failed webhook is tried again
        assert len(inbox.messages) == 3 and len(bodies) == 1
    record = p.show("notified.json")
    assert "customer.example" not in record and "127.0.0.1" not in record and "@" not in record
    assert p.log(before) == ["Record the update sent for sprint-03"]  # the second run had nothing new to record
    assert "customer.example" not in git(p.remote, "log", "-p", "gh-pages")


def test_a_server_that_cannot_be_reached_is_reported_and_the_publish_stands(tmp_path: Path, published: Published) -> None:
    p = published.copy(tmp_path / "copy")
    before = p.tip()
    extra = {**_env(9, tmp_path / "none.pem", ""), "GLASSHOUSE_SMTP_PORT": "9"}
    result = glasshouse(p.project, "notify", "--send", extra=extra)
    assert result.returncode == 0, result.stderr
    assert "could not reach or log in to the mail server 127.0.0.1:9" in result.stdout and "nobody got it" in result.stdout
    assert p.tip() == before  # nothing recorded: the next run tries again
