"""torchvision and torchaudio built for another torch or CUDA than the installed one: their
compiled operators (torchvision::nms), the CUDA versions they were built with, and a
companion missing from the environment."""

from __future__ import annotations

import re

from envdoctor.explain.companions import companion_issues
from envdoctor.explain.decode import parse_cuda_version
from envdoctor.explain.knowledge import (
    index_url,
    suggest,
)
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import (
    companion_facts,
    companion_sentence,
)
from envdoctor.explain.tracebacks import FRAME_FILE, SITE_PACKAGE
from envdoctor.i18n import N_, _

FAMILY = Family("torch_companions")


@FAMILY.entry(
    code="torchvision-ops-missing",
    keywords=(
        "torchvision::",
        "torchvision/__init__.py",
        "torchvision\\__init__.py",
        "couldn't load custom c++ ops",
    ),
    title=N_("torchvision does not match the installed torch"),
    patterns=(
        rx(r"operator torchvision::(?P<op>\w{1,40}) does not exist"),
        rx(r"No such operator torchvision::(?P<op>\w{1,40})"),
        # torchvision's own words when its ops library does not load (0.13+).
        rx(
            r"Couldn't load custom C\+\+ ops\. This can happen if your PyTorch and torchvision "
            r"versions are incompatible(?P<ops>)"
        ),
        # A CPU-only torchvision next to a CUDA torch has the operator, but no CUDA kernel.
        rx(
            r"Could not run 'torchvision::(?P<op>\w{1,40})' with arguments from the "
            r"'(?P<backend>CUDA|CPU)' backend"
        ),
        # A traceback cut before its last line: import torchvision only fails on this line
        # of _meta_registrations when the operator is missing.
        rx(r"_meta_registrations\.py.{0,200}?register_fake\(\s*[\"']torchvision::(?P<op>\w{1,40})"),
        # Only `import torchvision` failing, the message cut off: an issue only when the
        # versions in the same paste show a torchvision that does not go with its torch.
        rx(r"File \"[^\"]{0,300}[\\/]torchvision[\\/]__init__\.py\"(?P<import_only>)"),
    ),
    specificity=3,
)
def _advise_torchvision_ops(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    groups = m.groupdict()
    issues = [
        i for i in companion_issues(ctx.matrix, k, mirror=ctx.mirror) if i.package == "torchvision"
    ]
    if groups.get("import_only") is not None and not issues:
        return None
    op = groups.get("op")
    facts: dict[str, object] = {"operator": f"torchvision::{op}"} if op else {}
    if k.torch_version:
        facts["torch_version"] = k.torch_version
    if groups.get("ops") is not None:
        cause = _(
            "torchvision's compiled operators did not load, so torchvision was built for "
            "another torch than the one installed: torch and torchvision come from different "
            "releases or indexes (a later `pip install` replaced one of them, or a CPU "
            "torchvision sits next to a CUDA torch)."
        )
    elif op is None:
        cause = _(
            "`import torchvision` failed, and the versions shown next to it do not go "
            "together: torchvision was built for another torch than the one installed."
        )
    elif groups.get("backend") == "CUDA":
        facts["backend"] = "CUDA"
        cause = _(
            "torchvision has no CUDA code for torchvision::{op}: the installed torchvision "
            "is a CPU-only build (or one built without CUDA) next to a CUDA torch, usually "
            "because it was installed from PyPI or another index than torch."
        ).format(op=op)
    else:
        cause = _(
            "torchvision's compiled operators (torchvision::{op}) did not load, so torchvision was "
            "built for another torch than the one installed: torch and torchvision come from "
            "different releases or indexes (a later `pip install` replaced one of them, or a CPU "
            "torchvision sits next to a CUDA torch)."
        ).format(op=op)
    fix = [
        _(
            'Compare the versions: `python -c "import torch; print(torch.__version__)"` and '
            "`python -m pip show torchvision`: each torch release has exactly one matching "
            "torchvision release."
        ),
        _(
            "Install torch, torchvision, torchaudio (and xformers, flash-attn, vLLM) in one "
            "command from the same index, so they are built for the same torch and CUDA "
            "(`envdoctor install` prints the command for this machine)."
        ),
    ]
    for issue in issues:
        facts.update(companion_facts(issue))
        cause += sep() + companion_sentence(issue)
        if issue.command:
            fix.insert(0, issue.command)
    return Advice(cause, tuple(fix), facts, key=op or "import", used_local_facts=k.local)


@FAMILY.entry(
    code="torch-companion-cuda-mismatch",
    keywords=(
        "were compiled with different cuda",
        "and torchvision has cuda",
        "and torchaudio has cuda",
    ),
    title=N_("torchvision/torchaudio built for another CUDA than torch"),
    patterns=(
        # torchvision/extension.py and torchaudio/_extension: their own check at import.
        rx(
            r"Detected that PyTorch and (?P<package>torchvision|TorchAudio) were compiled with "
            r"different CUDA(?: (?:major )?versions)?(?:\. PyTorch has CUDA [Vv]ersion[= ]?"
            r"(?P<torch_cuda>\d+\.\d+) (?:and|whereas) (?:torchvision|TorchAudio) has CUDA "
            r"[Vv]ersion[= ]?(?P<companion_cuda>\d+\.\d+))?"
        ),
        # Its second sentence alone (the paste cut above it).
        rx(
            r"PyTorch has CUDA [Vv]ersion[= ]?(?P<torch_cuda>\d+\.\d+) (?:and|whereas) "
            r"(?P<package>torchvision|TorchAudio) has CUDA\s+[Vv]ersion[= ]?"
            r"(?P<companion_cuda>\d+\.\d+)"
        ),
    ),
    specificity=3,
)
def _advise_companion_cuda(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    package = m.group("package").lower()
    torch_cuda = parse_cuda_version(m.group("torch_cuda")) or k.torch_cuda
    facts: dict[str, object] = {"package": package}
    if m.group("torch_cuda"):
        facts["torch_cuda"] = m.group("torch_cuda")
        facts[f"{package}_cuda"] = m.group("companion_cuda")
        cause = _(
            "{package} and torch are builds for different CUDA versions (torch: CUDA {t}, "
            "{package}: CUDA {c}), so {package}'s compiled code cannot be used with this "
            "torch. They were installed from different indexes, or one was upgraded without "
            "the other."
        ).format(package=package, t=m.group("torch_cuda"), c=m.group("companion_cuda"))
    else:
        cause = _(
            "{package} and torch are builds for different CUDA versions, so {package}'s "
            "compiled code cannot be used with this torch. They were installed from "
            "different indexes, or one was upgraded without the other."
        ).format(package=package)
    fix: list[str] = []
    for issue in companion_issues(ctx.matrix, k, mirror=ctx.mirror):
        if issue.package == package and issue.command:
            fix.append(issue.command)
    if torch_cuda is not None and not fix:
        variant = torch_cuda.label
        fix.append(
            _(
                "Reinstall {package} from torch's index ({url}) at the release that pairs "
                "with your torch: `envdoctor install --torch <your torch version> --with "
                '{package}` prints the pinned command (`python -c "import torch; '
                'print(torch.__version__)"` shows the version).'
            ).format(package=package, url=index_url(variant))
        )
    fix.append(
        _(
            "Or reinstall torch, torchvision and torchaudio in one command from the same "
            "index, so they are built for the same CUDA."
        )
    )
    return Advice(cause, tuple(fix), facts, key=package, used_local_facts=k.local)


@FAMILY.entry(
    code="torch-companion-missing",
    keywords=("no module named",),
    title=N_("torchvision/torchaudio is not installed in this Python"),
    patterns=(rx(r"No module named '?(?P<package>torchvision|torchaudio)'?(?![\w.])"),),
)
def _advise_companion_missing(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    package = m.group("package")
    facts: dict[str, object] = {"package": package}
    cause = _(
        "The Python that ran the program has no {package}: it is a separate package, not "
        "installed with torch, and each torch release pairs with exactly one release of it. "
        "(If you did install it, it went into another Python: another venv or conda env.)"
    ).format(package=package)
    fix: list[str] = []
    build = suggest(ctx.matrix, k, mirror=ctx.mirror, with_packages=(package,))
    if k.torch_version:
        fix.append(
            _(
                "Install the {package} that pairs with your torch {torch}: `envdoctor install "
                "--torch {torch} --with {package}` prints the command."
            ).format(package=package, torch=k.torch_version)
        )
    elif build is not None:
        fix.append(build.command)
    fix.append(
        _(
            'Install into the Python that fails: `python -c "import sys; print(sys.executable)"` '
            "names it; use `<that python> -m pip install ...`."
        )
    )
    return Advice(cause, tuple(fix), facts, key=package, used_local_facts=k.local)


def companion_library(m: re.Match[str], ctx: Context) -> Advice | None:
    """torch's library of another variant asked for by torchvision/torchaudio (their frames in
    the traceback), or ROCm's libtorch_hip / libc10_hip by whatever loads it: a build for
    another variant of torch (CUDA, ROCm, CPU) than the installed one (icefall's FAQ:
    torchaudio==0.10.0 without +cu111 next to torch==1.10.0+cu111)."""
    lib = m.group("lib")
    frames = FRAME_FILE.finditer(ctx.text, max(0, m.start() - 3000), m.start())
    packages = [s.group("pkg") for f in frames if (s := SITE_PACKAGE.search(f.group("path")))]
    package = next((p for p in reversed(packages) if p in _COMPANIONS), None)
    hip = "_hip" in lib
    if not hip and (package is None or "_cuda" not in lib):
        return None
    k = ctx.known
    facts: dict[str, object] = {"library": lib, "variant": "ROCm" if hip else "CUDA"}
    if package:
        facts["package"] = package
    # ROCm builds of torch keep torch_hip and c10_hip in torch/lib (xformers' hip_decoder
    # CMakeLists links them from there); the CUDA builds torch_cuda and c10_cuda.
    cause = (
        _(
            "{lib} belongs to PyTorch's ROCm (AMD GPU) build: a compiled module built for a "
            "ROCm torch is loaded next to a torch that is not one."
        )
        if hip
        else _(
            "{lib} belongs to PyTorch's CUDA build: a compiled module built for a CUDA torch "
            "is loaded next to a torch without CUDA (the CPU or ROCm build)."
        )
    ).format(lib=lib)
    cause += sep() + (
        _(
            "Here it is {package}'s: {package} and torch are builds of different variants. "
            "Installing {package} by its bare version lets pip take any variant of that "
            "version a find-links page (such as torch_stable.html) lists."
        ).format(package=package)
        if package
        else _(
            "Most often torchvision or torchaudio was installed by its bare version next to "
            "a torch with a variant label (+cu111, +cpu), so pip took another variant of it; "
            "else an extension was built against another torch."
        )
    )
    fix = [
        issue.command
        for issue in companion_issues(ctx.matrix, k, mirror=ctx.mirror)
        if issue.command
    ]
    fix.append(
        _(
            "Compare the labels: `python -m pip list | grep torch` shows each package's "
            "version with its variant (+cu121, +rocm6.2, +cpu); torchvision and torchaudio "
            "must carry torch's."
        )
    )
    fix.append(
        _(
            "Reinstall them with torch's label from the same index, e.g. "
            "`torchaudio==0.10.0+cu111` next to `torch==1.10.0+cu111`, not the bare "
            "version; or install torch, torchvision and torchaudio in one command from one "
            "index (`envdoctor install` prints it)."
        )
    )
    title = _("torchvision/torchaudio built for another variant of torch (CUDA, ROCm, CPU)")
    return Advice(cause, tuple(fix), facts, title=title, key=lib, used_local_facts=k.local)


_COMPANIONS = ("torchvision", "torchaudio")


__all__ = ["FAMILY", "companion_library"]
