"""The render stage: pages as Markdown, Plotly figures, feeds, the badge and downloads, every
word in the site's language (`pages.render`). Knows nothing of MkDocs."""
