"""Addresses with a login in them (`https://user:secret@host/`), refused wherever text is published.

A description, a response or a name is written by the team and published as it is: a link pasted
with its login would put a password or a token on the public site, live, and in every snapshot
after it. It is refused, in the file and on the line it is written on, so the team removes it
(and changes the password) before anything is built. Quotes are the one exception: they are the
customers' words, and the model takes such links out of them (model/privacy.py) and says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from generator.data.tables import Dataset
from generator.errors import Problem, quoted

# The customers' quotes, which model/privacy.py redacts instead.
REDACTED = frozenset({("feedback", "quote")})
# A scheme, `//`, then a user name (and perhaps a password) before an `@` that comes before the host ends.
_LOGIN = re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]*://)([^\s/?#@\[\]()<>\"']*)@([^\s/?#()<>\"']*)")
HINT = "remove the user name and password before '@' from the address; if it held a password or a token, change it too"


def check_logins(data: Dataset, files: dict[str, str]) -> Iterator[Problem]:
    for name, t in data.tables.items():
        r = t.resource
        for f in r.fields:
            if f.private or (name, f.name) in REDACTED or f.type not in ("string", "array"):
                continue
            if not t.may_hold(f.name, _may_hold, "\n"):
                continue  # the usual case, decided for the whole column in a few looks
            for i, value in enumerate(t.column(f.name)):
                found = next((m for text in _texts(value) if (m := _LOGIN.search(text))), None)
                if found is None:
                    continue
                scheme, _, host = found.groups()
                yield Problem(
                    files[name],
                    t.line(i, f.name),
                    f"the address {quoted(scheme + '…@' + host)} holds a login, which would be published with it",
                    HINT,
                    f"{r.noun} {t.rows[i][t.columns.index(r.primary_key)]}" if r.primary_key else "",
                    f.name,
                )


def _texts(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return ()


def _may_hold(joined: str) -> bool:
    """Whether any text of a piece of a column (`Table.joined`) could hold a login: the piece has
    both "://" and "@" somewhere. Every value is written as str() writes it, a list's texts
    within its brackets (and dates, numbers and None as words, which hold neither)."""
    return "://" in joined and "@" in joined
