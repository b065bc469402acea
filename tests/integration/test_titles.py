"""A project name, page titles and navigation with & < > " ' show exactly as written, everywhere."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.support.artefacts import unmeasured
from tests.support.projects import FIXTURES, ROOT, build_site, copy_project

pytestmark = pytest.mark.slow

NAME = "A & B <C> \"D\" 'E'"
SPRINT = 'Fix & "polish" <now>'
MATERIAL = Path(str(__import__("material").__file__)).parent / "templates"


class _Seen(HTMLParser):
    """What a browser makes of a page: the title, attributes by element class, and link texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.attrs: list[dict[str, str | None]] = []
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs.append(dict(attrs, tag=tag))
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "title":
            self.title += data
        self.text.append(data)


def seen(path: Path) -> _Seen:
    parser = _Seen()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
@unmeasured()
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("titles") / "project", FIXTURES / "minimal" / "data")
    project = root / "data" / "project.yaml"
    project.write_text(project.read_text().replace("name: Minimal Project", f"name: '{NAME.replace(chr(39), chr(39) * 2)}'"))
    sprints = root / "data" / "sprints.yaml"
    sprints.write_text(sprints.read_text().replace("name: Pilot polish", f"name: '{SPRINT}'"))
    (root / "content" / "about.md").write_text("# About A & B \"q\" 's'\n\nText.\n")
    return build_site(root)


def test_exact_html_of_the_site_name(site: Path) -> None:
    html = (site / "risks" / "index.html").read_text(encoding="utf-8")
    assert "<title>Risks - A &amp; B &lt;C&gt; &#34;D&#34; &#39;E&#39;</title>" in html
    logo = 'title="A &amp; B &lt;C&gt; &quot;D&quot; &#x27;E&#x27;" class="md-header__button md-logo"'
    assert logo in html
    assert 'aria-label="A &amp; B &lt;C&gt; &quot;D&quot; &#x27;E&#x27;" data-md-component="logo"' in html
    assert "&amp;amp;" not in html and "&amp;lt;" not in html and "&amp;quot;" not in html and "&amp;#" not in html


def test_every_page_shows_the_name_as_written(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        s = seen(page)
        assert s.title == NAME or s.title.endswith(f" - {NAME}"), (page, s.title)
        logos = [a for a in s.attrs if "md-logo" in (a.get("class") or "")]
        assert logos and all(a["title"] == NAME and a["aria-label"] == NAME for a in logos), page
        assert any(t.strip() == NAME for t in s.text), page


def test_navigation_and_hand_written_titles_show_as_written(site: Path) -> None:
    s = seen(site / "index.html")
    texts = [t.strip() for t in s.text]
    assert "About A & B \"q\" 's'" in texts
    # Sprint pages are in the navigation of the sprints' own pages (navigation.prune).
    assert f"Sprint 3: {SPRINT}" in [t.strip() for t in seen(site / "sprints" / "index.html").text]
    about = seen(site / "about" / "index.html")
    assert about.title == f"About A & B \"q\" 's' - {NAME}"
    sprint = seen(site / "sprints" / "sprint-03" / "index.html")
    assert sprint.title == f"Sprint 3: {SPRINT} - {NAME}"


def test_material_prints_the_names_through_its_own_partials(site: Path) -> None:
    # No copy of Material's header, navigation or footer: the plugin hands the titles over as
    # escaped once (Markup), so Material's own `| e` leaves them as they are.
    for name in ("header.html", "nav.html", "footer.html"):
        assert not (ROOT / "theme" / "partials" / name).exists(), name
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert "&amp;amp;" not in html and "&amp;lt;" not in html and "&amp;#" not in html, page
