"""Which torch build to suggest when only some facts are known (a pasted error message).

`advise` needs the Python version to pick a build; an error text often gives only a
driver, a CUDA version or a GPU. These functions walk the same matrix with the same
rules (`fits`), skipping what is unknown, and return the builds that fit.
"""

from __future__ import annotations

from packaging.version import Version

from envdoctor.compat.advice import Choice
from envdoctor.compat.fit import BuildFit, fits
from envdoctor.compat.versions import Verdict, cuda_tuple, os_key
from envdoctor.matrix.model import Matrix

_RANK = {Verdict.OK: 0, Verdict.CAVEAT: 1}


def representative_driver(matrix: Matrix, cuda: str) -> str | None:
    """The first driver branch whose native CUDA is `cuda` ("11.4" -> "470"), from the matrix."""
    want = cuda_tuple(cuda)
    branches = sorted(matrix.cuda.driver_branches, key=lambda b: b.branch)
    for br in branches:
        if cuda_tuple(br.native_cuda) == want:
            return str(br.branch)
    return None


def fitting_builds(
    matrix: Matrix,
    *,
    os_name: str,
    driver: str | None = None,
    capabilities: tuple[str, ...] = (),
    python: str | None = None,
) -> tuple[BuildFit, ...]:
    """The CUDA builds of the newest release that has a fitting one, best first.

    A build fits when every known fact gives ok or caveat (ok first); among equals the
    release's default variant comes first, then the newest CUDA. Unknown facts are not
    checked, so with no facts this is the newest release's CUDA builds.
    """
    key = os_key(os_name) or "linux"
    per_cc = [
        fits(matrix, os_name=key, driver=driver, capability=cc, python=python)
        for cc in (capabilities or (None,))
    ]
    combined: dict[tuple[str, str], BuildFit] = {}
    order: list[tuple[str, str]] = []
    for listing in per_cc:
        for fit in listing:
            k = (fit.release, fit.variant)
            if k not in combined:
                combined[k] = fit
                order.append(k)
            elif _worse(fit.verdict, combined[k].verdict):
                combined[k] = fit
    by_release: dict[str, list[BuildFit]] = {}
    for k in order:
        by_release.setdefault(k[0], []).append(combined[k])
    for release in sorted(by_release, key=Version, reverse=True):
        good = [f for f in by_release[release] if f.verdict in _RANK]
        if good:
            good.sort(
                key=lambda f: (
                    _RANK[f.verdict],
                    not f.is_default,
                    tuple(-x for x in (cuda_tuple(f.cuda) or (0, 0))),
                )
            )
            return tuple(good)
    return ()


def _worse(a: Verdict, b: Verdict) -> bool:
    order = {Verdict.NO: 0, Verdict.UNKNOWN: 1, Verdict.CAVEAT: 2, Verdict.OK: 3}
    return order[a] < order[b]


def choice_of(matrix: Matrix, fit: BuildFit) -> Choice | None:
    """The advisor's `Choice` for a build, so `commands.install_command` can print it."""
    release = next((r for r in matrix.torch.releases if r.release == fit.release), None)
    variant = release.variant(fit.variant) if release is not None else None
    if release is None or variant is None:
        return None
    return Choice(release, fit.version, variant, fit.driver, (fit.arch,) if fit.arch else ())


def cpu_choice(matrix: Matrix, *, python: str | None = None) -> Choice | None:
    """The newest release's CPU build (for machines without an NVIDIA GPU)."""
    from envdoctor.compat.python import python_supported

    for release in sorted(matrix.torch.releases, key=lambda r: Version(r.release), reverse=True):
        if python is not None and python_supported(release, python) is Verdict.NO:
            continue
        cpu = release.variant("cpu")
        if cpu is not None:
            return Choice(release, cpu.newest_version(release), cpu, None, ())
    return None


__all__ = ["choice_of", "cpu_choice", "fitting_builds", "representative_driver"]
