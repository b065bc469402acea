"""Personal details in published quotes: what is redacted, what is left alone, and the count."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from generator.data.validate import validate
from generator.model.build import build_model
from generator.model.privacy import Redactions, redact


@pytest.mark.parametrize(
    ("quote", "published"),
    [
        ("Write to jo.bloggs+port@example.co.uk today.", "Write to [email removed] today."),
        ("Call +44 20 7946 0958.", "Call [phone number removed]."),
        ("Call (555) 123-4567 or 555-123-4567.", "Call [phone number removed] or [phone number removed]."),
        ("My mobile is 07700900123, office 0044 20 7946 0958.", "My mobile is [phone number removed], office [phone number removed]."),
        ("Ring 06-12345678 before noon", "Ring [phone number removed] before noon"),
        ("See https://portal.example.org/booking?id=42&session=abc.", "See [link removed]."),
        ("Try www.example.org/x?utm_source=mail, it works", "Try [link removed], it works"),
        (
            "https://example.org/help is fine, and so is https://example.org/faq?",
            "https://example.org/help is fine, and so is https://example.org/faq?",
        ),
    ],
)
def test_personal_details_are_redacted(quote: str, published: str) -> None:
    assert redact(quote)[0] == published


def test_numbers_that_are_not_phone_numbers_stay() -> None:
    text = ("Since 2026-03-31 we waited 12 days; 1,240 records; version 1.2.3; 2025-2026; IMO 9321483; "
            "sprints 12 13 14 15; 12 000 000 tons; 31.03.2026; FB-0001; M-07; 3/31/26; 4.5 of 5")  # fmt: skip
    assert redact(text) == (text, Redactions())


def test_counts_and_their_description() -> None:
    _, found = redact("a@example.org, b@example.org, +1 555 123 4567, https://x.org/?a=1")
    assert found == Redactions(emails=2, phones=1, links=1)
    assert found.describe() == "Redacted from published quotes: 2 e-mail addresses, 1 phone number, 1 link with a query string."
    assert Redactions().describe() == "No personal details found in published quotes."


def test_model_holds_only_consented_and_redacted_quotes(minimal: Path) -> None:
    path = minimal / "feedback.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[1][6] = "Mail me: dee@example.org"  # FB-0001, consent yes
    rows[3][6] = "Not for publication"  # FB-0003, consent no
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    for audience in ("public", "internal"):
        status = build_model(validate(Path("data")), audience)  # type: ignore[arg-type]
        quotes = {f.id: f.quote for f in status.feedback}
        assert quotes["FB-0001"] == "Mail me: [email removed]"
        assert quotes["FB-0003"] is None
        assert status.redactions == Redactions(emails=1)
