"""Well-known packages imported by a module name the installed release does not have (a
version mismatch), and packages with an install route of their own (apex, mmcv, pytorch3d,
detectron2) missing from the Python that runs the program."""

from __future__ import annotations

import re

from envdoctor.compat.companions import newest_pair_before
from envdoctor.explain.families.module_shadowing import python2_dotted
from envdoctor.explain.knowledge import index_url
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import (
    OWN_INSTALLERS,
    WELL_KNOWN,
)
from envdoctor.i18n import N_, _
from envdoctor.values import parse_version

FAMILY = Family("package_modules")


# Packages whose version torch itself pins (its wheel metadata requires one exact release,
# e.g. torch 2.1.2 "Requires-Dist: triton==2.1.0"): changing them breaks torch, so the
# program's other packages must follow them instead.
PINNED_BY_TORCH = frozenset({"triton"})
# torch and the packages released with it: the fix is a release pair, never a lone reinstall.
TORCH_OWN = frozenset({"torch", "torchvision", "torchaudio"})

# Modules that famous releases removed: (module, distribution, the first release without
# it, where its contents went or None).
REMOVED = (
    # torchvision 0.17.0 release notes ("We removed the torchvision.transforms.
    # functional_tensor.py and torchvision.transforms.functional_pil.py modules"); 0.15
    # and 0.16 warned "deprecated in 0.15 and will be **removed in 0.17**. ... use APIs in
    # torchvision.transforms.functional".
    (
        "torchvision.transforms.functional_tensor",
        "torchvision",
        "0.17",
        "torchvision.transforms.functional",
    ),
    (
        "torchvision.transforms.functional_pil",
        "torchvision",
        "0.17",
        "torchvision.transforms.functional",
    ),
    # pytorch/pytorch#94709 removed torch._six; torch 2.0 is the first release without it
    # (pytorch/pytorch#102410, NVIDIA/apex#1724, InternLM/InternLM#109).
    ("torch._six", "torch", "2.0", None),
    # mmcv docs/en/compatibility.md: MMCV 2.0.0 removed mmcv.fileio (PR #2179), and
    # mmcv.runner, mmcv.parallel, mmcv.engine, mmcv.device (PR #2216); MMEngine has them.
    # Not drop-in moves (BaseModule went to mmengine.model, auto_fp16 is gone): no target.
    ("mmcv.runner", "mmcv", "2.0.0", None),
    ("mmcv.fileio", "mmcv", "2.0.0", None),
    ("mmcv.parallel", "mmcv", "2.0.0", None),
    ("mmcv.engine", "mmcv", "2.0.0", None),
    ("mmcv.device", "mmcv", "2.0.0", None),
)

# A compiled extension (torch._C, mmcv._ext, detectron2._C, vllm._C, *_cuda, _cuda*): entries
# of their own explain those (not built, not this version); torch._dynamo: torch-too-old.
_COMPILED = re.compile(r"_C|_C_\w+|_ext|_cuda\w*|\w+_cuda")
_OWNED = ("torch._dynamo",)

_PACKAGES = "|".join(sorted(WELL_KNOWN, key=len, reverse=True))

# A traceback frame inside a copy of the package outside site-packages.
_FRAME = r'File "(?P<path>[^"]{1,300}?)[\\/]%s[\\/]'


def removal(module: str) -> tuple[str, str, str, str | None] | None:
    return next(
        (row for row in REMOVED if module == row[0] or module.startswith(row[0] + ".")), None
    )


