"""Frameworks that wrap "CUDA is not available" in their own words (Lightning, Ultralytics).

The cause is the one of "Torch not compiled with CUDA enabled" or of an unusable driver;
asking for a GPU index that does not exist is a configuration mistake in the code.
"""

from __future__ import annotations

import re
from dataclasses import replace

from envdoctor import messages as msg
from envdoctor.compat.python import python_supported
from envdoctor.compat.versions import TorchVersion, Verdict, parse_version
from envdoctor.explain.families.driver_state import advise_no_device
from envdoctor.explain.families.install import advise_not_compiled
from envdoctor.explain.knowledge import driver_floor_step, suggest
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.prose import amd_gpu_named
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.explain.steps import CHECK_DRIVER
from envdoctor.i18n import N_, _

FAMILY = Family("frameworks")

_CHECK_AVAILABLE = N_(
    'Run `python -c "import torch; print(torch.__version__, torch.version.cuda, '
    'torch.cuda.is_available())"`: a version ending in +cpu or CUDA None means a CPU-only '
    "build."
)


def cuda_unavailable(
    m: re.Match[str], ctx: Context, *, wrapper: str, lead: str | None = None
) -> Advice:
    """CUDA is not available to torch: a CPU-only build, or a driver/GPU problem."""
    k = ctx.known
    if lead is None:
        lead = _("{wrapper} found no CUDA GPU through torch.").format(wrapper=wrapper)
    if k.os == "Darwin":
        # No CUDA exists for macOS: nothing to reinstall, the code must not ask for CUDA.
        cause = (
            lead
            + sep()
            + _(
                "This is a Mac: PyTorch has no CUDA on macOS (Apple GPUs are used through MPS), "
                "and CUDA-only features such as bitsandbytes quantization do not run there."
            )
        )
        mac_fix = (
            _(
                "Run on the Apple GPU where the program allows it (device='mps'), or on the "
                "CPU; load models unquantized, or use a Mac-native runtime (MLX, llama.cpp)."
            ),
            _("For CUDA features use a Linux or Windows machine with an NVIDIA GPU."),
        )
        return Advice(cause, mac_fix, {"os": "Darwin"}, used_local_facts=k.local)
    if k.torch_is_cpu_only:
        base = advise_not_compiled(m, ctx)
        return replace(base, cause=lead + sep() + base.cause, finding_code="torch-cpu-only")
    if k.torch_is_cpu_only is False:
        base = advise_no_device(m, ctx)
        return replace(base, cause=lead + sep() + base.cause, finding_code="cuda-unavailable")
    cause = (
        lead
        + sep()
        + _(
            "torch.cuda.is_available() is False. Most often the installed torch is a CPU-only "
            "build (pip's default on Windows, or replaced by a later requirements install); "
            "otherwise the NVIDIA driver is missing or hides the GPU."
        )
    )
    # Whether there is an NVIDIA GPU at all decides everything after it: asked first, so
    # nobody reinstalls torch on a machine without one.
    fix = [
        _(CHECK_DRIVER),
        _("No NVIDIA GPU? Then run on the CPU (devices='cpu' / device='cpu')."),
        _(_CHECK_AVAILABLE),
    ]
    build = suggest(ctx.matrix, k, mirror=ctx.mirror)
    if build is not None:
        fix.append(
            _("CPU-only build: reinstall a CUDA build for this machine: {cmd}").format(
                cmd=build.command
            )
        )
    return Advice(cause, tuple(fix), {}, finding_code="cuda-unavailable", used_local_facts=k.local)


def _index_mistake(wrapper: str, requested: str, have: str) -> Advice:
    cause = _(
        "{wrapper} was asked for GPU {requested}, but torch sees only {have}: the index "
        "does not exist on this machine (indices start at 0 and CUDA_VISIBLE_DEVICES "
        "renumbers the visible GPUs). The installation is fine."
    ).format(wrapper=wrapper, requested=requested, have=have)
    fix = (
        _(
            'Request a GPU that exists: the indices torch shows (`python -c "import torch; '
            'print(torch.cuda.device_count())"`), e.g. devices=[0] or device=0.'
        ),
        _(
            "If you set CUDA_VISIBLE_DEVICES, the first visible GPU is index 0 inside the "
            "program, whatever its number in `nvidia-smi`."
        ),
    )
    facts: dict[str, object] = {"requested": requested, "available": have}
    return Advice(cause, fix, facts, kind=ErrorKind.CODE.value, key=f"{requested}/{have}")


