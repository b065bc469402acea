"""Update e-mails through a real SMTP server (aiosmtpd, STARTTLS and a login) and webhooks to a real
HTTP server: what arrives, the list headers, no other recipient's address, nothing sent twice, and
failures reported without raising."""

from __future__ import annotations

import email
import email.policy
import json
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from generator.errors import PublishError
from generator.history.edition import Snapshot
from generator.publish.notify import ListSettings, Smtp, mask, post_webhooks, read_recipients, send_mail, update_due, update_key
from generator.render.i18n import language
from generator.render.update import Segment, Update, compose
from tests.support.mailserver import PASSWORD, USER, smtp_server, webhook_server
from tests.support.sprint_cases import snapshot_at as snapshot

SITE = "https://status.example.org/"

LIST = ListSettings("Minimal updates <updates.example.org>", "unsubscribe@example.org", "https://example.org/unsubscribe")
PEOPLE = "\ufeffemail,segment\nann@client.example,pilot\nbob@client.example,sponsors\ncy@client.example,pilot\n"


@pytest.fixture
def updates(minimal: Path) -> tuple[dict[str, Update], str]:
    before, latest = snapshot(minimal, 2), snapshot(minimal, 3)
    segs = {"pilot": Segment("pilot", "Pilot users", "Ann Contact", "contact@team.example"),
            "sponsors": Segment("sponsors", "Sponsors", "Sam Owner", "owner@team.example")}  # fmt: skip
    return {k: compose(before, latest, SITE, language("en"), s) for k, s in segs.items()}, update_key(latest)


def _smtp(port: int, cert: Path) -> Smtp:
    return Smtp("127.0.0.1", port, "starttls", USER, PASSWORD, "updates@team.example", str(cert))


def _parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def test_updates_arrive_over_starttls_once_each_with_list_headers(tmp_path: Path, updates: tuple[dict[str, Update], str]) -> None:
    texts, key = updates
    people, sent = read_recipients(PEOPLE), {}  # type: ignore[var-annotated]
    with smtp_server(tmp_path) as (inbox, port, cert):
        log = send_mail(_smtp(port, cert), LIST, texts, people, key, sent)
        assert log[-1] == f"update {key}: sent to 3 of 3 recipient(s)"
        assert [to for to, _ in inbox.messages] == [["ann@client.example"], ["bob@client.example"], ["cy@client.example"]]
        for (to, raw), (_, segment) in zip(inbox.messages, people, strict=True):
            msg, whole = _parse(raw), raw.decode()
            assert msg["To"] == to[0] and msg["Subject"] == "Minimal Project: amber – Pilot two weeks late"
            assert msg["List-Id"] == LIST.list_id
            assert msg["List-Unsubscribe"] == "<https://example.org/unsubscribe>, <mailto:unsubscribe@example.org?subject=unsubscribe>"
            assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            plain, rich = msg.get_body(("plain",)), msg.get_body(("html",))
            assert plain is not None and rich is not None
            text, page = plain.get_content(), rich.get_content()
            assert f"{SITE}sprint-03/" in text and f'href="{SITE}sprint-03/"' in page and 'lang="en"' in page
            assert text.startswith({"pilot": "Hello Pilot users,", "sponsors": "Hello Sponsors,"}[segment])
            others = {a for a, _ in people} - set(to)
            assert not any(o in whole for o in others)  # no other recipient's address
        again = send_mail(_smtp(port, cert), LIST, texts, people, key, sent)
        assert len(inbox.messages) == 3 and again[-1] == f"update {key}: already sent to 3 recipient(s); nothing new to send"
    record = json.dumps(sent)
    assert "@" not in record and "client.example" not in record  # the record keeps no addresses


def test_a_server_refusing_some_recipients_is_reported_and_they_are_retried(tmp_path: Path, updates: tuple[dict[str, Update], str]) -> None:
    texts, key = updates
    people, sent = read_recipients(PEOPLE), {}  # type: ignore[var-annotated]
    with smtp_server(tmp_path) as (inbox, port, cert):
        inbox.refuse = {"bob@client.example"}
        log = send_mail(_smtp(port, cert), LIST, texts, people, key, sent)
        assert f"update {key}: sent to 2 of 3 recipient(s)" in log
        refused = next(line for line in log if "not sent to" in line)
        assert refused.startswith("  not sent to b***@client.example: ") and "bob@" not in "\n".join(log)
        assert "run the publish again" in log[-1]
        inbox.refuse = set()
        log = send_mail(_smtp(port, cert), LIST, texts, people, key, sent)
        assert log[-1] == f"update {key}: sent to 1 of 1 recipient(s)"
        assert [to for to, _ in inbox.messages][-1] == ["bob@client.example"]


