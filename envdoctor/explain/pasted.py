"""Undo what copying did to an error message before it reached us.

A message arrives HTML-escaped (copied from a page's source, a CI system, an e-mail:
`No module named &#39;torch&#39;`), percent-encoded (copied from a search URL or a link's
address: `undefined%20symbol`), as a JSON string (a notebook's .ipynb, a Kubernetes
event, a structured log: `\\n` for newlines, `\\u001b[0;31m` for colours), or hard-wrapped
by a terminal at its width, in the middle of words (`compil` / `ed`). Each is undone
only when the text shows the sign of it, so ordinary text passes through unchanged.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import unquote

from envdoctor.textlines import each_line_with

_HTML_ENTITY = re.compile(r"&(?:#\d{2,5}|#x[0-9a-fA-F]{2,4}|quot|apos|lt|gt|amp|nbsp);")
# A JSON-escaped colour code, as notebooks store tracebacks: \u001b[0;31m
_ESCAPED_ANSI = re.compile(r"\\u001[bB]\[[0-9;?]*[A-Za-z]|\\x1[bB]\[[0-9;?]*[A-Za-z]")
_JSON_ESCAPES = {"\\n": "\n", "\\t": "\t", '\\"': '"', "\\r": "", "\\/": "/"}
_JSON_ESCAPE = re.compile(r"\\(?:[ntr\"/]|\\)")
# In a JSON string every backslash starts an escape; a Windows path (C:\Users\me) has
# backslashes that start none, so it is never decoded as one.
_NOT_JSON_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\(?![ntr\"/\\bfu])")
# Terminals are rarely narrower than this; a line that long is a candidate for a wrap.
_MIN_WRAP_WIDTH = 50
# Above this size a paste is a log file, not a terminal copy: not worth a second reading.
_MAX_REWRAP_CHARS = 2_000_000


def undo_escapes(text: str) -> str:
    """The text with HTML entities and JSON string escapes decoded, where it has them."""
    strings = json_strings(text)
    if strings is not None:
        text = strings
    if "&" in text and _HTML_ENTITY.search(text):
        text = html.unescape(text)
    if "%20" in text:
        text = each_line_with(text, "%20", _percent_decoded)
    if "\\u001" in text or "\\x1" in text:
        text = _ESCAPED_ANSI.sub("", text)
    # A JSON string holds its newlines as \n: more of those than real newlines means the
    # whole text is one escaped string (a Windows path alone has no \n after a backslash
    # often enough to pass this).
    escaped_newlines = text.count("\\n")
    if (
        escaped_newlines >= 2
        and escaped_newlines > text.count("\n")
        and not _NOT_JSON_ESCAPE.search(text)
    ):
        text = _JSON_ESCAPE.sub(lambda m: _JSON_ESCAPES.get(m.group(0), "\\"), text)
    return text


def _percent_decoded(line: str) -> str:
    """The line with %XX escapes decoded when it is an encoded message (more %20 than
    spaces); a URL inside an ordinary log line keeps its escapes."""
    encoded = line.count("%20")
    return unquote(line) if encoded >= 2 and encoded > line.count(" ") else line


def json_strings(text: str) -> str | None:
    """The string values of a JSON document (a notebook, an API answer) or of JSON lines
    (a structured log), one per line; None when the text is not JSON."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "{[":
        return None
    try:
        return "\n".join(_strings(json.loads(stripped)))
    except (ValueError, RecursionError):  # deeply nested brackets are no JSON we read
        pass
    lines = stripped.splitlines()
    out: list[str] = []
    decoded = 0
    for raw in lines:
        line = raw.strip()
        if line.startswith("{"):
            try:
                out.extend(_strings(json.loads(line)))
                decoded += 1
                continue
            except (ValueError, RecursionError):
                pass
        out.append(line)
    return "\n".join(out) if decoded * 2 >= len(lines) else None


def _strings(value: Any) -> list[str]:
    """Every string in a decoded JSON value, in document order."""
    out: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item.rstrip("\n"))
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return out


def rejoined_hard_wraps(text: str) -> tuple[str, bool] | None:
    """The text with terminal wraps undone, and whether it surely was wrapped; or None.

    A terminal wraps at a fixed width, so every wrapped line has exactly that width and
    no line is longer: lines of the maximal length are joined to the next one without
    a separator. Where the width was a natural line end instead, the join is harmless:
    this reading is only used in addition to the ordinary one. It surely was a wrap when
    two or more lines were joined: one line of the widest length may have ended there.
    """
    if len(text) > _MAX_REWRAP_CHARS:
        return None
    text, padded = _unpadded_wraps(text)
    if "\n" not in text:
        return (text, True) if padded else None
    lines = text.replace("\r\n", "\n").split("\n")
    width = max(len(line) for line in lines)
    if width < _MIN_WRAP_WIDTH:
        return (text, True) if padded else None
    out, joined = _joined(lines, width, ragged=False)
    surely = joined >= 2 or padded
    if not surely and len(text) <= _MAX_RAGGED_CHARS:
        out, joined = _joined(lines, width, ragged=True)
    if not joined:
        return (text, True) if padded else None
    return "\n".join(out), surely


# Text copied from a browser or an editor whose window wrapped it, then pasted: the breaks
# fall wherever the window was, at a different width on each line ("Loaded runtime CuDNN l"
# / "ibrary: 7.4.1", "If using a binary install, up" / "grade your CuDNN library"). Such
# breaks are undone only in a paste of message size, and only when the text is not surely
# a terminal's fixed-width wrap (that one explains its breaks already).
_MAX_RAGGED_CHARS = 65_536


def _joined(lines: list[str], width: int, *, ragged: bool) -> tuple[list[str], int]:
    """The lines with wraps undone, and how many: every line of the widest length is joined
    to the next; with `ragged`, also a line of terminal width or more that ends in a
    letter, when the next starts with a lower-case one (a log's own lines start with a
    timestamp, a level, a capital or an indent). A wrong join glues two words, which the
    rewrapped reading, read after the ordinary one, can afford."""
    out: list[str] = []
    joined = 0
    full = broken = False  # what the previous line's own length and end say
    for line in lines:
        if full or (broken and line[:1].isascii() and line[:1].islower()):
            out[-1] += line
            joined += 1
        else:
            out.append(line)
        full = len(line) == width
        broken = (
            ragged and len(line) >= _MIN_WRAP_WIDTH and line[-1:].isascii() and line[-1:].isalpha()
        )
    return out, joined


# A terminal that pads each wrapped row to the window's width leaves the row's text, then a
# long run of spaces, then the rest, on one line ("parameter packs not expa<88 spaces>nded").
_PAD = re.compile(r"(?<=\S) {40,}(?=\S)")


def _unpadded_wraps(text: str) -> tuple[str, bool]:
    """The text with padded wraps joined, and whether there were any: a line cut into
    pieces by runs of 40+ spaces, where every piece but the last has the same width (one
    more where the wrap fell on a space) of at least _MIN_WRAP_WIDTH characters."""
    if " " * 40 not in text:
        return text, False
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines):
        if " " * 40 not in line:
            continue
        pieces = _PAD.split(line)
        width = len(pieces[0])
        if (
            len(pieces) > 1
            and width >= _MIN_WRAP_WIDTH
            and all(width <= len(piece) <= width + 1 for piece in pieces[1:-1])
        ):
            lines[i] = "".join(pieces)
            changed = True
    return ("\n".join(lines), True) if changed else (text, False)


