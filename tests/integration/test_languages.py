"""Real sites in each language, built with `mkdocs build --strict`: labels, theme, search index, badge."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def en_site(minimal_site: Path) -> Path:
    """The minimal fixture, in English."""
    return minimal_site


def _page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_the_data_sets_the_language_of_every_page(zh_site: Path) -> None:
    # mkdocs.yml says `language: en`; project.yaml's `language: zh` wins.
    assert "language: en" in (zh_site.parent / "mkdocs.yml").read_text(encoding="utf-8")
    for page in zh_site.rglob("*.html"):
        assert '<html lang="zh"' in page.read_text(encoding="utf-8"), page


def test_chinese_labels_dates_and_theme(zh_site: Path) -> None:
    html = _page(zh_site, "index.html")
    assert "<title>港口预订平台</title>" in html
    assert '<span aria-hidden="true">▲</span> 黄色：存在风险</span>' in html
    assert '状态截至 <time datetime="2026-03-31">2026年3月31日</time> · 下次更新 <time datetime="2026-04-14">2026年4月14日</time>' in html
    assert '<span class="gh-slip gh-slip--late">延迟 9 天</span>' in html
    # Navigation, Material's own labels, the footer and the light/dark switch.
    for label in (
        "当前状态",
        "里程碑",
        "项目发起人报告",
        "数据参考",
        'placeholder="搜索"',
        'title="切换到深色模式"',
        "构建于 2026-11-23 12:00 UTC",
    ):
        assert label in html, label
    sprint = _page(zh_site, "sprints/sprint-01/index.html")
    assert "<title>冲刺 1：基础建设 - 港口预订平台</title>" in sprint
    assert "全部冲刺" in sprint  # the sprints' section, in their own navigation
    assert "日期：2026年3月2日 – 2026年3月13日（已结束）" in sprint


def test_english_site_keeps_english(en_site: Path) -> None:
    html = _page(en_site, "index.html")
    assert '<html lang="en"' in html and 'placeholder="Search"' in html
    assert 'Status as of <time datetime="2026-03-31">31 Mar 2026</time> · next update due' in html
    # The sponsor report is linked from the footer, not the navigation.
    assert '<span class="gh-footer-link">· <a href="print/">Sponsor report</a></span>' in html
    assert not re.search(r'<a href="print/" class="md-nav__link">', html)


def _index(site: Path) -> dict[str, object]:
    return json.loads(_page(site, "search/search_index.json"))  # type: ignore[no-any-return]


def test_chinese_search_index_is_split_into_words(zh_site: Path) -> None:
    index = _index(zh_site)
    config = index["config"]
    assert isinstance(config, dict)
    # Material's Chinese word separator includes the zero-width space that jieba's words are joined with.
    assert "\\u200b" in config["separator"] and config["lang"] == ["en"]
    separator = re.compile(config["separator"].replace("\\u200b", "\u200b").replace("\\u3000", "\u3000"))
    words: dict[str, set[str]] = {}
    for doc in index["docs"]:  # type: ignore[attr-defined]
        for word in separator.split(re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])):
            words.setdefault(word, set()).add(doc["location"].split("#")[0])
    # "传真" (fax) sits inside longer sentences ("支持传真预订"); it is found as a word of its own.
    assert {"changes/", "feedback/"} <= words["传真"]
    assert "支持传真预订" not in words


def test_english_search_index_is_unchanged(en_site: Path) -> None:
    config = _index(en_site)["config"]
    assert isinstance(config, dict) and config["lang"] == ["en"] and "\\u200b" not in config["separator"]


def test_badge_is_served_at_the_site_root(zh_site: Path, en_site: Path) -> None:
    for site, title in ((en_site, "Status of Minimal Project on 31 Mar 2026"), (zh_site, "港口预订平台 截至 2026年3月31日 的状态")):
        root = ET.fromstring((site / "badge.svg").read_bytes())
        assert (root.findtext("{http://www.w3.org/2000/svg}title") or "").startswith(title)
    assert '<span class="gh-footer-link">· <a href="badge.svg">状态徽章</a></span>' in _page(zh_site, "index.html")


def test_status_report_holds_the_whole_status(zh_site: Path) -> None:
    html = _page(zh_site, "print/index.html")
    assert "<title>项目发起人报告 - 港口预订平台</title>" in html
    for heading in ("状态与要点", "需要您决策或支持的事项", "下一阶段", "里程碑", "风险", "反馈", "变更请求", "冲刺", "联系人"):
        assert re.search(rf"<h[23] [^>]*>{heading}<", html), heading
    for text in ("试点上线推迟九天", "M-02", "供应商延误", "支持传真预订", "增加短信提醒", "王芳"):
        assert text in html.replace("&#45;", "-"), text
    assert 'class="gh-chart"' not in html  # tables, not interactive charts


def test_internal_banner_speaks_the_site_language(project: Callable[[str], Path]) -> None:
    root = project("zh")
    result = CliRunner().invoke(cli, ["build", "--audience", "internal"])
    assert result.exit_code == 0, result.output
    html = _page(root / "site-internal", "index.html")
    assert '<strong class="gh-internal__label">内部</strong>' in html
    assert "<span>此版本仅供项目团队使用：包含标记为内部的记录和字段。请勿分享本网站或其下载文件。</span>" in html
    assert '<div class="gh-internal-mark" aria-hidden="true">内部 · 请勿分享</div>' in html


def test_chinese_search_finds_ids_inside_chinese_punctuation(zh_site: Path) -> None:
    index = _index(zh_site)
    config = index["config"]
    assert isinstance(config, dict)
    separator = re.compile(config["separator"])
    # An id or an error code in Chinese brackets and before a Chinese full stop is a word of its own.
    words_of = [w for w in separator.split("上传失败，错误（E4172）。见 FB-0001、M-02。") if w]
    assert words_of == ["上传失败", "错误", "E4172", "见", "FB", "0001", "M", "02"]
    words: dict[str, set[str]] = {}
    for doc in index["docs"]:  # type: ignore[attr-defined]
        for word in separator.split(re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])):
            words.setdefault(word.lower(), set()).add(doc["location"].split("#")[0])
    assert "feedback/answers-users/" in words["0001"] and "milestones/" in words["02"]
