"""`glasshouse notify`: the update for the latest published snapshot, written to files for a preview
and, with `send`, sent to the distribution list and the chat webhooks, once.

What was sent is recorded in `notified.json` at the root of the published branch, beside
versions.json, where publishing keeps its state: update keys, counts and keyed digests, never an
address or a webhook's address. The settings come from the environment (see the guide), so the
list, the server's password and the webhooks stay CI secrets:

- GLASSHOUSE_MAIL_LIST (a CSV file kept out of docs/ and data/) or GLASSHOUSE_MAIL_RECIPIENTS (its text);
- GLASSHOUSE_SMTP_HOST, _PORT, _SECURITY (starttls, tls or none), _USER, _PASSWORD, _FROM;
- GLASSHOUSE_LIST_ID, GLASSHOUSE_UNSUBSCRIBE_MAIL, GLASSHOUSE_UNSUBSCRIBE_URL;
- GLASSHOUSE_WEBHOOKS: `slack=URL` or `teams=URL`, one a line.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from generator.errors import PublishError
from generator.history.document import ReadDoc
from generator.history.edition import Snapshot
from generator.history.statusdoc import status_document
from generator.model.status import Status
from generator.pipeline import check
from generator.publish import deploy, notify
from generator.publish.deploy import Target
from generator.render.i18n import language
from generator.render.update import Segment, Update, compose, segments
from generator.repo.published import read_json, snapshots, versions
from generator.site.build import settings

RECORD = "notified.json"
PREVIEW_TO = "recipient@example.invalid"


def latest_pair(snaps: tuple[Snapshot, ...], latest_name: str | None) -> tuple[Snapshot | None, Snapshot]:
    """The snapshot `latest` points at and the one published before it."""
    names = [s.version for s in snaps]
    i = names.index(latest_name) if latest_name in names else len(snaps) - 1
    return (snaps[i - 1] if i else None), snaps[i]


def list_settings(env: Mapping[str, str], project_name: str) -> notify.ListSettings:
    mail = env.get("GLASSHOUSE_UNSUBSCRIBE_MAIL", "")
    if not mail:
        raise PublishError(
            "GLASSHOUSE_UNSUBSCRIBE_MAIL is not set: every update names where to ask to leave the list "
            "(List-Unsubscribe, RFC 2369). Set it, and GLASSHOUSE_UNSUBSCRIBE_URL for one-click unsubscribing, then run again."
        )
    list_id = env.get("GLASSHOUSE_LIST_ID") or f"{project_name} <updates.{mail.partition('@')[2]}>"
    return notify.ListSettings(list_id, mail, env.get("GLASSHOUSE_UNSUBSCRIBE_URL", ""))


def recipients(env: Mapping[str, str]) -> list[tuple[str, str]]:
    if text := env.get(notify.RECIPIENTS_ENV, ""):
        return notify.read_recipients(text)
    if path := env.get(notify.LIST_ENV, ""):
        try:
            return notify.read_recipients(Path(path).read_text(encoding="utf-8"))
        except OSError as e:
            raise PublishError(f"cannot read the distribution list named by {notify.LIST_ENV}: {e.strerror}") from None
    return []


def webhooks(env: Mapping[str, str]) -> list[tuple[str, str]]:
    out = []
    for line in env.get("GLASSHOUSE_WEBHOOKS", "").split():
        kind, _, url = line.partition("=")
        if kind in notify.FORMATS and url.startswith(("https://", "http://")):
            out.append((kind, url))
    return out


def write_previews(updates: Mapping[str, Update], out: Path, env: Mapping[str, str], project_name: str) -> list[str]:
    """Each segment's message as .eml, .html and .txt, addressed to a placeholder: what a pull request shows."""
    out.mkdir(parents=True, exist_ok=True)
    fallback = {"GLASSHOUSE_UNSUBSCRIBE_MAIL": "unsubscribe@example.invalid", **env}
    list_info = list_settings(fallback, project_name)
    for segment, update in updates.items():
        msg = notify.message(update, env.get("GLASSHOUSE_SMTP_FROM") or "updates@example.invalid", PREVIEW_TO, list_info)
        (out / f"{segment}.eml").write_bytes(bytes(msg))
        (out / f"{segment}.html").write_text(update.html, encoding="utf-8")
        (out / f"{segment}.txt").write_text(update.text, encoding="utf-8")
    return [f"wrote the update for {len(updates)} segment(s) to {out}"]


