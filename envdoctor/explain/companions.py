"""torchvision / torchaudio next to a torch in a paste: whether the core says they fit, and
the command that reinstalls the pair (explain's door to `compat.companions`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from envdoctor.compat.advice import Choice
from envdoctor.compat.commands import MirrorIndex
from envdoctor.compat.companions import companion_fits, companions, variant_mismatch
from envdoctor.compat.versions import TorchVersion
from envdoctor.explain.knowledge import install_command_for, matrix_os

if TYPE_CHECKING:
    from envdoctor.explain.model import Known
    from envdoctor.matrix.model import Matrix


@dataclass(frozen=True)
class CompanionIssue:
    """A torchvision/torchaudio in the paste that does not go with the torch next to it."""

    package: str  # "torchvision" / "torchaudio"
    version: str  # as the paste shows it
    torch: str  # the torch version beside it
    kind: str  # "release": built for another torch release; "variant": another build (+cpu)
    expected: str | None  # the version that pairs with that torch (the matrix's companions)
    command: str | None  # torch and the companion reinstalled together, pinned


def companion_issues(
    matrix: Matrix, known: Known, *, mirror: MirrorIndex | None = None
) -> tuple[CompanionIssue, ...]:
    """The paste's torchvision/torchaudio that the core says do not fit its torch.

    Unknown stays unknown: a release the table lacks, or a label-less wheel on an OS the
    paste does not show, is no issue.
    """
    torch = known.companion_torch
    if torch is None:
        return ()
    os_name = matrix_os(known) if known.os is not None else None
    out: list[CompanionIssue] = []
    for package, version in known.companion_versions:
        if companion_fits(matrix, torch, package, version) is False:
            kind = "release"
        elif variant_mismatch(
            torch,
            version,
            matrix=matrix if os_name else None,
            os_name=os_name,
            machine=known.machine,
            package=package,
        ):
            kind = "variant"
        else:
            continue
        pair = companions(matrix, torch)
        expected = None if pair is None else getattr(pair, package)
        out.append(
            CompanionIssue(
                package,
                version,
                torch,
                kind,
                expected,
                _pinned(matrix, known, torch, package, mirror),
            )
        )
    return tuple(out)


def _pinned(
    matrix: Matrix, known: Known, torch: str, package: str, mirror: MirrorIndex | None
) -> str | None:
    """The command that reinstalls this torch build with its `package` pinned to match."""
    parsed = TorchVersion.parse(torch)
    release = matrix.release(parsed.release) if parsed is not None else None
    if parsed is None or release is None:
        return None
    name = parsed.label or release.default_for(matrix_os(known), known.machine)
    variant = release.variant(name) if name else None
    if variant is None:
        return None
    choice = Choice(release, parsed.exact or release.newest, variant, None, ())
    return install_command_for(known, choice, mirror, (package,), matrix)


__all__ = ["CompanionIssue", "companion_issues"]
