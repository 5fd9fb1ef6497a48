"""CUDA_VISIBLE_DEVICES as a paste shows it set: the one reader of it for every entry.

A program chooses its GPUs in its own code (`os.environ["CUDA_VISIBLE_DEVICES"] = "3"`)
or is started with the variable set (`CUDA_VISIBLE_DEVICES=1,2 python ...`); an empty
value, -1 or a scheduler's placeholder (values.CUDA_HIDES_ALL) hides every GPU from
CUDA, whether the paste shows it or the snapshot has it
(`Known.cuda_visible_devices`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from envdoctor.values import CUDA_HIDES_ALL

if TYPE_CHECKING:
    from envdoctor.explain.model import Context

# Where the readers look, as the lower-cased paste spells it; the engine finds them in
# its one pass over the text with the advice's other words (steps.ADVICE_ANCHORS).
_NAME = "cuda_visible_devices"
_ASSIGNED = "cuda_visible_devices="
ANCHORS = (_NAME, _ASSIGNED)


# The program's own code: os.environ["CUDA_VISIBLE_DEVICES"] = "3".
_SET_IN_CODE = re.compile(
    r"os\.environ\[['\"]CUDA_VISIBLE_DEVICES['\"]\]\s*=\s*['\"]?(?P<value>[\w,-]{0,40})"
)
# A command line or script: CUDA_VISIBLE_DEVICES=1,2 before the program (a regex's part).
SET_ON_COMMAND_LINE = r"CUDA_VISIBLE_DEVICES=[\w,-]{0,60}"
# The same with a value that hides every GPU: "", '', -1, or nothing before the program.
# The non-empty values of values.CUDA_HIDES_ALL, as a regex's part (other runtimes'
# *_VISIBLE_DEVICES variables take them too).
HIDING_VALUE = "(?:" + "|".join(sorted(re.escape(v) for v in CUDA_HIDES_ALL if v)) + r")\b"
_HIDDEN_ON_COMMAND_LINE = re.compile(
    r"CUDA_VISIBLE_DEVICES=(?:\"\"|''|" + HIDING_VALUE + r"|(?=\s))"
)


def hides_every_gpu(value: str | None) -> bool:
    """Whether the variable's value (None: not set) leaves CUDA no GPU at all."""
    return value is not None and value.strip() in CUDA_HIDES_ALL


def set_in_code(ctx: Context) -> str | None:
    """The value the program's own code gives the variable, when the paste shows the line."""
    m = ctx.near(_SET_IN_CODE, _NAME, before=16)
    return m.group("value") if m is not None else None


def hidden_on_command_line(ctx: Context) -> bool:
    """Whether the paste's command starts the program with every GPU hidden."""
    return ctx.near(_HIDDEN_ON_COMMAND_LINE, _ASSIGNED, before=0) is not None


__all__ = [
    "ANCHORS",
    "HIDING_VALUE",
    "SET_ON_COMMAND_LINE",
    "hidden_on_command_line",
    "hides_every_gpu",
    "set_in_code",
]
