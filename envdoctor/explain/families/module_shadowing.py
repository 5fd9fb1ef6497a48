"""Two readings of "No module named" that the name's form gives away, for missing_modules
(and package_modules, which leaves Python 2's form to it):

- "No module named 'a.b'; 'a' is not a package": Python 3's importlib imported `a` from a
  single file, which has no submodules. For a top-level `a` that is a file of the user's
  own named like the package (a.py in the current folder or the script's, or the script
  itself), found before the installed package: triton-windows' README (66361c03, "Don't name
  the test script `triton.py`"); or a one-file module of that name in site-packages found
  before the project's own folder (YOLOv5's `utils`). `__main__` is the script run (a
  relative import in it), never a file to rename. For a dotted `a` (`torch.nn.functional`), the code imports
  a name defined in that module as if it were a module.
- "ImportError: No module named a.b" (unquoted): Python 2's words. Its import (Python/
  import.c, load_next) names the rest of the dotted path from the part it could not find,
  so a dotted name there means its first package is not importable at all; when `a` is
  found and `a.b` is not, it says "No module named b". (CPython 2.7.18, run here:
  `import maskrcnn_benchmark.config` -> "No module named maskrcnn_benchmark.config",
  `import os.foo` -> "No module named foo".) Python 3 quotes the name, and `python -m a.b`
  prints "<python>: No module named a.b" without "ImportError:".
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind
from envdoctor.i18n import _

_NAMED = "No module named "


def python2_dotted(m: re.Match[str], text: str) -> bool:
    """Whether a "No module named" match is Python 2's ImportError with a bare name."""
    start = m.start()
    quote = text[start + len(_NAMED) : start + len(_NAMED) + 1]
    return text[max(0, start - 13) : start] == "ImportError: " and quote not in ("'", '"')


def not_a_package(sub: str, parent: str, ctx: Context) -> Advice:
    """`import parent.x` where `parent` was imported from a file, not a package."""
    facts: dict[str, object] = {"module": sub, "imported_from_file": parent}
    if "." in parent:
        name = sub.rsplit(".", 1)[-1]
        cause = _(
            "{parent} is a module (one file), not a package, so it has no submodule "
            "{name}: the code imports {sub} as if it were a module, while {name} is "
            "(probably) a function or class defined in {parent}."
        ).format(parent=parent, name=name, sub=sub)
        fix: tuple[str, ...] = (
            _("Import the name from the module: `from {parent} import {name}`.").format(
                parent=parent, name=name
            ),
        )
        return Advice(
            cause,
            fix,
            facts,
            title=_("A name in a module is imported as if it were a submodule"),
            key=sub,
            kind=ErrorKind.CODE.value,
            used_local_facts=ctx.known.local,
        )
    cause = _(
        "Python imported {parent} from a single file, not from the {parent} package (the "
        "installed one, or the project's own folder), so {sub} cannot be found in it: a "
        "file named {parent}.py comes first on the import path and shadows the package: "
        "usually one of your own (the script you run, or a file in the current folder or "
        "the script's folder), sometimes a one-file module another package installed under "
        "that name."
    ).format(parent=parent, sub=sub)
    fix = (
        _(
            'Find that file: `python -c "import {parent}; print({parent}.__file__)"`, run '
            "where the program runs."
        ).format(parent=parent),
        _(
            "Rename your {parent}.py (and delete the {parent}.pyc next to it or in "
            "__pycache__), or run from another folder; if the file belongs to another "
            "installed package, remove that package or rename its module out of the way."
        ).format(parent=parent),
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("A file named like the package shadows it"),
        key=sub,
        used_local_facts=ctx.known.local,
    )


__all__ = ["not_a_package", "python2_dotted"]
