"""Data with something planted in it, made from the minimal fixture and the data format itself.

Both helpers read the data format (datapackage.yaml) to find every free-text field, so a field
added to the format is covered without anyone remembering to add it here:

- `plant_canaries` puts a unique word into every internal record, every field a record keeps
  internal, every private field, every quote without consent and every e-mail address in a quote;
  the confidentiality tests search the built site for them.
- `fill_with_payloads` puts hostile text (script tags, event handlers, javascript: links, SVG,
  broken-out attributes, template and Markdown extension syntax, polyglots) into every free-text
  field of every record; the hostile-text tests load the built site in a real browser.
"""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.data.format import INTERNAL_FIELDS, Field, Resource, data_format


def free_text(r: Resource, f: Field) -> bool:
    """A field that holds whatever a person types: text without enum, pattern or reference."""
    references = {fk.field for fk in r.foreign_keys}
    return f.type in ("string", "array") and not f.enum and not f.pattern and f.name not in references and f.name != INTERNAL_FIELDS


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


class Project:
    """A data directory read into plain records, changed, and written back."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = data_dir
        self.docs: dict[str, Any] = {}
        for r in data_format().resources:
            if r.format == "yaml" and r.path not in self.docs:
                self.docs[r.path] = yaml.safe_load((data_dir / r.path).read_text(encoding="utf-8"))
        with (data_dir / "feedback.csv").open(encoding="utf-8", newline="") as fh:
            self.feedback = list(csv.DictReader(fh))

    def records(self, r: Resource) -> list[dict[str, Any]]:
        if r.format == "csv":
            return self.feedback
        doc = self.docs[r.path]
        return doc if r.key is None and isinstance(doc, list) else [doc] if r.shape == "record" else doc[r.key]

    def write(self) -> None:
        for path, doc in self.docs.items():
            (self.dir / path).write_text(
                yaml.dump(doc, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8"
            )
        columns = [f.name for f in data_format().resource("feedback").fields]
        out = io.StringIO()
        writer = csv.DictWriter(out, columns, lineterminator="\n")
        writer.writeheader()
        for row in self.feedback:
            writer.writerow({c: row.get(c, "") for c in columns})
        (self.dir / "feedback.csv").write_text(out.getvalue(), encoding="utf-8")


@dataclass
class Canaries:
    """Words that must never reach the public site, by why; and one that must (a positive control)."""

    internal: dict[str, str] = field(default_factory=dict)  # only in the internal build
    never: dict[str, str] = field(default_factory=dict)  # in no build at all
    public: str = ""
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(100))

    def new(self, kind: dict[str, str], where: str) -> str:
        word = f"canary{next(self.counter)}q"
        kind[word] = where
        return word


# A new record for each kind, copied from one that passes every rule, with its own id.
_INTERNAL_COPIES: dict[str, tuple[object, dict[str, Any]]] = {
    "contacts": ("C-03", {"id": "C-0987"}),
    "milestones": ("M-02", {"id": "M-0987"}),
    "risks": ("R-001", {"id": "R-0987"}),
    "feedback": ("FB-0001", {"id": "FB-0987654"}),
    "sprints": (3, {"id": 987, "start": "2026-04-13", "end": "2026-04-24", "state": "planned", "completed": None}),
    "changes": ("CR-01", {"id": "CR-0987"}),
}


def plant_canaries(data_dir: Path) -> Canaries:
    """Plant canaries in the data directory (a copy of the minimal fixture); return them."""
    fmt = data_format()
    p = Project(data_dir)
    c = Canaries()
    for r in fmt.resources:
        rows = p.records(r)
        if r.name in _INTERNAL_COPIES:
            source, copied = _INTERNAL_COPIES[r.name]
            original = next(x for x in rows if str(x["id"]) == str(source))
            record = {**original, **copied, "visibility": "internal"}
            record.pop(INTERNAL_FIELDS, None)
            for f in r.fields:
                if free_text(r, f) and not f.private:
                    word = c.new(c.internal, f"internal {r.noun} {record['id']}, field {f.name}")
                    record[f.name] = [word] if f.type == "array" else word
                if f.name == "email":
                    record[f.name] = c.new(c.internal, f"internal contact {record['id']}, email") + "@example.org"
            if r.name == "feedback":
                record["date"] = original["date"]
            rows.append(record)
        if r.hideable:
            # The first public record keeps every free-text field it may keep internal.
            record = rows[0]
            hidden = []
            for name in r.hideable:
                f = r.by_name[name]
                if free_text(r, f):
                    word = c.new(c.internal, f"{r.noun} {record['id']}, internal field {name}")
                    record[name] = [word] if f.type == "array" else word
                    hidden.append(name)
            record[INTERNAL_FIELDS] = hidden
        for f in r.fields:
            if f.private:
                for row in rows:
                    word = c.new(c.never, f"{r.noun} {row['id']}, private field {f.name}")
                    row[f.name] = f"{word}@example.org" if "email" in f.name else word
    # References from public records to internal ones must disappear with them.
    milestones, risks, changes = (p.records(fmt.resource(n)) for n in ("milestones", "risks", "changes"))
    milestones[2]["dependencies"] = [*milestones[2].get("dependencies", []), "M-0987"]
    risks[1]["milestones"] = [*risks[1].get("milestones", []), "M-0987"]
    changes[1]["milestones"] = ["M-0987"]
    c.internal["M-0987"] = c.internal["R-0987"] = c.internal["CR-0987"] = "internal record id"
    c.internal["FB-0987654"] = "internal record id"  # contact ids are shown on no site
    fb = {row["id"]: row for row in p.feedback}
    fb["FB-0002"]["milestone"], fb["FB-0005"]["change"] = "M-0987", "CR-0987"
    # A quote without consent, and personal details inside a quote with consent.
    fb["FB-0003"]["quote"] = c.new(c.never, "quote without consent") + " is what I said"
    fb["FB-0005"]["quote"] = f"Mail me at {c.new(c.never, 'e-mail in a quote')}@example.org or call +44 20 7946 0958."
    # A positive control: proves the search finds what a page does show.
    c.public = c.new({}, "public milestone title")
    milestones[2]["title"] = f"General availability {c.public}"
    p.write()
    return c


PAYLOADS = (
    '<script>alert("s1")</script>',
    '<img src=x onerror=alert("i2")>',
    '"><svg onload=alert("v3")>',
    "'><iframe src=javascript:alert('f4')>",
    '[a](javascript:alert("l5"))',
    "<a href=\"javascript:alert('a6')\">x</a>",
    "{{ 7*7 }} {% raw %} ${7*7}",
    '--8<-- "/etc/passwd"',
    "{: onclick=\"alert('c7')\" }",
    '!!! danger "x"\n    y',
    "$$x^2$$ \\(y\\)",
    '<b onmouseover=alert("b8")>b</b>',
    "javascript:alert('j9')",
    '<svg><script>alert("sv10")</script></svg>',
    '</textarea></title></style><script>alert("t11")</script>',
    '=HYPERLINK("http://evil.example/","x")',
    '<a href=# onclick=alert("o12")>*em*</a>',
    'jaVasCript:/*-/*`/*\\`/*\'/*"/**/(/* */oNcliCk=alert("p13") )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>'
    '\\x3csVg/<sVg/oNloAd=alert("p14")//>\\x3e',
)


def _payload(start: int, limit: int | None) -> str:
    """Payloads from `start` on, as many as fit in `limit` characters (at least the shortest one)."""
    out = ""
    for i in range(len(PAYLOADS)):
        candidate = PAYLOADS[(start + i) % len(PAYLOADS)]
        joined = f"{out} {candidate}" if out else candidate
        if limit is not None and len(joined) > limit:
            continue
        out = joined
    return out or min(PAYLOADS, key=len)


def fill_with_payloads(data_dir: Path) -> None:
    """Put hostile text into every free-text field of every record, and publish every quote."""
    p = Project(data_dir)
    n = 0
    for r in data_format().resources:
        for row in p.records(r):
            for f in r.fields:
                if free_text(r, f):
                    n += 1
                    text = _payload(n, f.max_length)
                    row[f.name] = [text, _payload(n + 5, None)] if f.type == "array" else text
            if r.name == "feedback":
                row["consent"] = "yes"
                row["action"] = row["action"] if row["action"] != "received" else "planned"
    p.write()