@FAMILY.entry(
    code="lightning-gpu-unavailable",
    finding_code="cuda-unavailable",
    keywords=(
        "you requested gpu",
        "no supported gpu backend",
        "can not run on your system",
        "gpus requested but none are available",
    ),
    title=N_("Lightning asked for a GPU that torch cannot use"),
    patterns=(
        rx(
            r"You requested (?:gpu|GPUs): ?\[(?P<req>[\d, ]*)\]\s*But your machine only has: "
            r"?\[(?P<have>[\d, ]*)\]"
        ),
        # accelerator="gpu" (or "cuda") when torch sees no CUDA device, Lightning 1.6 to 2.x.
        rx(r"No supported gpu backend found"),
        # Lightning 1.x's Trainer(gpus=N) on a machine where torch sees none.
        rx(r"MisconfigurationException: GPUs requested but none are available"),
        rx(
            r"(?:GPU|CUDA)Accelerator`? can not run on your system since the accelerator is "
            r"not available"
        ),
    ),
)
def _advise_lightning(m: re.Match[str], ctx: Context) -> Advice:
    have = (m.groupdict().get("have") or "").strip()
    if have:
        # GPUs exist; the requested index is not among them: a configuration mistake.
        return _index_mistake("Lightning", f"[{m.group('req')}]", f"[{have}]")
    return cuda_unavailable(m, ctx, wrapper="Lightning")


@FAMILY.entry(
    code="ultralytics-cuda-unavailable",
    finding_code="cuda-unavailable",
    keywords=(
        msg.ULTRALYTICS_INVALID_DEVICE_ANCHOR,
        "ultralytics",
        "invalid device",
        "valid devices are 0 -",
    ),
    title=N_("Ultralytics asked for a CUDA device that torch cannot use"),
    patterns=(
        rx(
            msg.ULTRALYTICS_INVALID_DEVICE + r"(?P<dev>[^']{0,40})' requested.{0,400}?"
            r"torch\.cuda\.is_available\(\): (?P<avail>True|False)(?:\s*torch\.cuda\."
            r"device_count\(\): (?P<count>\d+))?"
        ),
        rx(msg.ULTRALYTICS_INVALID_DEVICE + r"(?P<dev>[^']{0,40})' requested"),
        # YOLOv5's select_device() before it moved into the ultralytics package.
        rx(r"CUDA unavailable, invalid device (?P<dev>[\w,:]{1,40}) requested"),
        # YOLOv5 through torch.hub: "valid devices are 0 - -1" is device_count() == 0
        # (ultralytics/yolov5#6456).
        rx(
            r"Invalid `?--device (?P<dev>[\w,:]{1,40})`? request, valid devices are 0 - "
            r"(?:-1(?P<none>)|(?P<count_minus>\d+))"
        ),
        # select_device() logs its banner and then raises when the requested CUDA device is
        # not usable: a banner that ends at the torch version (no "CPU (...)" / "CUDA:0 (...)"
        # device part) and is followed by a traceback is that error with its message cut off.
        rx(
            r"Ultralytics \S+ (?:\S+ )?Python-\d[\d.]* torch-\d[\w.+]* "
            r"(?=Traceback|Exception in thread|\w+Error:)"
        ),
    ),
)
def _advise_ultralytics(m: re.Match[str], ctx: Context) -> Advice:
    groups = m.groupdict()
    if groups.get("avail") == "True":
        return _index_mistake("Ultralytics", groups["dev"] or "?", groups.get("count") or "?")
    if groups.get("count_minus"):
        count = str(int(groups["count_minus"]) + 1)
        return _index_mistake("Ultralytics", groups["dev"], count)
    return cuda_unavailable(m, ctx, wrapper="Ultralytics")


