"""The driver too old for a program's own CUDA, as programs other than PyTorch say it
(NVIDIA Warp's check of the driver's CUDA against the one its build needs): the readings
of `driver`'s cuda-driver-insufficient entry that name the program's versions.
"""

from __future__ import annotations

import re

from envdoctor.explain.decode import CudaVersion, decode_cuda_api_version
from envdoctor.explain.knowledge import branch_of_cuda, driver_floor_step
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import sep
from envdoctor.explain.steps import CHECK_DRIVER, driver_facts
from envdoctor.i18n import _


def warp_driver(m: re.Match[str], ctx: Context) -> Advice:
    """NVIDIA Warp's own check: the CUDA its build needs against the driver's CUDA. Warp's
    installation guide: CUDA devices are then unavailable (the CPU still works); update
    the driver, install a compatible prebuilt Warp, or build Warp with a toolkit the
    driver supports."""
    k = ctx.known
    have = m.group("warp_have")
    need = m.groupdict().get("warp_need")
    if need is None:
        # The greeting names the toolkit Warp was built with; its packages rely on minor
        # version compatibility, so they need the major's X.0 (11.4 for CUDA 11), as
        # warp/_src/context.py sets min_driver_version.
        major = int(m.group("warp_toolkit"))
        need = f"{major}.0" if major > 11 else "11.4"
    facts = {**driver_facts(k), "required_cuda": need, "driver_cuda": have}
    cause = _(
        "NVIDIA Warp was built with a CUDA that needs a driver supporting CUDA {need}, and "
        "the installed driver supports CUDA up to {have}: the driver is older than Warp's "
        "CUDA, so Warp leaves the GPU unused and runs on the CPU only."
    ).format(need=need, have=have)
    fix: list[str] = [_(CHECK_DRIVER)]
    wanted = CudaVersion.parse(need)
    step = driver_floor_step(ctx.matrix, wanted, k) if wanted else None
    branch = branch_of_cuda(ctx.matrix, wanted) if wanted else None
    if branch:
        fix.append(
            _(
                "Upgrade the NVIDIA driver to the R{branch} branch or newer (it runs CUDA "
                "{cuda} natively)."
            ).format(branch=branch, cuda=need)
        )
    elif step:
        fix.append(step)
    else:
        fix.append(
            _(
                "Upgrade the NVIDIA driver to one whose 'CUDA Version' in `nvidia-smi` is at "
                "least {need}."
            ).format(need=need)
        )
    fix.append(
        _(
            "Or keep the driver: install a Warp package built for a CUDA this driver supports "
            "(CUDA {have} or older) if its releases offer one, or build Warp from source with "
            "such a CUDA toolkit."
        ).format(have=have)
    )
    return Advice(cause, tuple(fix), facts, key="warp", used_local_facts=k.local)


def driver_number(m: re.Match[str], ctx: Context, cause: str) -> Advice:
    """A program's own driver check that prints numbers: cuDriverGetVersion's (9010 = CUDA
    9.1; ethminer, Isaac Gym "expected at least 11040"), or the driver's version against a
    renderer's minimum (Omniverse RTX: "Installed driver: 535.5", "[0.0, 535.129)")."""
    k = ctx.known
    groups = m.groupdict()
    if groups.get("rtx_have"):
        have, need = groups["rtx_have"], groups.get("rtx_need")
        cause = _(
            "The application checked the NVIDIA driver itself and refuses driver {have}: it "
            "is below the minimum its RTX renderer supports{need}. This is the driver's own "
            "version, not a CUDA version."
        ).format(have=have, need=_(" ({need} or newer)").format(need=need) if need else "")
        steps = (
            _(CHECK_DRIVER),
            _(
                "Install a driver at or above that minimum (the application's system "
                "requirements name the recommended branch), then start it again."
            ),
        )
        found: dict[str, object] = {**driver_facts(k), "driver_version": have}
        if need:
            found["minimum_driver"] = need
        return Advice(cause, steps, found, key="rtx", used_local_facts=k.local)
    number = groups["drvnum"]
    have = _api_cuda(number)
    cause += sep() + _(
        "The program printed the driver's CUDA version as {number}: this driver supports "
        "CUDA up to {have}, and the program was built with a newer CUDA."
    ).format(number=number, have=have)
    facts: dict[str, object] = {**driver_facts(k), "driver_cuda": have}
    if need_number := groups.get("drvneed"):
        need = _api_cuda(need_number)
        facts["needed_cuda"] = need
        cause += sep() + _("It needs a driver for CUDA {need} or newer.").format(need=need)
    steps = (
        _(CHECK_DRIVER),
        _(
            "Upgrade the driver to one that supports the CUDA the program was built with "
            "(its release notes name it), or use the program's build for CUDA {have} or "
            "older."
        ).format(have=have),
    )
    return Advice(cause, steps, facts, key="number", used_local_facts=k.local)


def _api_cuda(number: str) -> str:
    """cuDriverGetVersion's integer as a CUDA version (11020 -> 11.2), by the core's rule."""
    decoded = decode_cuda_api_version(int(number))
    return str(decoded) if decoded is not None else number


__all__ = ["driver_number", "warp_driver"]
