"""Personal details in published quotes: what is redacted, what is left alone, and the count."""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.data.validate import validate
from generator.model import privacy
from generator.model.audience import rows_for_audience
from generator.model.build import build_model
from generator.model.privacy import EMAIL_REMOVED, INVISIBLE, LINK_REMOVED, PHONE_REMOVED, Redactions, Redactor, clean, redact


@pytest.mark.parametrize(
    ("quote", "published"),
    [
        ("Write to jo.bloggs+port@example.co.uk today.", "Write to [email removed] today."),
        ("Call +44 20 7946 0958.", "Call [phone number removed]."),
        ("Ring 555-1234 now", "Ring [phone number removed] now"),  # seven digits, the fewest a number has
        ("Call (555) 123-4567 or 555-123-4567.", "Call [phone number removed] or [phone number removed]."),
        ("My mobile is 07700900123, office 0044 20 7946 0958.", "My mobile is [phone number removed], office [phone number removed]."),
        ("Ring 06-12345678 before noon", "Ring [phone number removed] before noon"),
        ("See https://portal.example.org/booking?id=42&session=abc.", "See [link removed]."),
        ("Try www.example.org/x?utm_source=mail, it works", "Try [link removed], it works"),
        (
            "https://example.org/help is fine, and so is https://example.org/faq?",
            "https://example.org/help is fine, and so is https://example.org/faq?",
        ),
        # Addresses written to get past filters.
        ("Write to jo at example dot org.", "Write to [email removed]."),
        ("jo (at) example (dot) org", "[email removed]"),
        ("jo [at] example [dot] co [dot] uk!", "[email removed]!"),
        ("jo {AT} example {DOT} org", "[email removed]"),
        ("jo.bloggs at example.org", "[email removed]"),
        ("jo＠example．org, thanks", "[email removed], thanks"),
        ("邮箱jo＠example．org。", "邮箱[email removed]。"),
        ("jo%40example.org", "[email removed]"),
        ("jo @ example.org", "[email removed]"),
        ("jo&#64;example.org or jo&#x40;example.org", "[email removed] or [email removed]"),
        ("j\u200bo@exam\u00adple.org", "[email removed]"),
        ("jörg@bücher.de, мария@пример.рф", "[email removed], [email removed]"),
        ("jo@example.org邮箱", "[email removed]邮箱"),
        # Addresses at a host without a dot.
        ("Mail jo@localhost or ops.team@intranet, please.", "Mail [email removed] or [email removed], please."),
        ("root%40build-01 and jo&#64;intranet", "[email removed] and [email removed]"),
        # Phone numbers, international and national.
        ("+1 (415) 555-0100", "[phone number removed]"),
        ("+49 30 901820 or 0049 30 901820", "[phone number removed] or [phone number removed]"),
        ("+33 6 12 34 56 78", "[phone number removed]"),
        ("020 7946 0958, (415) 555-0100, 415.555.0100", "[phone number removed], [phone number removed], [phone number removed]"),
        ("06 12 34 56 78 or 030 901820", "[phone number removed] or [phone number removed]"),
        ("+44\u00a020\u00a07946\u00a00958", "[phone number removed]"),
        ("０２０ ７９４６ ０９５８", "[phone number removed]"),
        ("020\u20117946\u20110958", "[phone number removed]"),
        ("电话13812345678谢谢", "电话[phone number removed]谢谢"),
        ("+44 20 7946 0958 020 7946 0959", "[phone number removed] [phone number removed]"),
        # A stray number before a phone number does not leave the number's last group behind.
        ("0 00 01002 7946 0958", "[phone number removed] [phone number removed]"),
        # Links carrying a login or a token outside the query string.
        ("https://jo:hunter2@portal.example.org/ is where", "[link removed] is where"),
        ("ftp://jo@files.example.org/report.pdf", "[link removed]"),
        ("Back at https://example.org/cb#access_token=abc&state=1.", "Back at [link removed]."),
    ],
)
def test_personal_details_are_redacted(quote: str, published: str) -> None:
    assert redact(quote)[0] == published


@pytest.mark.parametrize(
    "text",
    [
        "Since 2026-03-31 we waited 12 days; 1,240 records; version 1.2.3; 2025-2026; IMO 9321483; sprints 12 13 14 15",
        "12 000 000 tons; 31.03.2026; FB-0001; M-07; 3/31/26; 4.5 of 5; 2026/03/31; v2.14.1; order 123456789",
        "€ 12.500,00 and $1,250,000.00 a year; 10:30-11:45; 2026-03-31 - 2026-04-14; sprint 14 and 15",
        "We met at the office. Look at example.org, at home, dot the i; meet at 5 dot 30",
        "https://example.org/docs#section-2 and https://example.org/faq#how-to-book",
        "Reply @ the meeting; @jo said so; the rate is 3 @ 5 per cent; meet me (at) home; jo [at] intranet",
    ],
)
def test_what_is_not_personal_stays(text: str) -> None:
    assert redact(text) == (text, Redactions())


def test_every_format_character_is_left_out_of_matching() -> None:
    """Unicode grows: the list of invisible characters must hold every format character Python knows."""
    missing = [hex(i) for i in range(sys.maxunicode + 1) if unicodedata.category(chr(i)) == "Cf" and not INVISIBLE.match(chr(i))]
    assert not missing


def test_counts_and_their_description() -> None:
    _, found = redact("a@example.org, b@example.org, +1 555 123 4567, https://x.org/?a=1")
    assert found == Redactions(emails=2, phones=1, links=1)
    assert found.describe() == (
        "Redacted from published quotes: 2 e-mail addresses, 1 phone number, 1 link with a query string, login or token."
    )
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


