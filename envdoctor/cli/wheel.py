"""`envdoctor wheel FILE...`: will these downloaded wheels install here, and fit the GPU?

Where the facts come from, in order (each later one overrides single facts):
  1. `--from FILE` (repeatable; read as `check --from` reads it), else a probe of the
     target interpreter (`--python PATH`, chosen as `check` does, in `collect.torch_probe`),
     unless `--platform` says the target is another machine;
  2. `--python-version`, `--platform`, `--glibc`, `--driver`, `--gpu`.
The driver and GPUs are read through NVML only when the target is this machine.

A FILE that does not exist is still checked by its name, with a warning, so names can be
checked before a slow download. Exit codes: 0 every wheel fits (warnings and unknowns
alone do not fail, unless --strict), 1 some wheel does not fit, 2 bad input (a name that
is not a wheel name, an unreadable --from, a malformed option), 3 envdoctor cannot run.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from envdoctor.cli._common import add_command, emit
from envdoctor.cli._options import (
    DriverOpt,
    FromOpt,
    GpuOpt,
    JsonOpt,
    OsOpt,
    PythonOpt,
    PythonVersionOpt,
    TimeoutOpt,
    parse_driver_option,
    parse_gpu_option,
    parse_os_option,
    parse_python_version_option,
    parse_timeout_option,
)
from envdoctor.errors import EnvdoctorError, UsageError
from envdoctor.exitcodes import ExitCode
from envdoctor.i18n import _
from envdoctor.result import CommandResult, Outcome

if TYPE_CHECKING:
    from envdoctor.matrix.model import Matrix
    from envdoctor.snapshot import Snapshot
    from envdoctor.wheelcheck.model import Problem, WheelResult
    from envdoctor.wheelcheck.target import GpuSide, Target, TargetGpu

PROBE_TIMEOUT = 30.0
_OS_PLATFORM = {
    "linux": "linux_x86_64",
    "wsl": "linux_x86_64",
    "windows": "win_amd64",
    "macos": "macosx_11_0_arm64",
}


def probe_target(explicit: str | None, timeout: float) -> Target:
    """The target interpreter's tags, from the fact probe (without importing torch: fast)."""
    from envdoctor.cli._facts import INVOKED_AS_MODULE
    from envdoctor.collect.torch_probe import probe_python
    from envdoctor.wheelcheck.target import target_from_python_facts

    probed = probe_python(explicit, timeout=timeout, invoked_as_module=INVOKED_AS_MODULE)
    if probed.facts is None:
        raise EnvdoctorError(
            _(
                "cannot run the target Python {python} ({why}); give --python PATH, or "
                "--python-version and --platform to check for another machine"
            ).format(python=probed.python, why=probed.error or _("no answer")),
            # A --python that is not a Python is bad input; a `python` on PATH that does not
            # run is a problem of this machine (as in `check`), not envdoctor's own failure.
            exit_code=ExitCode.USAGE if explicit else ExitCode.PROBLEMS,
        )
    return target_from_python_facts(probed.facts, source="probe")


def read_local_gpu() -> GpuSide:
    from envdoctor.collect.nvml import read_nvml
    from envdoctor.wheelcheck.target import gpu_side_from_facts

    result = read_nvml()
    return gpu_side_from_facts(result.driver, result.gpus, source="nvml")


def load_snapshot(paths: str | Path | list[str]) -> Snapshot:
    """The facts in `paths`, read and fused by the one `--from` loader (as `check --from`)."""
    from envdoctor.collect.from_file import load_facts

    return load_facts(str(paths) if isinstance(paths, Path) else paths)


def parse_gpu(matrix: Matrix, text: str) -> TargetGpu:
    """A --gpu value (name or compute capability) as the wheel check's GPU."""
    from envdoctor.wheelcheck.target import TargetGpu

    chosen = parse_gpu_option(matrix, text)
    name = chosen.text if chosen.entry is not None else chosen.capability.sm
    return TargetGpu(name, str(chosen.capability))


def build_target(
    *,
    python: str | None,
    python_version: str | None,
    platform: str | None,
    glibc: str | None,
    snapshot: Snapshot | None,
    timeout: float,
) -> Target:
    from envdoctor.wheelcheck.target import (
        Target,
        parse_glibc,
        parse_platform,
        target_from_python_facts,
    )

    parsed = parse_python_version_option(python_version) if python_version else None
    version = ((parsed.major, parsed.minor), parsed.free_threaded) if parsed else None
    plat = parse_platform(platform) if platform else None
    glibc_v = parse_glibc(glibc) if glibc else None
    sources: list[str] = []
    if snapshot is not None:
        target = target_from_python_facts(snapshot.python, source="snapshot")
        sources.append("snapshot")
    elif plat is not None:
        if version is None:
            raise UsageError(_("--platform describes another machine: give --python-version too"))
        target = Target(implementation="CPython", free_threaded=False)
    else:
        target = probe_target(python, timeout)
        sources.append("probe")
    if version is not None:
        target = replace(
            target,
            python_version=version[0],
            free_threaded=version[1],
            implementation=target.implementation or "CPython",
        )
    if plat is not None:
        tag, implied_glibc = plat
        target = replace(
            target,
            platform=tag,
            glibc=implied_glibc if tag.startswith("linux_") else None,
            macos_version_exact=tag.startswith("macosx_"),
            pointer_bits=32 if tag == "win32" else target.pointer_bits,
        )
    if glibc_v is not None:
        target = replace(target, glibc=glibc_v)
    if version is not None or plat is not None or glibc_v is not None:
        sources.append("options")
    return replace(target, source="+".join(sources))


