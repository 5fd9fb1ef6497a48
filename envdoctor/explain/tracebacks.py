"""Reading pasted tracebacks: the files of their frames and the installed package a path
lies in, for advice that asks who ran the failing line."""

from __future__ import annotations

import re

from envdoctor.explain.model import Context

# A traceback frame's file, and the installed package a path lies in (site-packages/<pkg>/).
FRAME_FILE = re.compile(r'File "(?P<path>[^"]{1,300})"')
SITE_PACKAGE = re.compile(r"(?:site|dist)-packages[\\/]+(?P<pkg>[A-Za-z_][\w.-]{0,60})[\\/]", re.I)
# A traceback's line importing another package's compiled extension ("from detectron2
# import _C").
EXTENSION_IMPORT = re.compile(
    r"from (?P<pkg>(?!torch\b)[A-Za-z]\w{0,40}) import (?:_C|_ext|\w{0,30}_cuda)\b"
)


# Python's line between chained tracebacks: the exception above it was raised inside the
# `try` of the frames below it ("try: from vllm import LLM ... except ImportError: raise").
_CHAINED = "During handling of the above exception, another exception occurred"
_IMPORT_LINE = re.compile(
    r"\b(?:from (?P<from>[A-Za-z_]\w{0,40})(?:\.\w{1,40}){0,5} import |import (?P<imp>[A-Za-z_]\w{0,40}))"
)
# Modules whose import line says nothing about which package failed.
_NOT_THE_PACKAGE = frozenset({"torch", "torchvision", "torchaudio", "os", "sys", "importlib"})


def import_handled_after(ctx: Context, start: int, reach: int = 1500) -> str | None:
    """The package whose import raised the exception that ends at `start`, when the chained
    traceback after it shows the `try` that imported it (langchain's `from vllm import LLM`)."""
    window = ctx.text[start : start + reach]
    at = window.find(_CHAINED)
    if at < 0:
        return None
    for m in _IMPORT_LINE.finditer(window, at):
        package = m.group("from") or m.group("imp")
        if package in _NOT_THE_PACKAGE:
            continue
        # The try that caught it names the package again in what it raises ("Could not
        # import vllm python package"); an import that merely comes next does not.
        return package if window.count(package, m.end()) >= 1 else None
    return None


def last_frame_package(ctx: Context, end: int, reach: int = 3000) -> str | None:
    """The installed package of the traceback's last frame before `end`, or None when that
    frame is not in site-packages (the program's own file, the console)."""
    frames = list(FRAME_FILE.finditer(ctx.text, max(0, end - reach), end))
    site = SITE_PACKAGE.search(frames[-1].group("path")) if frames else None
    return site.group("pkg") if site else None


__all__ = [
    "EXTENSION_IMPORT",
    "FRAME_FILE",
    "SITE_PACKAGE",
    "import_handled_after",
    "last_frame_package",
]
