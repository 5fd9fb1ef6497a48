"""`envdoctor mirrors`: read, print, apply, probe and restore pip / conda / uv mirror config.

Pure logic (catalog lookup, effective-config precedence, edits on text) lives in modules
of its own; file-system and network I/O sit behind small functions (`fsio`, `backup`,
`probe`) that tests point at tmp_path and 127.0.0.1.
"""

from __future__ import annotations

__all__: list[str] = []
