"""Languages: every label translated in every catalogue, and dates and numbers as each language writes them."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog

from generator.pipeline import generate
from generator.render.figures import Chart
from generator.render.i18n import SOURCE, available, cldr_to_d3, language
from tests.support.projects import EXAMPLE_DATA, FIXTURES
from tools.catalogue import LOCALES, TEMPLATE, read, render_po, template, untranslated

TRANSLATED = [code for code in available() if code != SOURCE]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_label_is_translated(code: str) -> None:
    missing = untranslated(read(LOCALES / f"{code}.po"), template())
    assert not missing, f"locales/{code}.po lacks {len(missing)} translations (run `make messages`, then translate): {missing}"


def test_a_missing_translation_is_found() -> None:
    catalog = read(LOCALES / "zh.po")
    catalog.delete("Current status")
    catalog.get("Risks").string = ""  # type: ignore[union-attr]
    catalog.get("Milestones").flags.add("fuzzy")  # type: ignore[union-attr]
    catalog.get("planned", context="sprints.state").string = ""  # type: ignore[union-attr]
    assert untranslated(catalog, template()) == ["Current status", "Milestones", "Risks", "sprints.state: planned"]


def test_a_label_nobody_translated_yet_is_found() -> None:
    source = template()
    source.add("A label added today")
    assert untranslated(read(LOCALES / "zh.po"), source) == ["A label added today"]


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_their_placeholders(code: str) -> None:
    problems = [(m.id, [str(e) for e in errors]) for m, errors in read(LOCALES / f"{code}.po").check()]
    assert not problems


def test_catalogue_template_is_current() -> None:
    assert TEMPLATE.read_text(encoding="utf-8") == render_po(template()), "locales/glasshouse.pot is stale: run `make messages`"


def test_every_language_is_offered_by_the_data_format_and_the_theme() -> None:
    descriptor = yaml.safe_load((EXAMPLE_DATA / "datapackage.yaml").read_text(encoding="utf-8"))
    project = next(r for r in descriptor["resources"] if r["name"] == "project")
    field = next(f for f in project["schema"]["fields"] if f["name"] == "language")
    assert tuple(sorted(field["constraints"]["enum"])) == tuple(sorted(available()))
    import material

    themes = Path(material.__file__).parent / "templates" / "partials" / "languages"
    for code in available():
        assert (themes / f"{code}.html").is_file(), f"Material for MkDocs has no language {code!r}"


def test_catalogue_locale_sets_the_formats() -> None:
    assert str(language("zh").locale) == "zh_Hans_CN"
    assert str(language("en").locale) == "en_001"
    with pytest.raises(KeyError, match="no catalogue for language 'xx'; available: en, zh"):
        language("xx")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", ["31 Mar 2026", "—", "+9 days late", "+1 day late", "on time", "3 days early", "80%", "1,234.5", "4", "+9 days", "-1 day"]),
        ("zh", ["2026年3月31日", "—", "延迟 9 天", "延迟 1 天", "按时", "提前 3 天", "80%", "1,234.5", "4", "+9 天", "-1 天"]),
    ],
)
def test_dates_and_numbers(code: str, expected: list[str]) -> None:
    lang = language(code)
    got = [
        lang.date(dt.date(2026, 3, 31)),
        lang.date(None),
        lang.slip(9),
        lang.slip(1),
        lang.slip(0),
        lang.slip(-3),
        lang.percent(0.8),
        lang.number(1234.5, 1),
        lang.number(4.2),
        lang.days(9),
        lang.days(-1),
    ]
    assert got == expected


def test_labels_of_fixed_lists() -> None:
    assert language("en").label("milestones.status", "in_progress") == "in progress"
    assert language("zh").label("milestones.status", "in_progress") == "进行中"
    # The same word, translated for where it stands.
    assert language("zh").label("sprints.state", "planned") != language("zh").label("feedback.action", "planned")


def test_cldr_dates_in_d3_notation() -> None:
    assert cldr_to_d3("d MMM y") == "%-d %b %Y"
    assert cldr_to_d3("y年M月d日") == "%Y年%-m月%-d日"
    assert cldr_to_d3("EEEE, d 'de' MMMM 'de' y") == "%A, %-d de %B de %Y"
    assert cldr_to_d3("dd.MM.yy '100%'") == "%d.%m.%y 100%%"
    with pytest.raises(ValueError, match="date pattern 'h:mm a': field 'h' has no d3 equivalent"):
        cldr_to_d3("h:mm a")


def test_chart_locale_for_plotly() -> None:
    fmt = language("zh").plotly_locale()["format"]
    assert fmt["shortMonths"][0] == "1月" and len(fmt["months"]) == 12
    assert (fmt["dayMonthYear"], fmt["month"], fmt["decimal"], fmt["thousands"]) == ("%Y年%-m月%-d日", "%Y年%-m月", ".", ",")
    assert language("zh").plotly_locale()["dictionary"]["Reset axes"] == "重置坐标轴"
    assert language("en").plotly_locale()["format"]["dayMonthYear"] == "%-d %b %Y"


# Words a Chinese page may hold in Latin letters: product names and the format of ids.
LATIN_ALLOWED = {"PDF", "Glasshouse", "M", "R", "CR", "FB", "Atom", "RSS"}  # names, not words to translate


def _latin_words(markdown: str) -> set[str]:
    """The Latin-letter words a reader sees on a page: no markup, scripts, link targets or front matter."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"<(script|template)\b.*?</\1>", "", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"(?m)^\[[^\]]+\]: \S+$", " ", text)  # a reference link's target: [calendar]: https://…
    text = re.sub(r"\]\[[^\]]*\]", "]", text)  # and its label: [subscribe][calendar]
    text = re.sub(r"\{ #[\w-]+ \}", " ", text)  # a heading's address, such as { #about-m-07 }
    text = re.sub(r"\b[\w.-]+\.(?:csv|json|xml|svg)\b", " ", text)  # file names, such as downloads
    text = html.unescape(re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), text))
    text = re.sub(r"[\w.]+@[\w.]+", " ", text).replace("Material for MkDocs", " ")  # addresses, a product
    return set(re.findall(r"[A-Za-z]+", text)) - LATIN_ALLOWED


