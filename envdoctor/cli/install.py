"""`envdoctor install`: the exact command for the newest PyTorch that fits, and optionally run it."""

from __future__ import annotations

import enum
import subprocess
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Any

import typer

from envdoctor.cli._common import handles_errors
from envdoctor.cli._facts import obtain_snapshot
from envdoctor.errors import UsageError
from envdoctor.exitcodes import ExitCode
from envdoctor.i18n import _

if TYPE_CHECKING:
    from envdoctor.compat.advice import Choice
    from envdoctor.compat.commands import InstallCommand


class Tool(str, enum.Enum):
    pip = "pip"
    uv = "uv"
    conda = "conda"


def register(app: typer.Typer) -> None:
    app.command(
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


@handles_errors("install")
def install(
    python: Annotated[
        str | None,
        typer.Option("--python", help=_("Interpreter to install into (default as in `check`).")),
    ] = None,
    torch: Annotated[
        str | None,
        typer.Option(
            "--torch", help=_("A PyTorch version to evaluate instead of the newest that fits.")
        ),
    ] = None,
    tool: Annotated[
        Tool, typer.Option("--tool", help=_("Installer to write the command for."))
    ] = Tool.pip,
    mirror: Annotated[
        str | None, typer.Option("--mirror", help=_("Mirror name or URL to download from."))
    ] = None,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from",
            help=_(
                "Advise for another machine: a `check --save` snapshot or a collect_env report."
            ),
        ),
    ] = None,
    driver: Annotated[
        str | None,
        typer.Option("--driver", help=_("Override the driver version, e.g. 535.104.05.")),
    ] = None,
    gpu: Annotated[
        list[str] | None,
        typer.Option(
            "--gpu",
            help=_(
                "Override the GPU(s): a name as nvidia-smi prints it, or a capability like 8.6."
            ),
        ),
    ] = None,
    python_version: Annotated[
        str | None,
        typer.Option("--python-version", help=_("Override the Python version, e.g. 3.11.")),
    ] = None,
    run: Annotated[
        bool,
        typer.Option(
            "--run", help=_("Run the command (after confirmation) in the target interpreter.")
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask before --run."))] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help=_("Print one versioned JSON document."))
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1.0, help=_("Seconds the PyTorch probe may take."))
    ] = 45.0,
) -> None:
    from envdoctor.analyse.check import enrich, target_from_snapshot
    from envdoctor.analyse.overrides import apply_overrides
    from envdoctor.compat.advice import advise, describe_caveats
    from envdoctor.matrix import load_matrix
    from envdoctor.snapshot import TorchState

    if from_file is not None and (python is not None or run):
        raise UsageError(
            _("--from advises for another machine: it cannot be combined with --python or --run")
        )
    if run and tool is Tool.conda:
        raise UsageError(_("--run is supported for pip and uv commands only"))
    matrix = load_matrix()
    if mirror is not None:
        from envdoctor.mirrors.torch_source import torch_source

        torch_source(mirror, None)  # unknown or dead mirror: usage error before any work
    snapshot = obtain_snapshot(
        python=python, from_file=from_file, timeout=timeout, quiet=json_output
    )
    snapshot = enrich(snapshot, matrix)
    target = apply_overrides(
        target_from_snapshot(snapshot),
        matrix,
        driver=driver,
        gpus=gpu,
        python_version=python_version,
    )
    advice = advise(target, matrix, torch=torch)
    choice = advice.choice
    gpu_fallback = False
    if choice is None and target.nvidia_gpu and advice.blocker in {"driver", "gpu", "unknown"}:
        # No GPU build fits: the CPU build still runs, and the reasons say what to upgrade.
        cpu = advise(replace(target, nvidia_gpu=False), matrix, torch=torch)
        if cpu.choice is not None:
            advice = replace(advice, choice=cpu.choice)
            choice = cpu.choice
            gpu_fallback = True
    reasons = list(advice.reasons)
    cmd = None
    if choice is not None:
        if choice.verdict.value == "caveat":
            reasons += describe_caveats(choice)
        installed = snapshot.torch.state in {TorchState.OK, TorchState.BROKEN, TorchState.CRASHED}
        cmd = _command_for(
            choice,
            tool=tool,
            python=snapshot.python.executable or "python",
            os_name=target.os,
            replace_installed=installed,
            mirror=mirror,
            reasons=reasons,
            machine=target.machine,
        )
    argv = cmd.argv if cmd else None
    command = cmd.display(target.os) if cmd else None
    index_url = cmd.index_url if cmd else None
    upgrade = None
    if advice.with_driver_upgrade is not None and advice.driver_needed:
        up = advice.with_driver_upgrade
        upgrade = {"torch": up.version, "variant": up.variant.name, "driver": advice.driver_needed}
    if gpu_fallback:
        reasons.append(
            _("no GPU build fits, so this is the CPU build; fix the blocker above to use the GPU")
        )
    code = ExitCode.OK if choice is not None and not gpu_fallback else ExitCode.PROBLEMS

    payload: dict[str, Any] = {
        "torch": choice.version if choice else None,
        "variant": choice.variant.name if choice else None,
        "verdict": choice.verdict.value if choice else None,
        "index_url": index_url,
        "command": command,
        "argv": list(argv) if argv else None,
        "reasons": reasons,
        "blocker": advice.blocker,
        "driver_upgrade": upgrade,
    }
    _emit(payload, code, as_json=json_output, fallback=gpu_fallback)
    if run and argv is not None:
        code = _run(argv, yes=yes)
    raise typer.Exit(int(code))


def _emit(payload: dict[str, Any], code: ExitCode, *, as_json: bool, fallback: bool) -> None:
    from envdoctor.envelope import envelope
    from envdoctor.render.console import make_console, print_json
    from envdoctor.render.install import render_install

    if as_json:
        print_json(
            envelope(
                "install",
                status="ok" if code is ExitCode.OK else "fail",
                exit_code=int(code),
                payload=payload,
                replaces=frozenset({"command"}),
            )
        )
        return
    render_install(
        make_console(),
        version=payload["torch"],
        variant=payload["variant"],
        command=payload["command"],
        reasons=payload["reasons"],
        blocker=payload["blocker"],
        upgrade=payload["driver_upgrade"],
        fallback=fallback,
    )


def _command_for(
    choice: Choice,
    *,
    tool: Tool,
    python: str,
    os_name: str,
    replace_installed: bool,
    mirror: str | None,
    reasons: list[str],
    machine: str | None = None,
) -> InstallCommand:
    """The command for the chosen tool; notes for the user are appended to `reasons`."""
    from envdoctor.compat.commands import conda_command, install_command

    cmd = None
    if tool is Tool.conda:
        cmd = conda_command(choice)
        if cmd is None:
            reasons.append(
                _(
                    "PyTorch published no conda packages after 2.5 (pytorch/pytorch#138506); inside a "
                    "conda environment install the pip wheel:"
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
        )
    if cmd.note:
        reasons.append(cmd.note)
    return cmd


def _run(argv: tuple[str, ...], *, yes: bool) -> ExitCode:
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(_("--run needs confirmation: run it in a terminal or add --yes"))
        if not typer.confirm(_("Run this command now?"), default=False):
            return ExitCode.OK
    try:
        # Never through a shell: the argv goes straight to the target interpreter (or uv).
        proc = subprocess.run(argv, check=False)
    except OSError as exc:
        raise UsageError(
            _("cannot run {program}: {error}").format(program=argv[0], error=exc.strerror or exc)
        ) from None
    return ExitCode.OK if proc.returncode == 0 else ExitCode.PROBLEMS


__all__ = ["install", "register"]
