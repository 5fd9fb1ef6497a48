"""CUDA math libraries (cuFFT, cuDNN) that fail on a GPU: most often their code in the
torch build predates the GPU, or another copy of the library is loaded.

The rule on a build's libraries is the matrix's (`cuda.arch_cuda`): a toolkit's libraries
have code for an architecture from the architecture's first toolkit on; a GPU newer than its
family's first member needs its own first toolkit (`member_first_cuda`: 8.9, Ada, needs
11.8). pytorch/pytorch#88038 is that rule seen in cuFFT: CUFFT_INTERNAL_ERROR on an RTX 4090
with every CUDA 11.7 build, gone with CUDA 11.8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from envdoctor.compat.arch import arch_cuda, last_cuda_for
from envdoctor.compat.versions import CudaVersion
from envdoctor.explain.decode import parse_cuda_version
from envdoctor.explain.knowledge import suggest
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import driver_facts
from envdoctor.i18n import N_, _

FAMILY = Family("gpu_libraries")

# A build label written without the torch version ("pytorch with cu117", "whl/cu116").
_BUILD_LABEL = re.compile(r"(?<![\w.])cu(1\d{2})\b")


@dataclass(frozen=True)
class Predates:
    """A GPU whose architecture is newer than the CUDA of the torch build."""

    gpu: str
    capability: tuple[int, int]
    build_cuda: str
    needs_cuda: str


def build_cuda(ctx: Context) -> CudaVersion | None:
    """The torch build's CUDA: from the facts, else a bare cuXYZ label in the paste."""
    if ctx.known.torch_cuda is not None:
        return ctx.known.torch_cuda
    label = ctx.near(_BUILD_LABEL, "cu11", "cu12", "cu10", before=2, reach=8)
    return parse_cuda_version(label.group(0)) if label else None


def libraries_predate_gpu(ctx: Context) -> Predates | None:
    """The known GPU whose first CUDA toolkit is newer than the build's CUDA, or None."""
    built = build_cuda(ctx)
    if built is None:
        return None
    for gpu in ctx.known.gpus:
        cc = gpu.capability
        row = arch_cuda(ctx.matrix, cc[0]) if cc else None
        if cc is None or row is None:
            continue
        # The family's first toolkit (no code at all before it), and the member's own (no
        # native code before it: cuFFT 11.7 on Ada, cuBLAS 9.0 on Turing fail): the later.
        needs = [
            v
            for v in (
                parse_cuda_version(row.first_cuda),
                parse_cuda_version(row.member_first_cuda.get(f"{cc[0]}.{cc[1]}")),
            )
            if v is not None
        ]
        need = max(needs, key=lambda v: (v.major, v.minor), default=None)
        if need is not None and (built.major, built.minor) < (need.major, need.minor):
            return Predates(gpu.name, cc, f"{built.major}.{built.minor}", str(need))
    return None


def predates_sentence(found: Predates) -> str:
    return _(
        "Here that is the cause: your {gpu} (compute capability {cc}) needs CUDA {need} or "
        "newer, and this PyTorch build uses CUDA {built}, whose libraries have no working "
        "code for it."
    ).format(
        gpu=found.gpu,
        cc=f"{found.capability[0]}.{found.capability[1]}",
        need=found.needs_cuda,
        built=found.build_cuda,
    )


def _newer_build_steps(ctx: Context, found: Predates | None) -> list[str]:
    steps: list[str] = []
    if found is not None:
        # A newer release when need be: the installed one may be the build that fails.
        build = suggest(
            ctx.matrix,
            ctx.known,
            mirror=ctx.mirror,
            capabilities=(found.capability,),
            keep_release=False,
        )
        need = parse_cuda_version(found.needs_cuda)
        have = parse_cuda_version(build.cuda) if build is not None else None
        if need is not None and (
            have is None or (have.major, have.minor) < (need.major, need.minor)
        ):
            build = None
        steps.append(
            _(
                "Install a PyTorch build for CUDA {need} or newer (a matching torchvision/"
                "torchaudio too); keep the project's torch version if it pins one, from its "
                "newer-CUDA index."
            ).format(need=found.needs_cuda)
        )
        if build is not None:
            steps.append(
                _("A build that fits this machine: {command}").format(command=build.command)
            )
    return steps


