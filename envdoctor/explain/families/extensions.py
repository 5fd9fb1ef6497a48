"""Compiled extensions and the PyTorch they were built against."""

from __future__ import annotations

import re

from packaging.version import Version

from envdoctor.explain.decode import parse_cuda_version
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import (
    CHECK_TORCH,
)
from envdoctor.i18n import N_, _

FAMILY = Family("extensions")


@FAMILY.entry(
    code="cuda-version-mismatch-build",
    keywords=(
        "detected cuda version",
        "mismatches the version that was used to comp",
        "cuda version required by pytorch",
        "minor-version mismatch will not cause",
        "does not match the version torch was compiled with",
        "used to compile pytorch binaries",
        "the current running cuda version is",
        "please make sure to use the same cuda versions",
    ),
    title=N_("System CUDA differs from PyTorch's CUDA (building an extension)"),
    patterns=(
        # "complie": the same line as people retype it.
        rx(
            r"The detected CUDA version \((?P<sys>\d+\.\d+)\) mismatches the version that "
            r"was used to comp(?:ile|lie) PyTorch \((?P<torch>\d+\.\d+)\)"
        ),
        # Older torch raised it unformatted: the message, then the two versions, as a tuple
        # ("('The detected CUDA version (%s) mismatches ...', '11.3', '12.8')").
        rx(
            r"The detected CUDA version \(%s\) mismatches the version that was used to "
            r"comp(?:ile|lie) ?PyTorch \(%s\)[^'\n]{0,80}', '(?P<sys>\d+\.\d+)', "
            r"'(?P<torch>\d+\.\d+)'"
        ),
        # The same line cut short (an issue title, which may drop "The detected" too:
        # gaussian-splatting#385): the toolkit's version is still there.
        rx(
            r"(?:The detected )?CUDA version \((?P<sys>\d+\.\d+)\) mismatches the version that "
            r"was used to comp(?:ile|lie)(?! PyTorch \()"
        ),
        # ColossalAI's `colossalai check -i` table (ColossalAI#2973).
        rx(
            r"CUDA version: (?P<sys>\d+\.\d+) CUDA version required by PyTorch: "
            r"(?P<torch>\d+\.\d+)(?=.{0,1500}?System and PyTorch CUDA version match: ×)"
        ),
        # Its last line alone (the paste cut above it): torch's CUDA is still there.
        rx(r"PyTorch \((?P<torch>\d+\.\d+)\)\. Please make sure to use the same CUDA versions"),
        # DeepSpeed's op builder (assert_no_cuda_mismatch). Its printed variants that go on
        # on the same line ("but since the APIs are compatible, accepting",
        # ".Detected `DS_SKIP_CUDA_CHECK=1`") are no error; a line cut short still is one.
        rx(
            r"(?m)Installed CUDA version (?P<sys>\d+\.\d+) does not match the version torch was "
            r"compiled with (?:(?P<torch>\d+\.\d+)(?:\.\d+)?|\d*)(?P<deepspeed>)"
            r"(?:,? unable to compile|[ \t]*$)"
        ),
        # apex's setup.py (check_cuda_torch_binary_vs_bare_metal): it compares major.minor.
        rx(
            r"Cuda extensions are being compiled with a version of Cuda that does not match the "
            r"version used to compile Pytorch binaries\.(?:\s+Pytorch binaries were compiled with "
            r"Cuda (?P<torch>\d+\.\d+))?(?P<apex>)"
        ),
        # Its last sentences alone (a maintainer's quote, apex#497).
        rx(
            r"a minor-version mismatch will not cause later errors:?\s*\S{0,120}\s*You can try "
            r"commenting out this check(?P<tail>)"
        ),
        # k2's get_version.py: torch.version.cuda must be a prefix of the version
        # collect_env reads from `nvcc --version` (major.minor, so a minor differs too).
        rx(
            r"PyTorch is built with CUDA version: (?P<torch>\d+\.\d+)\.?\s{0,10}"
            r"The current running CUDA version is: (?P<sys>\d+\.\d+)(?:\.\d+)?(?P<k2>)"
        ),
    ),
    specificity=3,
)
def _advise_build_mismatch(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    built = m.groupdict().get("torch") or (str(k.torch_cuda) if k.torch_cuda else None)
    # apex prints nvcc's banner above its refusal: the engine's clues read it (k.nvcc).
    system = m.groupdict().get("sys") or (str(k.nvcc) if k.nvcc is not None else None)
    if system is None and built is not None:
        return _build_mismatch_unknown_system(
            built, ctx, apex=m.groupdict().get("apex") is not None
        )
    if system is None or built is None:
        return _build_mismatch_unknown_torch(system, ctx)
    facts: dict[str, object] = {"system_cuda": system, "torch_cuda": built}
    sys_v, torch_v = parse_cuda_version(system), parse_cuda_version(built)
    cause = _(
        "You are compiling a CUDA extension. The CUDA toolkit it found (nvcc {system}, "
        "from CUDA_HOME or /usr/local/cuda) has a different major version than the CUDA "
        "PyTorch was built with ({built}), and the two cannot be mixed in one extension."
    ).format(system=system, built=built)
    fix = [
        _(
            "Install the CUDA {built} toolkit (toolkit only, no driver) and point the build "
            "at it: export CUDA_HOME=/usr/local/cuda-{built} PATH=/usr/local/cuda-{built}/bin:$PATH"
        ).format(built=built),
    ]
    label = sys_v.label if sys_v is not None else None
    releases = [
        r.release
        for r in ctx.matrix.torch.releases
        if label and any(v.name == label for v in r.variants)
    ]
    if sys_v is not None and torch_v is not None and releases:
        # Only when the matrix has such builds: never send people after a wheel that does not exist.
        fix.append(
            _("Or install a PyTorch build for CUDA {system} ({label}: torch {releases}).").format(
                system=sys_v, label=label, releases=", ".join(sorted(releases, key=Version)[-3:])
            )
        )
    fix.append(_("With conda: `conda install -c nvidia cuda-toolkit={built}`.").format(built=built))
    same_major = sys_v is not None and torch_v is not None and sys_v.major == torch_v.major
    if m.groupdict().get("deepspeed") is not None and same_major:
        # DeepSpeed refuses same-major pairs missing from its list of compatible minors.
        cause = _(
            "DeepSpeed compiles its ops with the CUDA toolkit it found (nvcc {system}) "
            "and refuses one that differs from the CUDA PyTorch was built with ({built}) "
            "unless the pair is on its list of compatible minor versions."
        ).format(system=system, built=built)
        fix.append(
            _(
                "Same major version: DeepSpeed's check is stricter than the compiler; "
                "DS_SKIP_CUDA_CHECK=1 lets the build go on at your own risk."
            )
        )
    if m.groupdict().get("apex") is not None and same_major:
        cause = _(
            "apex compiles its extensions with the CUDA toolkit it found (nvcc {system}) and "
            "refuses one whose minor version differs from the CUDA PyTorch was built with "
            "({built}), although the compiler would accept it."
        ).format(system=system, built=built)
        fix.append(
            _(
                "Same major version: a minor mismatch usually builds and runs; apex's message "
                "says its check may be commented out in setup.py, at your own risk."
            )
        )
    if m.groupdict().get("k2") is not None and same_major:
        cause = _(
            "k2's setup compares the CUDA toolkit it found (nvcc {system}) with the CUDA "
            "PyTorch was built with ({built}) and refuses a different minor version too, "
            "although the compiler would accept it."
        ).format(system=system, built=built)
        fix.append(
            _("Or use k2's prebuilt wheel for your torch and CUDA, which needs no toolkit at all.")
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


def _build_mismatch_unknown_system(built: str, ctx: Context, *, apex: bool) -> Advice:
    """apex's refusal, or torch's cut above its last line, names torch's CUDA only: the
    toolkit's is in `nvcc --version`."""
    cause = _(
        "You are compiling a CUDA extension (apex compares the versions itself). The CUDA "
        "toolkit it found (CUDA_HOME or /usr/local/cuda) is another version than the CUDA "
        "PyTorch was built with ({built}); apex refuses even a different minor version."
    ).format(built=built)
    if not apex:
        cause = _(
            "You are compiling a CUDA extension. The CUDA toolkit it found (CUDA_HOME or "
            "/usr/local/cuda) is another version than the CUDA PyTorch was built with "
            "({built}), and torch's extension builder refused to mix them."
        ).format(built=built)
    fix = (
        _("See which toolkit the build uses: `nvcc --version` and `echo $CUDA_HOME`."),
        _(
            "Install the CUDA {built} toolkit (toolkit only, no driver) and point the build "
            "at it: export CUDA_HOME=/usr/local/cuda-{built} PATH=/usr/local/cuda-{built}/bin:$PATH"
        ).format(built=built),
        _(
            "Or install a PyTorch build for the toolkit's CUDA (`envdoctor install --torch "
            "<version>+cuXY` says whether it exists and fits)."
        ),
    )
    facts: dict[str, object] = {"torch_cuda": built}
    return Advice(
        cause, fix, facts, key="apex" if apex else "torch", used_local_facts=ctx.known.local
    )


def _build_mismatch_unknown_torch(system: str | None, ctx: Context) -> Advice:
    """The message cut off before the CUDA torch was built with (or before both versions)."""
    if system is None:
        cause = _(
            "You are compiling a CUDA extension. The CUDA toolkit it found (nvcc, from "
            "CUDA_HOME or /usr/local/cuda) is not the CUDA version PyTorch was built with (the "
            "check that stopped the build compares them), and the two cannot be mixed in one "
            "extension."
        )
        steps = (
            _(CHECK_TORCH),
            _("See the toolkit's version: `nvcc --version` (and `echo $CUDA_HOME`)."),
            _(
                "Install the toolkit of torch's CUDA version (toolkit only, no driver) and point "
                "the build at it with CUDA_HOME and PATH, or install a PyTorch build for the "
                "toolkit's CUDA."
            ),
        )
        return Advice(cause, steps, {}, used_local_facts=ctx.known.local)
    cause = _(
        "You are compiling a CUDA extension. The CUDA toolkit it found (nvcc {system}, from "
        "CUDA_HOME or /usr/local/cuda) is not the CUDA version PyTorch was built with (the "
        "check that stopped the build compares them), and the two cannot be mixed in one "
        "extension."
    ).format(system=system)
    fix = (
        _(CHECK_TORCH),
        _(
            "Install the toolkit of that CUDA version (toolkit only, no driver) and point the "
            "build at it with CUDA_HOME and PATH, or install a PyTorch build for CUDA {system}."
        ).format(system=system),
    )
    return Advice(cause, fix, {"system_cuda": system}, used_local_facts=ctx.known.local)


# PyTorch removed its old THC layer in steps; an extension written against it no longer
# compiles with a newer torch. Sources: THCState_getCurrentStream was gone in 1.5
# (pytorch/pytorch#36132: use at::cuda::getCurrentCUDAStream()); THCudaCheck was removed by
# pytorch/pytorch#66391 (use C10_CUDA_CHECK / AT_CUDA_CHECK); torch 1.10 still ships
# THC/THC.h, 1.11 no longer does, nor THCudaCheck (vacancy/PreciseRoIPooling#55 and #80,
# CoinCheung/pytorch-loss#37). Other THC functions went in between: no version is claimed.
# The CPU half, TH/TH.h, went in the same release (facebookresearch/fairseq#4525 "'TH/TH.h'
# file not found error for PyTorch>=1.11", lucasjinreal/DCNv2_latest#55 on 1.11).
_THC_REMOVED_IN = {"THCState_getCurrentStream": "1.5", "THCudaCheck": "1.11"}


@FAMILY.entry(
    code="extension-uses-thc",
    keywords=("thc/thc", "th/th.h", "th/th'", '"thc', "'thc", "‘thc"),
    title=N_("An extension uses PyTorch's THC API, which newer PyTorch removed"),
    patterns=(
        # gcc/nvcc, clang, a localised gcc, MSVC: a THC header that is not there any more.
        rx(
            r"(?P<header>THC?/THC?\w{0,40}\.(?:h|cuh))'?:? (?:No such file or directory|"
            r"file not found|没有那个文件或目录)"
        ),
        rx(r"Cannot open include file: '(?P<header>THC?/THC?\w{0,40}\.(?:h|cuh))'"),
        # nvcc ("identifier ... is undefined") and gcc ("... was not declared in this scope").
        rx(r'identifier "(?P<symbol>THC\w{1,60})" is undefined'),
        rx(r"[‘'](?P<symbol>THC\w{1,60})[’'] was not declared in this scope"),
    ),
    specificity=3,
)
def _advise_thc(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    groups = m.groupdict()
    name = groups.get("header") or groups.get("symbol") or "THC"
    if name.startswith("TH/") and ctx.has("torch/csrc/"):
        return None  # building PyTorch itself (2017's source tree), not an extension
    facts: dict[str, object] = {"thc": name}
    removed_in = _THC_REMOVED_IN.get(name, "1.11" if "/" in name else None)
    if name.startswith("TH/"):
        cause = _(
            "The extension's source still includes {name} from TH, PyTorch's old tensor "
            "library (with THC, its CUDA half), which newer PyTorch removed: the code was "
            "written for an older torch than the one it is compiled against."
        ).format(name=name)
    else:
        cause = _(
            "The extension's source still uses {name} from THC, PyTorch's old CUDA layer, "
            "which newer PyTorch removed: the code was written for an older torch than the one "
            "it is compiled against."
        ).format(name=name)
    if removed_in:
        facts["removed_in"] = removed_in
        cause += sep() + _("{name} is gone from torch {removed} on.").format(
            name=name, removed=removed_in
        )
    if k.torch_version:
        facts["torch_version"] = k.torch_version
    fix = [
        _(
            "Use a version of the extension ported to ATen/c10: look for a newer release, "
            "branch or fork of the project (or of its bundled op, e.g. DCNv2) that builds "
            "with your torch."
        ),
        _(
            "Or port it yourself: replace `#include <TH/TH.h>` with `#include "
            "<torch/extension.h>` (ATen's tensors, and TORCH_CHECK for TH's argument checks), "
            "and port its THC code too (at::cuda::getCurrentCUDAStream(), C10_CUDA_CHECK)."
        )
        if name.startswith("TH/")
        else _(
            "Or port it yourself: drop `#include <THC/THC.h>` and `extern THCState *state;`, "
            "replace THCState_getCurrentStream(state) with at::cuda::getCurrentCUDAStream() "
            "(ATen/cuda/CUDAContext.h) and THCudaCheck with C10_CUDA_CHECK (or AT_CUDA_CHECK)."
        ),
        _(
            "Or build it in an environment with the torch the project requires (older than "
            "{removed}), with the torchvision that pairs with it and a GPU that torch supports."
        ).format(removed=removed_in)
        if removed_in
        else _(
            "Or build it in an environment with the torch the project requires, with the "
            "torchvision that pairs with it and a GPU that torch supports."
        ),
    ]
    return Advice(cause, tuple(fix), facts, key=name, used_local_facts=k.local)


__all__ = ["FAMILY"]
