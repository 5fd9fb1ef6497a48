"""Applying a rewrite to the few lines of a big text that need it.

A regex that may start at any character reads all of a 10 MB log (~0.2 s); a substring
search for the marker every match must contain takes a few milliseconds. Used by the
credential masking (envdoctor.redact) and by explain's clean-up of pasted text.
"""

from __future__ import annotations

from collections.abc import Callable


def each_line_with(text: str, marker: str, fn: Callable[[str], str]) -> str:
    """`fn` applied only to the lines of `text` that contain `marker`; the others as they are.

    The same as `fn(text)` when every change `fn` makes lies within one line that holds the
    marker (a URL holds "://", Markdown bold "**").
    """
    out: list[str] = []
    done = 0
    hit = text.find(marker)
    while hit != -1:
        start = text.rfind("\n", 0, hit) + 1
        end = text.find("\n", hit)
        end = len(text) if end == -1 else end
        out += (text[done:start], fn(text[start:end]))
        done = end
        hit = text.find(marker, end)
    out.append(text[done:])
    return "".join(out)


__all__ = ["each_line_with"]
