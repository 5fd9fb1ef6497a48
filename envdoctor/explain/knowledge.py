"""What explain knows about drivers, CUDA and wheels: the single door to that knowledge.

Every family asks here for the facts that depend on NVIDIA's and PyTorch's releases
(which wheel family a driver runs, the install command, the driver floor of a CUDA
major) so that no family carries its own table.
"""

from __future__ import annotations

from envdoctor.explain.decode import MINOR_COMPAT_FLOOR, CudaVersion
from envdoctor.explain.model import Known
from envdoctor.i18n import _


def index_url(variant: str) -> str:
    return f"https://download.pytorch.org/whl/{variant}"


def install_cmd(variant: str) -> str:
    return (
        "python -m pip install --force-reinstall torch torchvision torchaudio "
        f"--index-url {index_url(variant)}"
    )


def variant_for_driver(driver_cuda: CudaVersion | None) -> str | None:
    """The PyTorch wheel family a driver runs without forward compatibility."""
    if driver_cuda is None:
        return None
    if driver_cuda.major >= 13:
        return "cu130"
    if driver_cuda.major == 12:
        return "cu128" if driver_cuda.minor >= 8 else "cu126"
    if driver_cuda.major == 11:
        return "cu118"
    return None


def variant_for(known: Known) -> str:
    """The wheel family to reinstall with: what the driver runs and the GPUs need.

    Maxwell/Pascal/Volta are only in cu126 (and older) builds, Blackwell only in cu128
    and newer; otherwise the newest family the driver runs without forward
    compatibility; cu126 when nothing is known.
    """
    caps = [g.capability for g in known.gpus if g.capability]
    by_driver = variant_for_driver(known.driver_cuda)
    if any((5, 0) <= cap < (7, 5) for cap in caps):
        return "cu118" if by_driver == "cu118" else "cu126"
    if any(cap >= (10, 0) for cap in caps):
        return by_driver if by_driver in ("cu128", "cu130") else "cu128"
    return by_driver or "cu126"


def builds_for_driver(driver_cuda: CudaVersion) -> str:
    if driver_cuda.major >= 13:
        return _("CUDA 13.x builds (cu130 and newer) and every CUDA 12.x build")
    if driver_cuda.major == 12:
        return _("any CUDA 12.x build (cu121 … cu129), but no cu130 or newer build")
    if driver_cuda.major == 11:
        return _("CUDA 11.x builds such as cu118 (the last is torch 2.7), no cu12x build")
    return _(
        "only builds for CUDA {cuda} or older, i.e. old PyTorch 1.x releases; "
        "upgrading the driver is the realistic fix"
    ).format(cuda=driver_cuda)


def driver_floor_step(cuda: CudaVersion, known: Known) -> str | None:
    floor = MINOR_COMPAT_FLOOR.get(cuda.major)
    if floor is None:
        return None
    linux, windows = floor
    if known.os == "Windows":
        return _(
            "Upgrade the NVIDIA driver to {version} or newer (needed by CUDA {major}.x)."
        ).format(version=windows, major=cuda.major)
    return _(
        "Upgrade the NVIDIA driver to {linux} or newer on Linux ({windows} on Windows); "
        "CUDA {major}.x builds need that."
    ).format(linux=linux, windows=windows, major=cuda.major)


__all__ = [
    "builds_for_driver",
    "driver_floor_step",
    "index_url",
    "install_cmd",
    "variant_for",
    "variant_for_driver",
]
