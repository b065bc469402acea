"""The assets every site serves: present, licensed, and matching the Python packages."""

from __future__ import annotations

import json
import re
from importlib import resources

from plotly.offline.offline import get_plotlyjs_version

from tests.support.projects import ROOT


def _asset(name: str) -> str:
    return resources.files("generator.render").joinpath("assets", name).read_text(encoding="utf-8")


def test_plotly_bundle_matches_the_python_package() -> None:
    head = _asset("plotly-glasshouse.min.js")[:300]
    match = re.search(r"plotly\.js \(glasshouse: scatter, bar - minified\) v(\d+\.\d+\.\d+)", head)
    assert match, head
    assert match.group(1) == get_plotlyjs_version()


def test_plotly_bundle_is_built_from_the_pinned_plotly_js() -> None:
    lock = json.loads((ROOT / "generator" / "vendor" / "plotly" / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/plotly.js"]["version"] == get_plotlyjs_version()
    package = json.loads((ROOT / "generator" / "vendor" / "plotly" / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["plotly.js"] == get_plotlyjs_version()


def test_vendored_files_are_licensed_and_listed() -> None:
    assert "MIT" in _asset("plotly.LICENSE.txt")
    vendor = _asset("VENDOR.txt")
    assert f"plotly.js {get_plotlyjs_version()} (npm package plotly.js)" in vendor


def test_chart_script_loads_plotly_from_beside_itself() -> None:
    js = _asset("charts.js")
    assert 'new URL("plotly-glasshouse.min.js", here)' in js and 'new URL("charts-draw.js", here)' in js
    assert "://" not in js + _asset("charts-draw.js")  # no absolute URL: nothing is fetched from another host
