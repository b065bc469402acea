"""The hand-written pages the generated ones link to, and which of them the team has lost."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from generator.render.pages import Site

# A Markdown link to a page (`[text](give-feedback.md)`) and an HTML one in a generated block
# (`<a href="give-feedback/">`), each relative to the linking page.
_MARKDOWN_LINK = re.compile(r"\]\(([^()\s#:]+\.md)(?:#[^)]*)?\)")
_HTML_LINK = re.compile(r'href="([^"#:/][^"#:]*)/"')


def linked_pages(site: Site) -> dict[str, list[str]]:
    """Every page the generated pages link to that Glasshouse does not generate, each with the
    generated pages linking to it (paths relative to the docs directory)."""
    generated = {page.path for page in site.pages}
    found: dict[str, list[str]] = {}
    for page in site.pages:
        base = posixpath.dirname(page.path)
        # An HTML link is written for the page's address (`dir/index.html`): one level deeper.
        html_base = base if posixpath.basename(page.path) == "index.md" else page.path.removesuffix(".md")
        targets = [posixpath.normpath(posixpath.join(base, t)) for t in _MARKDOWN_LINK.findall(page.markdown)]
        targets += [posixpath.normpath(posixpath.join(html_base, t)) + ".md" for t in _HTML_LINK.findall(page.markdown)]
        for target in targets:
            if target in generated or posixpath.join(target.removesuffix(".md"), "index.md") in generated:
                continue
            if target.startswith("../"):
                continue
            pages = found.setdefault(target, [])
            if page.path not in pages:
                pages.append(page.path)
    return found


def missing_pages(site: Site, present: Iterable[str], docs_dir: str = "content") -> list[str]:
    """What to tell the team for each hand-written page a generated page links to that is not
    in the docs directory (`present`, its pages' paths): which page, what links to it, how to
    get it back. Empty when every one is there."""
    have = set(present)
    out = []
    for target, sources in sorted(linked_pages(site).items()):
        if target in have or posixpath.join(target.removesuffix(".md"), "index.md") in have:
            continue
        linking = ", ".join(sources)
        out.append(
            f"{target} is missing from the pages the team writes, and the generated pages link to it "
            f"({linking}).\n  "
            f"Restore it with `git checkout HEAD -- {docs_dir}/{target}` (or `git log -- '*{target}'` to find it), "
            f"or write a page of your own under that name; a new project (`glasshouse new`) has one to copy."
        )
    return out