def _predates_evidence(found: Predates | None, facts: dict[str, object]) -> str:
    """The facts and the sentence (after a separator) of a GPU newer than the build's CUDA,
    added to an answer's; "" and no facts when the paste shows none."""
    if found is None:
        return ""
    facts.update(gpu=found.gpu, build_cuda=found.build_cuda, needs_cuda=found.needs_cuda)
    return sep() + predates_sentence(found)


_VERSIONS = N_(
    'Check the GPU and the build: `python -c "import torch; print(torch.__version__, '
    'torch.version.cuda, torch.cuda.get_device_name(), torch.cuda.get_device_capability())"`.'
)


@FAMILY.entry(
    code="cufft-internal-error",
    keywords=("cufft_internal_error",),
    title=N_("cuFFT internal error (FFT, STFT, spectrograms on the GPU)"),
    # torch ("cuFFT error: CUFFT_INTERNAL_ERROR"), CuPy's CuFFTError, or the bare status.
    patterns=(rx(r"\bCUFFT_INTERNAL_ERROR\b"),),
)
def _advise_cufft(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    found = libraries_predate_gpu(ctx)
    facts: dict[str, object] = {"library": "cuFFT"}
    facts.update(driver_facts(k))
    cause = _(
        "cuFFT, the FFT library the torch build brings (torch.fft, torch.stft, audio "
        "spectrograms), failed inside. Most often its code predates the GPU: the cuFFT of "
        "CUDA 11.7 and older fails on Ada GPUs (RTX 40, L4, L40) and the fix is a CUDA "
        "11.8+ build; in general a build's CUDA libraries have no code for an architecture "
        "newer than the build's CUDA."
    )
    cause += _predates_evidence(found, facts)
    if found is None:
        cause += sep() + _(
            "Otherwise: another cuFFT loaded than the build's (LD_LIBRARY_PATH), or the GPU "
            "out of memory for the FFT plan."
        )
    fix = [
        _(_VERSIONS),
        *_newer_build_steps(ctx, found),
        _(
            "Remove other CUDA library folders from LD_LIBRARY_PATH (or PATH on Windows), "
            "and check free memory with `nvidia-smi`."
        ),
    ]
    if found is None:
        fix.insert(
            1,
            _(
                "If the GPU is newer than the build's CUDA (an RTX 40 / Ada with CUDA 11.7 "
                "or older), install a CUDA 11.8+ build (`envdoctor install` prints one)."
            ),
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


@FAMILY.entry(
    code="cudnn-no-engine",
    keywords=("unable to find an engine",),
    title=N_("cuDNN found no engine for a convolution (PyTorch's cuDNN v8 API)"),
    # aten/src/ATen/native/cudnn/Conv_v8.cpp: "GET was unable to find an engine to execute
    # this computation" (heuristics) and "FIND was unable to find ..." (benchmark=True).
    patterns=(
        rx(r"\b(?P<mode>GET|FIND) was unable to find an engine to execute this computation"),
    ),
)
def _advise_no_engine(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    found = libraries_predate_gpu(ctx)
    facts: dict[str, object] = {"library": "cuDNN", "mode": m.group("mode").upper()}
    facts.update(driver_facts(k))
    cause = _(
        "PyTorch asked cuDNN for any engine (kernel) that runs this convolution and none "
        "worked. The message stands for an error underneath: the torch build not fitting "
        "the CUDA setup (a cuDNN loaded from LD_LIBRARY_PATH or a conda package instead of "
        "the one torch brings, a build whose CUDA is not the one the project or the GPU "
        "needs), or the GPU running out of memory during the search."
    )
    cause += _predates_evidence(found, facts)
    fix = [
        _(
            'Check the versions: `python -c "import torch; print(torch.__version__, '
            'torch.version.cuda, torch.backends.cudnn.version())"`; `pip list | grep -i '
            "nvidia-cudnn` and `conda list cudnn` show other cuDNN copies."
        ),
        _("Remove other cuDNN folders from LD_LIBRARY_PATH (or PATH on Windows)."),
        _(
            "Reinstall torch for your CUDA setup, the build the project asks for (with its "
            "torchvision/torchaudio): `envdoctor install` prints the command that fits the "
            "driver and GPU."
        ),
        *_newer_build_steps(ctx, found),
        _(
            "Check free memory with `nvidia-smi` and try a smaller batch; with "
            "torch.backends.cudnn.enabled = False the run shows whether cuDNN is at fault."
        ),
    ]
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


def _first_cudas(ctx: Context) -> str:
    """The first CUDA of each architecture from Ampere on, as the matrix gives them:
    "compute capability 8.0: 11.0, 8.6: 11.1, ..."."""
    pairs: list[tuple[tuple[int, int], str]] = []
    for row in ctx.matrix.cuda.arch_cuda:
        if row.major < 8:
            continue
        if row.first_cuda:
            pairs.append(((row.major, 0), row.first_cuda))
        for cc, cuda in row.member_first_cuda.items():
            major, _dot, minor = cc.partition(".")
            pairs.append(((int(major), int(minor or 0)), cuda))
    return _("compute capability {list}").format(
        list=", ".join(f"{cc[0]}.{cc[1]}: {cuda}" for cc, cuda in sorted(pairs))
    )


@FAMILY.entry(
    code="nvrtc-arch-unknown",
    finding_code="gpu-arch-unsupported",
    # "cupy" too: CuPy's own NVRTC gets its own advice.
    keywords=("invalid value for --gpu-architecture", "cupy", "nvrtc_error_invalid_option"),
    title=N_("CUDA's runtime compiler (NVRTC) does not know this GPU"),
    # NVRTC's own option check, printed by TorchScript's fusers and by CuPy when they
    # compile a kernel at run time for the GPU's compute capability.
    patterns=(
        rx(r"nvrtc: error: invalid value for --gpu-architecture \(-arch\)"),
        # The status code of a program that shows its options (cuda-api-wrappers#509:
        # --gpu-architecture=sm_89 given to an NVRTC 11.2 loaded in place of 12.x).
        rx(r"--gpu-architecture=(?:sm|compute)_\d{2,3}\b[^\n]{0,600}?NVRTC_ERROR_INVALID_OPTION"),
    ),
    specificity=3,
)
def _advise_nvrtc_arch(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    found = libraries_predate_gpu(ctx)
    facts: dict[str, object] = {"library": "NVRTC"}
    facts.update(driver_facts(k))
    dropped = None if found is not None else _cuda_dropped_gpu(ctx)
    if dropped is not None or (found is None and not ctx.has("torch", "cupy")):
        # The other direction (CUDA 11 dropped sm_30, CUDA 12 the rest of Kepler), or a
        # program other than torch/CuPy (OpenMM, a simulation code) on an unknown GPU.
        return _nvrtc_either_way(ctx, dropped, facts)
    cause = _(
        "A kernel was compiled at run time (TorchScript's fuser, torch.jit models, CuPy) "
        "for this GPU's architecture, and NVRTC, the compiler of the CUDA the build brings, "
        "is older than that architecture: the build's CUDA predates the GPU."
    )
    if found is None:
        cause += sep() + _(
            "Or the other way round, on an old GPU: the build's CUDA is newer than the last "
            "CUDA that compiles for it ({lasts})."
        ).format(lasts=_last_cudas(ctx))
    cause += _predates_evidence(found, facts)
    if ctx.has("cupy"):
        # CuPy compiles with the NVRTC of the CUDA it runs on, not torch's.
        cause = _(
            "CuPy compiled a kernel at run time for this GPU's architecture, and NVRTC, the "
            "compiler of the CUDA CuPy uses, is older than that architecture."
        )
        fix_cupy = (
            _(
                "Use CuPy with a CUDA that knows the GPU ({firsts}): the cupy-cuda11x or "
                "cupy-cuda12x package matching that CUDA, with its NVRTC (the CUDA toolkit, "
                "or pip's nvidia-cuda-nvrtc package of that CUDA)."
            ).format(firsts=_first_cudas(ctx)),
            _('Check what CuPy uses: `python -c "import cupy; cupy.show_config()"`.'),
        )
        return Advice(cause, fix_cupy, facts, key="cupy", used_local_facts=k.local)
    fix = [_(_VERSIONS), *_newer_build_steps(ctx, found)]
    if found is None:
        fix.append(
            _(
                "Install a PyTorch build whose CUDA is at least the GPU's first CUDA ({firsts}), "
                "with a matching torchvision/torchaudio; `envdoctor install` prints the "
                "command for this machine."
            ).format(firsts=_first_cudas(ctx))
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


def _last_cudas(ctx: Context) -> str:
    """The matrix's last CUDA per dropped architecture: "compute capability 2.x: 8.0, ..."."""
    pairs: list[tuple[str, str]] = []
    for row in ctx.matrix.cuda.arch_cuda:
        for cc, cuda in sorted(row.member_last_cuda.items()):
            pairs.append((cc, cuda))
        if row.last_cuda:
            pairs.append((f"{row.major}.x", row.last_cuda))
    return _("compute capability {list}").format(
        list=", ".join(f"{cc}: {cuda}" for cc, cuda in pairs)
    )


@dataclass(frozen=True)
class Dropped:
    """A known GPU that CUDA toolkits after `last_cuda` no longer compile for."""

    gpu: str
    capability: tuple[int, int]
    last_cuda: str


def _cuda_dropped_gpu(ctx: Context) -> Dropped | None:
    """The paste's GPU whose architecture newer CUDA toolkits dropped (the matrix's last
    toolkit for it), when the build's CUDA is newer than that toolkit or not known."""
    built = build_cuda(ctx)
    for gpu in ctx.known.gpus:
        cc = gpu.capability
        last = last_cuda_for(ctx.matrix, cc[0], cc[1]) if cc else None
        parsed = parse_cuda_version(last)
        if cc is None or last is None or parsed is None:
            continue
        if built is None or (built.major, built.minor) > (parsed.major, parsed.minor):
            return Dropped(gpu.name, cc, last)
    return None


def _nvrtc_either_way(ctx: Context, dropped: Dropped | None, facts: dict[str, object]) -> Advice:
    """NVRTC refused the GPU's architecture: a CUDA older than the GPU, or one newer than the
    last CUDA that compiles for it (NVIDIA's release notes: CUDA 11.0 removed sm_30/sm_32,
    CUDA 12.0 the rest of Kepler; the matrix's `cuda.arch_cuda`). openmm#3756: a Quadro
    K2000 (3.0) with a CUDA 11 OpenMM, fixed with a cudatoolkit 10.2 build."""
    k = ctx.known
    if dropped is not None:
        cc = f"{dropped.capability[0]}.{dropped.capability[1]}"
        facts.update(gpu=dropped.gpu, last_cuda=dropped.last_cuda)
        cause = _(
            "A kernel was compiled at run time with NVRTC for this GPU, and NVRTC no longer "
            "knows its architecture: your {gpu} (compute capability {cc}) is too old for the "
            "CUDA the program uses. The last CUDA that compiles for it is {last}."
        ).format(gpu=dropped.gpu, cc=cc, last=dropped.last_cuda)
        fix: tuple[str, ...] = (
            _(
                "Use a build of the program made with CUDA {last} or older (conda packages "
                "let you pin the CUDA they use, e.g. an older cudatoolkit or cuda-version), "
                "with a driver that supports that CUDA."
            ).format(last=dropped.last_cuda),
            _("Or run it on a newer GPU, or on another backend the program offers (its CPU one)."),
        )
        return Advice(cause, fix, facts, key="gpu-too-old", used_local_facts=k.local)
    cause = _(
        "A kernel was compiled at run time with NVRTC, the compiler of the CUDA the program "
        "uses, and NVRTC does not know this GPU's architecture. Either way round: the GPU is "
        "newer than that CUDA (a CUDA older than the GPU's first), or the GPU is older "
        "than the last CUDA that compiles for it ({lasts})."
    ).format(lasts=_last_cudas(ctx))
    fix = (
        _(
            "Find the GPU model (`nvidia-smi -L`), its compute capability (NVIDIA's CUDA GPUs "
            "list) and the CUDA version the program was built with."
        ),
        _(
            "GPU older than that CUDA supports: use a build made with CUDA up to the last "
            "one for the GPU (conda packages let you pin an older cudatoolkit or "
            "cuda-version), with a driver that supports it."
        ),
        _(
            "GPU newer than that CUDA: use a build of the program made with a CUDA that "
            "knows the GPU ({firsts})."
        ).format(firsts=_first_cudas(ctx)),
    )
    return Advice(cause, fix, facts, key="either-way", used_local_facts=k.local)


__all__ = ["FAMILY", "Predates", "build_cuda", "libraries_predate_gpu", "predates_sentence"]


# XLA (JAX, TensorFlow) compiles its kernels with the CUDA toolkit's ptxas and checks its
# version (tensorflow stream_executor/gpu/asm_compiler.cc: "You are using ptxas X, which is
# older than Y. ptxas before Y is known to miscompile XLA code"; AlphaFold#329).
@FAMILY.entry(
    code="xla-ptxas-too-old",
    keywords=("you are using ptxas", "too old. falling back to the driver"),
    title=N_("XLA found a CUDA compiler (ptxas) older than it needs"),
    patterns=(
        rx(
            r"You are using ptxas (?P<have>\d+\.\d+(?:\.\d+)?),? which is older than "
            r"(?P<need>\d+\.\d+(?:\.\d+)?)"
        ),
        # TensorFlow 2.4-2.5's form (jax#6799).
        rx(
            r"You are using ptxas (?P<have>\d+\.[\dx]+), but TF requires ptxas (?P<need>\d+\.[\dx]+)"
        ),
        # Newer XLA: the ptxas it found cannot compile for this GPU (openxla/xla#5932).
        rx(r"ptxas (?:ptxas )?too old\. Falling back to the driver to compile(?P<gpu>)"),
    ),
    specificity=3,
)
def _advise_ptxas(m: re.Match[str], ctx: Context) -> Advice:
    if m.groupdict().get("gpu") is not None:
        cause = _(
            "XLA (JAX's or TensorFlow's compiler) found a ptxas too old to compile for this "
            "GPU's architecture, and hands the PTX to the driver instead: slower compiles, and "
            "a failure where the driver is older than the PTX. It is the CUDA toolkit on PATH, "
            "not the driver."
        )
        steps = (
            _("See which ptxas it finds: `which -a ptxas` and `ptxas --version`."),
            _(
                "Put a CUDA toolkit that knows the GPU first on PATH, or remove the old one "
                "from PATH so the pip-installed ptxas of `jax[cuda12]` (nvidia-cuda-nvcc-cu12) "
                "is used."
            ),
        )
        return Advice(cause, steps, {}, key="gpu", used_local_facts=ctx.known.local)
    have, need = m.group("have", "need")
    cause = _(
        "XLA (JAX's or TensorFlow's compiler) compiles its GPU kernels with ptxas from a CUDA "
        "toolkit, and the one it found is {have}: older than the {need} it needs, and known "
        "to produce wrong code. It is the toolkit on PATH or in the image, not the driver."
    ).format(have=have, need=need)
    fix = (
        _("See which ptxas it finds: `which -a ptxas` and `ptxas --version`."),
        _(
            "Put a CUDA toolkit of {need} or newer first on PATH (its bin folder holds ptxas); "
            'with pip-installed JAX for CUDA 12, `pip install -U "jax[cuda12]"` brings its '
            "own ptxas (nvidia-cuda-nvcc-cu12)."
        ).format(need=need),
        _("In a container, use an image whose CUDA toolkit is {need} or newer.").format(need=need),
    )
    facts = {"ptxas_version": have, "ptxas_needed": need}
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)
