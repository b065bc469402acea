"""A status document as it is published: written as the site writes status.json, and read back."""

from __future__ import annotations

import io
import json
from typing import Any

from generator.history.document import StatusDoc
from generator.history.statusdoc import write_doc


def as_published(doc: StatusDoc) -> Any:
    """`doc` through status.json and back, as a reader of the published file sees it."""
    out = io.BytesIO()
    write_doc(doc, out)
    return json.loads(out.getvalue())