def _zh_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURES / "zh" / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def test_a_chinese_site_has_no_english_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Catches labels that never reached the catalogue: the Chinese fixture's data is Chinese, so
    any English word on its pages was written by Glasshouse and left untranslated."""
    site = generate(_zh_data(tmp_path, monkeypatch))
    assert site.language == "zh"
    for page in site.pages:
        if page.path == "reference.md":  # field descriptions are the data format's own English
            continue
        assert not _latin_words(page.markdown), page.path
        assert not re.findall(r"[A-Za-z]{2,}", html.unescape(page.title)), page.path
    for name, label in site.labels.items():  # placeholders are the theme's to fill (the archived banner)
        assert not _latin_words(re.sub(r"%\(\w+\)s", "", label)), name
    badge = site.file("badge.svg")
    assert isinstance(badge, str) and not _latin_words(badge)


def test_chinese_charts_are_labelled_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = generate(_zh_data(tmp_path, monkeypatch))
    for chart in site.charts.values():
        if not isinstance(chart, Chart):
            continue  # drawn in HTML: read on the page below
        figure = json.loads(chart.json())
        assert figure["config"]["locale"] == "zh"
        texts = [chart.caption, chart.summary, *chart.headers, *(c for row in chart.rows for c in row)]
        for trace in figure["data"]:
            texts += [trace.get("name") or "", trace.get("hovertemplate") or "", *map(str, trace.get("customdata") or [])]
        layout = figure["layout"]
        texts += [layout.get(ax, {}).get("title", {}).get("text", "") for ax in ("xaxis", "yaxis")]
        for lay in (layout, figure["narrow"]):
            texts += [a["text"] for a in lay.get("annotations", [])]
            texts += [str(v) for ax in ("xaxis", "yaxis") for v in (lay.get(ax, {}).get("ticktext") or [])]
        texts += [s.get("name", "") for s in layout.get("shapes", [])]
        words = _latin_words(" ".join(re.sub(r"%\{[^}]*\}|<br>|<extra></extra>", " ", t) for t in texts))
        assert not words, (chart.id, words)
    # The milestone timeline, drawn in HTML: its legend, marks, dates along the scale and table.
    md = site.page("milestones.md").markdown
    timeline = md[md.index('<figure class="gh-figure gh-tl"') : md.index("</details>", md.index('class="gh-figure gh-tl"'))]
    titles = [html.unescape(t) for t in re.findall(r'title="([^"]*)"', timeline)]
    assert "基线 2026年1月30日" in titles and "M-01 需求调研完成" in titles
    assert "2026年1月" in html.unescape(timeline)  # a date along the scale
    assert not _latin_words(timeline + " ".join(titles)), _latin_words(timeline + " ".join(titles))
    # The sprints' charts, drawn in HTML: legends, axes, tips, captions and tables.
    md = site.page("sprints/index.md").markdown
    plots = re.findall(r'<figure class="gh-figure gh-plot.*?</details>', md, flags=re.S)
    assert len(plots) == 2 and "承诺" in plots[0] and "（累计）" in plots[1]
    assert not _latin_words("".join(plots)), _latin_words("".join(plots))


def test_english_site_reads_as_before(minimal: Path) -> None:
    site = generate(minimal)
    md = site.page("milestones.md").markdown
    assert '- Status: <span class="gh-ms gh-ms--at_risk">at risk</span>; owner: Bo Sponsor' in md, md
    assert "- First promised for 15 Apr 2026, forecast 24 Apr 2026 (+9 days late)" in md
    assert "3 milestones: 1 delivered, 2 open, 1 of them later than first promised." in md
    changes = site.page("changes.md").markdown
    assert "2 change requests: 1 accepted, 1 pending, 0 deferred, 0 rejected." in changes
    assert "Accepted changes move the schedule by 5 days in total." in changes
    sprint = site.page("sprints/sprint-01.md").markdown
    assert "- Dates: 2 Mar 2026 – 13 Mar 2026 (closed)" in sprint
    assert "- Committed: 20 points; completed: 18 points (90%)" in sprint
    assert "Work is counted in points&#58; the team&#39;s own estimate" in sprint


def test_one_catalogue_adds_a_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy of the template with a Language header and translations is all a new language needs."""
    catalog = Catalog(locale="de")
    catalog.add("Overview", "Übersicht")
    catalog.add("on time", "pünktlich")
    folder = tmp_path / "locales"
    folder.mkdir()
    (folder / "de.po").write_text(render_po(catalog), encoding="utf-8")
    import generator.render.i18n as i18n

    monkeypatch.setattr(i18n, "_catalogue_files", lambda: {"de": folder / "de.po"})
    i18n.language.cache_clear()
    try:
        de = i18n.language("de")
        assert (de.gettext("Overview"), de.slip(0), de.date(dt.date(2026, 3, 31))) == ("Übersicht", "pünktlich", "31. März 2026")
        assert de.gettext("Risks") == "Risks"  # untranslated labels fall back to English
    finally:
        i18n.language.cache_clear()