# Applications and libraries that check torch.cuda.is_available() themselves and stop with
# their own words; the cause is the one of any unusable CUDA (a CPU build, a driver problem).
@FAMILY.entry(
    code="app-gpu-check-failed",
    finding_code="cuda-unavailable",
    keywords=(
        "skip-torch-cuda-test",
        "torch is not able to use gpu",
        "failed to infer device type",
        "gpu is needed for quantization",
        "gpu is required to quantize",
        "mixed precision requires a gpu",
        "is not available on cpu",
        "should be true but is false",
        "no gpu being used",
        "did not find cuda device on your computer",
    ),
    title=N_("An application found no usable CUDA GPU through torch"),
    patterns=(
        # The web UI's (A1111, Forge) start-up check; quoted alone as often as in full.
        rx(r"Torch is not able to use GPU(?:; add --skip-torch-cuda-test)?(?P<webui>)"),
        rx(r"RuntimeError: Failed to infer device type(?P<vllm>)"),
        rx(r"No GPU found\. A GPU is needed for quantization(?P<hf>)"),
        rx(r"GPU is required to quantize or run quantize model(?P<gptq>)"),
        rx(r"(?:fp16|bf16) mixed precision requires a GPU(?P<accelerate>)"),
        # transformers' attention-implementation check: no CUDA (or XPU/NPU) device at all.
        rx(r"Flash ?Attention ?(?:\d )?\d? is not available on CPU(?P<hf_fa>)"),
        # diffusers' enable_xformers_memory_efficient_attention.
        rx(r"torch\.cuda\.is_available\(\) should be True but is False\. xformers(?P<diffusers>)"),
        # Bark's warning when torch sees no GPU (suno-ai/bark#16: a CPU-only torch).
        rx(r"No GPU being used\. Careful,? inference might be (?:very |extremely )?slow(?P<bark>)"),
        # IOPaint's (lama-cleaner's) device check at start-up (Sanster/IOPaint#400).
        rx(r"Did not find CUDA device on your computer, fallback to cpu(?P<iopaint>)"),
    ),
)
def _advise_app_gpu(m: re.Match[str], ctx: Context) -> Advice:
    groups = m.groupdict()
    wrapper = next(
        (
            label
            for key, label in (
                ("webui", "Stable Diffusion web UI"),
                ("vllm", "vLLM"),
                ("hf", "transformers"),
                ("gptq", "AutoGPTQ"),
                ("accelerate", "Accelerate"),
                ("hf_fa", "transformers"),
                ("diffusers", "diffusers"),
                ("bark", "Bark"),
                ("iopaint", "IOPaint"),
            )
            if groups.get(key) is not None
        ),
        "The program",
    )
    if groups.get("webui") is not None and _amd_fork_on_nvidia_gpu(ctx):
        return _amd_fork_on_nvidia(ctx)
    if groups.get("webui") is not None and amd_gpu_named(ctx):
        return _webui_on_amd(ctx)
    base = cuda_unavailable(m, ctx, wrapper=wrapper)
    extra: list[str] = []
    if groups.get("vllm") is not None:
        extra.append(
            _(
                "vLLM picks its platform at start-up: run with VLLM_LOGGING_LEVEL=DEBUG to see "
                "why CUDA was not detected (a CPU torch, or an NVML / pynvml that fails)."
            )
        )
    if groups.get("webui") is not None:
        extra.append(
            _("--skip-torch-cuda-test only hides the check: the web UI then runs on the CPU.")
        )
    return replace(base, fix=(*base.fix, *extra))


def _amd_fork_on_nvidia_gpu(ctx: Context) -> bool:
    """The AMD fork's folder or version, and an NVIDIA GPU or driver named by the paste."""
    k = ctx.known
    return ctx.has("webui-directml", "webui-amdgpu", "-amd-") and (
        bool(k.gpus or k.prose_gpus) or ctx.has("nvidia driver", "geforce", "nvidia gpu")
    )


def _amd_fork_on_nvidia(ctx: Context) -> Advice:
    """The web UI's fork for AMD GPUs run where there is no AMD GPU to use (LykosAI/
    StabilityMatrix#1512: stable-diffusion-webui-directml picked on an NVIDIA machine)."""
    cause = _(
        "This is the web UI's fork for AMD GPUs (stable-diffusion-webui-directml / -amdgpu, "
        "its version says -amd): it installs torch for DirectML, ZLUDA or the CPU, not a CUDA "
        "build, so on an NVIDIA GPU its CUDA check finds nothing to use."
    )
    fix = (
        _(
            "On an NVIDIA GPU install the original Stable Diffusion web UI (AUTOMATIC1111) or "
            "Forge instead (in StabilityMatrix: that package, not the DirectML one); it "
            "installs the CUDA build of torch."
        ),
        _(
            "On an AMD GPU keep this fork and start it with --use-directml or --use-zluda, as "
            "its README says."
        ),
    )
    return Advice(cause, fix, {"fork": "amd"}, key="amd-fork", used_local_facts=ctx.known.local)


