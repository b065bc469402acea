"""The time a build takes as now: SOURCE_DATE_EPOCH when set, so that rebuilding the same inputs
gives the same site and the same warnings; else the real time. Every stage reads the clock here."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Iterator

from generator.errors import BuildError, quoted

# SOURCE_DATE_EPOCH as the reproducible-builds specification writes it (`date +%s`), up to the
# last second of the year 9999: a date the site can show.
_EPOCH = re.compile(r"[0-9]{1,12}")
_LAST = 253_402_300_799
VARIABLE = "SOURCE_DATE_EPOCH"


def epoch_time(value: str | None) -> dt.datetime | None:
    """The time SOURCE_DATE_EPOCH sets, or None when it is unset or empty (as Python's own tools
    take an empty value). Anything else that is not a whole number of seconds since 1970 is an
    error, not a time quietly made up: a build meant to be reproducible would not be."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not _EPOCH.fullmatch(text) or int(text) > _LAST:
        raise BuildError(
            f"SOURCE_DATE_EPOCH is {quoted(value)}, not a whole number of seconds since 1970-01-01 (UTC) before the year 10000\n"
            "  hint: set it to the time of the data's last commit, SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it"
        )
    return dt.datetime.fromtimestamp(int(text), tz=dt.UTC)


def build_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set."""
    return epoch_time(os.environ.get(VARIABLE)) or dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def today() -> dt.date:
    """The day the data is checked on: the build time's, in UTC."""
    return build_time().date()


@contextlib.contextmanager
def blank_epoch_unset() -> Iterator[None]:
    """A SOURCE_DATE_EPOCH that is set but blank, taken out of the environment for as long as the
    block runs: Glasshouse reads it as unset, and MkDocs, which reads it with `int()`, would stop
    on it. Put back afterwards as it was."""
    value = os.environ.get(VARIABLE)
    if value is None or value.strip():
        yield
        return
    del os.environ[VARIABLE]
    try:
        yield
    finally:
        os.environ[VARIABLE] = value