def removal_answer(
    removed: tuple[str, str, str, str | None], ctx: Context
) -> tuple[str, list[str]]:
    """The cause and fix for a module a known release removed."""
    gone, dist, version, moved = removed
    cause = _(
        "{module} no longer exists: {dist} {version} removed it, and the installed {dist} "
        "is that release or newer. The program, or a package it uses, was written for "
        "an older {dist}."
    ).format(module=gone, dist=dist, version=version)
    fix: list[str] = []
    if moved:
        cause += sep() + _("Its functions are in {moved} now.").format(moved=moved)
        fix.append(
            _(
                "Change the import in the file that does it (the last frame of the "
                "traceback names it; often a dependency, not your own code) from {gone} "
                "to {moved}, or upgrade that dependency to a release that does so."
            ).format(gone=gone, moved=moved)
        )
    else:
        fix.append(
            _(
                "Upgrade the program, or the dependency that imports {gone} (the last "
                "frame of the traceback), to a release made for {dist} {version} or newer."
            ).format(gone=gone, dist=dist, version=version)
        )
    older = _('Or install an older {dist}: `python -m pip install "{dist}<{version}"`.')
    if dist == "mmcv":
        # mmcv 1.x kept its compiled ops in the mmcv-full distribution.
        older = _(
            'Or install mmcv 1.x for code written for it: `mim install "mmcv-full<2.0.0"` '
            "(MMEngine's migration guide lists where each module went)."
        )
    elif dist == "torch":
        # The last release before it, with its companions, for this machine's OS and
        # Python: `envdoctor install --torch` knows them (a bare "torch<2.0" does not).
        prev = _last_release_before(ctx, version)
        if prev is not None:
            older = _(
                "Or install the last torch before {version}, {prev}, with its "
                "torchvision/torchaudio: `envdoctor install --torch {prev}` prints the "
                "command for this machine (it says when this Python has no wheel of it)."
            ).format(version=version, prev=prev)
    elif dist in ("torchvision", "torchaudio"):
        pair = newest_pair_before(ctx.matrix, dist, version)
        if pair is not None:
            mine = pair.torchvision if dist == "torchvision" else pair.torchaudio
            older = _(
                "Or install the last {dist} before {version} with the torch it pairs "
                "with: {dist} {mine} and torch {torch} (`envdoctor install --torch "
                "{torch}` prints the command for this machine)."
            ).format(dist=dist, version=version, mine=mine, torch=pair.torch)
    fix.append(older.format(dist=dist, version=version))
    return cause, fix


def pinned_fix(dist: str, pkg: str, ctx: Context) -> tuple[str, str]:
    """Keep the release torch pins (triton); change the package that imports it."""
    cuda = ctx.known.torch_cuda
    index = index_url(cuda.label if cuda is not None else "<build>")
    return (
        _(
            "Keep the {dist} your torch installed and install the build of the importing "
            "package made for your torch, from the same index as torch (e.g. xformers "
            "from {index} with --no-deps)."
        ).format(dist=dist, index=index),
        _(
            'Check the pair: `python -c "import torch, {pkg}; print(torch.__version__, '
            '{pkg}.__version__)"` and `python -m pip check`.'
        ).format(pkg=pkg),
    )


def _last_release_before(ctx: Context, version: str) -> str | None:
    """The newest torch in the matrix older than `version` ("2.0" -> "1.13.1")."""
    bound = parse_version(version)
    older = [
        (pv, v)
        for r in ctx.matrix.torch.releases
        for v in r.versions
        if bound is not None and (pv := parse_version(v)) is not None and pv < bound
    ]
    return max(older)[1] if older else None


def _imports_as_module(module: str, ctx: Context) -> bool:
    """Whether the paste shows the plain `import a.b.c` statement of the missing module (the
    code names an attribute as a module; a release without a module fails in `from ... import`
    and `import ... as` lines of libraries as well, which the REMOVED table answers)."""
    line = ctx.near(re.compile(rf"(?<![\w.])import {re.escape(module)}(?![\w.])(?! as)"), "import ")
    return line is not None


def _local_copy(pkg: str, m: re.Match[str], ctx: Context) -> bool:
    """Whether the traceback imports `pkg` from a folder that is not an installed package
    (the project's own copy, a source checkout)."""
    before = ctx.text[max(0, m.start() - 3000) : m.start()]
    frames = re.findall(_FRAME % re.escape(pkg), before)
    return bool(frames) and not re.search(r"site-packages|dist-packages|\.egg", frames[-1])


