"""Line layout that never breaks a command: people copy commands out of envdoctor's output.

Rich wraps at any space, so a sentence that names `envdoctor check -v` could end one
line with `envdoctor check` and start the next with `-v`. These helpers wrap prose at the
terminal's width themselves, treating each command as one unbreakable piece; a command
longer than the whole line is printed unwrapped (the terminal folds it visually, and it
stays one line when copied). When the console is not a terminal nothing is wrapped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from envdoctor.render.console import UNWRAPPED_WIDTH

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

# Pieces of a line: a `command` (never cut), a run of spaces, one CJK character
# (Chinese may break between any two), or a run of anything else.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_PIECE = re.compile(rf"`[^`\n]+`|\s+|[{_CJK}]|[^\s`{_CJK}]+|`")
# Chinese punctuation that must not start a line: it sticks to what precedes it.
_CLOSING = set("，。、；：！？）」』》〉】")


def is_prose(text: str) -> bool:
    """Whether a fix line is a sentence (wrapped) rather than a command (never wrapped).

    Sentences start with a capital letter or a Chinese character (perhaps after a quote),
    or are a remark in brackets; commands (`sudo ...`,
    `python -m pip ...`, `conda ...`, `$env:...`) do not. Anything else counts as a
    command: a command wrapped by mistake cannot be pasted, a sentence left long can.
    """
    stripped = text.lstrip()
    if stripped.startswith(("(", "（")):  # a remark in brackets
        return True
    first = stripped.lstrip("\"'“「")[:1]
    return first.isupper() or re.fullmatch(rf"[{_CJK}]", first or "a") is not None


def _units(plain: str) -> list[tuple[int, str]]:
    """(offset, text) of the pieces a line may be cut between: pieces not separated by a
    space stay together unless one of them is a CJK character."""
    units: list[tuple[int, str]] = []
    for match in _PIECE.finditer(plain):
        piece = match.group()
        if units and not piece.isspace() and not units[-1][1][-1].isspace():
            prev_cjk = re.fullmatch(rf"[{_CJK}]", units[-1][1][-1]) is not None
            cjk = re.fullmatch(rf"[{_CJK}]", piece[0]) is not None
            if piece in _CLOSING or not (prev_cjk or cjk):
                units[-1] = (units[-1][0], units[-1][1] + piece)
                continue
        units.append((match.start(), piece))
    return units


def _breaks(plain: str, first: int, rest: int) -> list[int]:
    """Offsets to cut `plain` at so no line is wider than `first` (then `rest`) cells,
    except where one unbreakable piece is wider than a whole line."""
    from rich.cells import cell_len

    cuts: list[int] = []
    room = first
    used = 0
    line_start = 0
    for start, piece in _units(plain):
        width = cell_len(piece)
        if piece.isspace():
            used += width
            continue
        if used + width > room and start > line_start:
            cuts.append(start)
            line_start = start
            room = rest
            used = 0
        used += width
    return cuts


def wrap_text(text: Text, width: int, *, indent: int = 0, hanging: int | None = None) -> list[Text]:
    """`text` cut into lines of at most `width` cells, commands whole, spaces at cuts dropped.

    `indent` cells go before the first line and `hanging` (default: `indent`) before the
    others; the returned lines include them.
    """
    from rich.text import Text

    hang = indent if hanging is None else hanging
    plain = text.plain
    cuts = _breaks(plain, max(1, width - indent), max(1, width - hang))
    lines = text.divide(cuts) if cuts else [text]
    out: list[Text] = []
    for number, line in enumerate(lines):
        piece = line.copy()
        piece.rstrip()
        lead = len(piece.plain) - len(piece.plain.lstrip()) if number else 0
        if lead:
            piece = piece[lead:]
        prefix = Text(" " * (indent if number == 0 else hang))
        out.append(Text.assemble(prefix, piece))
    return out


def print_prose(
    console: Console, text: Text | str, *, indent: int = 0, hanging: int | None = None
) -> None:
    """Print a sentence wrapped at the console's width, never inside a `command`."""
    from rich.text import Text

    body = Text(text) if isinstance(text, str) else text
    if console.width >= UNWRAPPED_WIDTH:
        console.print(Text.assemble(" " * indent, body), soft_wrap=True)
        return
    for line in wrap_text(body, console.width, indent=indent, hanging=hanging):
        console.print(line, soft_wrap=True)


def print_command(
    console: Console, lead: str, command: str, *, indent: int = 2, style: str = "cyan"
) -> None:
    """`lead` and then `command`: on one line when both fit, else the command on its own."""
    from rich.cells import cell_len
    from rich.text import Text

    # A full-width colon already leaves a gap before the command.
    joined = Text(lead if lead.endswith("：") else lead + " ")
    joined.append(command, style=style)
    if console.width >= UNWRAPPED_WIDTH or cell_len(joined.plain) <= console.width:
        console.print(joined, soft_wrap=True)
        return
    print_prose(console, lead)
    console.print(Text(" " * indent + command, style=style), soft_wrap=True)


def print_commands(
    console: Console, rows: Sequence[tuple[str, str]], *, style: str = "cyan"
) -> None:
    """Several `lead: command` lines, the commands aligned in a column when they fit."""
    from rich.cells import cell_len
    from rich.text import Text

    lead_width = max((cell_len(lead) for lead, _command in rows), default=0)
    widest = max((cell_len(command) for _lead, command in rows), default=0)
    if console.width < UNWRAPPED_WIDTH and lead_width + 1 + widest > console.width:
        for lead, command in rows:
            print_command(console, lead, command, style=style)
        return
    for lead, command in rows:
        line = Text(lead + " " * (lead_width + 1 - cell_len(lead)))
        line.append(command, style=style)
        console.print(line, soft_wrap=True)


__all__ = ["is_prose", "print_command", "print_commands", "print_prose", "wrap_text"]