def build_gpu_side(
    matrix: Matrix,
    *,
    driver: str | None,
    gpus: list[str] | None,
    snapshot: Snapshot | None,
    local: bool,
    driver_os: str | None = None,
) -> GpuSide:
    from envdoctor.wheelcheck.target import GpuSide, gpu_side_from_facts

    driver_v = str(parse_driver_option(driver)) if driver is not None else None
    gpu_list = tuple(parse_gpu(matrix, g) for g in gpus or ())
    if snapshot is not None:
        side = gpu_side_from_facts(snapshot.driver, snapshot.gpus, source="snapshot")
    elif local:
        side = read_local_gpu()
    else:
        side = GpuSide(source="none")
    if driver_v is not None:
        side = replace(side, driver=driver_v, driver_cuda=None, driver_state="ok", source="options")
    if gpu_list:
        side = replace(side, gpus=gpu_list, source="options")
    if driver_os is not None:
        side = replace(side, driver_os=driver_os)
    return side


def outcome_for(results: list[WheelResult]) -> Outcome:
    """The wheels' worst status in the result vocabulary (--strict is applied by the contract).

    A name that is not a wheel name is bad input (error, exit 2); a caveat or an unchecked
    fact is a warning: it does not fail unless --strict.
    """
    from envdoctor.result import worst
    from envdoctor.wheelcheck.model import Status

    words = {
        Status.OK: Outcome.OK,
        Status.CAVEAT: Outcome.WARN,
        Status.UNKNOWN: Outcome.WARN,
        Status.NO: Outcome.FAIL,
        Status.INVALID: Outcome.ERROR,
    }
    return worst(words[r.status] for r in results)


def payload(
    target: Target, gpu: GpuSide, missing: tuple[str, ...], results: list[WheelResult]
) -> dict[str, Any]:
    from envdoctor.serde import to_data

    tgt = to_data(target)
    tgt["missing_facts"] = list(missing)
    return {"target": tgt, "gpu": to_data(gpu), "wheels": [to_data(r) for r in results]}


def wheel(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help=_("Wheel files or names."))],
    *,
    python: PythonOpt = None,
    python_version: PythonVersionOpt = None,
    platform: Annotated[
        str | None,
        typer.Option(
            "--platform",
            help=_("Check for another machine: linux_x86_64, win_amd64, macosx_14_0_arm64."),
        ),
    ] = None,
    glibc: Annotated[
        str | None, typer.Option("--glibc", help=_("The target's glibc, e.g. 2.31."))
    ] = None,
    from_file: FromOpt = None,
    driver: DriverOpt = None,
    gpu: GpuOpt = None,
    os_name: OsOpt = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help=_("Also fail (exit 1) on caveats and facts that could not be checked.")
        ),
    ] = False,
    timeout: TimeoutOpt = PROBE_TIMEOUT,
    json_output: JsonOpt = False,
) -> None:
    from envdoctor.matrix import load_matrix
    from envdoctor.render.wheel import render_wheel_report
    from envdoctor.wheelcheck.archive import inspect_archive
    from envdoctor.wheelcheck.check import check_wheel
    from envdoctor.wheelcheck.names import BadWheelName, parse_wheel_name
    from envdoctor.wheelcheck.tags import supported_tags

    timeout = parse_timeout_option(timeout)
    target_os = parse_os_option(os_name) if os_name is not None else None
    if target_os is not None and platform is None:
        # --os alone: the usual 64-bit platform of that OS (WSL runs Linux wheels).
        platform = _OS_PLATFORM[target_os]
    snapshot = load_snapshot(from_file) if from_file else None
    target = build_target(
        python=python,
        python_version=python_version,
        platform=platform,
        glibc=glibc,
        snapshot=snapshot,
        timeout=timeout,
    )
    matrix = load_matrix()
    gpu_side = build_gpu_side(
        matrix,
        driver=driver,
        gpus=gpu,
        snapshot=snapshot,
        local=snapshot is None and platform is None,
        driver_os="windows" if target_os == "wsl" else None,
    )
    if target_os is not None and target.os != ("linux" if target_os == "wsl" else target_os):
        raise UsageError(
            _("--os {os} and --platform {platform} describe different systems").format(
                os=target_os, platform=platform
            )
        )
    supported = supported_tags(target)
    results = []
    for file in files:
        path = Path(file)
        exists = path.exists()
        file_problems: tuple[Problem, ...] = ()
        if exists:
            try:
                parsed = parse_wheel_name(file)
            except BadWheelName:
                parsed = None
            file_problems = tuple(inspect_archive(path, parsed))
        results.append(
            check_wheel(
                file,
                target=target,
                supported=supported,
                gpu=gpu_side,
                matrix=matrix,
                exists=exists,
                file_problems=file_problems,
            )
        )
    # A name that is not a wheel name: its problem's line is the error message.
    invalid = [p.message for r in results for p in r.problems if r.status.value == "invalid"]
    result = CommandResult(
        "wheel",
        outcome_for(results),
        payload(target, gpu_side, supported.missing, results),
        strict=strict,
        error=ExitCode.USAGE,
        message=invalid[0] if invalid else None,
    )
    emit(
        result,
        json_output=json_output,
        render=lambda: render_wheel_report(target, gpu_side, supported.missing, results),
    )


def register(app: typer.Typer) -> None:
    add_command(
        app,
        "wheel",
        help=_(
            "Check downloaded wheels before an offline install.\n\n"
            "Checks Python, ABI, platform and glibc tags, and for torch the CUDA build against "
            "the driver and GPU. A FILE that is not on disk is checked by its name (with a "
            "warning when it has a folder part).\n\n"
            "Exit codes: 0 all fit, 1 some do not, 2 bad input, 3 cannot run."
        ),
    )(wheel)


__all__ = ["build_gpu_side", "build_target", "load_snapshot", "outcome_for", "register", "wheel"]