def _record(repo: Path, ref: str | None) -> dict[str, Any]:
    found = read_json(repo, ref, RECORD) if ref else None
    return found if isinstance(found, dict) and isinstance(found.get("sent"), dict) else {"sent": {}}


def _save(repo: Path, target: Target, sent: Mapping[str, list[str]], message: str) -> str:
    """Record what was sent on the published branch, merged with what another run recorded meanwhile."""
    from mike import git_utils as mg

    for _ in range(3):
        remote_tip, _local = deploy.sync(repo, target)
        merged = _record(repo, deploy.branch_ref(target))["sent"]
        for key, done in sent.items():
            merged[key] = sorted(set(merged.get(key, [])) | set(done))
        with contextlib.chdir(repo), mg.Commit(target.branch, message) as c:
            c.add_file(mg.FileInfo(RECORD, json.dumps({"sent": merged}, indent=1, sort_keys=True) + "\n"))
        if not target.push or deploy.push(repo, target, remote_tip):
            return f"recorded in {RECORD} on {target.branch}"
    return f"could not record what was sent in {RECORD} (the branch kept moving); a rerun may send this update again"


def _as_published(status: Status) -> Snapshot:
    """The data as it is, as the snapshot publishing it would make."""
    current = status.current_sprint
    version = current.slug if current else "site"
    return Snapshot(version, version, cast(ReadDoc, status_document(status)))


def _updates(previous: Snapshot | None, latest: Snapshot, site_url: str, status: Status) -> dict[str, Update]:
    lang = language(status.project.language)
    return {k: compose(previous, latest, site_url, lang, s) for k, s in segments(status).items()}


def announce(config_file: Path, target: Target, env: Mapping[str, str], out: Path | None = None, send: bool = False) -> list[str]:
    """Preview (`out`: the update publishing the data as it is would send) and/or send (`send`: the update
    for the published `latest`); lines to print.
    Sending failures are lines, never an exception: the publish before it stands."""
    project = settings(config_file.resolve())
    repo = config_file.resolve().parent
    status = check(project.data_dir).status
    ref = deploy.peek(repo, target)
    snaps = snapshots(repo, ref) if ref else ()
    latest_name = next((v.version for v in versions(repo, str(ref)) if "latest" in v.aliases), None) if ref else None
    lang = language(status.project.language)
    said: list[str] = []
    if out:  # what publishing the data as it is now would send: a pull request's preview
        published = latest_pair(snaps, latest_name)[1] if snaps else None
        now = _as_published(status)
        said += write_previews(_updates(published, now, project.site_url, status), out, env, status.project.name)
    if not send:
        return said
    if not snaps:
        return [*said, "nothing is published yet: no update to send"]
    previous, latest = latest_pair(snaps, latest_name)
    updates = _updates(previous, latest, project.site_url, status)
    key, record = notify.update_key(latest), _record(repo, ref)
    sent: dict[str, list[str]] = {k: list(v) for k, v in record["sent"].items()}
    secret = env.get("GLASSHOUSE_MAIL_SECRET") or env.get("GLASSHOUSE_SMTP_PASSWORD", "")
    people, smtp = recipients(env), notify.Smtp.from_env(env)
    if people and smtp:
        said += notify.send_mail(smtp, list_settings(env, status.project.name), updates, people, key, sent, secret)
    elif people:
        said.append("a distribution list is set but GLASSHOUSE_SMTP_HOST is not: no e-mail sent")
    if hooks := webhooks(env):
        owner = status.project.experience_owner
        everyone = Segment("", status.project.customer, owner.name, owner.email)
        said += notify.post_webhooks(hooks, compose(previous, latest, project.site_url, lang, everyone), key, sent)
    sent = {k: v for k, v in sent.items() if v}
    if sent != record["sent"]:
        said.append(_save(repo, target, sent, f"Record the update sent for {latest.version}"))
    return said
