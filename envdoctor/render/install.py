"""Render the install advice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from envdoctor.compat.versions import Verdict
from envdoctor.i18n import _
from envdoctor.render.layout import print_prose

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(frozen=True)
class DriverUpgrade:
    """A newer driver that would allow a newer build (`driver_upgrade`)."""

    torch: str
    variant: str
    driver: str  # the oldest driver version that runs it


@dataclass(frozen=True)
class DriverLastBranch:
    """The driver is past the GPU's last branch: going back to it is the fix."""

    driver: str  # the last branch, e.g. "470"
    family: str  # the GPU family NVIDIA dropped after that branch
    torch: str
    variant: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class InstallResult:
    """install's own keys of the `--json` document (the README documents each one).

    `command` redefines the envelope's header key of that name: it is the install command
    line here (`CommandResult(..., replaces={"command"})`).
    """

    torch: str | None
    variant: str | None
    verdict: Verdict | None
    index_url: str | None
    command: str | None  # the command line to copy, for the target's shell
    argv: tuple[str, ...] | None  # the same command as `--run` runs it
    reasons: tuple[str, ...]
    blocker: str | None  # python, driver, gpu, platform or variant when nothing fits
    driver_upgrade: DriverUpgrade | None
    driver_last_branch: DriverLastBranch | None


def render_install(console: Console, result: InstallResult, *, fallback: bool = False) -> None:
    from rich.text import Text

    if fallback:
        console.print(Text(_("No GPU build of PyTorch fits this machine."), style="bold red"))
    version, variant, command = result.torch, result.variant, result.command
    if version is not None and command is not None:
        print_prose(
            console,
            Text(
                _("PyTorch {version} ({variant}) fits this machine:").format(
                    version=version, variant=variant
                ),
                style="bold green",
            ),
        )
        console.print(Text("  " + command, style="bold cyan"), soft_wrap=True)
    else:
        what = {
            "python": _("the Python version"),
            "driver": _("the NVIDIA driver"),
            "gpu": _("the GPU"),
            "platform": _("the platform"),
            "variant": _("the requested build, which that release does not ship"),
        }.get(result.blocker or "", _("missing facts"))
        print_prose(
            console,
            Text(
                _("No PyTorch build fits: the blocker is {what}.").format(what=what),
                style="bold red",
            ),
        )
    for reason in result.reasons:
        print_prose(console, Text("- " + reason), indent=2, hanging=4)
    last_branch, upgrade = result.driver_last_branch, result.driver_upgrade
    if last_branch is not None:
        print_prose(
            console,
            Text(
                _(
                    "Install the R{driver} driver, the last branch for {family} GPUs; then torch "
                    "{torch} ({variant}) fits."
                ).format(
                    driver=last_branch.driver,
                    family=last_branch.family,
                    torch=last_branch.torch,
                    variant=last_branch.variant,
                ),
                style="yellow",
            ),
        )
    if upgrade is not None:
        print_prose(
            console,
            Text(
                _(
                    "Upgrading the NVIDIA driver to {driver} or newer would allow torch {torch} ({variant})."
                ).format(driver=upgrade.driver, torch=upgrade.torch, variant=upgrade.variant),
                style="yellow",
            ),
        )


__all__ = ["DriverLastBranch", "DriverUpgrade", "InstallResult", "render_install"]
