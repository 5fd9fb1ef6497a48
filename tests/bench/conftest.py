"""Bench test helpers: the CLI app, and the check-command placeholder while check is unmerged."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _entry  # noqa: E402 - needs the path above

_entry.install_shims()
ENTRY = HERE / "_entry.py"
