"""Telling people: whether a publish warrants an update, the update e-mails to the distribution
list through SMTP, and chat incoming webhooks (Slack's and Microsoft Teams' formats).

The distribution list is confidential: a CSV file (`email,segment`) kept out of the published site,
named by GLASSHOUSE_MAIL_LIST, or its text itself in GLASSHOUSE_MAIL_RECIPIENTS (a CI secret). No
address reaches a published file or the record of what was sent: that record (`sent`, a plain dict
the caller keeps) holds each update's key and, per update, short one-way digests of the addresses
that got it, so a rerun sends nothing twice and a partial failure is retried for those it missed.
What is printed names recipients masked (`a***@example.org`) and counts them.

Sending never undoes a publish: every failure is returned as a line to print, with what to do.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import smtplib
import ssl
import urllib.request
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from generator.errors import PublishError
from generator.history import news
from generator.history.edition import Snapshot
from generator.render.update import Segment, Update

LIST_ENV, RECIPIENTS_ENV = "GLASSHOUSE_MAIL_LIST", "GLASSHOUSE_MAIL_RECIPIENTS"


def update_facts(latest: Snapshot) -> list[object]:
    """What an update tells, the facts whose change warrants another: the overall status, each
    milestone's status and dates with what they mean on the report's date (on time, how many days
    late, overdue), and the sprint and its state. Edits of wording alone change none of them."""
    doc = latest.doc
    when = news.as_of(doc)
    facts: list[object] = [doc.get("project", {}).get("status")]
    for m in doc.get("milestones", []):
        dates = (m.get("baseline"), m.get("forecast"), m.get("done"))
        facts.append((m["id"], m.get("status"), *dates, news.milestone_facts(m, when) if when else None))
    sprint = doc.get("sprint")
    facts.append((sprint["id"], sprint.get("state")) if sprint else None)
    return facts


def update_key(latest: Snapshot) -> str:
    """What identifies an update: its snapshot and its facts (`update_facts`). `notify --send` sends
    an update whose key was not sent before: a new snapshot, or a republished one whose status,
    milestone dates or their meaning (a forecast passed, a milestone later still) changed, or whose
    sprint closed."""
    facts = json.dumps(update_facts(latest), default=str)
    return f"{latest.version}:{hashlib.sha256(facts.encode()).hexdigest()[:12]}"


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    security: str  # "starttls", "tls" (implicit) or "none"
    user: str = ""
    password: str = field(default="", repr=False)
    sender: str = ""
    cafile: str = ""  # a certificate authority to trust besides the system's (a test server's)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Smtp | None:
        """From GLASSHOUSE_SMTP_HOST, _PORT, _SECURITY, _USER, _PASSWORD, _FROM; None without a host."""
        host = env.get("GLASSHOUSE_SMTP_HOST", "")
        if not host:
            return None
        security = (env.get("GLASSHOUSE_SMTP_SECURITY") or "starttls").lower()
        if security not in ("starttls", "tls", "none"):
            raise PublishError(f"GLASSHOUSE_SMTP_SECURITY is {security!r}: say starttls (the default), tls (implicit TLS) or none")
        port = int(env.get("GLASSHOUSE_SMTP_PORT") or (465 if security == "tls" else 587))
        user = env.get("GLASSHOUSE_SMTP_USER", "")
        password, sender = env.get("GLASSHOUSE_SMTP_PASSWORD", ""), env.get("GLASSHOUSE_SMTP_FROM", user)
        return cls(host, port, security, user, password, sender, env.get("GLASSHOUSE_SMTP_CAFILE", ""))


@dataclass(frozen=True)
class ListSettings:
    """The list's id and where unsubscribe requests go (RFC 2369, RFC 8058), as the team sets them."""

    list_id: str  # "Project updates <updates.example.org>"
    unsubscribe_mail: str
    unsubscribe_url: str = ""  # an https page that takes a one-click POST; without it, mail only


def read_recipients(text: str) -> list[tuple[str, str]]:
    """(address, segment id) rows of a distribution list in CSV with the columns `email` and `segment`."""
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return [(r["email"].strip(), (r.get("segment") or "").strip()) for r in rows if (r.get("email") or "").strip()]


def mask(address: str) -> str:
    """'a***@example.org': enough for the team to recognise, not enough to copy."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


def digest(address: str, secret: str = "") -> str:
    """A keyed digest: without the secret (GLASSHOUSE_MAIL_SECRET, or the SMTP password) nobody can tell
    from the public record whether an address they know is on the list."""
    return hmac.new(secret.encode(), address.strip().lower().encode(), hashlib.sha256).hexdigest()[:16]


def message(update: Update, sender: str, to: str, settings: ListSettings) -> EmailMessage:
    """One recipient's message: the update in plain text and HTML, with the list headers; no other address."""
    msg = EmailMessage()
    msg["Subject"] = update.subject
    msg["From"] = sender
    msg["To"] = formataddr(("", to))
    msg["Message-ID"] = make_msgid(domain=sender.partition("@")[2] or None)
    msg["List-Id"] = settings.list_id
    targets = [f"<mailto:{settings.unsubscribe_mail}?subject=unsubscribe>"]
    if settings.unsubscribe_url:
        targets.insert(0, f"<{settings.unsubscribe_url}>")
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["List-Unsubscribe"] = ", ".join(targets)
    msg.set_content(update.text)
    msg.add_alternative(update.html, subtype="html")
    return msg


