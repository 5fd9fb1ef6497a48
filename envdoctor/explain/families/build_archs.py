"""The GPU architectures a build asks nvcc for: one the toolkit is too old or too new to
compile, or one the installed torch no longer lists (torch.utils.cpp_extension)."""

from __future__ import annotations

import re

from envdoctor.compat.arch import arch_cuda, last_cuda_for
from envdoctor.explain.decode import parse_cuda_version
from envdoctor.explain.families.build_tools import PREBUILT
from envdoctor.explain.knowledge import architecture
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("build_archs")


def _unnamed_arch(ctx: Context) -> Advice:
    """nvcc refused an architecture the paste does not name."""
    cause = _(
        "nvcc refused a GPU architecture the build asked for: the CUDA toolkit is older than "
        "that architecture, or newer toolkits dropped it. The list comes from "
        "TORCH_CUDA_ARCH_LIST, or, when it is unset, from the GPUs torch sees, or from flags "
        "in the project's setup.py."
    )
    fix = (
        _(
            "Compare what was asked (`echo $TORCH_CUDA_ARCH_LIST`, the -gencode flags in the "
            "build log) with what the toolkit builds: `nvcc --list-gpu-arch` and "
            "`nvcc --version`."
        ),
        _(
            'Set TORCH_CUDA_ARCH_LIST to the GPUs you have (e.g. "8.6"), or use a CUDA '
            "toolkit of torch's CUDA version that knows them, and build again."
        ),
    )
    return Advice(cause, fix, {}, key="unnamed", used_local_facts=ctx.known.local)


def _no_device_to_detect(ctx: Context) -> Advice:
    cause = _(
        "The build asked for the architectures of the GPUs it can see (CMake's native "
        "detection), and it saw none: a `docker build` or a machine without the GPU has no "
        "device to detect, so the detection's message ended up in nvcc's -arch flag."
    )
    fix = (
        _(
            "Name the architectures yourself: CMAKE_CUDA_ARCHITECTURES=86 (the GPU's compute "
            "capability without the dot; several separated by ;), e.g. `cmake -B build "
            '-DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES="75;80;86;89"`; a Dockerfile passes it '
            "as a build argument."
        ),
        _(
            "Or build where the GPU is visible (on the host, or in a container run with --gpus all)."
        ),
    )
    return Advice(cause, fix, {}, key="no-device", used_local_facts=ctx.known.local)


