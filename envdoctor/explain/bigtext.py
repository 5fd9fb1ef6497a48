"""A multi-megabyte log cut down to the stretches where an error can be read.

Cleaning up pasted text (line prefixes, Markdown, whitespace) costs about 0.2 s per 10 MB,
and almost all of a big training log is progress lines no entry can match: every match
lies within a window around a keyword of the catalogue (engine._WINDOW_BEFORE/AFTER). So a
big text keeps only the lines near an occurrence of one of those words, found in one pass
over its raw lower-cased form, with margins far wider than the engine's windows.

The raw text can hide a keyword the clean-up would have made whole (a logger's prefix or a
line end between its words); the generic words of any error report ("error", "failed",
"traceback", ...) keep such a message's stretch as well. Texts this big come from files,
not from a terminal's window, so the terminal-wrap reading (pasted.rejoined_hard_wraps,
which stops at the same size) is not given up.
"""

from __future__ import annotations

from envdoctor.explain.textscan import find_all, lowercase

# Below this many characters the whole text is read (pasted._MAX_REWRAP_CHARS: the same
# limit, so a text has a second, rewrapped reading only when it is read whole).
BIG_TEXT = 2_000_000
# Kept around each occurrence: twenty times the engine's windows (800 before, 1600 after
# in the cleaned-up text, which is never longer than the raw text).
KEEP_BEFORE = 16_000
KEEP_AFTER = 32_000
# Occurrences of one word that keep text: a word repeated on every line (a progress bar's
# "error" column) would otherwise keep the whole log.
HITS_PER_WORD = 1000
# Words every error report holds somewhere near its message, whatever its wording.
GENERIC_WORDS = ("error", "failed", "traceback", "exception", "fatal", "warning")
# A cut that keeps most of the text saves nothing: the text is then read whole.
_WORTH_CUTTING = 0.7
# How far a kept stretch's edge may move to end at a line end.
_LINE_REACH = 4000


def near_words(text: str, words: tuple[str, ...]) -> str:
    """`text` itself when short; else its lines within reach of an occurrence of one of
    `words` (lower-case) or of a generic error word, in order, joined by line ends."""
    if len(text) < BIG_TEXT:
        return text
    hits = find_all(lowercase(text), (*words, *GENERIC_WORDS), HITS_PER_WORD)
    spans: list[tuple[int, int]] = []
    for at in sorted(at for found in hits.values() for at in found):
        start, end = max(0, at - KEEP_BEFORE), min(len(text), at + KEEP_AFTER)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    if sum(end - start for start, end in spans) > _WORTH_CUTTING * len(text):
        return text
    return "\n".join(text[_line_start(text, s) : _line_end(text, e)] for s, e in spans)


def _line_start(text: str, at: int) -> int:
    """The start of the line holding `at`, if near; else `at`."""
    start = text.rfind("\n", max(0, at - _LINE_REACH), at) + 1
    return start if start else at if at > _LINE_REACH else 0


def _line_end(text: str, at: int) -> int:
    """The end of the line holding `at`, if near; else `at`."""
    end = text.find("\n", at, at + _LINE_REACH)
    return at if end == -1 else end


__all__ = ["BIG_TEXT", "GENERIC_WORDS", "near_words"]