def test_a_redactor_answers_each_text_once_as_redact_does(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The team's model and the public's share one Redactor: each quote is redacted once, and both
    models hold what redact alone would give them."""
    path = minimal / "feedback.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[1][6] = "Mail me: dee@example.org"  # FB-0001, consent yes
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    data = validate(Path("data"))
    alone = {audience: build_model(data, audience) for audience in ("public", "internal")}  # type: ignore[arg-type]
    asked: list[str] = []

    def counted(text: str) -> tuple[str, Redactions]:
        asked.append(text)
        return redact(text)

    monkeypatch.setattr(privacy, "redact", counted)
    shared = Redactor()
    together = {audience: build_model(data, audience, shared) for audience in ("public", "internal")}  # type: ignore[arg-type]
    assert together == alone
    assert together["internal"].redactions == Redactions(emails=1)
    consented = [text for text, consent in rows_for_audience(data["feedback"], "internal", ("quote", "consent")) if consent and text]
    looked_at = {text for text, surely in zip(consented, clean(consented), strict=True) if not surely}
    assert "Mail me: dee@example.org" in looked_at
    assert len(asked) == len(set(asked)) and set(asked) == looked_at  # every quote that may hold a detail redacted, none twice
    assert shared("Call +44 20 7946 0958.") == shared("Call +44 20 7946 0958.") == redact("Call +44 20 7946 0958.")
    assert asked.count("Call +44 20 7946 0958.") == 1


MARKERS = re.compile("|".join(re.escape(m) for m in (EMAIL_REMOVED, PHONE_REMOVED, LINK_REMOVED)))
# Personal details in the forms the table above lists; each holds a token that must not survive.
DETAILS = [
    "zk{n}@example.org", "zk{n} at example dot org", "zk{n} (at) example (dot) org", "zk{n}＠example．org", "zk{n}%40example.org",
    "+44 20 7946 {n:04d}", "0{n:03d} 7946 0958", "+1 (415) 555-{n:04d}", "https://zk{n}:pw@example.org/", "https://x.org/?t=zk{n}",
]  # fmt: skip
WORDS = st.sampled_from(["the", "call", "at", "dot", "mail", "me", "on", "2026-03-31", "sprint 14", "FB-0001", "v1.2.3", "(", ")", ",",
                         ".", "@", "＠", "\u00a0", "\u200b", "电话", "邮箱", "+", "0", "%40", "#"])  # fmt: skip


@st.composite
def quotes(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A quote of words, punctuation, digits and invisible characters, with personal details planted among them."""
    parts: list[str] = []
    planted: list[str] = []
    for i in range(draw(st.integers(0, 12))):
        if draw(st.booleans()) and len(planted) < 3:
            detail = draw(st.sampled_from(DETAILS)).format(n=1000 + i)
            parts.append(detail)
            planted.append(f"zk{1000 + i}" if "zk" in detail else re.sub(r"\D", "", detail)[-4:])
        else:
            parts.append(draw(WORDS | st.text(max_size=4)))
    return " ".join(parts), planted


@settings(max_examples=400, deadline=None)
@given(quotes())
@pytest.mark.no_cover
def test_redaction_is_idempotent_and_never_adds(quote: tuple[str, list[str]]) -> None:
    text, planted = quote
    published, found = redact(text)
    assert redact(published) == (published, Redactions())
    # Only markers are added: the rest of the published text is the quote's own text, in order.
    pieces = MARKERS.split(published)
    assert len(pieces) - 1 == found.total
    at = 0
    for piece in pieces:
        at = text.index(piece, at) + len(piece)
    for token in planted:
        assert token not in published, (text, published)


def test_readme_lists_what_is_caught_and_what_is_not() -> None:
    """Every example README.md gives is checked: those "taken out" are, those "left as written" are."""
    from tests.support.projects import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### What is taken out of quotes") :]
    caught = re.findall(r"`([^`]+)`", section[section.index("Taken out:") : section.index("Left as written:")])
    left = re.findall(r"`([^`]+)`", section[section.index("Left as written:") : section.index("\n\n", section.index("- Names"))])
    parts = {"@", "＠", "０２０", "020", "{at}", "<at>", "www.", "?session=…", "#access_token=…"}  # pieces, not examples
    assert len(caught) > 25 and len(left) > 15
    assert [e for e in caught if e not in parts and redact(e)[1] == Redactions()] == []
    assert [e for e in left if redact(e)[1] != Redactions()] == []


@settings(max_examples=300, deadline=None)
@given(st.lists(quotes(), max_size=6), st.lists(WORDS | st.text(max_size=12), max_size=6))
@pytest.mark.no_cover
def test_what_clean_passes_redact_leaves_as_it_is(planted: list[tuple[str, list[str]]], plain: list[str]) -> None:
    """The texts `clean` finds nothing in, looking at them together, are those redact keeps whole;
    a text with a detail is never passed, whatever its neighbours."""
    texts = [
        *(text for text, _ in planted),
        *plain,
        "Reach me at jo@example.org",
        "1234567",
        "see www.example.org",
        "jo at example dot org",
        "https://example.org/?token=abc",
        "jo&#64;example.org",
    ]
    for text, surely in zip(texts, clean(texts), strict=True):
        if surely:
            assert redact(text) == (text, Redactions())
    assert clean(["plain words", "Call 0117 496 0123", "more plain words", "ÄÖ"]) == [True, False, True, False]
    assert clean(["nul\0inside", "plain"]) == [False, False]  # the texts are joined with NUL: each looked at alone
