"""Personal details taken out of customers' quotes before they are published.

A customer who agrees to be quoted has not agreed to have their e-mail address, phone number or a
link carrying a session or tracking token published with it. Quotes are redacted in the model, so
every page, export and feed made from the model sees only the redacted text; the counts are
reported at build time so that the team can tell the customer, or fix the quote in the data.

People write addresses so that filters miss them (`jo at example dot org`, `jo [at] example
[dot] org`, `jo＠example．org`, `jo%40example.org`), so a quote is matched in a copy made for
matching: each character in its compatibility form (NFKC: full-width `＠` is `@`, a no-break space
is a space) and invisible characters (zero-width spaces, soft hyphens, direction marks) left out.
What matches is replaced in the quote as written, so the rest of it keeps every character.
README.md ("Editing the status") lists what is caught and what is not.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

EMAIL_REMOVED = "[email removed]"
PHONE_REMOVED = "[phone number removed]"
LINK_REMOVED = "[link removed]"

_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]{1,15}://|\bwww\.)[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""
_USERINFO = re.compile(r"://[^/?#@]*@")
# `@` and what people write instead: spaced, bracketed, a word, an HTML entity, percent-encoded.
# `tight`: written with no space about it, the only `@` an address at a host without a dot follows.
_AT = (
    r"(?P<at>(?P<tight>@|&#0*64;|&#x0*40;|&commat;|%40)(?![ \t])"
    r"|\s*@\s*|\s*[(\[{<]\s*(?:at|@)\s*[)\]}>]\s*|\s+at\s+|&#0*64;|&#x0*40;|&commat;|%40)"
)
_DOT = r"(?:\.|\s*[(\[{<]\s*(?:dot|\.)\s*[)\]}>]\s*|\s+dot\s+)"
# Addresses may hold Latin, Greek and Cyrillic letters (jörg@bücher.de), but not the Chinese,
# Japanese or Korean text that runs into an address with no space before it.
_ALPHA = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff"
_LETTER = _ALPHA + "0-9"
_EMAIL = re.compile(
    rf"(?<![{_LETTER}._%+-])(?P<local>[{_LETTER}._%+-]+){_AT}"
    rf"(?P<domain>[{_LETTER}-]+(?:{_DOT}[{_LETTER}-]+)*{_DOT}[{_LETTER}]*[{_ALPHA}][{_LETTER}]*"
    # or a host without a dot (name@localhost, name@intranet), only after a tight `@`
    rf"|(?(tight)[{_LETTER}-]*[{_ALPHA}][{_LETTER}-]*|(?!)))(?![{_LETTER}-])",
    re.IGNORECASE,
)
# `at` before something that looks like a domain, tried only where `at` is (see `_may_hold_email`).
_WORD_AT = re.compile(r"(?<![a-z0-9])at\s*[)\]}>]?\s*[a-z0-9-]+\s*(?:\.|[(\[{<]?\s*dot)")
# What a reader does not see and the copy for matching leaves out: every format character (Cf:
# soft hyphen, zero-width spaces and joiners, direction marks, byte order mark, tags), the
# combining marks that can be put on Latin letters, variation selectors and the Hangul fillers.
INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\ufe00-\ufe0f\u180b-\u180d"
    "\u115f\u1160\u3164\uffa0]"
)
# A run of digits with the separators phone numbers are written with; `_is_phone` decides.
# Letters of other scripts may touch it: Chinese is written without spaces.
_PHONE = re.compile(r"(?<![A-Za-z0-9_@.+/-])(?:\+|00)?\(?\d[\d \t().\-/\u2010-\u2015\u2212]*\d(?![A-Za-z0-9_@])")
_NOT_PHONE = (
    re.compile(r"\d{4}[./-]\d{1,2}[./-]\d{1,2}"),  # 2026-03-31, 2026/03/31
    re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}"),  # 31.03.2026, 3/31/26
    re.compile(r"\d{4} ?[-/] ?\d{2,4}"),  # 2025-2026, 2026/27
    re.compile(r"\d+[.,]\d+"),  # 12.5, 1,5
    re.compile(r"\d{1,3}(?:[ .,]\d{3})+"),  # 12 000 000, 1.240.000
)


@dataclass(frozen=True)
class Redactions:
    """How many personal details were taken out, by kind."""

    emails: int = 0
    phones: int = 0
    links: int = 0

    def __add__(self, other: Redactions) -> Redactions:
        return Redactions(self.emails + other.emails, self.phones + other.phones, self.links + other.links)

    @property
    def total(self) -> int:
        return self.emails + self.phones + self.links

    def describe(self) -> str:
        """One line for the build log, in words."""
        if not self.total:
            return "No personal details found in published quotes."
        parts = [
            f"{n} {noun if n == 1 else plural}"
            for n, noun, plural in (
                (self.emails, "e-mail address", "e-mail addresses"),
                (self.phones, "phone number", "phone numbers"),
                (self.links, "link with a query string, login or token", "links with query strings, logins or tokens"),
            )
            if n
        ]
        return "Redacted from published quotes: " + ", ".join(parts) + "."


_DIGIT = re.compile(r"\d")
PHONE_DIGITS = 7  # the fewest digits a phone number has


def _is_phone(candidate: str) -> bool:
    digits = sum(c.isdigit() for c in candidate)
    if not PHONE_DIGITS <= digits <= 15:
        return False
    plain = candidate.strip("()+ ")
    if any(p.fullmatch(plain) for p in _NOT_PHONE):
        return False
    groups = re.findall(r"\d+", candidate)
    international = candidate.startswith(("+", "00"))
    if len(groups) == 1:
        return digits >= 10 or international or candidate.startswith("(")  # 07700900123; a bare 7-digit number is an id
    if max(len(g) for g in groups) >= 3:
        return True  # 555 123 4567, not "sprints 12 13 14 15"
    return international or (candidate.startswith("0") and digits == 10)  # +33 6 12 34 56 78, 06 12 34 56 78


# What redact looks for first, as written in the lowered text (lowering changes none of these
# signs): the start of a link, and `@` as typed, percent-encoded or as an HTML reference. `clean`
# looks for the same in many texts at once.
_LINK_WORDS = ("://", "www.")
_AT_WORDS = ("@", "%40", "&#", "&commat;")


def _may_hold_email(lowered: str) -> bool:
    """Cheap to ask first: `@` in any form, or `at` before something that looks like a domain."""
    if any(word in lowered for word in _AT_WORDS):
        return True
    at = lowered.find("at")
    while at >= 0:
        if _WORD_AT.match(lowered, at):
            return True
        at = lowered.find("at", at + 2)
    return False


def _is_secret_link(url: str) -> bool:
    """A link with a query string, a login (`user:password@`) or values in its fragment (`#access_token=`)."""
    query = url.find("?")
    fragment = url.find("#")
    return (0 <= query < len(url) - 1) or bool(_USERINFO.search(url)) or (fragment >= 0 and "=" in url[fragment:])


def _is_email(m: re.Match[str]) -> bool:
    """An address, unless only a plain word `at` makes it one: "look at example.org" is a sentence."""
    if m.group("at").strip().lower() != "at":
        return True
    return bool(re.search(r"[._+\-0-9]", m.group("local"))) or bool(re.search(r"\sdot\s|[(\[{<]", m.group("domain"), re.IGNORECASE))


def _matching_copy(text: str) -> tuple[str, list[int] | None]:
    """`text` as it is matched, and where each of its characters came from (None: the same place)."""
    if text.isascii() or (unicodedata.is_normalized("NFKC", text) and not INVISIBLE.search(text)):
        return text, None
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            seen = ch
        elif INVISIBLE.match(ch):
            continue  # a zero-width space inside an address still makes an address
        else:
            seen = unicodedata.normalize("NFKC", ch)
        out.append(seen)
        where.extend([i] * len(seen))
    where.append(len(text))
    return "".join(out), where


Span = tuple[int, int, str]
Keep = Callable[[re.Match[str]], list[tuple[int, int]]]


def _find(pattern: re.Pattern[str], copy: str, keep: Keep, marker: str, found: list[Span]) -> str:
    """Add to `found` what `keep` keeps of each match (offsets in it); return `copy` with those masked."""

    def mask(m: re.Match[str]) -> str:
        text = m.group()
        for start, end in reversed(keep(m)):
            found.append((m.start() + start, m.start() + end, marker))
            text = text[:start] + "\0" * (end - start) + text[end:]
        return text

    return pattern.sub(mask, copy)


def _whole(test: Callable[[re.Match[str]], bool]) -> Keep:
    return lambda m: [(0, len(m.group()))] if test(m) else []


def _link(m: re.Match[str]) -> list[tuple[int, int]]:
    url = m.group().rstrip(_TRAILING)
    return [(0, len(url))] if _is_secret_link(url) else []


def _phones(m: re.Match[str]) -> list[tuple[int, int]]:
    """The phone numbers in a run of digits: the whole run, or where numbers stand side by side (or
    a stray number touches one), the words split into numbers so that as many digits as possible
    are in a number (`+44 20 7946 0958 020 7946 0959`; `0 00 01002 7946 0958`)."""
    run = m.group()
    candidate = run.rstrip(" \t.-/(")
    if _is_phone(candidate):
        return [(0, len(candidate))]
    if sum(c.isdigit() for c in candidate) <= 15:
        return []
    words = [w.span() for w in re.finditer(r"\S+", candidate)]

    def part(i: int, j: int) -> tuple[int, int] | None:
        start = words[i][0]
        text = candidate[start : words[j - 1][1]].rstrip(" \t.-/(")
        return (start, start + len(text)) if text[:1] in "+(0123456789" and _is_phone(text) else None

    # best[i]: the most digits numbers can cover in words i.., and the numbers that do; a number has
    # at most 15 digits, so at most 15 words.
    best: list[tuple[int, list[tuple[int, int]]]] = [(0, [])] * (len(words) + 1)
    for i in range(len(words) - 1, -1, -1):
        best[i] = best[i + 1]
        for j in range(min(len(words), i + 15), i, -1):  # the longest number first, as a tie goes to it
            span = part(i, j)
            if span is not None:
                covered = sum(c.isdigit() for c in candidate[span[0] : span[1]]) + best[j][0]
                if covered > best[i][0]:
                    best[i] = (covered, [span, *best[j][1]])
    return best[0][1]


_NONE = Redactions()


def redact(text: str) -> tuple[str, Redactions]:
    """`text` with e-mail addresses, phone numbers and links with query strings, logins or tokens
    replaced by a marker."""
    # Each pattern runs only where it could match: most quotes have no link, address or digit.
    seen = text if text.isascii() else unicodedata.normalize("NFKC", INVISIBLE.sub("", text))
    lowered = seen.lower()
    # A phone number has at least PHONE_DIGITS digits (_is_phone), every one of them in the text.
    links = any(word in lowered for word in _LINK_WORDS)
    emails, digits = _may_hold_email(lowered), len(_DIGIT.findall(seen)) >= PHONE_DIGITS
    if not (links or emails or digits):
        return text, _NONE
    copy, where = _matching_copy(text)
    found: list[Span] = []
    if links:
        copy = _find(_URL, copy, _link, LINK_REMOVED, found)
    if emails:
        copy = _find(_EMAIL, copy, _whole(_is_email), EMAIL_REMOVED, found)
    if digits:
        _find(_PHONE, copy, _phones, PHONE_REMOVED, found)
    if not found:
        return text, _NONE
    out, last = [], 0
    for start, end, marker in sorted(found):
        if where is not None:
            start, end = where[start], where[end - 1] + 1
        out += [text[last:start], marker]
        last = end
    out.append(text[last:])
    kinds = [marker for _s, _e, marker in found]
    return "".join(out), Redactions(kinds.count(EMAIL_REMOVED), kinds.count(PHONE_REMOVED), kinds.count(LINK_REMOVED))


# What `redact` looks for first in a text (_LINK_WORDS, _AT_WORDS, `at` before something like a
# domain, PHONE_DIGITS digits), looked for in many ASCII texts at once by `clean`, in the texts
# joined with NUL (which none of these reaches across) and lowered.
_FIRST_AT = re.compile(_WORD_AT.pattern.replace("(?<![a-z0-9])at", "at(?<![a-z0-9]at)", 1))
_NOT_DIGIT = bytes(b for b in range(256) if b not in b"0123456789\0")


def clean(texts: Sequence[str]) -> list[bool]:
    """For each of `texts`, True when `redact` surely takes nothing out of it (its first look finds
    nothing), found for all of them at once: a few searches over the texts joined, rather than
    a few for each text (most quotes of a large log hold nothing to take out). False says only
    that `redact` has to look: a text not ASCII, or one where its first look finds something."""
    out = list(map(str.isascii, texts))
    joined = "\0".join(t if plain else "" for t, plain in zip(texts, out, strict=True))
    if not texts or joined.count("\0") != len(texts) - 1:  # a text holding NUL: each is looked at alone
        return [False] * len(texts)
    starts = list(itertools.accumulate((len(t) + 1 if plain else 1 for t, plain in zip(texts[:-1], out, strict=False)), initial=0))
    lowered = joined.lower()  # ASCII: each character lowered in its place

    def look(at: int) -> None:
        out[bisect.bisect_right(starts, at) - 1] = False

    for word in (*_LINK_WORDS, *_AT_WORDS):
        at = lowered.find(word)
        while at >= 0:
            look(at)
            at = lowered.find(word, at + 1)
    for m in _FIRST_AT.finditer(lowered):
        look(m.start())
    # Each text's digits, and nothing else: its digits are as many as it holds.
    for index, digits in enumerate(joined.encode("ascii").translate(None, _NOT_DIGIT).split(b"\0")):
        if len(digits) >= PHONE_DIGITS:
            out[index] = False
    return out


class Redactor:
    """`redact`, answering each text once: the team's model of a build (its early warnings) redacts
    the quotes the public model redacted already, and a large log holds a million of them. A text
    with nothing to take out is kept in a set, the others with their answer."""

    def __init__(self) -> None:
        self._clean: set[str] = set()
        self._found: dict[str, tuple[str, Redactions]] = {}

    def __call__(self, text: str) -> tuple[str, Redactions]:
        if text in self._clean:
            return text, _NONE
        answer = self._found.get(text)
        if answer is None:
            answer = redact(text)
            if answer[1].total:
                self._found[text] = answer
            else:
                self._clean.add(text)
        return answer
