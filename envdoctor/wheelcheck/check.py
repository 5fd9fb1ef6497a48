"""One verdict per wheel: does it install (tags), does it fit the GPU (torch family), what instead.

Pure: the CLI passes the facts, the matrix, and what it found on disk.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from envdoctor.compat.builds import lts_builds
from envdoctor.compat.python import python_supported
from envdoctor.compat.versions import Verdict
from envdoctor.i18n import _
from envdoctor.matrix.model import Matrix
from envdoctor.wheelcheck.driver_span import predated
from envdoctor.wheelcheck.install import InstallCheck, check_install
from envdoctor.wheelcheck.model import Fix, Problem, Severity, Status, WheelResult, status_of, worst
from envdoctor.wheelcheck.names import (
    BadWheelName,
    WheelName,
    describe_platform,
    impossible_abi,
    parse_wheel_name,
)
from envdoctor.wheelcheck.tags import Supported
from envdoctor.wheelcheck.target import GpuSide, Target
from envdoctor.wheelcheck.torchfit import (
    TORCH_FAMILY,
    GpuFit,
    check_gpu_fit,
    find_better_variant,
    index_url,
    limits_passed,
    newest_fitting_build,
    release_for_python,
)


def invalid_result(file: str, error: BadWheelName, *, exists: bool | None) -> WheelResult:
    return WheelResult(
        file=file,
        status=Status.INVALID,
        installs=False,
        gpu_fit=None,
        problems=(Problem("not-a-wheel-name", Severity.ERROR, error.message),),
        exists=exists,
    )


def check_wheel(
    file: str,
    *,
    target: Target,
    supported: Supported,
    gpu: GpuSide,
    matrix: Matrix,
    exists: bool | None = None,
    file_problems: tuple[Problem, ...] = (),
) -> WheelResult:
    """Judge one wheel; `exists` is None when the disk was not looked at.

    A FILE that is not on disk is still judged by its name: a bare name (no folder part)
    is how users check before a slow download, so it gets a note; a path with folders
    that is not there is more likely a typo, so it gets a warning.
    """
    try:
        wheel = parse_wheel_name(file)
    except BadWheelName as exc:
        return invalid_result(file, exc, exists=exists)
    install = check_install(wheel, target, supported)
    fit = check_gpu_fit(wheel, target, gpu, matrix)
    problems: list[Problem] = []
    if exists is False:
        bare = PurePath(file).name == file
        problems.append(
            Problem(
                "name-only" if bare else "file-missing",
                Severity.INFO if bare else Severity.WARNING,
                _("no such file here: only its name was checked")
                if bare
                else _("there is no such file: {path}; only its name was checked").format(
                    path=file
                ),
            )
        )
    problems += file_problems
    impossible = impossible_abi(wheel)
    if impossible is not None:
        problems.append(Problem("abi-impossible", Severity.ERROR, impossible))
    problems += install.problems
    if fit is not None:
        problems += fit.problems
    file_status = status_of(list(file_problems))
    installs: bool | None
    if install.status is Status.NO or file_status is Status.NO:
        installs = False
    elif install.status is Status.UNKNOWN:
        installs = None
    else:
        installs = True
    status = worst(status_of(problems), Status.NO if installs is False else Status.OK)
    return WheelResult(
        file=file,
        status=status,
        installs=installs,
        gpu_fit=fit.status if fit else None,
        problems=tuple(problems),
        fix=build_fix(wheel, install, fit, (target, gpu, matrix), file_status=file_status),
        project=wheel.project,
        version=wheel.version,
        tags=tuple(sorted(str(t) for t in wheel.tags)),
        variant=fit.variant if fit else None,
        exists=exists,
    )


def build_fix(
    wheel: WheelName,
    install: InstallCheck,
    fit: GpuFit | None,
    facts: tuple[Target, GpuSide, Matrix],
    *,
    file_status: Status = Status.OK,
) -> Fix | None:
    """What to download instead, or what to change, when something does not fit."""
    target = facts[0]
    if install.python_blocker:
        return Fix(_("install a 64-bit Python and check again"))
    gpu_bad = fit is not None and fit.status is Status.NO
    gpu_cpu = fit is not None and fit.variant == "cpu" and fit.better_variant is not None
    if install.status is not Status.NO and not gpu_bad and not gpu_cpu:
        if file_status is Status.NO:
            return Fix(_("download the file again: {name}").format(name=wheel.filename))
        return None
    choice = _choose_torch_build(wheel, fit, facts, change_variant=gpu_bad or gpu_cpu)
    if isinstance(choice, Fix):
        return choice
    version, local, notes = choice
    platform_part = install.platform_part
    pattern = install.platform_is_pattern and platform_part is not None
    if version.split("+", 1)[0] != wheel.version.split("+", 1)[0]:
        # Another release may use another platform tag (manylinux_2_28, linux_x86_64, ...).
        plat = describe_platform(platform_part or target.platform or wheel.platform_part)
        if plat.os == "linux" and plat.arch:
            platform_part, pattern = f"*linux*_{plat.arch}", True
        elif plat.os == "macos" and plat.arch:
            platform_part, pattern = f"macosx_*_{plat.arch}", True
    # An ABI no Python has (cp39m) is never kept: this interpreter's ABI goes with its tag.
    abi_part = install.abi_part or (install.python_part if impossible_abi(wheel) else None)
    target_plat = describe_platform(platform_part or target.platform or wheel.platform_part)
    if (
        abi_part is None
        and wheel.canonical in TORCH_FAMILY
        and wheel.abi_part == "none"
        and (install.python_part or wheel.python_part).startswith("cp")
        and target_plat.os != "macos"
    ):
        # torch's old macOS wheels say "cp38-none"; its Linux and Windows ones "cp38-cp38".
        abi_part = install.python_part or wheel.python_part
    name = wheel.with_parts(
        python_part=install.python_part,
        abi_part=abi_part,
        platform_part=platform_part,
    )
    in_family = wheel.canonical in TORCH_FAMILY
    if version != wheel.version or (local and local != wheel.local and in_family):
        base = version.split("+", 1)[0]
        name = _with_version(name, base + (f"+{local}" if local else ""))
    url = index_url(local, wheel.canonical) if local and in_family else None
    lts = lts_builds(facts[2], version) if in_family else None
    if lts is not None:
        # The LTS release lives on its own index (whl/lts/1.8/<build>), never on whl/<build>.
        variant = local if local in lts.variants else None
        url = f"{lts.index_url(variant)}/{wheel.canonical}/" if variant else None
    if name.filename == wheel.filename:
        return Fix("; ".join(notes)) if notes else None
    if pattern:
        head = _("download the one that matches {file}").format(file=name.filename)
    elif install.platform_is_guess and platform_part == install.platform_part:
        head = _("download this build for an older glibc, if it is published: {file}").format(
            file=name.filename
        )
    else:
        head = _("download this one instead: {file}").format(file=name.filename)
    if url:
        head += " " + _("(listed at {url})").format(url=url)
    return Fix(
        "; ".join([*notes, head]), file=name.filename, file_is_pattern=pattern, index_url=url
    )


def _choose_torch_build(
    wheel: WheelName,
    fit: GpuFit | None,
    facts: tuple[Target, GpuSide, Matrix],
    *,
    change_variant: bool,
) -> tuple[str, str | None, list[str]] | Fix:
    """(version, variant, notes) of the torch build to get instead, or a Fix when none exists."""
    target, gpu, matrix = facts
    notes: list[str] = []
    version = wheel.version
    local = fit.variant if fit else None
    release = fit.release if fit else None
    if fit is None or release is None:
        return version, local, notes
    os_name = target.os if target.os in {"linux", "windows", "macos"} else "linux"
    if target.python_version is not None:
        py = "{}.{}".format(*target.python_version)
        if python_supported(release, py) is Verdict.NO:
            newer = release_for_python(matrix, target)
            notes.append(
                _("torch {release} has no wheels for Python {py} (it supports {spec})").format(
                    release=release.release, py=py, spec=release.python
                )
            )
            if newer is None:
                return Fix("; ".join([*notes, _("no torch release in the matrix supports it")]))
            release = newer
            version = newer.newest
            notes.append(
                _("the newest release that does is torch {version}").format(version=version)
            )
            if local and release.variant(local) is None:
                local = None
    if change_variant or local is None:
        better = find_better_variant(matrix, release, gpu, os_name, local)
        if better is not None:
            local = better.name
            notes.append(
                _("the {variant} build of torch {release} fits your driver and GPU").format(
                    variant=better.name, release=release.release
                )
            )
        elif change_variant:
            other = newest_fitting_build(matrix, target, gpu, os_name)
            if other is None:
                notes.append(_("no CUDA build of torch in the matrix fits this driver and GPU"))
                if any(p.code == "driver-too-old" for p in fit.problems):
                    notes.append(_("update the NVIDIA driver"))
                passed = limits_passed(matrix, gpu)
                if passed:
                    limit = min((lim for _gpu, lim in passed), key=lambda lim: lim.last_branch)
                    notes.append(
                        _(
                            "install the R{branch} driver, the last branch for {family} GPUs, "
                            "then check again"
                        ).format(branch=limit.last_branch, family=limit.family)
                    )
                early = [c for _g, c in predated(matrix, gpu, os_name) if c.firm]
                if early:
                    branch = max(c.first_branch or 0 for c in early)
                    notes.append(
                        _(
                            "upgrade the NVIDIA driver to R{branch} or newer, the first branch "
                            "that drives this GPU, then check again"
                        ).format(branch=branch)
                    )
                return Fix("; ".join(notes))
            release, chosen = other
            version, local = release.newest, chosen.name
            notes.append(
                _(
                    "no build of this torch release fits your driver and GPU; the newest that "
                    "does is the {variant} build of torch {version}"
                ).format(variant=chosen.name, version=version)
            )
    if local is None and version != wheel.version:
        local = release.default_variant.get("linux-x86_64" if os_name == "linux" else os_name)
    return version, local, notes


def _with_version(wheel: WheelName, version: str) -> WheelName:
    new = replace(
        wheel, version=version, local=version.split("+", 1)[1] if "+" in version else None
    )
    return replace(new, filename=new.render())


__all__ = ["build_fix", "check_wheel", "invalid_result"]
