"""Render the install advice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from envdoctor.i18n import _

if TYPE_CHECKING:
    from rich.console import Console


def render_install(
    console: Console,
    *,
    version: str | None,
    variant: str | None,
    command: str | None,
    reasons: list[str],
    blocker: str | None,
    upgrade: dict[str, str] | None,
    fallback: bool = False,
    last_branch: dict[str, object] | None = None,
) -> None:
    from rich.text import Text

    if fallback:
        console.print(Text(_("No GPU build of PyTorch fits this machine."), style="bold red"))
    if version is not None and command is not None:
        console.print(
            Text(
                _("PyTorch {version} ({variant}) fits this machine:").format(
                    version=version, variant=variant
                ),
                style="bold green",
            )
        )
        console.print(Text("  " + command, style="bold cyan"), soft_wrap=True)
    else:
        what = {
            "python": _("the Python version"),
            "driver": _("the NVIDIA driver"),
            "gpu": _("the GPU"),
            "platform": _("the platform"),
        }.get(blocker or "", _("missing facts"))
        console.print(
            Text(
                _("No PyTorch build fits: the blocker is {what}.").format(what=what),
                style="bold red",
            )
        )
    for reason in reasons:
        console.print(Text("  - " + reason))
    if last_branch:
        console.print(
            Text(
                _(
                    "Install the R{driver} driver, the last branch for {family} GPUs; then torch "
                    "{torch} ({variant}) fits."
                ).format(
                    driver=last_branch["driver"],
                    family=last_branch["family"],
                    torch=last_branch["torch"],
                    variant=last_branch["variant"],
                ),
                style="yellow",
            )
        )
    if upgrade:
        console.print(
            Text(
                _(
                    "Upgrading the NVIDIA driver to {driver} or newer would allow torch {torch} ({variant})."
                ).format(
                    driver=upgrade["driver"], torch=upgrade["torch"], variant=upgrade["variant"]
                ),
                style="yellow",
            )
        )


__all__ = ["render_install"]