def _special_arch(value: str, ctx: Context) -> Advice:
    first = "11.5.1" if value == "native" else "11.5"
    cause = _(
        "The build passed nvcc -arch={value}, and this nvcc is older than CUDA {first}, the "
        "first toolkit that knows it (often /usr/bin/nvcc from the distribution's own, older "
        "CUDA package)."
    ).format(value=value, first=first)
    if ctx.known.nvcc:
        cause += sep() + _("The toolkit here is CUDA {nvcc}.").format(nvcc=ctx.known.nvcc)
    fix = (
        _("See which nvcc runs: `which -a nvcc` and `nvcc --version`."),
        _(
            "Name the GPU's architecture instead of '{value}': its compute capability without "
            "the dot (`nvidia-smi --query-gpu=compute_cap --format=csv`), e.g. -arch=sm_86, or "
            "CMAKE_CUDA_ARCHITECTURES=86 for a CMake build."
        ).format(value=value),
        _(
            "Or install a CUDA toolkit of {first} or newer and put its bin folder first on PATH "
            "(and CUDA_HOME / CUDACXX at it)."
        ).format(first=first),
    )
    facts = {"nvcc_arch": value, "nvcc_needs_cuda": first}
    return Advice(cause, fix, facts, key=value, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="nvcc-arch-unsupported",
    keywords=(
        "unsupported gpu architecture",
        "is not defined for option 'gpu-name'",
        "is not defined for option 'gpu-architecture'",
    ),
    title=N_("The CUDA toolkit cannot compile for the requested GPU architecture"),
    patterns=(
        rx(
            # The closing quote is sometimes lost when the line is quoted.
            # A title or a quote often drops nvcc's own prefix.
            r"(?:nvcc fatal\s*: )?Unsupported gpu architecture '(?P<arch>(?:compute|sm)_(?P<cc>\d{2,3})"
            r"[af]?)(?:'|(?![\w.]))"
        ),
        rx(
            r"nvcc fatal\s*: Value '(?P<arch>(?:sm|compute)_(?P<cc>\d{2,3})[af]?)' is not defined "
            r"for option 'gpu-(?:name|architecture)'"
        ),
        # The build took the GPUs it could see, and saw none (a `docker build`): CMake's or
        # the project's detection printed its message into the flag (llama.cpp#18430).
        rx(
            r"(?:nvcc fatal\s*: )?Unsupported gpu architecture 'compute_No CUDA devices found"
            r"(?P<nodevice>)"
        ),
        # The special values: -arch=all/all-major came with CUDA 11.5, -arch=native with
        # 11.5 Update 1 (NVIDIA's CUDA Features Archive, 11.6); an older nvcc refuses them.
        rx(
            r"(?:nvcc fatal\s*: )?Value '(?P<special>native|all|all-major)' is not defined for "
            r"option 'gpu-architecture'"
        ),
        # Without the architecture (a heading, a title): the same refusal.
        rx(r"(?:nvcc fatal\s*: )?Unsupported gpu architecture(?!\s*')(?P<unnamed>)"),
    ),
    specificity=3,
)
def _advise_nvcc_arch(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    if m.groupdict().get("unnamed") is not None:
        return _unnamed_arch(ctx)
    if m.groupdict().get("special"):
        return _special_arch(m.group("special"), ctx)
    if m.groupdict().get("nodevice") is not None:
        return _no_device_to_detect(ctx)
    arch, digits = m.group("arch"), m.group("cc")
    cc = (int(digits[:-1]), int(digits[-1]))
    facts: dict[str, object] = {"gpu_arch": arch, "gpu_capability": f"{cc[0]}.{cc[1]}"}
    name = architecture(ctx.matrix, cc)
    if name:
        facts["architecture"] = name
    if k.nvcc:
        facts["nvcc_cuda"] = str(k.nvcc)
    last_cuda = last_cuda_for(ctx.matrix, cc[0], cc[1])
    last = parse_cuda_version(last_cuda)
    if last_cuda is not None and last is not None and (k.nvcc is None or k.nvcc > last):
        facts["last_cuda_for_arch"] = last_cuda
        cause = _(
            "The build asked nvcc for {arch}, an architecture newer CUDA toolkits dropped: "
            "the last toolkit that builds code for it is CUDA {last}."
        ).format(arch=arch, last=last_cuda)
        if k.nvcc is None:
            # Without nvcc's version an old toolkit (before the architecture) fits too:
            # /usr/bin/nvcc from a distribution's package is often years old.
            cause += sep() + _(
                "A toolkit older than the architecture refuses it the same way: check "
                "`which nvcc` and `nvcc --version` (/usr/bin/nvcc is usually the "
                "distribution's own, older toolkit)."
            )
        fix = [
            _(
                "Leave the old architecture out: export TORCH_CUDA_ARCH_LIST to the GPUs you "
                'really have (e.g. "8.6"), or remove it from the project\'s -gencode flags.'
            ),
            _(
                "Or build with a CUDA toolkit up to {last}, with a torch built for that CUDA."
            ).format(last=last_cuda),
        ]
    else:
        cause = _(
            "The build asked nvcc for {arch} ({name}), and the CUDA toolkit it runs is older "
            "than that architecture. The list comes from TORCH_CUDA_ARCH_LIST, or, when it is "
            "unset, from the GPUs torch sees, or from flags in the project's setup.py."
        ).format(arch=arch, name=name or _("a newer GPU"))
        fix = [
            _(
                "Install a newer CUDA toolkit of torch's CUDA major version and point CUDA_HOME "
                "at it (`nvcc --list-gpu-arch` shows what a toolkit can build)."
            ),
        ]
        # An older member of the family (8.0 for 8.6), else the previous family's first:
        # its PTX runs on this GPU and an older toolkit knows it.
        # With the toolkit's version known, only families it has (their first toolkit).
        known_to_nvcc = [
            r.major
            for r in ctx.matrix.cuda.arch_cuda
            if k.nvcc is None
            or (first := parse_cuda_version(r.first_cuda)) is None
            or (first.major, first.minor) <= (k.nvcc.major, k.nvcc.minor)
        ]
        lower = [major for major in known_to_nvcc if major < cc[0]]
        own = cc[1] > 0 and cc[0] in known_to_nvcc
        older = f"{cc[0]}.0" if own else (f"{max(lower)}.0" if lower else None)
        if older is not None:
            fix.append(
                _(
                    "Or build for an older architecture the toolkit knows, which the GPU "
                    'runs as PTX: export TORCH_CUDA_ARCH_LIST="{older}+PTX".'
                ).format(older=older)
            )
    if k.nvcc:
        cause += sep() + _("The toolkit here is CUDA {nvcc}.").format(nvcc=k.nvcc)
    fix.append(_(PREBUILT))
    return Advice(cause, tuple(fix), facts, key=arch, used_local_facts=k.local)


@FAMILY.entry(
    code="extension-arch-unknown-to-torch",
    keywords=("unknown cuda arch",),
    title=N_("This torch does not know the GPU architecture an extension is built for"),
    # torch.utils.cpp_extension checks TORCH_CUDA_ARCH_LIST (or, unset, the GPUs it sees)
    # against the architectures the installed torch knows, before nvcc runs.
    patterns=(
        rx(
            r"Unknown CUDA arch \((?P<cc>\d{1,2}\.\d)(?P<suffix>[af]?)(?:\+PTX)?\) or GPU not supported"
        ),
    ),
    specificity=3,
)
def _advise_unknown_arch(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    major, minor = (int(part) for part in m.group("cc").split("."))
    sm = f"sm_{major}{minor}{m.group('suffix')}"
    facts: dict[str, object] = {"gpu_arch": sm, "gpu_capability": m.group("cc")}
    name = architecture(ctx.matrix, (major, minor))
    if name:
        facts["architecture"] = name
    row = arch_cuda(ctx.matrix, major)
    last_cuda = last_cuda_for(ctx.matrix, major, minor)
    fix: list[str] = []
    if row is not None and last_cuda:
        # An architecture CUDA dropped (Kepler after 11.8): torch dropped it from its list.
        facts["last_cuda_for_arch"] = last_cuda
        cause = _(
            "torch.utils.cpp_extension was asked to build for {sm} ({name}), which the "
            "installed torch no longer supports: CUDA toolkits after {last} build no code "
            "for it. The architecture comes from TORCH_CUDA_ARCH_LIST or, when it is unset, "
            "from the GPU torch sees (recent torch releases clamp that one to what they know)."
        ).format(sm=sm, name=name or _("an old GPU"), last=last_cuda)
        fix.append(
            _(
                "Leave it out of TORCH_CUDA_ARCH_LIST if that GPU is not the one you use; for "
                "that GPU, use a torch built with CUDA {last} or older."
            ).format(last=row.last_cuda)
        )
        return Advice(cause, tuple(fix), facts, key=sm, used_local_facts=k.local)
    cause = _(
        "torch.utils.cpp_extension was asked to build for {sm} ({name}), which the installed "
        "torch does not know: the torch release is older than that GPU architecture. The "
        "architecture comes from TORCH_CUDA_ARCH_LIST or, when it is unset, from the GPU "
        "torch sees (recent torch releases clamp that one to what they know)."
    ).format(sm=sm, name=name or _("a newer GPU"))
    # Compiling for sm_86 needs CUDA 11.1 although an sm_80 build (11.0) runs on it.
    first = row.member_first_cuda.get(m.group("cc"), row.first_cuda) if row else None
    if first:
        facts["first_cuda_for_arch"] = first
        fix.append(
            _(
                "Upgrade torch to a build with CUDA {cuda} or newer (the first CUDA with code "
                "for {sm}), then build the extension again; `envdoctor install` prints the "
                "command for this machine."
            ).format(cuda=first, sm=sm)
        )
    else:
        fix.append(
            _(
                "Upgrade torch to a release that supports this GPU, then build the extension "
                "again; `envdoctor install` prints the command for this machine."
            )
        )
    fix.append(
        _(
            "Check TORCH_CUDA_ARCH_LIST for a typo or an architecture you do not have: "
            "`echo $TORCH_CUDA_ARCH_LIST`."
        )
    )
    return Advice(cause, tuple(fix), facts, key=sm, used_local_facts=k.local)


__all__ = ["FAMILY"]