@FAMILY.entry(
    code="package-module-missing",
    keywords=("no module named",),
    title=N_("The installed version of a package lacks a module the program imports"),
    patterns=(
        rx(
            r"(?<!Error\(\")No module named ['\"]?(?P<module>(?P<pkg>(?-i:"
            + _PACKAGES
            # Not "...; 'a' is not a package": a file named like the package (missing_modules).
            + r"))(?:\.\w{1,60}){1,6})['\"]?(?![\w.])(?!['\"]?\s*;)"
        ),
    ),
)
def _advise_module_missing(m: re.Match[str], ctx: Context) -> Advice | None:
    module, pkg = m.group("module"), m.group("pkg")
    if python2_dotted(m, ctx.text):
        return None  # Python 2's words for a first package not found at all (missing_modules)
    compiled = any(_COMPILED.fullmatch(part) for part in module.split("."))
    if compiled or module.startswith(_OWNED) or _local_copy(pkg, m, ctx):
        return None
    removed = removal(module)
    last = module.rsplit(".", 1)[-1]
    if removed is None and (last[:1].isupper() or _imports_as_module(module, ctx)):
        # `import torch.nn.Module` / `import torch.cuda.amp.autocast`: a class or function
        # imported as if it were a module, the code's mistake.
        return None
    if ctx.has("a matching triton is not available"):
        return None  # xformers probing for its optional Triton kernels, then carrying on
    dist = WELL_KNOWN[pkg]
    facts: dict[str, object] = {"module": module, "package": dist}
    fix: list[str] = []
    if removed is not None:
        cause, removal_fix = removal_answer(removed, ctx)
        facts["removed_in"] = f"{removed[1]} {removed[2]}"
        fix.extend(removal_fix)
    elif pkg in PINNED_BY_TORCH:
        cause = _(
            "The installed {dist} has no module {module}. torch pins its own {dist} release, "
            "so the package that imports it (xformers, a kernel library; the traceback's "
            "frames name it) was built for another torch and {dist}."
        ).format(dist=dist, module=module)
        fix.extend(pinned_fix(dist, pkg, ctx))
    elif pkg in TORCH_OWN:
        cause = _(
            "The installed {dist} has no module {module}: the program was written for "
            "another {dist} release (usually a newer one)."
        ).format(dist=dist, module=module)
        fix.append(
            _(
                "Compare `python -m pip show {dist}` with the version the project's "
                "requirements name; `envdoctor install --torch <that version>` prints the "
                "command for this machine, with the torchvision/torchaudio that pair with it."
            ).format(dist=dist)
        )
    elif pkg in OWN_INSTALLERS:
        cause = _(
            "{pkg} is installed, but not a build that has {module}: a release without it, a "
            "build without its compiled parts, or (for apex) the unrelated PyPI project of "
            "that name."
        ).format(pkg=pkg, module=module)
    else:
        cause = _(
            "{pkg} is installed, but its installed version has no module {module}: the "
            "program, or a package it uses, was written for another version of {dist} "
            "(older or newer), or the installed copy is incomplete (an interrupted upgrade, "
            "two copies mixed)."
        ).format(pkg=pkg, module=module, dist=dist)
        fix.append(
            _(
                "See which version is installed: `python -m pip show {dist}`, and compare "
                "with the version the project's requirements pin."
            ).format(dist=dist)
        )
        fix.append(
            _(
                "Install that version cleanly into the same Python without touching its "
                "dependencies (torch among them): `python -m pip install --force-reinstall "
                '--no-deps "{dist}==<version the project pins>"`.'
            ).format(dist=dist)
        )
    if pkg in OWN_INSTALLERS and not (removed is not None and pkg == "mmcv"):
        fix.append(_(OWN_INSTALLERS[pkg]))
    return Advice(cause, tuple(fix), facts, key=module, used_local_facts=ctx.known.local)


_OWN = "|".join(OWN_INSTALLERS)


@FAMILY.entry(
    code="own-installer-package-missing",
    keywords=("no module named",),
    title=N_("A package with its own installer (mmcv, apex, pytorch3d, detectron2) is missing"),
    patterns=(rx(r"(?<!Error\(\")No module named ['\"]?(?P<pkg>" + _OWN + r")['\"]?(?![\w.])"),),
)
def _advise_own_installer(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    pkg = m.group("pkg").lower()
    facts: dict[str, object] = {"package": pkg}
    cause = _(
        "{pkg} is not installed in the Python that runs the program. A plain `pip install "
        "{pkg}` does not give a working build (it compiles without the right CUDA setup or "
        "fails; for apex it installs another project of that name): it is built or "
        "downloaded for the installed torch and CUDA through its own route."
    ).format(pkg=pkg)
    if k.torch_version:
        facts["torch_version"] = k.torch_version
        cause += sep() + _("The torch here is {torch}.").format(torch=k.torch_version)
    fix = [
        _(
            'Print the interpreter that fails (`python -c "import sys; print(sys.executable)"`) '
            "and install into exactly that one (ComfyUI and webui have their own embedded "
            "Python or venv)."
        ),
        _(
            'Check its torch and CUDA first: `python -c "import torch; '
            'print(torch.__version__, torch.version.cuda)"`.'
        ),
        _(OWN_INSTALLERS[pkg]),
    ]
    return Advice(cause, tuple(fix), facts, key=pkg, used_local_facts=k.local)


__all__ = [
    "FAMILY",
    "PINNED_BY_TORCH",
    "REMOVED",
    "TORCH_OWN",
    "pinned_fix",
    "removal",
    "removal_answer",
]
