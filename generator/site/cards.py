"""Tables written in Markdown (the sponsor report's, What changed's) read on a phone as the other
tables of the site do: a card per row, each value under its column's name.

Python-Markdown writes a table as a bare `<table>` with a header row; the site's tables of records
are `<table class="gh-table">`, whose cells carry their column's name in `data-label` for the
stylesheet to show beside the value at phone width. Each bare table with a header row becomes one:
its first cell names the row (`<th scope="row">`, the card's title) and every cell gets its
column's name. A chart's data table, inside its `<details>`, is left as it is: it scrolls.
"""

from __future__ import annotations

import html
import itertools
import re

_TABLE = re.compile(r"<table>\s*<thead>(?P<head>.*?)</thead>\s*<tbody>(?P<body>.*?)</tbody>\s*</table>", re.S)
_HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td(?P<attrs>\b[^>]*)>(?P<content>.*?)</td>", re.S)
_TAG = re.compile(r"<[^>]+>")
_CHART_TABLE = '<details class="gh-chart-table"'


def card_tables(page: str) -> str:
    """`page` (HTML) with each bare Markdown table made a table of cards."""
    out, pos = [], 0
    for table in _TABLE.finditer(page):
        if page.rfind(_CHART_TABLE, 0, table.start()) > page.rfind("</details>", 0, table.start()):
            continue  # a chart's data: its own table
        labels = [_label(h) for h in _HEADER.findall(table["head"])]
        body = _ROW.sub(lambda row, labels=labels: f"<tr>{_cells(row[1], labels)}</tr>", table["body"])
        head = f'<table class="gh-table gh-table--cards">\n<thead>{table["head"]}</thead>'
        out += [page[pos : table.start()], f"{head}\n<tbody>{body}</tbody>\n</table>"]
        pos = table.end()
    out.append(page[pos:])
    return "".join(out)


def _label(header: str) -> str:
    """A header cell's text, as an attribute value."""
    return html.escape(html.unescape(_TAG.sub("", header)).strip(), quote=True)


def _cells(row: str, labels: list[str]) -> str:
    column = itertools.count()

    def cell(m: re.Match[str]) -> str:
        i = next(column)
        label = f' data-label="{labels[i]}"' if i < len(labels) else ""
        tag = "th" if i == 0 else "td"
        scope = ' scope="row"' if i == 0 else ""
        return f"<{tag}{scope}{m['attrs']}{label}>{m['content']}</{tag}>"

    return _CELL.sub(cell, row)