# Words just before a quoted message that show it is mentioned, not reported: a negation
# ('this is NOT the "no kernel image" problem'), documentation ('If you get "..."', 'Q: What
# does "..." mean?', '# Fixes "..."'), release notes ('Fixed "..."') and issue lists
# ('#8821 [closed] RuntimeError: ...', 'Fixed: `...`'), and advice in a README ('If pip fails
# with error: ...'). A report says 'I get "..."' and is kept.
_MENTION = re.compile(
    r"(?:\b(?:not|isn't|aren't|never)\s+(?:the|a|an|about)?\s*|不是|"
    r"\bif you (?:get|see|hit|encounter|run into)\s+(?:the |an? )?(?:error )?|"
    r"\bif \w{1,20} (?:fails|failed|errors out|stops) with\s+(?:the |an? )?(?:error )?|"
    r"\bwhat does\s+|\bQ:\s*[^\"'`“]{0,40}|#\s+[^\"'`“#]{0,40}(?=[\"'`“])|"
    # ("still not fixed:" is a report: the error happens.)
    r"(?<!not )(?<!n't )(?<!never )(?<!not been )(?<!yet )"
    r"\b(?:fixed|fixes|removed the workaround for):?\s+|"
    r"\[closed\]\s*)"
    # (A log level in capitals, pip's "ERROR:", starts a new report: "site-packages is not
    # writeable ERROR: x.whl is not a supported wheel" negates nothing.)
    r"[\"'`“‘]?\s*(?:[\w ]{1,30}(?-i:Error|error|Exception|Warning):\s*){0,2}$",
    re.IGNORECASE,
)


def mentioned_not_reported(text: str, start: int) -> bool:
    """Whether the message matched at `start` is only mentioned (negated, documented,
    listed), judged by the 80 characters before it."""
    return _MENTION.search(text, max(0, start - 80), start) is not None


__all__ = [
    "json_strings",
    "mentioned_not_reported",
    "rejoined_hard_wraps",
    "undo_escapes",
]