def _connect(smtp: Smtp) -> smtplib.SMTP:
    context = ssl.create_default_context(cafile=smtp.cafile or None)
    server: smtplib.SMTP
    if smtp.security == "tls":
        server = smtplib.SMTP_SSL(smtp.host, smtp.port, context=context, timeout=30)
    else:
        server = smtplib.SMTP(smtp.host, smtp.port, timeout=30)
    try:
        if smtp.security == "starttls":
            server.starttls(context=context)
        if smtp.user:
            server.login(smtp.user, smtp.password)
    except BaseException:
        server.close()
        raise
    return server


def send_mail(
    smtp: Smtp,
    settings: ListSettings,
    updates: Mapping[str, Update],
    recipients: Sequence[tuple[str, str]],
    key: str,
    sent: MutableMapping[str, list[str]],
    secret: str = "",
) -> list[str]:
    """Send each recipient its segment's update, except those the record says already got `key`; record
    who got it in `sent`. Returns lines for the log: counts, masked addresses, and what to do."""
    done = sent.setdefault(key, [])
    todo = [(a, s) for a, s in recipients if digest(a, secret) not in done and s in updates]
    out = [f"{mask(a)}: no customer segment {s!r} in the data; not sent" for a, s in recipients if s not in updates]
    if not todo:
        return [*out, f"update {key}: already sent to {len(done)} recipient(s); nothing new to send"]
    failed: list[tuple[str, str]] = []
    try:
        server = _connect(smtp)
    except (OSError, smtplib.SMTPException) as e:
        return [*out, f"update {key}: could not reach or log in to the mail server {smtp.host}:{smtp.port} ({e}); nobody got it. "
                "The publish stands; check the GLASSHOUSE_SMTP_* settings and run the publish again to send it."]  # fmt: skip
    got = 0
    with server:
        for i, (address, segment) in enumerate(todo):
            try:
                server.send_message(message(updates[segment], smtp.sender, address, settings), to_addrs=[address])
            except smtplib.SMTPServerDisconnected:
                failed += [(a, "the server closed the connection") for a, _ in todo[i:]]
                break
            except smtplib.SMTPException as e:
                failed.append((address, str(e).replace(address, mask(address))))
                continue
            done.append(digest(address, secret))
            got += 1
    out.append(f"update {key}: sent to {got} of {len(todo)} recipient(s)")
    if failed:
        out += [f"  not sent to {mask(a)}: {why}" for a, why in failed]
        out.append("  The publish stands. Fix the addresses or the server and run the publish again: only those who missed it get it.")
    return out


def slack(update: Update) -> dict[str, object]:
    return {"text": f"*{update.subject}*\n{update.link}", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": update.text}}]}


def teams(update: Update) -> dict[str, object]:
    """A message card, which Teams' incoming webhooks and workflow webhooks take."""
    return {"@type": "MessageCard", "@context": "https://schema.org/extensions", "summary": update.subject, "title": update.subject,
            "text": update.text.replace("\n", "\n\n"),
            "potentialAction": [{"@type": "OpenUri", "name": "Open", "targets": [{"os": "default", "uri": update.link}]}]}  # fmt: skip


FORMATS: dict[str, Callable[[Update], dict[str, object]]] = {"slack": slack, "teams": teams}


def post_webhooks(hooks: Sequence[tuple[str, str]], update: Update, key: str, sent: MutableMapping[str, list[str]]) -> list[str]:
    """Post the update to each (format, url) webhook not yet sent `key`; the record holds digests of the urls, which are secrets."""
    done, out = sent.setdefault(f"webhooks:{key}", []), []
    for kind, url in hooks:
        name = f"{kind} webhook {digest(url)[:6]}"
        if digest(url) in done:
            out.append(f"{name}: update {key} already posted")
            continue
        body = json.dumps(FORMATS[kind](update)).encode()
        request = urllib.request.Request(url, body, {"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30):
                pass
        except OSError as e:
            why = getattr(e, "code", "") or e
            out.append(f"{name}: not posted ({why}). The publish stands; check the webhook and run the publish again.")
            continue
        done.append(digest(url))
        out.append(f"{name}: posted update {key}")
    return out


def segments_of(rows: Sequence[Segment]) -> dict[str, Segment]:
    return {s.id: s for s in rows}