def test_a_wrong_login_or_no_server_is_reported_not_raised(tmp_path: Path, updates: tuple[dict[str, Update], str]) -> None:
    texts, key = updates
    with smtp_server(tmp_path) as (inbox, port, cert):
        wrong = Smtp("127.0.0.1", port, "starttls", USER, "wrong", "updates@team.example", str(cert))
        log = send_mail(wrong, LIST, texts, read_recipients(PEOPLE), key, {})
        assert "nobody got it" in log[-1] and inbox.messages == []
        stray = read_recipients(PEOPLE + "nat@client.example,nobody\n")
        log = send_mail(_smtp(port, cert), LIST, texts, stray, key, {})
        assert log == [
            "n***@client.example: no customer segment 'nobody' in the data; not sent",
            f"update {key}: sent to 3 of 3 recipient(s)",
        ]
        assert "wrong" not in log[-1]  # the password is not printed


def test_smtp_settings_come_from_the_environment() -> None:
    assert Smtp.from_env({}) is None
    tls = Smtp.from_env({"GLASSHOUSE_SMTP_HOST": "mail.example", "GLASSHOUSE_SMTP_SECURITY": "TLS", "GLASSHOUSE_SMTP_USER": "u@x.example"})
    assert tls is not None and (tls.port, tls.security, tls.sender) == (465, "tls", "u@x.example")
    assert "password" not in repr(Smtp.from_env({"GLASSHOUSE_SMTP_HOST": "h", "GLASSHOUSE_SMTP_PASSWORD": "pw"})).replace("password=", "")
    assert mask("ann@client.example") == "a***@client.example"
    with pytest.raises(PublishError, match="GLASSHOUSE_SMTP_SECURITY is 'startls'"):
        Smtp.from_env({"GLASSHOUSE_SMTP_HOST": "h", "GLASSHOUSE_SMTP_SECURITY": "startls"})  # a typo never means plain text


def test_an_update_is_due_for_a_new_snapshot_or_news_not_for_wording(minimal: Path) -> None:
    two, three = snapshot(minimal, 2), snapshot(minimal, 3)
    assert update_due(None, two) == "new snapshot" and update_due(two, three) == "new snapshot"
    assert update_due(three, three) is None
    doc: Any = json.loads(json.dumps(three.doc))
    doc["project"]["status"] = "red"
    assert update_due(three, Snapshot(three.version, three.title, doc)) == "status changed"
    doc = json.loads(json.dumps(three.doc))
    next(m for m in doc["milestones"] if m["status"] != "done")["forecast"] = "2026-12-01"
    assert update_due(three, Snapshot(three.version, three.title, doc)) == "milestone dates changed"
    doc = json.loads(json.dumps(three.doc))
    doc["project"]["headline"] = "Same news, new words"
    assert update_due(three, Snapshot(three.version, three.title, doc)) is None


def test_webhooks_get_slack_and_teams_posts_once_and_a_failing_one_is_reported(updates: tuple[dict[str, Update], str]) -> None:
    texts, key = updates
    sent: dict[str, list[str]] = {}
    with webhook_server() as (bodies, url), webhook_server(500) as (_, broken):
        log = post_webhooks([("slack", url), ("teams", url + "?t"), ("slack", broken)], texts["pilot"], key, sent)
        assert len(bodies) == 2 and log[0].endswith(f"posted update {key}") and "not posted (500)" in log[2]
        slack, teams = (json.loads(b) for b in bodies)
        assert slack["text"].startswith("*Minimal Project: amber") and SITE + "sprint-03/" in slack["text"]
        assert teams["@type"] == "MessageCard" and teams["potentialAction"][0]["targets"][0]["uri"] == SITE + "sprint-03/"
        post_webhooks([("slack", url), ("teams", url + "?t")], texts["pilot"], key, sent)
        assert len(bodies) == 2  # nothing posted twice
    assert "127.0.0.1" not in json.dumps(sent)
