"""The team's words in the customers' language: what an iteration is called, what its work counts.

A team that works in periods reads "Period 19: Budget review", not "Sprint 19: Period 19"; one that
counts tasks reads "24 of 30 tasks", and points, which customers do not know, are explained
where they are shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model.records import Project, Sprint
from generator.render.i18n import N_, Language

# Each iteration word: one, many, and both as a title starts them.
ITERATION = {
    "sprint": (N_("sprint"), N_("sprints"), N_("Sprint"), N_("Sprints")),
    "iteration": (N_("iteration"), N_("iterations"), N_("Iteration"), N_("Iterations")),
    "period": (N_("period"), N_("periods"), N_("Period"), N_("Periods")),
    "cycle": (N_("cycle"), N_("cycles"), N_("Cycle"), N_("Cycles")),
}
ESTIMATES = ("points", "story_points")
UNIT_LABELS = {
    "points": N_("Points"),
    "story_points": N_("Story points"),
    "tasks": N_("Tasks"),
    "hours": N_("Hours"),
    "days": N_("Days of work"),
}


@dataclass(frozen=True)
class Terms:
    """The project's iteration word and unit of work, in one language."""

    lang: Language
    iteration: str = "sprint"
    work_unit: str = "points"

    @classmethod
    def of(cls, project: Project, lang: Language) -> Terms:
        return cls(lang, project.iteration, project.work_unit)

    def _word(self, form: int) -> str:
        return self.lang.gettext(ITERATION[self.iteration][form])

    @property
    def one(self) -> str:
        return self._word(0)

    @property
    def many(self) -> str:
        return self._word(1)

    @property
    def capital(self) -> str:
        """The word at the start of a title: "Sprint"."""
        return self._word(2)

    @property
    def capitals(self) -> str:
        return self._word(3)

    def title(self, sprint: Sprint) -> str:
        """ "Sprint 3: Pilot polish"; a name that already says "Period 19" stays as it is."""
        return self.named(sprint.id, sprint.name)

    def named(self, number: int, name: str) -> str:
        """An iteration's title from its number and name, as `title` writes it."""
        english = ITERATION[self.iteration][2]
        if re.match(rf"({re.escape(english)}|{re.escape(self.capital)})\s*{number}\b", name, re.IGNORECASE):
            return name
        return self.lang.gettext("%(iteration)s %(id)s: %(name)s", iteration=self.capital, id=number, name=name)

    def units(self, n: float) -> str:
        """A count of work: "30 points", "12 tasks"; an average keeps one decimal: "36.5 points"."""
        ngettext, count = self.lang.ngettext, round(n)
        shown = self.lang.number(n, 0 if n == count else 1)
        if self.work_unit == "story_points":
            return ngettext("%(n)s story point", "%(n)s story points", count, n=shown)
        if self.work_unit == "tasks":
            return ngettext("%(n)s task", "%(n)s tasks", count, n=shown)
        if self.work_unit == "hours":
            return ngettext("%(n)s hour", "%(n)s hours", count, n=shown)
        if self.work_unit == "days":
            return ngettext("%(n)s day of work", "%(n)s days of work", count, n=shown)
        return ngettext("%(n)s point", "%(n)s points", count, n=shown)

    @property
    def unit_label(self) -> str:
        """The unit of work as an axis title: "Points", "Tasks"."""
        return self.lang.gettext(UNIT_LABELS.get(self.work_unit, UNIT_LABELS["points"]))

    @property
    def explanation(self) -> str | None:
        """What points are, for customers who have never estimated work in them; None for units everyone knows."""
        if self.work_unit not in ESTIMATES:
            return None
        return self.lang.gettext(
            "Work is counted in points: the team's own estimate of how much effort each piece of work takes. "
            "Compare one %(iteration)s's points with another's, not with other teams'.",
            iteration=self.one,
        )
