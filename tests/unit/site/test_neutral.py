"""The configuration a builder without the plugin reads: complete, and the same settings the plugin gives."""

from __future__ import annotations

from generator.history.edition import Edition
from generator.pipeline import generate
from generator.site.neutral import neutral_config, plugin_settings, without_plugin
from tests.support.projects import FIXTURES

MINIMAL = FIXTURES / "minimal" / "data"


def test_a_snapshot_gets_the_version_selector_and_its_own_address() -> None:
    site = generate(MINIMAL, "public", Edition(version="sprint-03", title="Sprint 3"))
    plugins = ["search", {"glasshouse": {"data_dir": "data"}}]
    config = neutral_config(site, {"site_url": "https://status.example.org/", "plugins": plugins}, [])
    assert config["extra"]["version"] == {"provider": "mike", "default": "latest", "alias": True}
    assert config["extra"]["glasshouse"]["snapshot"] == {"version": "sprint-03", "title": "Sprint 3", "corrections": []}
    assert config["extra"]["glasshouse"]["feed"] == "../feed.xml"
    assert config["site_url"] == "https://status.example.org/sprint-03/"
    assert config["plugins"] == ["search"]


def test_a_plain_build_has_no_version_selector_and_keeps_the_teams_own_settings() -> None:
    site = generate(MINIMAL)
    team = {"theme": {"name": "material", "palette": [{"toggle": {"name": "Switch to dark mode"}}]}, "extra": {"analytics": False}}
    config = neutral_config(site, team, ["about.md"])
    assert "version" not in config["extra"] and config["extra"]["analytics"] is False
    assert config["nav"][-1] == "about.md" and config["theme"]["language"] == "en"
    assert team == {"theme": {"name": "material", "palette": [{"toggle": {"name": "Switch to dark mode"}}]}, "extra": {"analytics": False}}


def test_the_plugin_is_found_and_left_out_in_each_spelling() -> None:
    assert plugin_settings(["search", "glasshouse"]) == {}
    assert plugin_settings([{"glasshouse": {"builder": "zensical"}}]) == {"builder": "zensical"}
    assert plugin_settings(["search"]) is None
    assert without_plugin(["search", "glasshouse", {"glasshouse": None}, {"tags": {}}]) == ["search", {"tags": {}}]
