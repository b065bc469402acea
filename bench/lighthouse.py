#!/usr/bin/env python3
"""Lighthouse on a phone: every page of the example site, as a customer's phone loads it.

    bench/lighthouse.py                 # builds the example into bench/out/lighthouse/, then runs
    bench/lighthouse.py --site site     # an already built site
    bench/lighthouse.py milestones/     # some pages only

Lighthouse (npm's `lighthouse`, installed by `make lighthouse` into .tools/) runs its mobile preset
(a mid-range phone, throttled network and CPU) with Debian's Chromium, against the site served from
the loopback with gzip, as a static host serves it. For each page it prints the performance score,
the largest contentful paint, the cumulative layout shift and the total blocking time, then each
goal of issue "Fast at any size" with whether it is met: a score of 95 or more on every page, no
layout shift above 0.05, and the largest paint of the first chart page (milestones/) within 2.5 s.
Scores vary by a few points from run to run on a busy machine; `--runs 3` keeps each page's median.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
LIGHTHOUSE = ROOT / ".tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".ics")
# The goals (issue "Fast at any size"): a score, a layout shift, and the first chart's paint.
SCORE, SHIFT, PAINT_MS, FIRST_CHART_PAGE = 95, 0.05, 2500, "milestones/"


class Gzipped(http.server.SimpleHTTPRequestHandler):
    """Static files as a host serves them: text compressed with gzip when the browser accepts it."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.is_file() and path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)

    def log_message(self, *args: Any) -> None:
        pass


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: Any) -> bytes:
        out, self.data = self.data, b""
        return out

    def close(self) -> None:
        pass


def pages(site: Path) -> list[str]:
    """Every page of the site, as paths from its root (the sitemap's pages)."""
    import re

    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    return [re.sub(r"^https?://[^/]+/", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]


def audit(url: str, out: Path) -> dict[str, float]:
    """One Lighthouse run of `url`: its score and the three metrics the goals name."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run"
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance", "--output=json", f"--output-path={out}",
           f"--chrome-flags={flags}"]  # fmt: skip
    subprocess.run(cmd, env=env, check=True, timeout=300, capture_output=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    return {
        "score": round(report["categories"]["performance"]["score"] * 100),
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
    }


def build_example(out: Path) -> Path:
    from tests.support.projects import EXAMPLE_DATA, copy_project  # the project as the tests build it

    project = copy_project(out / "project", EXAMPLE_DATA)
    subprocess.run([str(Path(sys.executable).parent / "glasshouse"), "build"], cwd=project, check=True, capture_output=True)
    return project / "site"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", help="pages to audit, as paths from the site's root (default: every page)")
    parser.add_argument("--site", type=Path, help="a built site (default: build the example)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; the median is kept")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make lighthouse`")
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    sys.path.insert(0, str(ROOT))
    site = args.site.resolve() if args.site else build_example(work)
    handler = functools.partial(Gzipped, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True).stdout.strip()
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    print(f"Lighthouse {version}, mobile preset, {chromium}; {site}, served with gzip\n")
    print(f"{'page':<40} {'score':>5} {'LCP':>7} {'CLS':>6} {'TBT':>7}")
    found: dict[str, dict[str, float]] = {}
    try:
        for path in args.pages or pages(site):
            runs = [audit(base + path, work / "report.json") for _ in range(args.runs)]
            found[path] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            f = found[path]
            print(f"{path or '(overview)':<40} {f['score']:>5.0f} {f['lcp_ms'] / 1000:>6.2f}s {f['cls']:>6.3f} {f['tbt_ms']:>6.0f}ms")
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    low = [p or "(overview)" for p, f in found.items() if f["score"] < SCORE]
    shifted = [p or "(overview)" for p, f in found.items() if f["cls"] > SHIFT]
    paint = found.get(FIRST_CHART_PAGE, {}).get("lcp_ms")
    print()
    print(f"score {SCORE} or more on every page: {'met' if not low else 'not met: ' + ', '.join(low)}")
    print(f"no layout shift above {SHIFT}: {'met' if not shifted else 'not met: ' + ', '.join(shifted)}")
    if paint is not None:
        print(f"first chart's largest paint ({FIRST_CHART_PAGE}) within {PAINT_MS / 1000} s: "
              f"{paint / 1000:.2f} s, {'met' if paint <= PAINT_MS else 'not met'}")  # fmt: skip


if __name__ == "__main__":
    main()
