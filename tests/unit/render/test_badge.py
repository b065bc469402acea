"""The status badge: well-formed SVG, the status in words as well as colour, data kept as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.pipeline import generate
from generator.render.badge import COLOURS, MAX_HEADLINE, text_width

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str | bytes) -> ET.Element:
    return ET.fromstring(svg)


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_badge_says_status_and_headline(minimal: Path) -> None:
    root = _parse(generate(minimal).file("badge.svg"))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "gh-badge-title"
    title = root.find(f"{SVG}title")
    assert title is not None and title.get("id") == "gh-badge-title"
    assert title.text == "Status of Minimal Project on 31 Mar 2026: Green: On track. On track for the pilot"
    assert _texts(root)[1::2] == ["status", "On track · On track for the pilot"]
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert COLOURS["green"] in fills


@pytest.mark.parametrize(("status", "word"), [("amber", "At risk"), ("red", "Off track")])
def test_colour_is_not_the_only_carrier(minimal: Path, status: str, word: str) -> None:
    path = minimal / "project.yaml"
    path.write_text(path.read_text().replace("status: green", f"status: {status}"))
    root = _parse(generate(minimal).file("badge.svg"))
    assert _texts(root)[3].startswith(f"{word} · ")
    assert COLOURS[status] in [r.get("fill") for r in root.iter(f"{SVG}rect")]


def test_hostile_headline_stays_text(minimal: Path) -> None:
    path = minimal / "project.yaml"
    # A YAML double-quoted string: \uFFFE is a noncharacter, which XML cannot hold (control
    # characters, which XML cannot hold either, are refused by validation before they get here).
    hostile = r'"</text><script>alert(1)</script> & \"x\" \uFFFE"'
    path.write_text(path.read_text().replace("headline: On track for the pilot", f"headline: {hostile}"))
    svg = generate(minimal).file("badge.svg")
    root = _parse(svg)  # well-formed: a control character or a stray tag would not parse
    assert not list(root.iter(f"{SVG}script")) and "<script" not in svg
    assert _texts(root)[3] == 'On track · </text><script>alert(1)</script> & "x"'


def test_long_headline_is_shortened_but_titled_in_full(minimal: Path) -> None:
    path = minimal / "project.yaml"
    long = "Everything is on track " * 6
    path.write_text(path.read_text().replace("headline: On track for the pilot", f"headline: {long.strip()}"))
    root = _parse(generate(minimal).file("badge.svg"))
    shown = _texts(root)[3].removeprefix("On track · ")
    assert len(shown) == MAX_HEADLINE and shown.endswith("…")
    title = root.find(f"{SVG}title")
    assert title is not None and (title.text or "").endswith(long.strip())


def test_width_fits_the_text(minimal: Path) -> None:
    root = _parse(generate(minimal).file("badge.svg"))
    label, message = [float(t.get("textLength") or 0) for t in root.iter(f"{SVG}text")][1::2]
    assert float(root.get("width") or 0) == label + message + 4 * 6
    # Chinese characters are full width: about twice as wide as Latin letters.
    assert text_width("状态报告") > 1.6 * text_width("abcd")
