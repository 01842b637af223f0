"""The manifest: what a build folder holds, per brief, read and written here alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .records import MANIFEST


def read_manifest(out: Path) -> dict[str, Any]:
    """Read the previous manifest; anything unreadable means 'rebuild everything'."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        briefs = data.get("briefs", {})
        return briefs if isinstance(briefs, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}
