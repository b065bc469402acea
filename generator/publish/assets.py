"""Serve a snapshot's unchanging assets once, from the site root, instead of once per snapshot.

A built site carries about 4 MB of assets that are the same in every snapshot (the theme's
scripts and styles, plotly.js). Each top-level directory under `assets/` becomes one
content-addressed directory at the site root, `_assets/<name>-<hash>/`, and the snapshot's pages
are rewritten to load it from there. The path names its content, so a published file is never
replaced by different bytes, and files inside a directory keep finding each other by relative
URL (the search worker finds its language files beside itself, charts.js finds plotly.js).

Pure: files in, files out; the deploy step decides what to write where.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

SHARED_DIR = "_assets"


@dataclass(frozen=True)
class Split:
    """A snapshot's own files (pages rewritten) and the shared files, keyed by their path at the site root."""

    own: dict[str, bytes]
    shared: dict[str, bytes]
    groups: dict[str, str]  # "javascripts" -> "_assets/javascripts-<hash>"


def _groups(files: Mapping[str, bytes]) -> dict[str, str]:
    members: dict[str, list[str]] = {}
    for path in files:
        parts = path.split("/")
        if len(parts) > 2 and parts[0] == "assets":
            members.setdefault(parts[1], []).append(path)
    out = {}
    for group, paths in sorted(members.items()):
        h = hashlib.sha256()
        for path in sorted(paths):
            h.update(path.encode("utf-8") + b"\0" + hashlib.sha256(files[path]).digest())
        out[group] = f"{SHARED_DIR}/{group}-{h.hexdigest()[:16]}"
    return out


def _rewrite(text: str, page: str, groups: dict[str, str], version: str, site_path: str) -> str:
    depth = page.count("/")
    up = "../" * depth
    alternatives = "|".join(re.escape(g) for g in groups)
    # Relative references from this page to the snapshot's assets (`./assets/` on a top-level page
    # built by Zensical), and absolute ones (404 pages); each just after its opening quote, which
    # is matched and written back (a look behind at every character made a large page slow).
    relative = re.compile(rf"""(["'])(?:\./)?{re.escape(up)}assets/({alternatives})/""")
    absolute = re.compile(rf"""(["']){re.escape(site_path + version)}/assets/({alternatives})/""")
    text = relative.sub(lambda m: f"{m[1]}{up}../{groups[m[2]]}/", text)
    return absolute.sub(lambda m: f"{m[1]}{site_path}{groups[m[2]]}/", text)


def split(files: Mapping[str, bytes], version: str, site_path: str = "/") -> Split:
    """Move every `assets/<dir>/` to the shared area and point the snapshot's HTML pages at it.

    `files` maps paths relative to the snapshot's root (as built) to their bytes; `site_path` is the
    path of the site root on its host ("/" for https://status.example.org/).
    """
    groups = _groups(files)
    if not groups:
        return Split(dict(files), {}, {})
    own: dict[str, bytes] = {}
    shared: dict[str, bytes] = {}
    for path, data in files.items():
        parts = path.split("/")
        if len(parts) > 2 and parts[0] == "assets" and parts[1] in groups:
            shared[f"{groups[parts[1]]}/{'/'.join(parts[2:])}"] = data
        elif path.endswith(".html"):
            own[path] = _rewrite(data.decode("utf-8"), path, groups, version, site_path).encode("utf-8")
        else:
            own[path] = data
    return Split(own, shared, groups)
