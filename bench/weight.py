"""Page weight: what each page of a built site makes a browser download, gzip-compressed.

For every HTML page: the page itself, its stylesheets, scripts and icon, what Material's scripts
fetch once the page has loaded (the search worker, and the sitemap that instant navigation
reads), and plotly.js and charts-draw.js where the page has a chart plotly.js draws (charts.js
loads them on demand). A page with a chart of any kind, plotly.js's or a table (the risk heat
map), has the budget of a page with charts. Not the search index, which the theme holds back until the reader turns to search
(theme/main.html). The browser tests check this list against what Chromium really requests, page
by page.

    python bench/weight.py SITE_DIR      # prints every page's weight against the budgets
"""

from __future__ import annotations

import gzip
import json
import sys
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlparse

BUDGET_PLAIN = 105_000  # bytes, gzipped: a page without charts (every page carries glasshouse.js and the overview's styles)
BUDGET_CHARTS = 600_000  # a page with charts
# Pages read at a desk rather than on a phone's data plan, which grow with the project: the printable
# report (every section of the site on one page, to print or save as a PDF) and the data reference
# (every field of the data format, for the people who edit data/).
BUDGET_REPORT = 125_000
REPORTS = ("/print/", "/reference/")
PLOTLY = "plotly-glasshouse.min.js"  # beside charts.js, which loads it only where a chart is
DRAW = "charts-draw.js"  # likewise: the code that draws the charts


@dataclass(frozen=True)
class PageWeight:
    page: str  # the page's URL path, "/risks/"
    files: dict[str, int]  # URL path -> gzipped bytes
    charts: int

    @property
    def total(self) -> int:
        return sum(self.files.values())

    @property
    def budget(self) -> int:
        if self.page.endswith(REPORTS):  # whatever they show: the sponsor report prints the heat map
            return BUDGET_REPORT
        return BUDGET_CHARTS if self.charts else BUDGET_PLAIN

    def kind(self, url: str) -> str:
        suffix = PurePosixPath(url).suffix
        if url == self.page:
            return "html"
        return {".css": "css", ".js": "js", ".json": "data", ".xml": "data"}.get(suffix, "other")

    def by_kind(self) -> dict[str, int]:
        out = dict.fromkeys(("html", "css", "js", "data", "other"), 0)
        for url, size in self.files.items():
            out[self.kind(url)] += size
        return out


class _Refs(HTMLParser):
    """The URLs an HTML page loads by itself, the Material configuration and the number of charts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.charts = 0
        self.drawn = 0  # charts plotly.js draws
        self.config: dict[str, object] = {}
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = (a.get("rel") or "").split()
        if tag == "link" and a.get("href") and ("stylesheet" in rel or "icon" in rel):
            self.urls.append(a["href"] or "")
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"] or "")
        elif tag == "script" and a.get("id") == "__config":
            self._in_config = True
        elif tag == "figure" and "gh-figure" in (a.get("class") or "").split():
            self.charts += 1  # a chart: drawn by plotly.js, or a table (the risk heat map)
        elif tag == "div" and "gh-chart" in (a.get("class") or "").split():
            self.drawn += 1

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config = json.loads(data)
            self._in_config = False


def page_url(site: Path, html: Path) -> str:
    rel = html.relative_to(site).as_posix()
    return "/" + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)


def url_file(site: Path, url: str) -> Path:
    path = urlparse(url).path.lstrip("/")
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


@cache
def _gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def page_loads(site: Path, html: Path) -> tuple[str, list[str], int]:
    """The page's URL path, the URL paths it loads (itself first) and its number of charts."""
    refs = _Refs()
    refs.feed(html.read_text(encoding="utf-8"))
    here = page_url(site, html)
    urls = [here, *(urljoin(here, u) for u in refs.urls if not urlparse(u).scheme)]
    config = refs.config
    base = urljoin(here, str(config.get("base", ".")) + "/")
    if config.get("search"):
        urls.append(urljoin(here, str(config["search"])))  # the worker; its index only once searched
    if "navigation.instant" in (config.get("features") or []):  # type: ignore[operator]
        urls.append(urljoin(base, "sitemap.xml"))
    if refs.drawn:
        charts_js = next(u for u in urls if u.endswith("/charts.js"))
        urls += [urljoin(charts_js, PLOTLY), urljoin(charts_js, DRAW)]
    return here, list(dict.fromkeys(urlparse(u).path for u in urls)), refs.charts


def weigh(site: Path) -> list[PageWeight]:
    """Every page of the site with what it downloads, in the order of their URLs."""
    out = []
    for html in sorted(site.rglob("*.html")):
        here, urls, charts = page_loads(site, html)
        out.append(PageWeight(here, {u: _gzipped(url_file(site, u)) for u in urls}, charts))
    return sorted(out, key=lambda w: w.page)


def report(site: Path) -> tuple[list[str], bool]:
    """Lines to print, and whether every page is within its budget."""
    weights = weigh(site)
    lines = [f"{'page':34} {'charts':>6} {'html':>8} {'css':>8} {'js':>8} {'data':>8} {'other':>7} {'total':>9}  budget"]
    ok = True
    for w in weights:
        k = w.by_kind()
        within = w.total <= w.budget
        ok &= within
        lines.append(
            f"{w.page:34} {w.charts:>6} {k['html'] / 1000:>7.1f}K {k['css'] / 1000:>7.1f}K {k['js'] / 1000:>7.1f}K "
            f"{k['data'] / 1000:>7.1f}K {k['other'] / 1000:>6.1f}K {w.total / 1000:>8.1f}K  "
            f"{'within' if within else 'OVER'} {w.budget // 1000} KB"
        )
    plain = [w.total for w in weights if not w.charts and not w.page.endswith(REPORTS)]
    charted = [w.total for w in weights if w.charts and not w.page.endswith(REPORTS)]
    if plain:
        lines.append(f"heaviest page without charts: {max(plain) / 1000:.1f} KB gzipped (budget {BUDGET_PLAIN // 1000} KB)")
    if charted:
        lines.append(f"heaviest page with charts:    {max(charted) / 1000:.1f} KB gzipped (budget {BUDGET_CHARTS // 1000} KB)")
    return lines, ok


if __name__ == "__main__":
    lines, ok = report(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
    print("\n".join(lines))
    sys.exit(0 if ok else 1)
