"""write_project(): the core's output as a whole project another builder builds without the plugin."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
import yaml

from generator.errors import GlasshouseError
from generator.history.edition import Edition
from generator.pipeline import generate
from generator.repo.stamp import make_stamp
from generator.site.export import write_project
from tests.support.projects import EPOCH, EXAMPLE_DATA, FIXTURES, ROOT


def test_every_page_file_and_asset_is_written_and_counted(minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # the same build time for both generations
    out = tmp_path / "out"
    count = write_project(minimal, out, tmp_path / "mkdocs.yml")  # no mkdocs.yml: Material's defaults
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert count == len(written)
    site = generate(minimal, "public", Edition(make_stamp(minimal)))  # stamped, like the export
    for page in site.pages:
        assert (out / "docs" / page.path).read_text(encoding="utf-8") == page.markdown, page.path
    for name in site.files:  # text, bytes and files written as the site is, alike, unchanged
        data = (out / "docs" / name).read_bytes()
        content = site.file(name)
        assert data == (content if isinstance(content, bytes) else content.encode("utf-8")), name
    assert (out / "docs" / "downloads" / "feedback.csv").read_bytes().startswith(b"\xef\xbb\xbfid,date,")
    assert "docs/assets/glasshouse/glasshouse.js" in written
    assert yaml.safe_load((out / "nav.yml").read_text(encoding="utf-8")) == {"nav": site.nav_config()}
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"] == {"name": "material", "language": "en"}
    assert config["plugins"] == ["search"] and config["nav"] == site.nav_config()


def test_the_teams_configuration_is_completed_and_the_plugin_left_out(tmp_path: Path) -> None:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    out = tmp_path / "out"
    write_project(EXAMPLE_DATA, out, tmp_path / "mkdocs.yml")
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Harbour Connect" and config["docs_dir"] == "docs"
    assert config["plugins"] == ["search"]
    assert config["theme"]["custom_dir"] == "theme" and (out / "theme" / "main.html").is_file()
    assert config["nav"][-2:] == ["about.md", "give-feedback.md"] and (out / "docs" / "about.md").is_file()
    outside = config["not_in_nav"].split("\n")
    assert outside[:2] == ["/print.md", "/reference.md"]
    assert outside[2:] and all(p.startswith("/feedback/answers-") for p in outside[2:])  # reached from the feedback page
    assert config["extra_css"] == ["assets/glasshouse/glasshouse.css"]
    assert config["extra_javascript"] == ["assets/glasshouse/charts.js", "assets/glasshouse/glasshouse.js"]
    stamp = config["extra"]["glasshouse"]
    assert stamp["audience"] == "public" and stamp["data_hash"].startswith("sha256:") and stamp["labels"]["report"]


def test_a_lost_hand_written_page_stops_the_export(tmp_path: Path) -> None:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "content").mkdir()
    with pytest.raises(GlasshouseError, match=r"give-feedback.md is missing .* \(index.md, feedback.md\)"):
        write_project(FIXTURES / "empty" / "data", tmp_path / "out", tmp_path / "mkdocs.yml")


def test_the_internal_audience_writes_the_internal_records(tmp_path: Path) -> None:
    write_project(EXAMPLE_DATA, tmp_path / "public", tmp_path / "mkdocs.yml")
    write_project(EXAMPLE_DATA, tmp_path / "internal", tmp_path / "mkdocs.yml", "internal")
    # As a reader sees them: the pages write ids with their hyphens as character references.
    public = html.unescape((tmp_path / "public" / "docs" / "risks.md").read_text(encoding="utf-8"))
    internal = html.unescape((tmp_path / "internal" / "docs" / "risks.md").read_text(encoding="utf-8"))
    assert "R-014" in internal and "R-014" not in public  # a risk marked 'visibility: internal'
    assert "R-001" in internal and "R-001" in public
    internal_config = yaml.safe_load((tmp_path / "internal" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert internal_config["extra"]["glasshouse"]["audience"] == "internal"
