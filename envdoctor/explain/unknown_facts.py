"""Second commands for facts a paste does not show.

A paste often lacks the driver or the Python. The build `knowledge.suggest` picks for the
unknown is the newest one, which needs the newest driver and drops old Pythons; these
steps add the command for the machine that is one step older, so the advice holds for
both. Everything comes from the matrix through the core, as in `knowledge`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from envdoctor.compat.python import oldest_python, python_supported
from envdoctor.compat.versions import TorchVersion, Verdict
from envdoctor.explain.decode import parse_cuda_version
from envdoctor.explain.knowledge import Build, driver_os, minor_floor, suggest
from envdoctor.i18n import _

if TYPE_CHECKING:
    from envdoctor.compat.commands import MirrorIndex
    from envdoctor.explain.model import Known
    from envdoctor.matrix.model import Matrix


def older_driver_step(
    matrix: Matrix,
    known: Known,
    build: Build,
    *,
    mirror: MirrorIndex | None = None,
    with_packages: tuple[str, ...] = (),
) -> str | None:
    """When the driver is unknown and `build` needs a driver of its CUDA major, the command
    for a driver one major older (the newest build it runs), so the advice holds for both.
    None when the driver is known or no such build exists."""
    if known.driver_version or known.driver_cuda:
        return None
    cuda = parse_cuda_version(build.cuda)
    floor = minor_floor(matrix, cuda.major, driver_os(known)) if cuda is not None else None
    if cuda is None or floor is None:
        return None
    # The newest toolkit of an older major: the CUDA such a driver reports at most.
    older = [
        v
        for t in matrix.cuda.toolkits
        if (v := parse_cuda_version(t.cuda)) is not None and v.major < cuda.major
    ]
    if not older:
        return None
    newest_older = max(older, key=lambda v: (v.major, v.minor))
    fallback = suggest(
        matrix, known, mirror=mirror, driver_cuda=newest_older, with_packages=with_packages
    )
    if fallback is None or fallback.variant == build.variant:
        return None
    return _(
        "{variant} builds need NVIDIA driver {floor} or newer (nvidia-smi's 'CUDA Version' "
        "{major}.0 or higher); with an older driver use: {cmd}"
    ).format(variant=build.variant, floor=floor, major=cuda.major, cmd=fallback.command)


def older_python_step(
    matrix: Matrix,
    known: Known,
    build: Build,
    *,
    mirror: MirrorIndex | None = None,
    with_packages: tuple[str, ...] = (),
    capabilities: tuple[tuple[int, int], ...] | None = None,
) -> str | None:
    """When the Python is unknown and `build`'s release drops a Python that an older release
    still serves, the command for that Python. None when the Python is known, when the
    build keeps the installed torch (its Python runs it already) or nothing older fits.
    `capabilities`: the GPUs `build` was chosen for, when not the facts' own."""
    if known.python_version:
        return None
    version = TorchVersion.parse(build.version)
    installed = TorchVersion.parse(known.torch_version or "")
    if version is None or (installed is not None and installed.release == version.release):
        return None
    release = matrix.release(version.release)
    floor = oldest_python(release) if release is not None else None
    if floor is None:
        return None
    older = f"3.{int(floor.split('.')[1]) - 1}"
    if not any(python_supported(r, older) is Verdict.OK for r in matrix.torch.releases):
        return None
    fallback = suggest(
        matrix,
        replace(known, python_version=older),
        mirror=mirror,
        with_packages=with_packages,
        capabilities=capabilities,
    )
    if fallback is None or fallback.version == build.version:
        return None
    return _(
        "torch {version} needs Python {floor} or newer (see `python --version`); with "
        "Python {older} use: {cmd}"
    ).format(version=build.version, floor=floor, older=older, cmd=fallback.command)
