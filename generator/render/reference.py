"""The data reference: every file and field, taken from the data format itself so it cannot go stale."""

from __future__ import annotations

from typing import Any

from generator.data.format import INTERNAL_FIELDS, Field, data_format
from generator.render.i18n import N_, SOURCE, Language, language
from generator.render.markup import SUBSET

TYPES = {"string": N_("text"), "integer": N_("whole number"), "date": N_("date"), "boolean": N_("yes / no"), "array": N_("list")}


def _type(f: Field, lang: Language) -> str:
    return lang.gettext(TYPES[f.type]) if f.type in TYPES else f.type


def _rules(f: Field, lang: Language) -> str:
    _ = lang.gettext
    parts = []
    if f.enum:
        parts.append(_("one of %(values)s", values=", ".join(f.enum)))
    if f.minimum is not None or f.maximum is not None:
        parts.append(_("from %(minimum)s to %(maximum)s", minimum=f.minimum, maximum=f.maximum))
    if f.pattern and f.type == "string" and not f.enum:
        parts.append(_("pattern %(pattern)s", pattern=f.pattern))
    if f.max_length:
        parts.append(_("at most %(n)s characters", n=lang.number(f.max_length)))
    if f.markdown:
        parts.append(_(SUBSET))
    if f.private:
        parts.append(_("never published, whatever the record's visibility"))
    return "; ".join(parts)


def reference_context(lang: Language | None = None) -> dict[str, Any]:
    """The data reference page's content; its labels in `lang`, the field descriptions as the data format writes them."""
    lang = lang or language(SOURCE)
    fmt = data_format()
    files = []
    for path, resources in fmt.by_file():
        files.append(
            {
                "path": path,
                "resources": [
                    {
                        "name": r.name,
                        "title": r.title,
                        "description": r.description,
                        "key": r.key,
                        "primary_key": r.primary_key,
                        "references": [(fk.field, fk.resource) for fk in r.foreign_keys],
                        "hideable": r.hideable,
                        "fields": [
                            {
                                "name": f.name,
                                "type": _type(f, lang),
                                "required": f.required,
                                "rules": _rules(f, lang),
                                "description": f.description,
                            }
                            for f in r.fields
                        ],
                    }
                    for r in resources
                ],
            }
        )
    private = [(r.path, f.name) for r in fmt.resources for f in r.fields if f.private]
    return {
        "files": files,
        "format_title": fmt.title,
        "format_description": fmt.description,
        "private": private,
        "internal_fields": INTERNAL_FIELDS,
    }
