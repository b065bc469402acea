"""Languages: every label Glasshouse writes, and dates and numbers as each language writes them.

English is the source language: labels are written in English in the code and the templates, and
`locales/<code>.po` (a gettext catalogue, read with Babel) translates them, so adding a language is
one file. Dates and numbers follow the catalogue's locale from the Unicode CLDR data Babel ships,
never a hand-written table, so a new language gets its date formats and month names for free.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as gettext_module
import io
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from babel import Locale
from babel.dates import format_skeleton, get_month_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

SOURCE = "en"
# International English: "31 Mar 2026", the form customers on every continent read unambiguously.
SOURCE_LOCALE = "en_001"


def N_(message: str) -> str:
    """Marks a label for the catalogue where it is defined; it is translated where it is shown."""
    return message


# The overall status in words beside its colour, so that it never rests on colour alone.
STATUS_WORDS = {"green": N_("On track"), "amber": N_("At risk"), "red": N_("Off track")}


def _catalogue_files() -> dict[str, Any]:
    folder = resources.files("generator.render").joinpath("locales")
    return {f.name.removesuffix(".po"): f for f in folder.iterdir() if f.name.endswith(".po")}


def available() -> tuple[str, ...]:
    """Every language a site can be built in: the source language and one per catalogue."""
    return (SOURCE, *sorted(_catalogue_files()))


@functools.lru_cache(maxsize=8192)
def _skeleton(skeleton: str, value: dt.date, locale: Locale) -> str:
    """A date as `locale` writes it in the form `skeleton` gives, each worked out once: pages
    write the same few hundred days thousands of times, and CLDR's formatting takes a while."""
    return str(format_skeleton(skeleton, value, locale=locale))


@dataclass(frozen=True)
class Language:
    """One language's labels, dates and numbers; everything the core writes goes through one."""

    code: str
    locale: Locale
    translations: gettext_module.NullTranslations = field(compare=False, repr=False)

    def gettext(self, message: str, /, **values: object) -> str:
        """The translated label, with `%(name)s` placeholders filled in when values are given."""
        text = self.translations.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        """A label that depends on a count; `%(n)s` in it is the count."""
        return self.translations.ngettext(singular, plural, n) % {"n": n, **values}

    def pgettext(self, context: str, message: str, /, **values: object) -> str:
        """A label whose translation depends on where it is used (`context`)."""
        text = self.translations.pgettext(context, message)
        return text % values if values else text

    def label(self, context: str, value: str) -> str:
        """A value of the data format's fixed lists (a milestone's status, a risk's category...)."""
        return self.pgettext(context, value.replace("_", " "))

    def date(self, value: dt.date | None) -> str:
        return "—" if value is None else _skeleton("yMMMd", value, self.locale)

    def when_answered(self, received: dt.date, answered: dt.date | None) -> str:
        """When a piece of feedback came in and, if the team recorded it, when it was answered."""
        if answered is None:
            return self.gettext("received %(date)s", date=self.date(received))
        return self.gettext("received %(received)s, answered %(answered)s", received=self.date(received), answered=self.date(answered))

    def day_month(self, value: dt.date) -> str:
        """A date without its year, for the first date of a range within one year."""
        return _skeleton("MMMd", value, self.locale)

    def number(self, value: float | None, decimals: int = 0) -> str:
        if value is None:
            return "—"
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return str(format_decimal(value, format=pattern, locale=self.locale))

    def percent(self, share: float | None) -> str:
        return "—" if share is None else str(format_percent(share, locale=self.locale))

    def status_word(self, value: str) -> str:
        """The overall status (green, amber, red) in words: "At risk"."""
        return self.gettext(STATUS_WORDS[value])

    def status_words(self, value: str) -> str:
        """The overall status as customers read it, colour and words: "Amber: At risk"."""
        colour = self.label("project.status", value).capitalize()
        return self.gettext("%(colour)s: %(words)s", colour=colour, words=self.status_word(value))

    def slip(self, days: int | None) -> str:
        """A milestone's slip against its baseline, in words."""
        if days is None:
            return "—"
        if days == 0:
            return self.gettext("on time")
        if days > 0:
            return self.ngettext("+%(n)s day late", "+%(n)s days late", days)
        return self.ngettext("%(n)s day early", "%(n)s days early", -days)

    def days(self, days: int) -> str:
        """A signed number of days, for tables and chart labels where space is short."""
        if days == 0:
            return self.gettext("on time")
        return self.ngettext("%(n)s day", "%(n)s days", abs(days), n=f"{days:+d}")

    def shift(self, days: int) -> str:
        """How far a change moves the schedule, with its direction: "21 days later", "5 days earlier"."""
        if days == 0:
            return self.gettext("no change to the dates")
        if days > 0:
            return self.ngettext("%(n)s day later", "%(n)s days later", days)
        return self.ngettext("%(n)s day earlier", "%(n)s days earlier", -days)

    def date_near(self, value: dt.date, near: dt.date) -> str:
        """A date beside another it is read with: without its year when both fall in the same year."""
        return self.day_month(value) if value.year == near.year else self.date(value)

    def d3_date(self, skeleton: str) -> str:
        """The locale's pattern for `skeleton` in the d3 notation plotly.js formats dates with."""
        return cldr_to_d3(self.locale.datetime_skeletons[skeleton].pattern)

    def plotly_locale(self) -> dict[str, Any]:
        """plotly.js's locale for charts: month names, date and number formats, toolbar labels."""
        months = get_month_names("wide", locale=self.locale)
        short = get_month_names("abbreviated", locale=self.locale)
        fmt = {
            "months": [months[i] for i in range(1, 13)],
            "shortMonths": [short[i] for i in range(1, 13)],
            "decimal": get_decimal_symbol(self.locale),
            "thousands": get_group_symbol(self.locale),
            "date": self.d3_date("yMd"),
            "year": self.d3_date("y"),
            "month": self.d3_date("yMMM"),
            "dayMonth": self.d3_date("MMMd"),
            "dayMonthYear": self.d3_date("yMMMd"),
        }
        return {"format": fmt, "dictionary": {m: self.gettext(m) for m in PLOTLY_MESSAGES}}


