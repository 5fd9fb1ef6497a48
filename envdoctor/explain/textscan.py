"""Searching a pasted text that may be a 10 MB log, without scanning all of it with a regex.

A case-insensitive regex over megabytes costs tenths of a second per pattern; a plain
substring search of the lower-cased text costs milliseconds. So every regex that reads a
fact from the whole paste runs only next to a literal anchor the fact must contain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

# Anchor occurrences tried per search, and how far past an anchor the regex may read.
ANCHOR_TRIES = 200
ANCHOR_REACH = 200
# Hits of each keyword the engine and the clues consider: a log can repeat one thousands of times.
MAX_KEYWORD_HITS = 200


def lowercase(flat: str) -> str:
    """`flat.lower()` with the same length, so offsets found in it index `flat` too.

    A few characters lower-case to two ('İ' -> 'i̇'); those are kept as they are.
    """
    lower = flat.lower()
    if len(lower) == len(flat):
        return lower
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in flat)


def search_near(
    flat: str,
    lower: str,
    pattern: re.Pattern[str],
    anchors: tuple[str, ...],
    *,
    before: int = 40,
    reach: int = ANCHOR_REACH,
    starts: Mapping[str, Sequence[int]] | None = None,
) -> re.Match[str] | None:
    """The first match of `pattern` that starts within `before` characters ahead of an
    anchor (lower-case literal) and ends within `reach` after it, in anchor order.

    `starts` holds anchors' positions already found (`find_all`); others are searched."""
    for anchor in anchors:
        known = starts.get(anchor) if starts is not None else None
        positions = known if known is not None else _finds(lower, anchor)
        for tries, at in enumerate(positions):
            if tries >= ANCHOR_TRIES:
                break
            m = pattern.search(flat, max(0, at - before), at + len(anchor) + reach)
            if m:
                return m
    return None


def _finds(lower: str, word: str) -> Iterator[int]:
    at = lower.find(word)
    while at != -1:
        yield at
        at = lower.find(word, at + 1)


def find_all(lower: str, words: Iterable[str], cap: int) -> dict[str, list[int]]:
    """Where each lower-case word occurs in `lower`: the first `cap` non-overlapping starts.

    With pyahocorasick (installed with envdoctor where it has wheels) the text is read once
    for all the words, whatever their number; without it, once per word. Same result.
    """
    words = tuple(dict.fromkeys(w for w in words if w))
    automaton = _automaton(frozenset(words))
    if automaton is None:
        return {word: find_one(lower, word, cap) for word in words}
    hits: dict[str, list[int]] = {word: [] for word in words}
    ends: dict[str, int] = {}
    for end, word in automaton.iter(lower):
        found = hits[word]
        start = end - len(word) + 1
        if len(found) < cap and start >= ends.get(word, 0):
            found.append(start)
            ends[word] = end + 1
    return hits


def find_one(lower: str, word: str, cap: int) -> list[int]:
    """The first `cap` non-overlapping starts of one lower-case word (one str.find each)."""
    found: list[int] = []
    at = lower.find(word)
    while at != -1 and len(found) < cap:
        found.append(at)
        at = lower.find(word, at + len(word))
    return found


@lru_cache(maxsize=4)
def _automaton(words: frozenset[str]) -> Any:
    """The Aho-Corasick automaton of `words`, or None without pyahocorasick."""
    try:
        import ahocorasick
    except ImportError:
        return None
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


__all__ = [
    "ANCHOR_REACH",
    "ANCHOR_TRIES",
    "MAX_KEYWORD_HITS",
    "find_all",
    "find_one",
    "lowercase",
    "search_near",
]
