"""Glasshouse: project status data in, a customer-facing status site out."""

from __future__ import annotations

__version__ = "0.1.0"
