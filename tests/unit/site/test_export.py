"""write_markdown(): the core's output as files, for another Markdown site builder."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.pipeline import generate
from generator.site.export import write_markdown
from tests.support.projects import EPOCH, EXAMPLE_DATA


def test_every_page_file_and_asset_is_written_and_counted(minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # the same build time for both generations
    out = tmp_path / "out"
    count = write_markdown(minimal, out)
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert count == len(written)
    site = generate(minimal)
    for page in site.pages:
        assert (out / page.path).read_text(encoding="utf-8") == page.markdown, page.path
    for name, content in site.files.items():  # text and bytes alike, unchanged
        data = (out / name).read_bytes()
        assert data == (content if isinstance(content, bytes) else content.encode("utf-8")), name
    assert "assets/glasshouse/glasshouse.js" in written
    assert yaml.safe_load((out / "nav.yml").read_text(encoding="utf-8")) == {"nav": site.nav_config()}


def test_the_internal_audience_writes_the_internal_records(tmp_path: Path) -> None:
    write_markdown(EXAMPLE_DATA, tmp_path / "public")
    write_markdown(EXAMPLE_DATA, tmp_path / "internal", "internal")
    public = (tmp_path / "public" / "risks.md").read_text(encoding="utf-8")
    internal = (tmp_path / "internal" / "risks.md").read_text(encoding="utf-8")
    assert "R-014" in internal and "R-014" not in public  # a risk marked 'visibility: internal'
    assert "R-001" in internal and "R-001" in public