# The chart toolbar's labels (plotly.js's own words) that Glasshouse's charts show.
PLOTLY_MESSAGES = (
    N_("Zoom"),
    N_("Pan"),
    N_("Zoom in"),
    N_("Zoom out"),
    N_("Autoscale"),
    N_("Reset axes"),
    N_("Toggle Spike Lines"),
    N_("Show closest data on hover"),
    N_("Compare data on hover"),
    N_("Double-click to zoom back out"),
    N_("Double-click on legend to isolate one trace"),
)


# Labels of the example mkdocs.yml (the light/dark switch); the plugin translates them when the
# catalogue knows them, and leaves any other wording a site chooses as it is.
THEME_MESSAGES = (N_("Switch to dark mode"), N_("Switch to light mode"))


def cldr_to_d3(pattern: str) -> str:
    """A CLDR date pattern ("d MMM y", "y年M月d日") in d3-time-format notation ("%-d %b %Y")."""
    fields = {"y": "%Y", "yy": "%y", "yyyy": "%Y", "M": "%-m", "MM": "%m", "MMM": "%b", "MMMM": "%B", "L": "%-m", "LL": "%m"}
    fields |= {"LLL": "%b", "LLLL": "%B", "d": "%-d", "dd": "%d", "E": "%a", "EE": "%a", "EEE": "%a", "EEEE": "%A"}
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "'":
            end = pattern.find("'", i + 1)
            end = len(pattern) if end == -1 else end
            out.append(pattern[i + 1 : end].replace("%", "%%") or "'")
            i = end + 1
        elif ch.isascii() and ch.isalpha():
            j = i
            while j < len(pattern) and pattern[j] == ch:
                j += 1
            token = pattern[i:j]
            if token not in fields:
                raise ValueError(f"date pattern {pattern!r}: field {token!r} has no d3 equivalent")
            out.append(fields[token])
            i = j
        else:
            out.append("%%" if ch == "%" else ch)
            i += 1
    return "".join(out)


@functools.cache
def language(code: str) -> Language:
    """The language `code` (as in project.yaml); English when the code is the source language."""
    if code == SOURCE:
        return Language(SOURCE, Locale.parse(SOURCE_LOCALE), gettext_module.NullTranslations())
    files = _catalogue_files()
    if code not in files:
        raise KeyError(f"no catalogue for language {code!r}; available: {', '.join(available())}")
    catalog = read_po(io.BytesIO(files[code].read_bytes()))
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    locale = catalog.locale or Locale.parse(code)
    return Language(code, locale, gettext_module.GNUTranslations(compiled))
