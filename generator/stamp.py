"""What a build is stamped with: when it was built and from which data commit."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path


def build_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that rebuilding the same inputs gives the same site."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def data_commit(data_dir: Path) -> str | None:
    """The git commit the data was read at, if the data is in a git work tree."""
    try:
        out = subprocess.run(["git", "-C", str(data_dir), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def build_info(data_dir: Path) -> dict[str, str]:
    info = {"built": build_time().strftime("%Y-%m-%d %H:%M UTC")}
    commit = data_commit(data_dir)
    if commit:
        info["commit"] = commit
    return info
