"""Getting the facts a command judges: from a file, or collected live from this machine."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from envdoctor.errors import UsageError
from envdoctor.i18n import _
from envdoctor.redact import redact_fields

if TYPE_CHECKING:
    from envdoctor.snapshot import Snapshot

# Set by envdoctor/__main__.py: `python -m envdoctor` inspects its own interpreter.
INVOKED_AS_MODULE = False


def obtain_snapshot(
    *, python: str | None, from_file: str | Sequence[str] | None, timeout: float, quiet: bool
) -> Snapshot:
    """A snapshot from `from_file` (one input or several, fused), or collected live."""
    if from_file:
        from envdoctor.collect.from_file import load_facts

        # A pasted report may hold index URLs with passwords: mask them before anything
        # can show them (a folded table cell would split a URL past the output filter).
        return redact_fields(load_facts(from_file))
    from envdoctor.collect import collect_snapshot
    from envdoctor.snapshot import TorchState

    if quiet or not sys.stderr.isatty():
        snapshot = collect_snapshot(python, timeout=timeout, invoked_as_module=INVOKED_AS_MODULE)
    else:
        from envdoctor.render.console import make_console

        with make_console(stderr=True).status(
            _("Inspecting the NVIDIA driver, GPUs and PyTorch...")
        ):
            snapshot = collect_snapshot(
                python, timeout=timeout, invoked_as_module=INVOKED_AS_MODULE
            )
    snapshot = redact_fields(snapshot)
    if python is not None and snapshot.torch.state is TorchState.NO_INTERPRETER:
        raise UsageError(
            _(
                "--python {path}: cannot run it as a Python interpreter ({error}); pass the "
                "path of a python executable, e.g. --python ~/venv/bin/python"
            ).format(path=python, error=snapshot.torch.error)
        )
    return snapshot


__all__ = ["INVOKED_AS_MODULE", "obtain_snapshot"]
