"""Commands that put a given torch build back (a restore, or the build another package
was made for): the same version and build, never the newest one."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from envdoctor.compat.advice import Choice
from envdoctor.compat.commands import MirrorIndex
from envdoctor.compat.versions import TorchVersion
from envdoctor.explain.knowledge import install_command_for, suggest
from envdoctor.i18n import _

if TYPE_CHECKING:
    from envdoctor.explain.model import Known
    from envdoctor.matrix.model import Matrix


def reinstall_command(matrix: Matrix, known: Known, *, mirror: MirrorIndex | None = None) -> str:
    """The command that puts the installed torch build back (its libraries restored).

    The same version and build when the facts name them ("2.1.2+cu121"): a restore must
    not become an upgrade. Otherwise the build that fits the machine, or where to get one.
    """
    same = _same_build(matrix, known)
    if same is not None:
        return install_command_for(known, same, mirror, (), matrix)
    if known.torch_version is None and not known.local:
        return _(
            "`python -m pip install --force-reinstall torch==<version>+<build> --index-url "
            "https://download.pytorch.org/whl/<build>` with the version and build that "
            "`python -m pip show torch` names (e.g. 2.5.1+cu121 and cu121)"
        )
    build = suggest(matrix, known, mirror=mirror)
    if build is not None:
        return build.command
    return _("`envdoctor install` prints the command for this machine")


def command_for_build(
    matrix: Matrix,
    known: Known,
    torch_version: str,
    *,
    mirror: MirrorIndex | None = None,
    with_packages: tuple[str, ...] = (),
    resolve_with: tuple[str, ...] = (),
) -> str | None:
    """The command that installs exactly this torch build ("2.9.0+cu128"), companions
    pinned to its pair; None when the matrix does not have that build. With
    `resolve_with` ("xformers"), the command keeps that torch and lets pip pick the
    release of those packages made for it."""
    choice = _same_build(matrix, replace(known, torch_version=torch_version))
    if choice is None:
        return None
    return install_command_for(known, choice, mirror, with_packages, matrix, resolve_with)


def _same_build(matrix: Matrix, known: Known) -> Choice | None:
    """The installed torch as a Choice, when its version names the build and the matrix has it."""
    installed = TorchVersion.parse(known.torch_version)
    if installed is None or installed.exact is None:
        return None
    release = matrix.release(installed.release)
    if release is None:
        return None
    label = installed.label
    if label is None and known.os == "Linux" and not known.machine:
        label = release.default_for("linux")
    variant = release.variant(label) if label else None
    if variant is None or installed.exact not in (variant.versions or release.versions):
        return None
    return Choice(release, installed.exact, variant, None, ())


__all__ = ["command_for_build", "reinstall_command"]
