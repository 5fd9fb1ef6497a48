"""CUDA extension packages whose setup.py fetches a prebuilt wheel from their GitHub
releases (flash-attn, causal-conv1d, mamba-ssm) and compiles from source when none fits.

Sources: their setup.py (Dao-AILab/flash-attention, Dao-AILab/causal-conv1d,
state-spaces/mamba): PyPI carries only the source release; `bdist_wheel` prints "Guessing
wheel URL:" and downloads <package>-<version>+cu<CUDA>torch<major.minor>cxx11abi<TRUE|FALSE>
-cp<XY>-cp<XY>-linux_x86_64.whl from the release of that version, chosen by the installed
torch's version, CUDA major, C++ ABI (torch._C._GLIBCXX_USE_CXX11_ABI) and the Python;
"Precompiled wheel not found. Building from source..." when there is none;
<PREFIX>_FORCE_BUILD=TRUE (FLASH_ATTENTION_, CAUSAL_CONV1D_, MAMBA_) skips the download.
flash-attention's README: the source build needs the CUDA toolkit, ninja, `pip install
flash-attn --no-build-isolation`, and MAX_JOBS=4 on machines with little memory.
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("extension_wheels")

# Distribution name (as pip prints it, - or _) -> the prefix of its FORCE_BUILD variable.
_PACKAGES = {
    "flash-attn": "FLASH_ATTENTION",
    "causal-conv1d": "CAUSAL_CONV1D",
    "mamba-ssm": "MAMBA",
}
_NAMES = r"flash[-_]attn|causal[-_]conv1d|mamba[-_]ssm"

# The release asset setup.py looked for (it prints the whole URL).
_GUESSED = re.compile(
    r"Guessing wheel URL:\s{0,4}(?P<url>https://github\.com/[\w./+%-]{1,300}\.whl)"
)
# The download itself failed (no network, a proxy, a certificate): not a missing wheel.
_DOWNLOAD_FAILED = ("urlopen error", "certificate_verify_failed", "connection refused")


@FAMILY.entry(
    code="extension-prebuilt-wheel-missing",
    keywords=("failed building wheel for", "failed to build `", "building wheel for"),
    title=N_("No prebuilt wheel fit, and the CUDA extension's source build failed"),
    patterns=(
        rx(r"Failed building wheel for (?P<pkg>" + _NAMES + r")(?![\w-])"),
        # pip's summary box, when the lines before are cut.
        rx(
            r"Building wheel for (?P<pkg>" + _NAMES + r") \((?:setup\.py|pyproject\.toml)\)"
            r"(?: \.\.\. error|: finished with status 'error')"
        ),
        # uv.
        rx(r"Failed to build `(?P<pkg>" + _NAMES + r")(?:==[\w.+-]{1,40})?`"),
    ),
    specificity=1,
    # What names the real failure of the build wins: torch or nvcc missing, a killed
    # compiler, an unsupported gcc, a download that could not be made.
    defers_to=frozenset(
        {
            "torch-not-found",
            "nvcc-missing",
            "cuda-home-missing",
            "cuda-version-mismatch-build",
            "extension-build-sees-no-cuda",
            "extension-gcc-unsupported",
            "nvcc-arch-unsupported",
            "ninja-missing",
            "python-headers-missing",
            "c-compiler-missing",
            "msvc-build-tools-missing",
            "pip-killed",
            "download-certificate-failed",
        }
    ),
)
def _advise_no_prebuilt_wheel(m: re.Match[str], ctx: Context) -> Advice:
    package = m.group("pkg").replace("_", "-").lower()
    prefix = _PACKAGES[package]
    k = ctx.known
    facts: dict[str, object] = {"package": package}
    guessed = ctx.near(_GUESSED, "guessing wheel url", before=0, reach=400)
    if guessed:
        facts["wheel_url"] = guessed.group("url")
    if guessed and ctx.has(*_DOWNLOAD_FAILED):
        facts["download_failed"] = True
        cause = _(
            "{package}'s setup.py tried to download its prebuilt wheel from GitHub and the "
            "download failed (no connection to github.com, a proxy or a certificate check), "
            "so the install failed instead of using the wheel."
        ).format(package=package)
        fix: tuple[str, ...] = (
            _(
                "Download the wheel it looked for ({url}) where GitHub can be reached, then "
                "install that file: `python -m pip install <file>.whl`."
            ).format(url=guessed.group("url")),
            _(
                "Or let Python reach github.com (set HTTPS_PROXY for the install; behind an "
                "inspecting proxy, its certificate must be trusted)."
            ),
        )
        return Advice(
            cause,
            fix,
            facts,
            title=_("The CUDA extension's setup.py could not download its prebuilt wheel"),
            key="download",
            used_local_facts=k.local,
        )
    cause = _(
        "PyPI has only {package}'s source release. Its setup.py looks for a prebuilt wheel on "
        "the project's GitHub release, named for the installed torch's version (major.minor), "
        "its CUDA major, its C++ ABI and the Python version; when no asset has that name (a "
        "torch or Python newer than the release, as on Colab), it compiles the CUDA code "
        "from source, and that compile failed."
    ).format(package=package)
    if ctx.has("precompiled wheel not found"):
        cause += sep() + _('The log says so: "Precompiled wheel not found. Building from source".')
    if guessed:
        cause += sep() + _("It looked for: {url}").format(url=guessed.group("url"))
    if k.torch_version:
        facts["torch_version"] = k.torch_version
    fix = (
        _(
            'Print what the wheel must match: `python -c "import sys, torch; '
            "print(torch.__version__, torch.version.cuda, torch._C._GLIBCXX_USE_CXX11_ABI, "
            'sys.version_info[:2])"`, then pick the asset of the release with those values '
            "(cu<CUDA major>, torch<major.minor>, cxx11abiTRUE/FALSE, cp<Python>) and install "
            "it by its URL: `python -m pip install <wheel URL>`."
        ),
        _(
            "If the release has no wheel for this torch or Python, install an older release of "
            "{package} that has one, or the torch version its newest wheels were built for (in "
            "the same environment, before {package})."
        ).format(package=package),
        _(
            "To compile instead: the CUDA toolkit (nvcc) of torch's CUDA major, ninja, and "
            "`MAX_JOBS=4 python -m pip install {package} --no-build-isolation` (the real "
            'compiler error is above the "Failed building wheel" line; '
            "{prefix}_FORCE_BUILD=TRUE skips the wheel lookup)."
        ).format(package=package, prefix=prefix),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


__all__ = ["FAMILY"]
