"""What a build is published as, and the snapshots published before it.

A plain `glasshouse build` is an edition without a version; `glasshouse publish` builds the
edition `sprint-NN`, with the earlier snapshots' status documents as its history. Everything here
is plain data, so the core can render history without knowing where it came from (a gh-pages
branch, git history, or a test).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.history.document import CorrectionDoc, ReadDoc


@dataclass(frozen=True)
class Stamp:
    """Enough to say which data a published page was built from, and to check it later."""

    built: dt.datetime
    data_hash: str
    commit: str | None = None

    @property
    def built_text(self) -> str:
        return self.built.strftime("%Y-%m-%d %H:%M UTC")

    @property
    def built_iso(self) -> str:
        return self.built.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Correction:
    """A change made to a closed snapshot, with the reason given for it."""

    at: str
    reason: str

    def as_json(self) -> CorrectionDoc:
        """As versions.json, status.json and the theme's footer hold it."""
        return {"at": self.at, "reason": self.reason}


@dataclass(frozen=True)
class Snapshot:
    """One earlier published snapshot: its version name, title and status document (status.json).

    `hidden` holds opaque keys of the records its document named that are internal now and were
    taken out of it (`withheld.shown`): to be counted, never shown."""

    version: str
    title: str
    doc: ReadDoc
    hidden: frozenset[str] = frozenset()

    @property
    def sprint(self) -> int | None:
        sprint = self.doc.get("sprint")
        return sprint["id"] if sprint else None

    @property
    def label(self) -> str:
        """The sprint's name; the version for a sprint internal now (its name withheld) or none."""
        sprint = self.doc.get("sprint")
        name = sprint["name"] if sprint and "name" in sprint else ""
        return name or self.version

    @property
    def as_of(self) -> dt.date | None:
        return dt.date.fromisoformat(self.doc["project"]["as_of"]) if "project" in self.doc else None


@dataclass(frozen=True)
class Edition:
    """How this build is published; the default is a plain build with no history."""

    stamp: Stamp | None = None
    version: str | None = None
    title: str | None = None
    corrections: tuple[Correction, ...] = ()
    history: tuple[Snapshot, ...] = ()  # what is published; the core compares with those of earlier sprints
    site_url: str = ""
