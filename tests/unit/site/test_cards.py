"""Tables written in Markdown become tables of cards: each cell carries its column's name."""

from __future__ import annotations

import markdown

from generator.site.cards import card_tables

TABLE = """\
| Risk | Severity <em>now</em> | "Owner" |
|---|---|---|
| R-004 Pilot users leave | **High** | Cy |
| R-002 Low adoption | Medium | Bo & Ada |
"""


def test_each_cell_carries_its_columns_name_and_the_first_names_the_row() -> None:
    page = card_tables(markdown.markdown(TABLE, extensions=["tables"]))
    assert page.startswith('<table class="gh-table gh-table--cards">')
    assert '<th scope="row" data-label="Risk">R-004 Pilot users leave</th>' in page
    assert '<td data-label="Severity now"><strong>High</strong></td>' in page
    assert '<td data-label="&quot;Owner&quot;">Bo &amp; Ada</td>' in page
    assert page.count("data-label=") == 6 and page.count('scope="row"') == 2


def test_a_table_with_a_class_or_a_charts_data_is_left_alone() -> None:
    chart = '<details class="gh-chart-table" data-search-exclude><summary>Chart data</summary>\n' + markdown.markdown(
        TABLE, extensions=["tables"]
    )
    records = '<table class="gh-table"><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'
    page = chart + "</details>\n" + records
    assert card_tables(page) == page
    after = page + "\n" + markdown.markdown(TABLE, extensions=["tables"])  # a table after the chart's is one of cards
    assert card_tables(after).count("gh-table--cards") == 1


def test_the_page_around_the_tables_is_unchanged() -> None:
    table = markdown.markdown(TABLE, extensions=["tables"])
    page = f"<p>Before &amp; <b>after</b></p>\n{table}\n<p>Between</p>\n{table}\n<p>End</p>"
    out = card_tables(page)
    assert out.count("gh-table--cards") == 2
    assert out.startswith("<p>Before &amp; <b>after</b></p>\n") and out.endswith("\n<p>End</p>") and "\n<p>Between</p>\n" in out
