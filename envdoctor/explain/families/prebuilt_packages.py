"""Packages built against one torch, installed next to another (or a CPU-only one):
xFormers, MMCV's compiled ops, bitsandbytes' CUDA binaries."""

from __future__ import annotations

import re
from dataclasses import replace

from envdoctor.compat.versions import TorchVersion
from envdoctor.explain.families.install import advise_not_compiled
from envdoctor.explain.knowledge import index_url, suggest
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.restore import command_for_build
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import BNB_LIBRARY_ANCHOR
from envdoctor.explain.xformers_builds import xformers_for_torch, xformers_unloadable
from envdoctor.i18n import N_, _
from envdoctor.values import CudaVersion

FAMILY = Family("prebuilt_packages")


@FAMILY.entry(
    code="xformers-torch-mismatch",
    keywords=(
        "xformers was built for",
        "xformers can't load",
        "xformers wasn",
        "reinstall xformers",
        "extensions to use all xformers features",
    ),
    title=N_("xFormers built for another PyTorch"),
    patterns=(
        rx(
            r"xFormers was built for:?\s*PyTorch (?P<built>[\w.+]+)(?: with CUDA "
            r"(?P<cuda>\d+))? \(you have (?P<have>[\w.+]+?)(?:\)|\+?$|(?=\s))"
        ),
        # The "built for" lines without the heading that names xFormers: CUDA as an integer
        # (1208) in "PyTorch X with CUDA N (you have Y)" is xFormers' own form.
        rx(
            r"PyTorch (?P<built>[\w.+]+) with CUDA (?P<cuda>\d{3,5}) \(you have "
            r"(?P<have>[\w.+]+?)\)"
        ),
        # The warning's first line alone (the "built for" lines cut off), sometimes with
        # xFormers' and torch's CUDA as integers: "CUDA 1108 vs. CUDA 1210".
        rx(
            r"xFormers can't load C\+\+/CUDA extensions(?P<bare>)(?:\.?\s*CUDA "
            r"(?P<xcuda>\d{3,5}) vs\.? CUDA (?P<tcuda>\d{3,5}))?"
        ),
        # _cpp_lib.py when xformers._C is not there at all (ComfyUI-SUPIR#191).
        rx(r"Need to compile C\+\+ extensions to use all xFormers features(?P<not_built>)"),
        # memory_efficient_attention with every CUDA operator refused for this reason.
        rx(r"xFormers wasn'?t (?:build|built) with CUDA support(?P<no_cuda>)"),
        # "xFormers was built for: PyTorch X" cut before "(you have Y)".
        rx(
            r"xFormers was built for:?\s*PyTorch (?P<cut_built>[\w.+]+)(?![\w.+]| with CUDA \d+ \(you| \(you)"
        ),
    ),
    specificity=3,
)
def _advise_xformers(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    if m.groupdict().get("bare") is not None:
        # With the "built for" lines in the paste, their match says more.
        return None if ctx.has("xformers was built for") else xformers_unloadable(m, ctx)
    if m.groupdict().get("not_built") is not None:
        return xformers_unloadable(m, ctx)
    if m.groupdict().get("cut_built") or m.groupdict().get("no_cuda") is not None:
        if m.groupdict().get("no_cuda") is not None and ctx.has("xformers was built for"):
            return None  # the "built for" line says more
        return xformers_unloadable(m, ctx)
    built, have = m.group("built"), m.group("have")
    facts: dict[str, object] = {"xformers_torch": built, "torch_version": have}
    if m.group("cuda"):
        facts["xformers_cuda"] = m.group("cuda")
    if have.endswith("+cpu") and not built.endswith("+cpu"):
        # xFormers is fine; torch is the CPU build (a later requirements install, or
        # pip's default on Windows), so no CUDA extension can load.
        base = advise_not_compiled(m, ctx)
        cause = _(
            "xFormers was built for torch {built} with CUDA, but the installed torch is "
            "{have}: a CPU-only build, so its CUDA kernels cannot load. Reinstall torch as "
            "a CUDA build, not xFormers."
        ).format(built=built, have=have)
        release, _plus, label = built.partition("+")
        cuda = m.group("cuda") or ""
        if not label and len(cuda) in (3, 4) and cuda.isdigit():
            # xFormers prints the CUDA as one number: 1201 is 12.1, 1108 is 11.8.
            label = CudaVersion(int(cuda[:-2]), int(cuda[-2:])).label
        if not label:
            return replace(base, cause=cause, facts=facts, finding_code="torch-cpu-only")
        # The CUDA build of the release xFormers was built for, with the companions the
        # paste names, from the core's command builder.
        companions = tuple(name for name, _v in k.companion_versions)
        cmd = command_for_build(
            ctx.matrix, k, f"{release}+{label}", mirror=ctx.mirror, with_packages=companions
        ) or (
            f"{ctx.known.python_executable or 'python'} -m pip install --force-reinstall "
            f"torch=={release} --index-url {index_url(label)}"
        )
        cpu_fix = (
            _(
                "Install the CUDA build of the torch release xFormers was built for, from "
                "its index: {cmd}"
            ).format(cmd=cmd),
            _(
                "If the driver is too old for that build, install the torch build it runs "
                "(`envdoctor install` prints it) and then the xformers release made for that "
                "torch."
            ),
        )
        return replace(base, cause=cause, fix=cpu_fix, facts=facts, finding_code="torch-cpu-only")
    # Only an identical build string is "same torch" (+cu121 vs +cu118: the next branch).
    if built == have:
        cause = _(
            "xFormers' C++/CUDA extensions did not load, although it was built for the "
            "same torch version ({have}): its CUDA build or a library it needs does not "
            "match this machine."
        ).format(have=have)
        fix: list[str] = [
            _("Run with XFORMERS_MORE_DETAILS=1 to see the real load error."),
            _(
                "Reinstall xformers from the PyTorch index of your torch's CUDA variant, "
                "in one command with torch, so pip picks a matching pair."
            ),
        ]
    else:
        cause = _(
            "The installed xFormers was built for torch {built}, but torch {have} is "
            "installed, so its compiled kernels cannot load and memory-efficient "
            "attention falls back or fails. Installing xformers from PyPI often pulls "
            "the torch it was built for, or a later torch upgrade left it behind."
        ).format(built=built, have=have)
        fix = [xformers_for_torch(ctx, have)]
        # An unpinned xformers pulls the torch it was built for; going back to that torch
        # is the other way, and the only one when that xformers is required as it is.
        back = command_for_build(
            ctx.matrix,
            k,
            built,
            mirror=ctx.mirror,
            with_packages=tuple(name for name, _v in k.companion_versions),
        )
        if back is not None:
            fix.append(
                _("Or go back to the torch this xFormers was built for: {cmd}").format(cmd=back)
            )
    # xFormers' block also names the Python it was built for; a wheel of another Python
    # does not load either, whatever the torch.
    built_for = ctx.near(_XFORMERS_PYTHON, "(you have", before=60)
    if built_for and built_for.group("built") != built_for.group("have"):
        facts["xformers_python"] = built_for.group("built")
        facts["python_version"] = built_for.group("have")
        cause += sep() + _(
            "It was also built for Python {built}, and this is Python {have}: its "
            "compiled parts do not load in another Python."
        ).format(built=built_for.group("built"), have=built_for.group("have"))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


_XFORMERS_PYTHON = re.compile(
    r"Python\s{1,8}(?P<built>3\.\d{1,2})(?:\.\d{1,3})?\s{1,8}\(you have (?P<have>3\.\d{1,2})"
)


@FAMILY.entry(
    code="mmcv-ext-missing",
    keywords=("mmcv._ext",),
    title=N_("mmcv without its compiled ops (mmcv._ext)"),
    patterns=(rx(r"No module named ['\"]?mmcv\._ext['\"]?"),),
)
def _advise_mmcv(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    cause = _(
        "mmcv is installed without its compiled CUDA/C++ ops (mmcv._ext): the 'lite' "
        "package (mmcv instead of mmcv-full for mmcv 1.x), or a build made for another "
        "torch/CUDA or for the CPU. OpenMMLab publishes ops only for specific torch and "
        "CUDA pairs; pip falls back to a source build without ops."
    )
    fix = [
        _("Uninstall both: `python -m pip uninstall -y mmcv mmcv-full`."),
    ]
    parsed_torch = TorchVersion.parse(k.torch_version)
    if parsed_torch is not None and k.torch_version and k.torch_cuda:
        release = parsed_torch.release
        facts["torch_version"] = k.torch_version
        fix.append(
            _(
                "Install the build for your torch {release} and CUDA {tcuda}: `python -m pip "
                "install mmcv -f https://download.openmmlab.com/mmcv/dist/cu{nodot}/"
                "torch{release}/index.html` (use mmcv-full==1.x for mmcv 1 projects), or "
                "`mim install mmcv`."
            ).format(
                release=release,
                tcuda=k.torch_cuda,
                nodot=f"{k.torch_cuda.major}{k.torch_cuda.minor}",
            )
        )
    else:
        fix.append(
            _(
                "Install with OpenMMLab's installer, which picks the build for your torch "
                "and CUDA: `python -m pip install -U openmim && mim install mmcv` (mmcv-full "
                "for mmcv 1.x projects)."
            )
        )
    fix.append(
        _(
            "If no build exists for your torch and CUDA, build it with MMCV_WITH_OPS=1 "
            "(needs the CUDA toolkit), or use a torch version that has one."
        )
    )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


# bitsandbytes' CUDA setup names the CUDA it found as digits: "Detected CUDA version 102",
# and so does the library it then looks for: "libbitsandbytes_cuda100_nocublaslt.so".
_BNB_CUDA = re.compile(r"Detected CUDA version (\d{2,3})\b")
_BNB_LIB = re.compile(r"libs?bitsandbytes_cuda(\d{2,3})(?:_nocublaslt)?\.(?:so|dll)")


@FAMILY.entry(
    code="bitsandbytes-no-gpu",
    keywords=(
        "bitsandbytes",
        "cuda setup failed",
        "cadam32bit",
        "cuda_setup",
        "cuda setup:",
        "no libcudart.so found",
        "you have multiple conflicting cuda libraries",
    ),
    title=N_("bitsandbytes loaded its CPU library"),
    patterns=(
        rx(r"bitsandbytes was compiled without GPU support"),
        rx(r"CUDA Setup failed despite GPU being available"),
        # bitsandbytes 0.3x-0.42: no binary for the detected CUDA, then the CPU library.
        rx(
            r"(?:CUDA SETUP: )?Required library version not found: (?P<lib>libs?bitsandbytes_"
            r"\w+\.(?:so|dll))"
        ),
        # 0.3x: its own search for the CUDA runtime failing (on Windows always: no support).
        rx(r"CUDA_SETUP: WARNING! libcudart\.so not found in any environmental path"),
        rx(r"CUDA SETUP: Problem: The main issue seems to be that the main CUDA runtime library"),
        # 0.43+: the library for the CUDA torch uses is not in the wheel ("Configured CUDA
        # binary not found at"; 0.44-0.45's cextension.py: "Could not find the ... at").
        rx(
            r"(?:Configured CUDA binary not found|Could not find the bitsandbytes CUDA binary) "
            r"at \S*?(?P<lib>libbitsandbytes_\w+\.(?:so|dll))"
        ),
        # What the CPU library (no GPU functions) makes an 8-bit optimizer raise.
        rx(
            r"'NoneType' object has no attribute 'c(?:adam|get_col_row_stats|quantize_blockwise)\w*'"
        ),
        # The same CPU library asked for a GPU function by ctypes (Windows, Linux).
        rx(r"(?:function '|undefined symbol: )cadam32bit_grad_fp32\b"),
        # 0.3x's own search: no CUDA runtime, or no driver library.
        rx(r"No libcudart\.so found! Install CUDA or the cudatoolkit package"),
        rx(r"CUDA SETUP: WARNING! libcuda\.so not found! Do you have a CUDA driver installed"),
        # The same setup's list of likely causes, alone (the paste cut above it).
        rx(
            r"1\. CUDA driver not installed\s+2\. CUDA not installed\s+3\. You have multiple "
            r"conflicting CUDA libraries"
        ),
    ),
    defers_to=frozenset({"bitsandbytes-native-library-missing"}),  # not even the CPU one
)
def _advise_bnb(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    lib = m.groupdict().get("lib") or ctx.near(_BNB_LIB, BNB_LIBRARY_ANCHOR, before=0, reach=80)
    if lib:
        # The library's name says the OS too: a .so is Linux's.
        facts["library"] = lib if isinstance(lib, str) else lib.group(0)
    # The clues already looked for Windows paths (near a cheap anchor, not a full scan).
    windows = k.os == "Windows"
    cause = _(
        "bitsandbytes could not load its CUDA library and fell back to the CPU one, so "
        "8-bit/4-bit quantization and 8-bit optimizers do not work."
    )
    fix: list[str] = []
    if windows:
        facts["windows"] = True
        cause += sep() + _("On Windows, bitsandbytes releases before 0.43 shipped no GPU binaries.")
        fix.append(_("Upgrade it: `python -m pip install -U bitsandbytes` (0.43 or newer)."))
    elif k.os is None and not str(facts.get("library", "")).endswith(".so"):
        # A paste that does not say its OS: Windows is the usual case of this warning.
        cause += sep() + _(
            "On Windows this is expected of releases before 0.43: they shipped no GPU "
            "binaries at all."
        )
    detected = ctx.near(_BNB_CUDA, "detected cuda version", before=0, reach=20) or ctx.near(
        _BNB_LIB, BNB_LIBRARY_ANCHOR, before=0, reach=80
    )
    if detected is not None and int(detected.group(1)) < 110:
        # bitsandbytes' setup names the CUDA it found as three digits (102 = 10.2).
        found = f"{detected.group(1)[:-1]}.{detected.group(1)[-1]}"
        facts["detected_cuda"] = found
        # Its 0.3x releases ship libraries for CUDA 11.0 on, and for 10.2 only one without
        # the 8-bit matmul (cuda102_nocublaslt, bitsandbytes' deploy.sh).
        cause += sep() + _(
            "It found CUDA {cuda}, and bitsandbytes needs CUDA 11 or newer (some 0.3x "
            "releases also ship a CUDA 10.2 library without 8-bit matrix multiplication): "
            "no upgrade of bitsandbytes alone changes that. The CUDA it found is torch's, or "
            "for old releases the CUDA runtime on LD_LIBRARY_PATH (a system CUDA 10 install)."
        ).format(cuda=found)
        fix.append(
            _(
                "Make a CUDA 11 or newer runtime the one it finds: a torch built for CUDA 11 "
                "or newer, and for old releases a CUDA 11+ toolkit's lib64 first on "
                "LD_LIBRARY_PATH; with several CUDA runtimes installed, BNB_CUDA_VERSION "
                "(e.g. 118) picks the library of another one."
            )
        )
        build = suggest(ctx.matrix, k, mirror=ctx.mirror)
        if build is not None:
            fix.append(
                _("Install a torch built for CUDA 11 or newer (and a driver for it): {cmd}").format(
                    cmd=build.command
                )
            )
    if k.torch_is_cpu_only:
        facts["torch_version"] = k.torch_version
        cause += sep() + _("Your torch ({version}) is a CPU-only build.").format(
            version=k.torch_version
        )
        build = suggest(ctx.matrix, k, mirror=ctx.mirror)
        if build is not None:
            fix.append(_("Install a CUDA build of torch first: {cmd}").format(cmd=build.command))
    fix.append(
        _(
            "Run `python -m bitsandbytes`: it names the CUDA library it looked for. Old "
            "releases also need LD_LIBRARY_PATH to contain the CUDA runtime; current "
            "releases use the one from torch: `python -m pip install -U bitsandbytes`."
        )
    )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


@FAMILY.entry(
    code="flash-attn-missing",
    keywords=("flash_attn", "flash attention 2 installation seems to be broken"),
    title=N_("flash-attn is not installed (the model asks for FlashAttention 2)"),
    patterns=(
        # transformers' remote-code check and its attn_implementation check.
        rx(
            r"requires the following packages that were not found in your environment: "
            r"[\w, -]{0,200}?flash_attn"
        ),
        rx(
            r"FlashAttention2 has been toggled on, but it cannot be used[^.]{0,80}?flash_attn "
            r"seems to be not installed"
        ),
        rx(r"No module named '?flash_attn'?(?![\w.])"),
        # Unsloth's notice when importing flash_attn fails (unsloth#4983: no wheel for torch).
        rx(r"Your Flash Attention 2 installation seems to be broken"),
    ),
)
def _advise_flash_attn_missing(_m: re.Match[str], ctx: Context) -> Advice | None:
    if ctx.has("consider installing for better performance"):
        # A model's own note (Phi-3): it runs without flash-attn, on the eager attention.
        return None
    k = ctx.known
    cause = _(
        "The model (or its remote code) wants FlashAttention 2, and flash_attn cannot be "
        "imported in this Python: it is not installed here, or it is installed but built for "
        "another torch, CUDA or Python, so importing it fails. It is a separate package of "
        "compiled CUDA kernels: a wheel must match the torch release, the CUDA major, the C++ "
        "ABI and the Python exactly, and building it from source needs nvcc and takes long."
    )
    fix = (
        _(
            'See the real reason: `python -c "import flash_attn"` in the same Python (an '
            "undefined symbol there means a wheel for another torch)."
        ),
        _(
            'Use PyTorch\'s own attention instead: attn_implementation="sdpa" (or "eager") '
            "when loading the model; for remote code that imports flash_attn, the model's "
            "README says whether it runs without it."
        ),
        _(
            "Or install a prebuilt wheel from flash-attention's GitHub releases whose name "
            'matches `python -c "import torch; print(torch.__version__, torch.version.cuda, '
            'torch._C._GLIBCXX_USE_CXX11_ABI)"` and your Python (cp311, ...).'
        ),
        _(
            "Or build it: `python -m pip install flash-attn --no-build-isolation` (needs the "
            "CUDA toolkit of torch's CUDA major and ninja; MAX_JOBS=4 limits the memory)."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=k.local)


@FAMILY.entry(
    code="triton-missing",
    keywords=("working triton installation", "no module named 'triton'"),
    title=N_("Triton is missing (torch.compile's GPU code generator)"),
    patterns=(
        rx(r"Cannot find a working triton installation"),
        rx(r"No module named '?triton'?(?![\w.])"),
    ),
)
def _advise_triton_missing(_m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    if ctx.has("a matching triton is not available", "is_triton_available"):
        # xformers' and bitsandbytes' optional probes: they note it and carry on.
        return None
    cause = _(
        "torch.compile's inductor backend writes GPU kernels with Triton, and no working "
        "Triton is installed. PyTorch's Linux CUDA wheels bring their own (the triton or "
        "pytorch-triton package); Windows and macOS get none from PyTorch."
    )
    fix: list[str] = []
    if k.os == "Windows":
        fix.append(
            _(
                "On Windows: install the community build `python -m pip install "
                "triton-windows` (the version its README pairs with your torch), or run "
                "without torch.compile."
            )
        )
    else:
        fix.append(
            _(
                "On Linux: reinstall torch from its index so its own Triton comes with it "
                "(`envdoctor install` prints the command); on Windows use the community "
                "triton-windows package."
            )
        )
    fix.append(
        _(
            "Or run without compiling: remove torch.compile (or the project's compile option), "
            'or use backend="eager" / "aot_eager".'
        )
    )
    return Advice(cause, tuple(fix), {}, used_local_facts=k.local)


__all__ = ["FAMILY"]
