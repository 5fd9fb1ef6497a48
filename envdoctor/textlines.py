"""Applying rewrites to the few lines of a big text that need them.

A regex that may start at any character reads all of a 10 MB log (~0.05-0.2 s, more when
one emoji makes every character four bytes wide); a search for the markers every match
must contain is much cheaper, and several rewrites done in one walk over the marked lines
copy the big text once instead of once per rewrite. Used by the credential masking
(envdoctor.redact) and by explain's clean-up of pasted text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple


class LineRule(NamedTuple):
    """A rewrite whose every change lies within one line that holds one of `markers`."""

    markers: tuple[str, ...]
    fn: Callable[[str], str]


# Above this many marked lines a rule is applied to the whole text at once: a regex pass
# over 10 MB costs about what a few thousand per-line calls from Python do, and a log
# whose every line carries a logger's prefix would otherwise mean 100,000 calls.
_MAX_MARKED_LINES = 4000


def each_line_with(text: str, marker: str, fn: Callable[[str], str]) -> str:
    """`fn` applied only to the lines of `text` that contain `marker`; the others as they are.

    The same as `fn(text)` when every change `fn` makes lies within one line that holds the
    marker (a URL holds "://", Markdown bold "**").
    """
    line_end: dict[int, int] = {}
    hit = text.find(marker)
    while hit != -1:
        start, end = _line_around(text, hit, hit + len(marker))
        line_end[start] = end
        hit = text.find(marker, end)
    return _rewrite(text, line_end, (LineRule((marker,), fn),))


def rewrite_lines(text: str, rules: Sequence[LineRule]) -> str:
    """Every rule applied as if to the whole text; the marked lines are found in one search
    for all the markers and rewritten in one walk.

    Each rule's `fn` must be right both for one line and for the whole text (a MULTILINE
    regex that never crosses a line end) and must not add a line end; no marker holds one.
    Past too many marked lines, the rule marked on most of them and every rule before it are
    applied to the whole text, in order; the rules after it then walk the lines as usual.
    (Running only the dense rule first would miss a line an earlier rule makes for it: a
    box-drawing prefix removed in front of a Markdown fence.)
    """
    if not rules:
        return text
    finder, owner = _finder(tuple(rule.markers for rule in rules))
    line_end: dict[int, int] = {}
    marked = [0] * len(rules)
    hit = finder.search(text)
    while hit:
        if len(line_end) == _MAX_MARKED_LINES:
            dense = max(range(len(rules)), key=marked.__getitem__)
            for rule in rules[: dense + 1]:
                text = rule.fn(text)
            return rewrite_lines(text, rules[dense + 1 :])
        marked[owner[hit.group()]] += 1
        start, end = _line_around(text, hit.start(), hit.end())
        line_end[start] = end
        hit = finder.search(text, end)
    return _rewrite(text, line_end, rules)


@functools.cache
def _finder(markers: tuple[tuple[str, ...], ...]) -> tuple[re.Pattern[str], dict[str, int]]:
    """One regex for all the markers, and which rule each marker is of.

    It reads 10 MB in ~50 ms; a str.find per marker costs ~4 ms each, and the clean-up of
    pasted text has some thirty markers. (Named groups per rule would take ten times as
    long: the regex engine then no longer skips to the markers' first characters.)
    """
    owner = {marker: n for n, group in enumerate(markers) for marker in group}
    ordered = sorted(owner, key=len, reverse=True)  # the longer of two that overlap
    return re.compile("|".join(map(re.escape, ordered))), owner


def _line_around(text: str, start: int, end: int) -> tuple[int, int]:
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end == -1 else line_end


def _rewrite(text: str, line_end: dict[int, int], rules: Sequence[LineRule]) -> str:
    if not line_end:
        return text
    out: list[str] = []
    done = 0
    for start in sorted(line_end):
        end = line_end[start]
        line = text[start:end]
        for rule in rules:
            if any(marker in line for marker in rule.markers):
                line = rule.fn(line)
        out += (text[done:start], line)
        done = end
    out.append(text[done:])
    return "".join(out)


__all__ = ["LineRule", "each_line_with", "rewrite_lines"]
