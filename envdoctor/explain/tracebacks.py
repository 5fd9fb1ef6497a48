"""Reading pasted tracebacks: the files of their frames and the installed package a path
lies in, for advice that asks who ran the failing line."""

from __future__ import annotations

import re

from envdoctor.explain.model import Context

# A traceback frame's file, and the installed package a path lies in (site-packages/<pkg>/).
FRAME_FILE = re.compile(r'File "(?P<path>[^"]{1,300})"')
SITE_PACKAGE = re.compile(r"(?:site|dist)-packages[\\/]+(?P<pkg>[A-Za-z_][\w.-]{0,60})[\\/]", re.I)


def last_frame_package(ctx: Context, end: int, reach: int = 3000) -> str | None:
    """The installed package of the traceback's last frame before `end`, or None when that
    frame is not in site-packages (the program's own file, the console)."""
    frames = list(FRAME_FILE.finditer(ctx.text, max(0, end - reach), end))
    site = SITE_PACKAGE.search(frames[-1].group("path")) if frames else None
    return site.group("pkg") if site else None


__all__ = ["FRAME_FILE", "SITE_PACKAGE", "last_frame_package"]
