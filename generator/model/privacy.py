"""Personal details taken out of customers' quotes before they are published.

A customer who agrees to be quoted has not agreed to have their e-mail address, phone number or a
link carrying a session or tracking token published with it. Quotes are redacted in the model, so
every page, export and feed made from the model sees only the redacted text; the counts are
reported at build time so that the team can tell the customer, or fix the quote in the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EMAIL_REMOVED = "[email removed]"
PHONE_REMOVED = "[phone number removed]"
LINK_REMOVED = "[link removed]"

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# A run of digits with the separators phone numbers are written with; `_is_phone` decides.
_PHONE = re.compile(r"(?<![\w@.+/-])(?:\+|00)?\(?\d[\d \t().\-/]*\d(?![\w@])")
_NOT_PHONE = (
    re.compile(r"\d{4}-\d{1,2}-\d{1,2}"),  # 2026-03-31
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
                (self.links, "link with a query string", "links with query strings"),
            )
            if n
        ]
        return "Redacted from published quotes: " + ", ".join(parts) + "."


_DIGIT = re.compile(r"\d")


def _is_phone(candidate: str) -> bool:
    digits = sum(c.isdigit() for c in candidate)
    if not 7 <= digits <= 15:
        return False
    plain = candidate.strip("()+ ")
    if any(p.fullmatch(plain) for p in _NOT_PHONE):
        return False
    groups = re.findall(r"\d+", candidate)
    if len(groups) == 1:
        return digits >= 10 or candidate.startswith(("+", "00", "("))  # 07700900123; a bare 7-digit number is an id
    return max(len(g) for g in groups) >= 3  # 555 123 4567, not "sprints 12 13 14 15"


_NONE = Redactions()


def redact(text: str) -> tuple[str, Redactions]:
    """`text` with e-mail addresses, phone numbers and links with query strings replaced by a marker."""
    links = emails = phones = 0

    def link(m: re.Match[str]) -> str:
        nonlocal links
        url = m.group().rstrip(_TRAILING)
        rest = m.group()[len(url) :]
        if "?" in url and not url.endswith("?"):
            links += 1
            return LINK_REMOVED + rest
        return m.group()

    def email(m: re.Match[str]) -> str:
        nonlocal emails
        emails += 1
        return EMAIL_REMOVED

    def phone(m: re.Match[str]) -> str:
        nonlocal phones
        candidate = m.group().rstrip(" \t.-/(")
        if not _is_phone(candidate):
            return m.group()
        phones += 1
        return PHONE_REMOVED + m.group()[len(candidate) :]

    # Each pattern runs only where it could match: most quotes have no link, address or digit.
    lowered = text.lower()
    if "http" in lowered or "www." in lowered:
        text = _URL.sub(link, text)
    if "@" in text:
        text = _EMAIL.sub(email, text)
    if _DIGIT.search(text):
        text = _PHONE.sub(phone, text)
    return text, (Redactions(emails, phones, links) if links or emails or phones else _NONE)
