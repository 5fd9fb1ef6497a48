"""Other runtimes' own packages and GPU checks: onnxruntime's CPU package shadowing its GPU
one, JAX's jax and jaxlib out of step, Ollama finding no GPU to use. PyTorch's install is
not involved; the fix is in the runtime's own packages or in what it can see."""

from __future__ import annotations

import re

from envdoctor.explain.driver_steps import wsl_steps
from envdoctor.explain.families.ort_providers import (
    NVIDIA_PROVIDERS,
    asked_other_answer,
    ort_build,
    ort_other_build,
)
from envdoctor.explain.families.rocm import gpu_gfx_target, override_for
from envdoctor.explain.model import Advice, Context, Known
from envdoctor.explain.prose import amd_gpu_named
from envdoctor.explain.spec import Family, rx
from envdoctor.explain.visible_devices import HIDING_VALUE
from envdoctor.i18n import N_, _

FAMILY = Family("other_runtimes")


@FAMILY.entry(
    code="onnxruntime-cpu-package",
    keywords=(
        "is not in available provider names",
        "does not contain a subset of available",
        "as an onnx runtime execution provider",
        "`onnxruntime-gpu` package was not found",
        "gpu dependencies are not loaded",
    ),
    title=N_("onnxruntime has no CUDA provider: its CPU package is the one imported"),
    patterns=(
        # onnxruntime_inference_collection.py's warning when the session asks for CUDA.
        rx(
            r"Specified provider 'CUDAExecutionProvider' is not in available provider "
            r"names(?:\.\s?Available providers: '(?P<available>[\w, ]{1,120})')?"
        ),
        # Older onnxruntime's ValueError for the same request: the list asked for names
        # CUDA, alone or with others.
        rx(
            r"\[(?:'\w{1,40}ExecutionProvider', ?){0,5}'CUDAExecutionProvider'(?:, ?'\w{1,40}"
            r"ExecutionProvider'){0,5}\] does not contain a subset of available providers "
            r"\[(?P<available>[\w', ]{1,200})\]"
        ),
        # Hugging Face optimum's check before it opens a session (optimum/onnxruntime/
        # utils.py, validate_provider_availability, until 3fc15a8d moved it to optimum-onnx),
        # for any provider asked.
        rx(
            r"Asked to use (?P<asked>\w{1,40}ExecutionProvider) as an ONNX Runtime execution "
            r"provider, but the available execution providers are \[(?P<available>[\w', ]{1,200})\]"
        ),
        # The same check on onnxruntime < 1.16 (Linux), which looks for the GPU package's files.
        rx(
            r"Asked to use (?P<asked>\w{1,40}ExecutionProvider), but `onnxruntime-gpu` package "
            r"was not found"
        ),
        rx(
            r"`onnxruntime-gpu` is installed, but GPU dependencies are not loaded\. It is likely "
            r"there is a conflicting install between `onnxruntime` and `onnxruntime-gpu`"
        ),
    ),
)
def _advise_ort_cpu(m: re.Match[str], ctx: Context) -> Advice:
    groups = m.groupdict()
    available = (groups.get("available") or "CPUExecutionProvider").replace("'", "")
    asked = groups.get("asked") or "CUDAExecutionProvider"
    facts = {"available_providers": available, "provider": asked}
    if asked not in NVIDIA_PROVIDERS:
        cause, fix = asked_other_answer(asked, available)
        title = _(
            "onnxruntime lacks the provider asked for: another onnxruntime package is imported"
        )
        return Advice(cause, fix, facts, title=title, key=asked, used_local_facts=ctx.known.local)
    build = ort_build(available, ctx)
    facts["onnxruntime_build"] = build
    if build != "cpu":
        cause, fix = ort_other_build(build, available)
        return Advice(cause, fix, facts, used_local_facts=ctx.known.local)
    cause = _(
        "The onnxruntime that Python imports offers only {available}: it is the CPU "
        "package. `onnxruntime` and `onnxruntime-gpu` install the same module, so with both "
        "installed (a requirements file that lists the CPU one) the last one installed "
        "wins, and with only `onnxruntime` there is no CUDA provider at all."
    ).format(available=available)
    fix = (
        _(
            "Remove both and install the GPU package alone: `python -m pip uninstall -y "
            "onnxruntime onnxruntime-gpu` then `python -m pip install onnxruntime-gpu`."
        ),
        _(
            "Keep the CPU package out of later installs: drop `onnxruntime` from the "
            "requirements that pull it in."
        ),
        _(
            "If CUDAExecutionProvider is then listed but fails, onnxruntime-gpu needs the "
            "CUDA and cuDNN majors its release was built for (its install page lists them)."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


# A PEP 440 version as jax prints it: "0.4.35", "0.4.36.dev20241122", "0.5.0rc1".
_JAX_VERSION = r"\d+(?:\.\d+){1,3}(?:\.?(?:dev|rc|a|b|post)\d*){0,2}"


@FAMILY.entry(
    code="jax-jaxlib-mismatch",
    keywords=(
        "is newer than and incompatible with jax",
        "but this version of jax requires",
        "compatible with the installed jaxlib",
    ),
    title=N_("jax and jaxlib are of different releases"),
    patterns=(
        # jax/_src/lib/__init__.py, check_jaxlib_version.
        rx(
            rf"jaxlib version (?P<lib>{_JAX_VERSION}) is newer than and incompatible with jax "
            rf"version (?P<jax>{_JAX_VERSION})(?!\.?\w)"
        ),
        rx(
            rf"jaxlib is version (?P<lib>{_JAX_VERSION}), but this version of jax requires "
            rf"version >= (?P<needs>{_JAX_VERSION})(?![\w])"
        ),
        # A CUDA/ROCm plugin of another release than jaxlib: jaxlib/plugin_support.py's
        # warning, and the same check worded like jaxlib's.
        rx(
            rf"(?P<plugin>jax[-_](?:cuda|rocm)\d{{1,2}}[-_](?:plugin|pjrt)) version "
            rf"(?P<pver>{_JAX_VERSION}) (?:is installed, but it is not compatible with the "
            rf"installed|is newer than and incompatible with) jaxlib version "
            rf"(?P<lib>{_JAX_VERSION})(?![\w])"
        ),
    ),
)
def _advise_jaxlib(m: re.Match[str], ctx: Context) -> Advice:
    groups = m.groupdict()
    facts: dict[str, object] = {"jaxlib_version": groups["lib"]}
    if groups.get("plugin"):
        facts["plugin"] = groups["plugin"]
        facts["plugin_version"] = groups["pver"]
        cause = _(
            "{plugin} {pver} is installed with jaxlib {lib}: the GPU plugin must be of "
            "the same release as jaxlib, so jax does not use it (and runs on the CPU) or "
            "fails. A later install upgraded one without the other."
        ).format(plugin=groups["plugin"], pver=groups["pver"], lib=groups["lib"])
    elif groups.get("jax"):
        facts["jax_version"] = groups["jax"]
        cause = _(
            "jaxlib {lib} is installed with jax {jax}: jax checks that its compiled half "
            "(jaxlib) is of a release it supports, and this one is newer. A later install "
            "upgraded jaxlib (or a CUDA plugin) without jax."
        ).format(lib=groups["lib"], jax=groups["jax"])
    else:
        facts["jaxlib_needed"] = groups["needs"]
        cause = _(
            "jaxlib {lib} is installed, and this jax needs jaxlib {needs} or newer: jax was "
            "upgraded without jaxlib."
        ).format(lib=groups["lib"], needs=groups["needs"])
    return Advice(
        cause, _jax_steps(groups.get("plugin"), ctx), facts, used_local_facts=ctx.known.local
    )


def _jax_steps(plugin: str | None, ctx: Context) -> tuple[str, ...]:
    """One release of jax and jaxlib, by OS: JAX publishes CUDA wheels for Linux only
    (x86_64, aarch64; its installation page), Windows gets CPU wheels, WSL 2 the Linux ones."""
    k = ctx.known
    pin = _("A project that pins jax: pin jaxlib to the same version next to it.")
    if plugin is not None and "rocm" in plugin:
        # An AMD GPU's plugin: CUDA's extras would replace it with NVIDIA's.
        dist = plugin.replace("_", "-")
        return (
            _(
                "Install jax, jaxlib and {dist} of one release together (the plugin's "
                "version is jaxlib's): `python -m pip install -U jax jaxlib {dist}`."
            ).format(dist=dist),
            pin,
        )
    if k.os == "Windows" and not k.wsl:
        return (
            _(
                "Install the two as one release: `python -m pip install -U jax` (JAX's "
                "Windows wheels are CPU-only: it publishes CUDA wheels for Linux only)."
            ),
            _(
                "For an NVIDIA GPU, run JAX in WSL 2 (Ubuntu): there `python -m pip install "
                '-U "jax[cuda12]"` installs the matching jaxlib and CUDA plugin.'
            ),
            pin,
        )
    if k.os == "Darwin":
        return (
            _(
                "Install the two as one release: `python -m pip install -U jax` (on macOS "
                "JAX runs on the CPU; it has no CUDA wheels there)."
            ),
            pin,
        )
    cuda = re.search(r"cuda(\d{2})", plugin or "")
    extra = f"cuda{cuda.group(1)}" if cuda else "cuda12"
    return (
        _(
            'Install the two as one release: `python -m pip install -U "jax[{extra}]"` for '
            'NVIDIA GPUs (or `"jax"` for the CPU), which pins the matching jaxlib and plugin.'
        ).format(extra=extra),
        pin,
    )


# The GPUs hidden on purpose: an invalid id makes Ollama run on the CPU (its GPU docs),
# as a command line or in its "server config env=map[...]" line.
# (No \b before the name: a hard wrap joined to the line before must not hide it.)
_CPU_CHOSEN = re.compile(
    r"(?:CUDA|ROCR|HIP|GGML_VK)_VISIBLE_DEVICES ?[=:] ?[\"']?" + HIDING_VALUE, re.IGNORECASE
)
_INTEL_GPU = ("intel arc", "intel(r) arc", "intel iris", "intel(r) iris", "intel uhd")


@FAMILY.entry(
    code="ollama-no-gpu",
    keywords=(
        "no compatible gpus were discovered",
        "gpu support may not be enabled",
        "nvidia driver too old",
    ),
    title=N_("Ollama found no GPU it can use and runs on the CPU"),
    patterns=(
        rx(r"msg=\"?no compatible GPUs were discovered"),
        # discover/cuda_compat.go (filterOldCUDADriver): a GPU below compute capability 7.0
        # with a driver older than 570 is dropped with `slog.Warn("NVIDIA driver too old",
        # "device", ..., "compute", ..., "driver", driver, "required_driver", "570 or
        # newer")`. Only Ollama's log form: torch's own message is "The NVIDIA driver on
        # your system is too old".
        rx(
            r"msg=\"?NVIDIA driver too old\"?(?P<old_driver>)(?:[^\n]{0,200}?\bdriver=(?P<driver>\d+))?"
            r"(?:[^\n]{0,60}?required_driver=\"?(?P<required>\d+))?"
        ),
        rx(r"cuda_compat\.go[^\n]{0,40}?\"?NVIDIA driver too old(?P<old_driver>)"),
        rx(r"NVIDIA driver too old\"?\s{0,4}required_driver=\"?(?P<required>\d+)(?P<old_driver>)"),
        # Ollama's releases of late 2023 (llm/llama.go): `nvidia-smi --query-gpu=...` failed.
        rx(
            r"gpu support may not be enabled, check that you have installed GPU drivers: "
            r"nvidia-smi command failed(?P<smi>)"
        ),
    ),
)
def _advise_ollama_no_gpu(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    if ctx.near(_CPU_CHOSEN, "visible_devices", before=12, reach=12) is not None:
        return None  # the GPUs were hidden on purpose: the CPU is what was asked for
    debug = _("Start it with OLLAMA_DEBUG=1: the log then names why each GPU was skipped.")
    if m.groupdict().get("old_driver") is not None:
        return _ollama_old_driver(m, k, debug)
    gfx = gpu_gfx_target(ctx)
    if gfx is not None or ctx.has("amdgpu is not supported") or amd_gpu_named(ctx):
        return _ollama_amd(gfx, k, debug)
    if ctx.has(*_INTEL_GPU):
        cause = _(
            "Ollama's CUDA and ROCm backends drive NVIDIA and AMD GPUs only; an Intel GPU "
            "is reached through its Vulkan backend, so models run on the CPU without it."
        )
        fix: tuple[str, ...] = (
            _(
                "Use a recent Ollama release (its Vulkan backend is on by default there) and "
                "the GPU's Vulkan driver: on Windows the Intel driver brings it, on Linux "
                "install Intel's GPU driver packages (Ollama's GPU page links them)."
            ),
            debug,
        )
        return Advice(cause, fix, {"gpu_vendor": "intel"}, used_local_facts=k.local)
    facts: dict[str, object] = {}
    if m.groupdict().get("smi") is not None:
        cause = _(
            "Ollama ran `nvidia-smi` to size the GPU's memory and it failed, so it runs on "
            "the CPU: no NVIDIA driver works where Ollama runs (none installed, no NVIDIA "
            "GPU, or a WSL 1 distro, which has no GPU at all)."
        )
    else:
        cause = _(
            "Ollama looked for GPUs at start and found none it can use, so models run on "
            "the CPU. Usually its process sees no NVIDIA driver library (a container "
            "started without GPU access or the NVIDIA Container Toolkit), the driver's "
            "nvidia_uvm module is not loaded (often after suspend), or the GPU is older "
            "than Ollama's CUDA build supports."
        )
    check = _("Check the driver where Ollama runs: `nvidia-smi` (inside the container too).")
    if k.wsl:
        facts["wsl"] = k.wsl
        return Advice(cause, (check, *wsl_steps(k), debug), facts, used_local_facts=k.local)
    if k.os == "Windows":
        cause = _(
            "Ollama on Windows found no GPU it can use and runs on the CPU: the NVIDIA "
            "driver is missing or too old for Ollama's CUDA build, or the GPU is older "
            "than that build supports."
        )
        fix = (
            _(
                "Run `nvidia-smi` in a Command Prompt; install or update the NVIDIA "
                "driver from nvidia.com if it fails or shows an old driver."
            ),
            _("Then quit Ollama from the tray icon and start it again."),
            debug,
        )
        return Advice(cause, fix, facts, used_local_facts=k.local)
    fix = (
        check,
        _(
            "In Docker: start it with `--gpus=all` and the NVIDIA Container Toolkit on the "
            "host (`docker run --rm --gpus all ubuntu nvidia-smi` must list the GPU)."
        ),
        _(
            "After suspend, or with a working nvidia-smi: reload the module, `sudo rmmod "
            "nvidia_uvm && sudo modprobe nvidia_uvm`, then restart Ollama."
        ),
        debug,
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


# discover/cuda_compat.go: the driver it asks of GPUs below compute capability 7.0, when the
# log line does not print it.
_OLLAMA_OLD_GPU_DRIVER = "570"


def _ollama_old_driver(m: re.Match[str], k: Known, debug: str) -> Advice:
    """Ollama's CUDA backend dropped an older GPU (Maxwell, Pascal) for its driver."""
    required = m.groupdict().get("required") or _OLLAMA_OLD_GPU_DRIVER
    facts: dict[str, object] = {"required_driver": required}
    if m.groupdict().get("driver"):
        facts["driver_major"] = m.group("driver")
    cause = _(
        "Ollama skipped the NVIDIA GPU because its driver is too old for Ollama's CUDA "
        "backend: recent releases need driver {required} or newer for GPUs below compute "
        "capability 7.0 (Maxwell, Pascal: GTX 9xx/10xx, Tesla P40/P100), so the models run "
        "on the CPU. The GPU itself is still supported."
    ).format(required=required)
    fix = (
        _(
            "Update the NVIDIA driver to {required} or newer (`nvidia-smi` shows the "
            "installed one), then restart Ollama."
        ).format(required=required),
        _("Or stay on the Ollama release that used this GPU with the current driver."),
        debug,
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("Ollama: the NVIDIA driver is too old for its CUDA backend"),
        key="old-driver",
        used_local_facts=k.local,
    )


def _ollama_amd(found: re.Match[str] | None, k: Known, debug: str) -> Advice:
    """An AMD GPU Ollama skipped: ROCm's libraries support a list of gfx targets only."""
    facts: dict[str, object] = {"gpu_vendor": "amd"}
    gfx = found.group("gfx") if found is not None else None
    override = (
        override_for(found.group("major"), found.group("minor"), found.group("gfx"))
        if found is not None
        else None
    )
    if gfx:
        facts["gfx_target"] = gfx
        cause = _(
            "Ollama found the AMD GPU but skipped it: its gfx target {gfx} is not one the "
            "ROCm libraries Ollama ships support, so models run on the CPU. NVIDIA steps "
            "do not apply."
        ).format(gfx=gfx)
    else:
        cause = _(
            "The paste names an AMD GPU, and Ollama found none it can use: ROCm supports a "
            "list of AMD GPUs (gfx targets) only, and needs AMD's ROCm driver. NVIDIA "
            "steps do not apply."
        )
    fix = [
        _(
            "Compare the GPU with the supported list on Ollama's GPU page (AMD Radeon "
            "section) and ROCm's compatibility matrix."
        )
    ]
    if k.os != "Windows" and override is not None:
        fix.append(
            _(
                "Linux: run the server as the closest supported target of its family, with "
                "`HSA_OVERRIDE_GFX_VERSION={version}` in its environment (Ollama's GPU page)."
            ).format(version=override)
        )
    elif k.os != "Windows":
        fix.append(
            _(
                "Linux: a target close to a supported one can be tried with "
                "HSA_OVERRIDE_GFX_VERSION in the server's environment (x.y.z of the closest "
                "supported target of the GPU's family; Ollama's GPU page)."
            )
        )
    fix.append(
        _(
            "Or use Ollama's Vulkan backend (recent releases), which drives AMD GPUs ROCm "
            "does not list."
        )
    )
    fix.append(debug)
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


__all__ = ["FAMILY"]
