"""A project's own CUDA plugins, compiled the first time they are used, that failed to build:
NVlabs' torch_utils.custom_ops (StyleGAN2-ADA, StyleGAN3 and the projects built on their
code: EG3D, GET3D, MAT, STIT, DragGAN, ...) and StyleGAN2's TensorFlow dnnlib.tflib.custom_ops.

They print only "Failed!" after the plugin's name; the reason is in the traceback below it
or in the compiler's output, so when another entry reads that reason, it answers instead.
"""

from __future__ import annotations

import re

from envdoctor.explain.clues import WINDOWS_PATH
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("jit_plugins")

# The entries that name why a JIT build failed: each says more than "Failed!".
_BUILD_CAUSES = frozenset(
    {
        "ninja-missing",
        "msvc-build-tools-missing",
        "cuda-home-missing",
        "c-compiler-missing",
        "python-headers-missing",
        "extension-gcc-unsupported",
        "cuda-version-mismatch-build",
    }
)


# NVlabs/stylegan2-ada-pytorch and NVlabs/stylegan3, torch_utils/custom_ops.py get_plugin():
# with verbosity 'brief' (the default) it prints 'Setting up PyTorch plugin "<name>"... ' and
# then 'Failed!' when torch.utils.cpp_extension.load (ninja, nvcc, the host compiler) raised;
# StyleGAN2-ADA's torch_utils/ops/bias_act.py and upfirdn2d.py then warn 'Failed to build
# CUDA kernels for <op>. Falling back to slow reference implementation. Details: ...' and
# go on with the slow reference code, StyleGAN3 lets the error stop the program. StyleGAN2's
# TensorFlow dnnlib/tflib/custom_ops.py prints 'Setting up TensorFlow plugin "<file>.cu": '
# then its steps ('Preprocessing... ', 'Compiling... ', 'Loading... ') and 'Failed!'.
@FAMILY.entry(
    code="cuda-plugin-build-failed",
    keywords=("setting up pytorch plugin", "setting up tensorflow plugin", "cuda kernels for"),
    title=N_("A project's CUDA plugin failed to compile on first use (StyleGAN custom ops)"),
    patterns=(
        rx(r"Setting up PyTorch plugin \"(?P<plugin>\w{1,60})\"\.\.\. ?Failed!"),
        rx(
            r"Failed to build CUDA kernels for (?P<op>\w{1,60})\.? Falling back to (?:the )?"
            r"slow reference"
        ),
        rx(
            r"Setting up TensorFlow plugin [\"'](?P<tf>[\w.]{1,60})[\"']: (?:\w+\.\.\. ){0,4}"
            r"Failed!"
        ),
    ),
    defers_to=_BUILD_CAUSES,
)
def _advise_plugin_build(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    name = groups.get("plugin") or groups.get("op") or groups.get("tf") or ""
    around = m.string[max(0, m.start() - 400) : m.end() + 400]
    windows = k.os == "Windows" or WINDOWS_PATH.search(around) is not None
    facts: dict[str, object] = {"plugin": name}
    key = name.removesuffix("_plugin")  # bias_act_plugin's failure is bias_act's
    if groups.get("tf"):
        return _tensorflow_plugin(name, windows, facts, ctx)
    cause = _(
        "The program compiles its own CUDA plugin ({name}) the first time it is used, with "
        "PyTorch's extension builder (torch.utils.cpp_extension.load): that needs ninja, "
        "the nvcc of a CUDA toolkit of torch's CUDA version and a host C++ compiler (gcc on "
        'Linux, Microsoft\'s cl.exe on Windows), and the build failed. "Failed!" hides why: '
        "the reason is in the traceback after it."
    ).format(name=name)
    if groups.get("op") or ctx.has("falling back to slow reference"):
        cause += sep() + _(
            "StyleGAN2-ADA's code then runs its slow reference implementation: the program "
            "works, but much slower and with more GPU memory."
        )
    cuda = str(k.torch_cuda) if k.torch_cuda else None
    fix = [
        _(
            "Install ninja into the same environment: `python -m pip install ninja`, and check "
            "`ninja --version` in the shell that starts the program."
        ),
        _(
            "Install a CUDA toolkit of torch's CUDA version ({cuda}) and put its nvcc on PATH "
            "(CUDA_HOME pointing at it); `nvcc --version` must say that version."
        ).format(cuda=cuda)
        if cuda
        else _(
            "Install a CUDA toolkit of the CUDA version torch was built with (`python -c "
            '"import torch; print(torch.version.cuda)"`) and put its nvcc on PATH (CUDA_HOME '
            "pointing at it); `nvcc --version` must say that version."
        ),
    ]
    if windows:
        fix.append(
            _(
                'Install Visual Studio (or its Build Tools) with "Desktop development with '
                "C++\": the plugin code looks for cl.exe in Visual Studio's folders under "
                'Program Files, or start the program from the "x64 Native Tools Command '
                'Prompt for VS".'
            )
        )
    else:
        fix.append(
            _(
                "Install a C++ compiler that your nvcc supports (`sudo apt install "
                "build-essential` on Debian/Ubuntu; `g++ --version`)."
            )
        )
    fix.append(
        _(
            "To see the compiler's own error, set `verbosity = 'full'` at the top of "
            "torch_utils/custom_ops.py and run again; after an interrupted build, delete "
            "the plugin's folder in torch's extension cache (TORCH_EXTENSIONS_DIR, by "
            "default ~/.cache/torch_extensions, on Windows under "
            "%LOCALAPPDATA%\\torch_extensions) so it is built afresh."
        )
    )
    return Advice(cause, tuple(fix), facts, key=key, used_local_facts=k.local)


def _tensorflow_plugin(name: str, windows: bool, facts: dict[str, object], ctx: Context) -> Advice:
    """StyleGAN2's TensorFlow plugins: nvcc is run directly, no ninja and no torch."""
    cause = _(
        "StyleGAN2's TensorFlow code compiles its CUDA plugin ({name}) with nvcc the first "
        "time it is used, and that failed: nvcc is not on PATH, is of another CUDA version "
        'than TensorFlow\'s, or finds no host C++ compiler. The traceback after "Failed!" '
        "shows nvcc's command and its output."
    ).format(name=name)
    fix = [
        _(
            "Put the nvcc of the CUDA version your TensorFlow was built with on PATH (StyleGAN2 "
            "targets TensorFlow 1.14/1.15 with CUDA 10.0); check `nvcc --version`."
        ),
        _(
            "On Windows, install the Visual Studio the CUDA toolkit supports, and add its "
            "folder to compiler_bindir_search_path in dnnlib/tflib/custom_ops.py when it is "
            "not one of the folders listed there."
        )
        if windows
        else _(
            "Install a C++ compiler that your nvcc supports (`sudo apt install "
            "build-essential` on Debian/Ubuntu; `g++ --version`)."
        ),
    ]
    return Advice(cause, tuple(fix), facts, key=name, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
