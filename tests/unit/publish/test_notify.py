"""Update e-mails through a real SMTP server (aiosmtpd, STARTTLS and a login) and webhooks to a real
HTTP server: what arrives, the list headers, no other recipient's address, nothing sent twice, and
failures reported without raising."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import json
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from generator.errors import PublishError
from generator.history.edition import Snapshot
from generator.publish.notify import ListSettings, Smtp, mask, post_webhooks, read_recipients, send_mail, update_key
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


# aiosmtpd warns of a login without TLS because its rule knows only STARTTLS: here TLS is implicit.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls_sends_over_tls_from_the_first_byte(tmp_path: Path, updates: tuple[dict[str, Update], str]) -> None:
    """GLASSHOUSE_SMTP_SECURITY=tls, port 465's way: the certificate is checked and the login and
    every message go over TLS."""
    texts, key = updates
    smtp = Smtp.from_env({"GLASSHOUSE_SMTP_HOST": "127.0.0.1", "GLASSHOUSE_SMTP_SECURITY": "tls", "GLASSHOUSE_SMTP_USER": USER,
                          "GLASSHOUSE_SMTP_PASSWORD": PASSWORD, "GLASSHOUSE_SMTP_FROM": "updates@team.example"})  # fmt: skip
    assert smtp is not None
    with smtp_server(tmp_path, implicit=True) as (inbox, port, cert):
        log = send_mail(dataclasses.replace(smtp, port=port, cafile=str(cert)), LIST, texts, read_recipients(PEOPLE), key, {})
        assert log[-1] == f"update {key}: sent to 3 of 3 recipient(s)", log
        assert len(inbox.messages) == 3 and inbox.encrypted == [True] * 3
        # A certificate the sender does not trust: nothing is sent, and the log says why.
        log = send_mail(dataclasses.replace(smtp, port=port), LIST, texts, read_recipients(PEOPLE), key, {})
        assert "nobody got it" in log[-1] and "CERTIFICATE_VERIFY_FAILED" in "\n".join(log) and len(inbox.messages) == 3


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


def _edited(snap: Snapshot, change: Callable[[Any], None]) -> Snapshot:
    """The snapshot republished with `change` made to its status document."""
    doc: Any = json.loads(json.dumps(snap.doc))
    change(doc)
    return Snapshot(snap.version, snap.title, doc)


def _set(doc: Any, where: str, field: str, value: object) -> None:
    """Set `field` of the project ("project") or of the milestone with id `where`."""
    record = doc["project"] if where == "project" else next(m for m in doc["milestones"] if m["id"] == where)
    record[field] = value


def test_an_update_is_one_for_its_snapshot_and_facts_not_for_wording(minimal: Path) -> None:
    """`notify --send` sends an update whose key it has not sent: the key changes with a new snapshot,
    the status, a milestone's dates, what the report's date makes of them and the sprint's end; a
    new wording of the same facts is the same update."""
    two, three = snapshot(minimal, 2), snapshot(minimal, 3)
    key = update_key(three)
    assert update_key(two) != key and update_key(two).startswith("sprint-02:") and key.startswith("sprint-03:")
    assert update_key(_edited(three, lambda d: _set(d, "project", "headline", "Same news, new words"))) == key
    assert update_key(_edited(three, lambda d: _set(d, "M-02", "slip_reason", "Said another way."))) == key
    news = {
        "the status": lambda d: _set(d, "project", "status", "red"),
        "a forecast": lambda d: _set(d, "M-03", "forecast", "2026-07-14"),
        "a milestone's status": lambda d: _set(d, "M-03", "status", "in_progress"),
        # M-02's forecast (8 May) passes: overdue, with no edit to the milestone itself.
        "the report's date": lambda d: _set(d, "project", "as_of", "2026-05-11"),
        "the sprint's end": lambda d: d["sprint"].update(state="closed"),
    }
    keys = {what: update_key(_edited(three, change)) for what, change in news.items()}
    assert all(k != key for k in keys.values()), keys
    assert len(set(keys.values())) == len(news)
    # A week passes and nothing it brings is news: no milestone passes its forecast.
    assert update_key(_edited(three, lambda d: _set(d, "project", "as_of", "2026-04-07"))) == key


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
