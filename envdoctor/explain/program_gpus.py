"""A program that hides the GPUs from itself: it sets CUDA_VISIBLE_DEVICES in its own code
or launch script, or the paste shows torch finding the GPU outside the program. The fix is
in the program (a code fix), read by the no-device entry (families/driver_state.py)."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import sep
from envdoctor.explain.visible_devices import set_in_code
from envdoctor.i18n import _

# torch.cuda.is_available() printed True in the same paste: the GPU works outside the program.
_AVAILABLE_TRUE = re.compile(r"is_available\(\)\)?[\s:=>]{0,12}(?:returns\s+)?True\b")


def program_hides_gpus(ctx: Context) -> Advice | None:
    """No GPU inside the program although the paste shows one outside it, or shows the
    program setting CUDA_VISIBLE_DEVICES: the program's own setting, a code fix."""
    sets = set_in_code(ctx)
    works = ctx.near(_AVAILABLE_TRUE, "is_available", before=0)
    if works is not None and ctx.has(
        "docker", "podman", "container", "wsl2", "wsl 2", "kubernetes"
    ):
        # True on the host, none inside a container (or WSL): the container lacks the GPU.
        works = None
    if sets is not None and works is None and "0" in sets.split(","):
        # GPU 0 exists on every machine with a GPU: the setting cannot hide it.
        sets = None
    if sets is None and works is None:
        return None
    facts: dict[str, object] = {}
    if sets is not None:
        facts["sets_cuda_visible_devices"] = sets
    if works is not None:
        facts["cuda_available_outside"] = True
    if works is not None:
        cause = _(
            "The GPU is there (torch.cuda.is_available() is True outside the program), but "
            "the program sees none: it sets CUDA_VISIBLE_DEVICES itself, in its code "
            "(os.environ['CUDA_VISIBLE_DEVICES'] = ...) or its launch script (export "
            "CUDA_VISIBLE_DEVICES=...), to GPU indices this machine does not have."
        )
    else:
        cause = _(
            "The program sets CUDA_VISIBLE_DEVICES itself; when the value names GPU indices "
            "this machine does not have (e.g. '3' on a one-GPU machine), CUDA sees no GPU."
        )
    if sets:
        cause += sep() + _("Here it sets {value!r}.").format(value=sets)
    fix = (
        _(
            "Find where the program sets it: search its code and scripts for "
            "CUDA_VISIBLE_DEVICES (os.environ[...], export lines, launch arguments)."
        ),
        _(
            "Set it to indices `nvidia-smi -L` lists (0 on a machine with one GPU), or "
            "remove the line so that all GPUs stay visible."
        ),
    )
    return Advice(cause, fix, facts, kind="code", used_local_facts=ctx.known.local)


__all__ = ["program_hides_gpus"]