def _webui_on_amd(ctx: Context) -> Advice:
    """The web UI's CUDA check on an AMD GPU: the CUDA torch it installs cannot use it."""
    cause = _(
        "Stable Diffusion web UI found no CUDA GPU, and this is an AMD GPU: the torch the "
        "web UI installs by default is a CUDA (NVIDIA) build, which cannot use an AMD GPU, "
        "so its start-up CUDA check fails; the original web UI has no DirectML or ZLUDA "
        "support."
    )
    fix = (
        _(
            "On Windows use the web UI's fork for AMD GPUs (stable-diffusion-webui-amdgpu, "
            "DirectML or ZLUDA) with --use-directml or --use-zluda, in its own folder and venv."
        ),
        _(
            "For Forge with DirectML: install torch-directml into its venv and start it with "
            "--directml --skip-torch-cuda-test (the CUDA check knows no DirectML)."
        ),
        _("On Linux install the ROCm build of torch into the web UI's venv instead."),
        _(
            "--skip-torch-cuda-test alone only hides the check: without DirectML or ROCm the "
            "web UI then runs on the CPU."
        ),
    )
    return Advice(cause, fix, {"gpu_vendor": "AMD"}, key="amd", used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="accelerate-missing",
    keywords=("requires accelerate", "requires `accelerate", "`accelerate` was not found"),
    title=N_("Hugging Face Accelerate is missing, too old, or fails to import"),
    patterns=(
        rx(r"requires Accelerate: `pip install (?:'|\")?accelerate(?:>=(?P<min>[\d.]+))?"),
        # transformers' device_map check (integrations/accelerate.py).
        rx(r"requires `accelerate`\. You can install it with `pip install accelerate`"),
        rx(r"requires `accelerate>=(?P<min>[\d.]+)`"),
        rx(r"because `accelerate` was not found in your environment"),
    ),
)
def _advise_accelerate(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    minimum = m.groupdict().get("min")
    facts: dict[str, object] = {}
    if minimum:
        facts["accelerate_minimum"] = minimum
    cause = _(
        "transformers/diffusers need the accelerate package for device_map, "
        "low_cpu_mem_usage, 8/4-bit loading and the Trainer, and found no usable one. "
        "Often accelerate is installed but in another environment, older than required, or "
        "it fails on import (for example because of a broken torch), which the library "
        "reports the same way."
    )
    if minimum:
        cause += sep() + _("This version needs accelerate {minimum} or newer.").format(
            minimum=minimum
        )
    bnb = ctx.has("bitsandbytes")
    if bnb:
        # transformers counts bitsandbytes as unavailable when torch sees no CUDA GPU, and
        # then asks for both packages: installing them changes nothing.
        facts["quantization"] = "bitsandbytes"
        cause += sep() + _(
            "With 8/4-bit (bitsandbytes) loading the same message appears when torch sees no "
            "CUDA GPU at all: a CPU-only torch build, no NVIDIA driver, or a Mac."
        )
    spec = f"accelerate>={minimum}" if minimum else "accelerate"
    fix: tuple[str, ...] = (
        _(
            "Install it into the interpreter that runs the program: `python -m pip install "
            '-U "{spec}"` (in Jupyter: `%pip install -U "{spec}"`, then restart the kernel).'
        ).format(spec=spec),
        _(
            'See the real import error: `python -c "import accelerate; '
            'print(accelerate.__version__)"`; fix what it names (often torch itself).'
        ),
    )
    if bnb:
        fix = (_(_CHECK_AVAILABLE), *fix)
    return Advice(cause, fix, facts, used_local_facts=k.local)


# "Why is torch.cuda.is_available() False?": the question itself, pasted with its answer.
@FAMILY.entry(
    code="cuda-not-available",
    finding_code="cuda-unavailable",
    keywords=("is_available()",),
    title=N_("torch.cuda.is_available() is False"),
    patterns=(
        rx(
            # Not inside another message that quotes it ("... on a CUDA device but
            # torch.cuda.is_available() is False"): that message's entry explains it.
            # Nor a program's own condition ("if torch.cuda.is_available() == False:").
            r"(?<!but )(?<!if )(?<!elif )(?<!while )(?<!and )(?<!or )(?<!not )"
            r"torch\.cuda\.is_available\(\)\)?\s*(?:(?:return(?:s|ed)?|is|was|gives?|"
            r"gave|outputs?|printe?d?s?|shows?|showed|=+|->|:|→|为|是|就是|返回|显示|输出)\s*)?"
            r"(?:>>>\s*)?(?:'|\")?False\b"
        ),
        # A program's own check failing: "assert torch.cuda.is_available(), '...'" followed
        # by its AssertionError (so-vits-svc: "CPU training is not allowed").
        rx(r"assert torch\.cuda\.is_available\(\)[^\n]{0,160}?AssertionError"),
    ),
    specificity=1,
)
def _advise_not_available(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    base = cuda_unavailable(
        m,
        ctx,
        wrapper="torch",
        lead=_("torch.cuda.is_available() returned False: torch cannot use a GPU here."),
    )
    if k.torch_is_cpu_only is False and k.torch_cuda is not None:
        # A CUDA build: a driver older than the build's CUDA is as likely as a missing one.
        step = driver_floor_step(ctx.matrix, k.torch_cuda, k)
        if step is not None:
            return replace(base, fix=(*base.fix[:1], step, *base.fix[1:]))
    return base


__all__ = ["FAMILY", "cuda_unavailable"]


# The launcher prints the command it ran: "Command: ... -m pip install torch==1.12.1+cu113".
_TORCH_PIN = re.compile(r"pip install torch==(?P<version>\d+\.\d+(?:\.\d+)?(?:\+\w+)?)")


@FAMILY.entry(
    code="app-torch-install-failed",
    keywords=("couldn't install torch",),
    title=N_("The web UI's launcher could not install torch"),
    patterns=(
        # stable-diffusion-webui (and Forge) launch.py / launch_utils.py: its own words when
        # the `pip install torch ...` it runs fails; pip's reason is printed above them.
        rx(r"RuntimeError: Couldn't install torch\.?"),
    ),
    # pip's own error, printed with the launcher's line: its entry explains the failure.
    defers_to=frozenset(
        {
            "pip-no-matching-torch",
            "pip-module-missing",
            "pip-cuda-variant-not-published",
            "wheel-not-supported",
            "download-timed-out",
            "download-hash-mismatch",
            "install-disk-full",
            "no-space-left",
        }
    ),
)
def _advise_app_torch_install(_m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    facts: dict[str, object] = {}
    cause = _(
        "The web UI's launcher ran pip to install the torch it pins, and pip failed; pip's "
        "own reason is printed with it (the stdout/stderr lines after 'Error code')."
    )
    python = parse_version(k.python_version)
    pinned = ctx.near(_TORCH_PIN, "pip install torch==", before=0)
    release = None
    if pinned is not None:
        facts["requirement"] = f"torch=={pinned.group('version')}"
        parsed = TorchVersion.parse(pinned.group("version"))
        release = ctx.matrix.release(parsed.release) if parsed is not None else None
    if (
        release is not None
        and k.python_version
        and python_supported(release, k.python_version) is Verdict.NO
    ):
        facts["python_version"] = k.python_version
        facts["release_python"] = release.python
        cause += sep() + _(
            "It pins torch {version}, which has wheels for Python {spec} only, and your "
            "Python is {python}: pip finds no torch for it."
        ).format(
            version=pinned.group("version") if pinned else "",
            spec=release.python,
            python=k.python_version,
        )
    elif release is None and python is not None and (python.major, python.minor) > (3, 10):
        # No pin read: the web UI's README's Python, not a release's range, is the measure.
        facts["python_version"] = k.python_version
        cause += sep() + _(
            "Your Python is {version}. The web UI's README asks for Python 3.10.6: the torch "
            "releases it pins have no wheels for newer Pythons, so pip finds none."
        ).format(version=k.python_version)
    elif k.pointer_bits == 32:
        facts["python_bits"] = 32
        cause += sep() + _("Your Python is 32-bit, and PyTorch publishes 64-bit wheels only.")
    fix = (
        _(
            "Install 64-bit Python 3.10 (python.org), delete the web UI's venv folder, and "
            "start the launcher again so it recreates the venv with that Python (or set "
            "PYTHON= to its path in webui-user.bat / webui-user.sh)."
        ),
        _(
            "Otherwise read pip's own error in those lines: a network or mirror problem, or "
            "no disk space, is explained there."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)
