"""Run `envdoctor bench` in a subprocess (plain or under torchrun) for the tests.

While `envdoctor.cli.check` is not merged yet, importing `envdoctor.cli` fails; this
entry then registers an empty placeholder for it so the bench command can be tested
on its own. Once check exists, the real package is imported untouched. Setting
ENVDOCTOR_TEST_HIDE_TORCH=1 makes `import torch` fail, as on a machine without it.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


class _HideTorch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return


def check_exists() -> bool:
    """Whether envdoctor/cli/check.py exists, without importing envdoctor.cli."""
    spec = importlib.util.find_spec("envdoctor")
    locations = list(spec.submodule_search_locations or []) if spec else []
    return any(os.path.exists(os.path.join(loc, "cli", "check.py")) for loc in locations)


def install_shims() -> None:
    if os.environ.get("ENVDOCTOR_TEST_HIDE_TORCH") == "1":
        sys.meta_path.insert(0, _HideTorch())
    if not check_exists():
        placeholder = types.ModuleType("envdoctor.cli.check")
        placeholder.register = lambda app: None  # type: ignore[attr-defined]
        sys.modules["envdoctor.cli.check"] = placeholder


if __name__ == "__main__":
    install_shims()
    from envdoctor.cli import main

    main()
