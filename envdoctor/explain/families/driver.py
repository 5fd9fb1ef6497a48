"""The driver is older than the CUDA the program needs, in every form the message takes."""

from __future__ import annotations

import re

from envdoctor.explain.decode import (
    branch_for_cuda,
    decode_cuda_api_version,
    driver_runs_cuda,
)
from envdoctor.explain.knowledge import (
    builds_for_driver,
    driver_floor_step,
    install_cmd,
    variant_for_driver,
)
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import CHECK_DRIVER, CHECK_TORCH, driver_facts
from envdoctor.i18n import N_, _

FAMILY = Family("driver")


@FAMILY.entry(
    code="cuda-driver-insufficient",
    finding_code="driver-too-old",
    keywords=("insufficient",),
    title=N_("CUDA driver older than the CUDA runtime"),
    patterns=(
        rx(r"CUDA driver version is insufficient for CUDA runtime version"),
        rx(r"cudaErrorInsufficientDriver|CUDA_ERROR_INSUFFICIENT_DRIVER"),
    ),
)
def advise_insufficient(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "The CUDA runtime the program uses (bundled in the PyTorch wheel, the container "
        "image or the application) is newer than your NVIDIA driver supports. Every CUDA "
        "release needs a minimum driver version."
    )
    fix: list[str] = []
    if k.driver_cuda and k.torch_cuda:
        cause += sep() + _(
            "Here the driver {driver} supports CUDA up to {dcuda}, and PyTorch was built "
            "for CUDA {tcuda}."
        ).format(driver=k.driver_version or "?", dcuda=k.driver_cuda, tcuda=k.torch_cuda)
        if not driver_runs_cuda(k.driver_cuda, k.torch_cuda):
            step = driver_floor_step(k.torch_cuda, k)
            if step:
                fix.append(step)
        variant = variant_for_driver(k.driver_cuda)
        if variant:
            fix.append(
                _("Or install a build this driver runs: {cmd}").format(cmd=install_cmd(variant))
            )
    else:
        fix.append(_(CHECK_DRIVER))
        fix.append(_(CHECK_TORCH))
        fix.append(
            _(
                "Upgrade the driver to one whose CUDA version is at least the build's, or "
                "install a PyTorch build for an older CUDA (e.g. cu118 on a 470 driver)."
            )
        )
    fix.append(
        _(
            "In a container: the image's CUDA must not be newer than the host driver allows, "
            "and the container needs the GPU (`docker run --gpus all`, NVIDIA Container "
            "Toolkit); without the host's driver libraries CUDA reports this same error."
        )
    )
    return Advice(cause, tuple(fix), driver_facts(k), used_local_facts=k.local)


@FAMILY.entry(
    code="driver-too-old",
    finding_code="driver-too-old",
    keywords=("driver on your system is too old",),
    title=N_("NVIDIA driver too old for this PyTorch build"),
    patterns=(rx(r"The NVIDIA driver on your system is too old \(found version (?P<num>\d+)\)"),),
    specificity=3,
    supersedes=frozenset({"cuda-driver-insufficient"}),
)
def _advise_too_old(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    number = int(m.group("num"))
    found = decode_cuda_api_version(number)
    facts: dict[str, object] = {"found_version": number}
    fix: list[str] = []
    if found is None:
        cause = _("PyTorch found an NVIDIA driver older than the CUDA version it was built for.")
    else:
        branch = branch_for_cuda(found)
        facts["driver_max_cuda"] = str(found)
        if branch:
            facts["driver_branch"] = f"R{branch}"
            cause = _(
                "PyTorch asked the driver which CUDA it supports and got {number}, which "
                "means CUDA {cuda}: a driver of the R{branch} branch. This PyTorch build "
                "needs a newer CUDA than that."
            ).format(number=number, cuda=found, branch=branch)
        else:
            cause = _(
                "PyTorch asked the driver which CUDA it supports and got {number}, which "
                "means CUDA {cuda}. This PyTorch build needs a newer CUDA than that."
            ).format(number=number, cuda=found)
    if k.torch_cuda:
        facts["torch_cuda"] = str(k.torch_cuda)
        cause += sep() + _("Your PyTorch build uses CUDA {tcuda}.").format(tcuda=k.torch_cuda)
        step = driver_floor_step(k.torch_cuda, k)
        if step:
            fix.append(step)
    else:
        fix.append(_(CHECK_TORCH))
        fix.append(
            _(
                "Upgrade the NVIDIA driver: CUDA 12.x builds need 525.60.13 or newer "
                "(528.33 on Windows), CUDA 13.x builds need 580 or newer."
            )
        )
    if k.local and k.driver_version:
        facts["driver_version"] = k.driver_version
        if k.driver_cuda and found and str(k.driver_cuda) != str(found):
            cause += sep() + _(
                "This machine's driver is {driver} (CUDA {dcuda}), not the one in the "
                "message: the error came from another machine or an older driver."
            ).format(driver=k.driver_version, dcuda=k.driver_cuda)
    kepler = any(g.capability and g.capability[0] == 3 for g in k.gpus)
    if kepler:
        fix.append(
            _(
                "Your Kepler GPU cannot use drivers newer than the R470 branch: install a "
                "CUDA 11.x build (cu118) instead of upgrading the driver."
            )
        )
    if found is not None:
        fix.append(
            _("Or keep the driver and install a build it runs: {builds}.").format(
                builds=builds_for_driver(found)
            )
        )
        variant = variant_for_driver(found)
        if variant:
            fix.append(install_cmd(variant))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


__all__ = ["FAMILY", "advise_insufficient"]
