"""A pasted text as lines: original for quoting, cleaned for reading.

Damage repaired here, once, for every reader: CRLF and lone CR, ANSI colours, tabs,
e-mail/Markdown quote markers, the `name-1  | ` prefix docker compose puts before each
line, shell prompts (`user@host:~$ `, `(venv) $ `, `PS C:\\> `, `>>> `), logger prefixes
(`[rank0]:`, `(RayWorker pid=12)`), Markdown list markers (`* `, `- `), full-width
colons (Chinese input methods) and indentation. A line keeps its number, so every fact can quote the line it came from.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from envdoctor.evidence import Quote

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
_PREFIX = re.compile(
    r"""^[ \t]*(?:
        [\w.-]+[-_]\d+[ \t]+\|[ \t]?                              # docker compose service prefix
      | (?:\([\w .-]{1,40}\)[ \t]*)?[\w.-]+@[\w.-]+:[^\s$#]*[ \t]?[$#][ \t]+  # user@host:~$
      | (?:\([\w .-]{1,40}\)[ \t]*)?\$[ \t]+                      # (venv) $ cmd
      | PS[ \t]+[A-Za-z]:\\[^>]*>[ \t]*                           # PowerShell prompt
      | [A-Za-z]:\\[^>\s]*>[ \t]*                                 # cmd.exe prompt
      | (?:>>>|\.\.\.)[ \t]                                       # Python REPL
      | \[rank\d+\]:[ \t]?                                        # torchrun
      | \(\w+[ ]pid=\d+\)[ \t]*                                   # Ray / vLLM workers
      | >[ \t]?                                                   # quoted text
      | [-*+\u2022][ \t]+                                          # Markdown list item
    )+""",
    re.VERBOSE,
)
_QUOTE_CAP = 300  # longest quoted line: a line that lost its breaks can be a whole report


@dataclass(frozen=True)
class Document:
    """One input: `lines[i]` is the cleaned form of `raw[i]` (line i + 1)."""

    name: str
    raw: tuple[str, ...]
    lines: tuple[str, ...]
    _starts: list[int] = field(default_factory=list, compare=False, repr=False)

    @property
    def text(self) -> str:
        """The cleaned lines joined by newlines (offsets map back with `line_at`)."""
        return "\n".join(self.lines)

    def line_at(self, offset: int) -> int:
        """0-based index of the line holding `offset` of `text`."""
        if not self._starts:
            pos = 0
            for line in self.lines:
                self._starts.append(pos)
                pos += len(line) + 1
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def quote(self, index: int) -> Quote:
        raw = self.raw[index].strip() if 0 <= index < len(self.raw) else ""
        if len(raw) > _QUOTE_CAP:
            raw = raw[: _QUOTE_CAP - 1] + "…"
        return Quote(self.name, index + 1, raw)


def clean_line(line: str) -> str:
    if "\x1b" in line:
        line = _ANSI.sub("", line)
    line = line.replace("\t", "    ").replace("：", ": ").replace("\u00a0", " ")
    m = _PREFIX.match(line)
    if m is not None:
        line = line[m.end() :]
    return line.strip()


def make_document(name: str, text: str) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw = tuple(text.split("\n"))
    return Document(name, raw, tuple(clean_line(line) for line in raw))


__all__ = ["Document", "clean_line", "make_document"]
