"""`envdoctor wheel FILE...`: will these downloaded wheels install here, and fit the GPU?

Where the facts come from, in order (each later one overrides single facts):
  1. `--from FILE` (a snapshot saved by `envdoctor check --save`), else a probe of the
     target interpreter (`--python PATH`, chosen as `check` does), unless `--platform`
     says the target is another machine;
  2. `--python-version`, `--platform`, `--glibc`, `--driver`, `--gpu`.
The driver and GPUs are read through NVML only when the target is this machine.

A FILE that does not exist is still checked by its name, with a warning, so names can be
checked before a slow download. Exit codes: 0 every wheel fits (warnings and unknowns
alone do not fail, unless --strict), 1 some wheel does not fit, 2 bad input (a name that
is not a wheel name, an unreadable --from, a malformed option), 3 envdoctor cannot run.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from envdoctor.cli._common import handles_errors
from envdoctor.envelope import envelope
from envdoctor.errors import EnvdoctorError, UsageError
from envdoctor.exitcodes import ExitCode
from envdoctor.i18n import _

if TYPE_CHECKING:
    from envdoctor.matrix.model import Matrix
    from envdoctor.snapshot import Snapshot
    from envdoctor.wheelcheck.model import Problem, WheelResult
    from envdoctor.wheelcheck.target import GpuSide, Target, TargetGpu

PROBE_TIMEOUT = 30.0


def probe_target(explicit: str | None, timeout: float) -> Target:
    """Run the fact probe in the target interpreter (without importing torch: fast)."""
    from envdoctor.collect.torch_probe import choose_python, run_probe
    from envdoctor.snapshot import TorchState
    from envdoctor.wheelcheck.target import target_from_python_facts

    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    as_module = getattr(spec, "name", "") == "envdoctor.__main__"
    python, how = choose_python(explicit, invoked_as_module=as_module)
    env = dict(os.environ)
    env["ENVDOCTOR_PROBE_SKIP_TORCH"] = "1"
    outcome = run_probe(python, timeout=timeout, how_chosen=how, env=env)
    if outcome.torch.state is TorchState.NO_INTERPRETER or outcome.python.version is None:
        raise EnvdoctorError(
            _(
                "cannot run the target Python {python} ({why}); give --python PATH, or "
                "--python-version and --platform to check for another machine"
            ).format(python=python, why=outcome.torch.error or _("no answer")),
            # A --python that is not a Python is bad input; none found here, we cannot run.
            exit_code=ExitCode.USAGE if explicit else ExitCode.CANNOT_RUN,
        )
    return target_from_python_facts(outcome.python, source="probe")


def read_local_gpu() -> GpuSide:
    from envdoctor.collect.nvml import read_nvml
    from envdoctor.wheelcheck.target import gpu_side_from_facts

    result = read_nvml()
    return gpu_side_from_facts(result.driver, result.gpus, source="nvml")


def load_snapshot(path: Path) -> Snapshot:
    from envdoctor.serde import DecodeError
    from envdoctor.snapshot import Snapshot, SnapshotFormatError

    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise UsageError(
            _("cannot read --from {path}: {error}").format(path=path, error=exc.strerror or exc)
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(
            _("--from {path} is not a JSON file: {error}").format(path=path, error=exc)
        ) from None
    try:
        return Snapshot.from_dict(data)
    except (SnapshotFormatError, DecodeError) as exc:
        raise UsageError(
            _("--from {path} is not a usable envdoctor snapshot: {error}").format(
                path=path, error=exc
            )
        ) from None


def parse_gpu(matrix: Matrix, text: str) -> TargetGpu:
    """'RTX 3060', 'NVIDIA GeForce RTX 3060' or a compute capability '8.6'."""
    import re

    from envdoctor.analyse.compat import gpu_capability
    from envdoctor.wheelcheck.target import TargetGpu

    value = text.strip()
    if re.match(r"^\d{1,2}\.\d$", value):
        return TargetGpu(f"sm_{value.replace('.', '')}", value)
    for candidate in (value, f"GeForce {value}", f"NVIDIA GeForce {value}"):
        match = gpu_capability(matrix, candidate)
        if match is not None:
            return TargetGpu(value, match.capability)
    raise UsageError(
        _(
            "--gpu {value!r} is not a GPU envdoctor knows; give its name as nvidia-smi shows it, "
            "or its compute capability like 8.6"
        ).format(value=text)
    )


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
        parse_python_version,
        target_from_python_facts,
    )

    version = parse_python_version(python_version) if python_version else None
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
) -> GpuSide:
    from envdoctor.wheelcheck.target import GpuSide, gpu_side_from_facts, parse_driver

    driver_v = parse_driver(driver) if driver else None
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
    return side


def exit_code_for(results: list[WheelResult], *, strict: bool) -> ExitCode:
    from envdoctor.wheelcheck.model import Status

    statuses = {r.status for r in results}
    if Status.INVALID in statuses:
        return ExitCode.USAGE
    if Status.NO in statuses:
        return ExitCode.PROBLEMS
    if strict and statuses & {Status.CAVEAT, Status.UNKNOWN}:
        return ExitCode.PROBLEMS
    return ExitCode.OK


def payload(
    target: Target, gpu: GpuSide, missing: tuple[str, ...], results: list[WheelResult]
) -> dict[str, Any]:
    from envdoctor.serde import to_data

    tgt = to_data(target)
    tgt["missing_facts"] = list(missing)
    return {"target": tgt, "gpu": to_data(gpu), "wheels": [to_data(r) for r in results]}


@handles_errors("wheel")
def wheel(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help=_("Wheel files or names."))],
    *,
    python: Annotated[
        str | None,
        typer.Option("--python", metavar="PATH", help=_("The interpreter to install into.")),
    ] = None,
    python_version: Annotated[
        str | None,
        typer.Option(
            "--python-version", help=_("Check for this Python instead, e.g. 3.11 or 3.13t.")
        ),
    ] = None,
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
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from", metavar="FILE", help=_("Use a snapshot saved by `envdoctor check --save`.")
        ),
    ] = None,
    driver: Annotated[
        str | None, typer.Option("--driver", help=_("NVIDIA driver version, e.g. 535.104.05."))
    ] = None,
    gpu: Annotated[
        list[str] | None,
        typer.Option(
            "--gpu", help=_("GPU name (e.g. 'RTX 3060') or compute capability (8.6); repeatable.")
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help=_("Also fail (exit 1) on caveats and facts that could not be checked.")
        ),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=1.0, help=_("Seconds to wait for the target interpreter.")),
    ] = PROBE_TIMEOUT,
    json_output: Annotated[
        bool, typer.Option("--json", help=_("Print one JSON document."))
    ] = False,
) -> None:
    from envdoctor.matrix import load_matrix
    from envdoctor.render.wheel import render_wheel_report
    from envdoctor.wheelcheck.archive import inspect_archive
    from envdoctor.wheelcheck.check import check_wheel
    from envdoctor.wheelcheck.names import BadWheelName, parse_wheel_name
    from envdoctor.wheelcheck.tags import supported_tags

    snapshot = load_snapshot(from_file) if from_file is not None else None
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
    code = exit_code_for(results, strict=strict)
    if json_output:
        from envdoctor.render.console import print_json

        status = {ExitCode.OK: "ok", ExitCode.PROBLEMS: "problems"}.get(code, "error")
        print_json(
            envelope(
                "wheel",
                status=status,
                exit_code=int(code),
                payload=payload(target, gpu_side, supported.missing, results),
            )
        )
    else:
        render_wheel_report(target, gpu_side, supported.missing, results)
    raise typer.Exit(int(code))


def register(app: typer.Typer) -> None:
    app.command(
        "wheel",
        help=_(
            "Check downloaded wheels before an offline install.\n\n"
            "Checks Python, ABI, platform and glibc tags, and for torch the CUDA build against "
            "the driver and GPU. A FILE that is not on disk is checked by its name (with a "
            "warning when it has a folder part).\n\n"
            "Exit codes: 0 all fit, 1 some do not, 2 bad input, 3 cannot run."
        ),
    )(wheel)


__all__ = ["build_gpu_side", "build_target", "exit_code_for", "load_snapshot", "register", "wheel"]
