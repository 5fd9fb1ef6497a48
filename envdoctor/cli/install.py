"""`envdoctor install`: the exact command for the newest PyTorch that fits, and optionally run it."""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from envdoctor.cli._common import add_command, emit, show
from envdoctor.cli._facts import obtain_snapshot
from envdoctor.cli._options import (
    DriverOpt,
    FromOpt,
    GpuOpt,
    JsonOpt,
    OsOpt,
    PythonOpt,
    PythonVersionOpt,
    TimeoutOpt,
    TorchOpt,
    mirror_index,
    parse_driver_option,
    parse_gpu_option,
    parse_os_option,
    parse_python_version_option,
    parse_timeout_option,
    parse_torch_option,
)
from envdoctor.errors import UsageError
from envdoctor.i18n import _
from envdoctor.result import CommandResult, Outcome

if TYPE_CHECKING:
    from envdoctor.compat.advice import Advice, Choice, Target
    from envdoctor.compat.commands import InstallCommand, MirrorIndex
    from envdoctor.matrix.model import Matrix
    from envdoctor.render.install import DriverLastBranch, DriverUpgrade, InstallResult


class Tool(str, enum.Enum):
    pip = "pip"
    uv = "uv"
    conda = "conda"


class Companion(str, enum.Enum):
    torchvision = "torchvision"
    torchaudio = "torchaudio"


def register(app: typer.Typer) -> None:
    add_command(
        app,
        "install",
        help=_(
            "Print the exact command that installs the newest PyTorch fitting this driver, "
            "GPU and Python.\n\n"
            "With --torch VERSION, say whether that version fits and why. When nothing fits, "
            "say whether the driver, the GPU or the Python is the blocker.\n\n"
            "Exit codes: 0 a build fits, 1 nothing fits (or the command run failed), "
            "2 bad usage or input, 3 cannot run."
        ),
    )(install)


