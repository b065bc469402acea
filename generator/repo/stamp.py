"""What a build is stamped with: when it was built, from which data commit, and a hash of its data."""

from __future__ import annotations

from pathlib import Path

from generator.clock import build_time
from generator.data.digest import data_hash
from generator.history.edition import Stamp
from generator.repo.git import head


def make_stamp(data_dir: Path) -> Stamp:
    """The stamp of a build of the data in `data_dir` as it is now: the build time, the hash of
    the data, and the commit checked out, if the data is in a git work tree."""
    return Stamp(build_time(), data_hash(data_dir), head(data_dir))
