"""A value found, and replaced, in every form a published file may hold it. Pure: bytes in, bytes out.

A value typed into the data reaches the published branch in many spellings: as typed, with its
punctuation as HTML character references (`render/text.py` writes `R&#45;002`), as named or hex
references, as JSON's `\\u002d` (the search index, chart data with `&` written `\\u0026`), with a
CSV cell's quotes doubled, percent-encoded, with its spacing collapsed, split into words by the
search index, in a heading's anchor (`#m-02-project-falcon`), and inside the gzip-compressed
sitemap. `Scrubber` matches all of them,
whatever the case, and replaces each with a neutral marker that never repeats the value.
"""

from __future__ import annotations

import functools
import gzip
import html.entities
import re
from dataclasses import dataclass

from markdown.extensions.toc import slugify

MARKER = "[removed]"
MIN_LENGTH = 4
_GZIP = b"\x1f\x8b"

# Ways `&` itself is written where a reference is written again (JSON in HTML, HTML in JSON).
_AMPERSAND = r"(?:&|&amp;|&#0*38;|&#x0*26;|\\u0026)"
_SPACE = r"(?:\s|&nbsp;|&#0*(?:32|160|9|10);|&#x0*(?:20|a0|9|a);|\\u00(?:20|a0)|\\[tn]|%20|\+)+"
# Material's search index splits Chinese text into words with zero-width spaces.
_GAP = r"(?:\u200b|\\u200b)*"


@functools.cache
def _entity_names() -> dict[str, tuple[str, ...]]:
    """Each character's HTML named references, without the leading `&` ("amp;", "amp", "AMP;")."""
    names: dict[str, list[str]] = {}
    for name, char in html.entities.html5.items():
        names.setdefault(char, []).append(name)
    return {c: tuple(n) for c, n in names.items()}


def _json(code: int) -> list[str]:
    if code <= 0xFFFF:
        return [f"\\\\u{code:04x}"]
    high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
    return [f"\\\\u{high:04x}\\\\u{low:04x}"]


def _spellings(char: str) -> str:
    """A pattern for one character of the value, however a site file spells it."""
    if char.isspace():
        return _SPACE
    code = ord(char)
    forms = [re.escape(char), *_json(code)]
    references = [f"#0*{code};", f"#x0*{code:x};", *(re.escape(n) for n in _entity_names().get(char, ()))]
    forms += [_AMPERSAND + r for r in references]
    if not char.isalnum():
        forms.append("".join(f"%{b:02x}" for b in char.encode("utf-8")))
        # JSON's escapes, and a CSV cell's doubled quote.
        forms += {"/": [r"\\/"], '"': [r"\\\"", '""'], "\\": [r"\\\\"]}.get(char, [])
    return "(?:" + "|".join(forms) + ")"


def _pattern(value: str) -> str:
    spelled = _GAP.join(_spellings(c) for c in re.sub(r"\s+", " ", value.strip()))
    anchor = slugify(value, "-")
    if len(anchor) >= MIN_LENGTH and anchor != value.strip().casefold():
        spelled += "|" + re.escape(anchor)
    return spelled


def refusal(value: str) -> str | None:
    """Why `value` cannot be removed as asked, or None."""
    if len(value.strip()) < MIN_LENGTH:
        return f"a value to remove needs at least {MIN_LENGTH} characters: shorter ones occur in the site's own markup"
    if value.strip().casefold() in MARKER.casefold():
        return f"the value is part of the marker {MARKER} that replaces removed values; remove a longer value that contains it"
    return None


@dataclass(frozen=True)
class Scrubber:
    """The values to remove, matched in every spelling and in any case."""

    values: tuple[str, ...]

    @functools.cached_property
    def _text(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{_pattern(v)})" for v in self.values), re.IGNORECASE)

    @functools.cached_property
    def _raw(self) -> re.Pattern[bytes]:
        return re.compile(b"|".join(re.escape(v.strip().encode("utf-8")) for v in self.values), re.IGNORECASE)

    def _text_of(self, data: bytes) -> str | None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def found(self, data: bytes) -> bool:
        """Whether a file holds any of the values, in any spelling, compressed or not, text or not."""
        if data[:2] == _GZIP:
            try:
                return self.found(gzip.decompress(data))
            except (OSError, EOFError):
                pass
        text = self._text_of(data)
        return bool(self._text.search(text)) if text is not None else bool(self._raw.search(data))

    def scrub(self, data: bytes) -> bytes:
        """The file with every spelling of every value replaced by the marker; binary files unchanged
        (`found` still finds the value in them, so a removal that cannot be complete is not pushed)."""
        if data[:2] == _GZIP:
            try:
                inner = gzip.decompress(data)
            except (OSError, EOFError):
                return data
            cleaned = self.scrub(inner)
            return data if cleaned == inner else gzip.compress(cleaned, mtime=0)
        text = self._text_of(data)
        if text is None:
            return data
        replaced, n = self._text.subn(MARKER, text)
        return replaced.encode("utf-8") if n else data