def install(
    python: PythonOpt = None,
    torch: TorchOpt = None,
    tool: Annotated[
        Tool, typer.Option("--tool", help=_("Installer to write the command for."))
    ] = Tool.pip,
    mirror: Annotated[
        str | None, typer.Option("--mirror", help=_("Mirror name or URL to download from."))
    ] = None,
    from_file: FromOpt = None,
    driver: DriverOpt = None,
    gpu: GpuOpt = None,
    python_version: PythonVersionOpt = None,
    os_name: OsOpt = None,
    run: Annotated[
        bool,
        typer.Option(
            "--run", help=_("Run the command (after confirmation) in the target interpreter.")
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask before --run."))] = False,
    with_packages: Annotated[
        list[Companion] | None,
        typer.Option(
            "--with",
            help=_(
                "Also install torchvision or torchaudio (repeatable), pinned to the version "
                "that pairs with the torch build."
            ),
        ),
    ] = None,
    json_output: JsonOpt = False,
    timeout: TimeoutOpt = 45.0,
) -> None:
    from envdoctor.analyse.check import enrich, target_from_snapshot
    from envdoctor.compat.advice import plan_install, with_facts
    from envdoctor.compat.choice import describe_caveats
    from envdoctor.compat.commands import generic_python
    from envdoctor.matrix import load_matrix
    from envdoctor.snapshot import TorchState

    # Every value is parsed before any work, so bad input is exit 2 whatever else is wrong.
    timeout = parse_timeout_option(timeout)
    driver_v = parse_driver_option(driver) if driver is not None else None
    python_v = parse_python_version_option(python_version) if python_version is not None else None
    torch_v = parse_torch_option(torch) if torch is not None else None
    target_os = parse_os_option(os_name) if os_name is not None else None
    if from_file and (python is not None or run):
        raise UsageError(
            _("--from advises for another machine: it cannot be combined with --python or --run")
        )
    if run and tool is Tool.conda:
        raise UsageError(_("--run is supported for pip and uv commands only"))
    matrix = load_matrix()
    gpus = tuple(parse_gpu_option(matrix, g).capability for g in gpu or ())
    mirror_ix = mirror_index(mirror) if mirror is not None else None
    other_machine = any(x is not None for x in (driver_v, python_v, target_os)) or bool(gpus)
    if run and other_machine and python is None:
        raise UsageError(
            _(
                "--run installs into this machine: it cannot be combined with facts of another "
                "machine (--driver, --gpu, --python-version, --os) unless --python names the "
                "interpreter"
            )
        )
    snapshot = obtain_snapshot(
        python=python, from_file=from_file, timeout=timeout, quiet=json_output
    )
    snapshot = enrich(snapshot, matrix)
    target = with_facts(
        target_from_snapshot(snapshot),
        driver=driver_v,
        capabilities=gpus,
        python=python_v,
        os_name=target_os,
    )
    plan = plan_install(target, matrix, torch=str(torch_v) if torch_v is not None else None)
    advice = plan.advice
    choice = plan.choice
    reasons = list(advice.reasons)
    cmd = None
    if choice is not None:
        if choice.verdict.value == "caveat":
            reasons += describe_caveats(choice)
        # Facts of another machine: name a generic interpreter, never one of this machine.
        generic = other_machine and python is None
        installed = not generic and snapshot.torch.state in {
            TorchState.OK,
            TorchState.BROKEN,
            TorchState.CRASHED,
        }
        cmd = _command_for(
            choice,
            tool=tool,
            python=generic_python(target.os, target.python)
            if generic
            else snapshot.python.executable or "python",
            os_name=target.os,
            replace_installed=installed,
            mirror=mirror_ix,
            reasons=reasons,
            machine=target.machine,
            matrix=matrix,
            with_packages=tuple(c.value for c in with_packages or ()),
        )
    argv = cmd.argv if cmd else None
    command = cmd.display(target.os) if cmd else None
    index_url = cmd.index_url if cmd else None
    upgrade, last_branch = _driver_change(advice, target, matrix, reasons)
    if plan.gpu_fallback:
        reasons.append(
            _("no GPU build fits, so this is the CPU build; fix the blocker above to use the GPU")
        )
    outcome = Outcome.OK if choice is not None and not plan.gpu_fallback else Outcome.FAIL

    from envdoctor.redact import redact_fields
    from envdoctor.render.install import InstallResult

    # Masked before layout (a folded line would split a URL past the output filter);
    # `--run` still runs the real argv.
    shown = redact_fields(
        InstallResult(
            torch=choice.version if choice else None,
            variant=choice.variant.name if choice else None,
            verdict=choice.verdict if choice else None,
            index_url=index_url,
            command=command,
            argv=tuple(argv) if argv else None,
            reasons=tuple(reasons),
            blocker=advice.blocker,
            driver_upgrade=upgrade,
            driver_last_branch=last_branch,
        )
    )
    result = CommandResult("install", outcome, shown, replaces=frozenset({"command"}))
    if run and argv is not None:
        # The advice is shown first; the exit code is then the installer's.
        show(result, json_output=json_output, render=lambda: _show(shown, plan.gpu_fallback))
        emit(CommandResult("install", _run(argv, yes=yes)), json_output=False)
    emit(result, json_output=json_output, render=lambda: _show(shown, plan.gpu_fallback))


def _driver_change(
    advice: Advice, target: Target, matrix: Matrix, reasons: list[str]
) -> tuple[DriverUpgrade | None, DriverLastBranch | None]:
    """The driver change that unlocks a better build: (upgrade, back to a GPU's last branch)."""
    from envdoctor.compat.advice import upgrade_caveat
    from envdoctor.render.install import DriverLastBranch, DriverUpgrade

    up = advice.with_driver_upgrade
    if up is not None and advice.driver_limit is not None:
        # The driver is past the GPU's last branch: going back to that branch is the fix.
        return None, DriverLastBranch(
            driver=str(advice.driver_limit.last_branch),
            family=advice.driver_limit.family,
            torch=up.version,
            variant=up.variant.name,
            sources=tuple(advice.driver_limit.sources),
        )
    if up is not None and advice.driver_needed:
        caveat = upgrade_caveat(target, matrix)
        if caveat:
            reasons.append(caveat)
        return DriverUpgrade(
            torch=up.version, variant=up.variant.name, driver=advice.driver_needed
        ), None
    return None, None


def _show(result: InstallResult, fallback: bool) -> None:
    from envdoctor.render.console import make_console
    from envdoctor.render.install import render_install

    render_install(make_console(), result, fallback=fallback)


def _command_for(
    choice: Choice,
    *,
    tool: Tool,
    python: str | tuple[str, ...],
    os_name: str,
    replace_installed: bool,
    mirror: MirrorIndex | None,
    reasons: list[str],
    matrix: Matrix,
    machine: str | None = None,
    with_packages: tuple[str, ...] = (),
) -> InstallCommand:
    """The command for the chosen tool; notes for the user are appended to `reasons`."""
    from envdoctor.compat.commands import conda_command, install_command

    cmd = None
    if tool is Tool.conda:
        cmd = conda_command(choice, matrix, with_packages=with_packages)
        if cmd is None:
            reasons.append(
                _(
                    "PyTorch published no conda packages after 2.5 (pytorch/pytorch#138506); inside a "
                    "conda environment install the pip wheel with the command above"
                )
            )
    if cmd is None:
        cmd = install_command(
            choice,
            python=python,
            os_name=os_name,
            use_uv=tool is Tool.uv,
            replace_installed=replace_installed,
            mirror=mirror,
            machine=machine,
            with_packages=with_packages,
            matrix=matrix,
        )
    if cmd.note:
        reasons.append(cmd.note)
    reasons.extend(cmd.companion_notes)
    return cmd


def _run(argv: tuple[str, ...], *, yes: bool) -> Outcome:
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(_("--run needs confirmation: run it in a terminal or add --yes"))
        if not typer.confirm(_("Run this command now?"), default=False):
            return Outcome.OK
    from envdoctor.collect.runner import run_attached

    # Never through a shell: the argv goes straight to the target interpreter (or uv), and
    # through the runner, so pip dies with envdoctor on SIGTERM / SIGHUP / Ctrl-C.
    done = run_attached(argv, timeout=None)
    if done.returncode is None:
        raise UsageError(
            _("cannot run {program}: {error}").format(program=argv[0], error=done.error)
        )
    return Outcome.OK if done.returncode == 0 else Outcome.FAIL


__all__ = ["install", "register"]
