"""An extension built against another torch: undefined torch C++ symbols in compiled
modules (torchvision, flash-attn, mmcv, detectron2, PyG, a project's own ops), and torch
libraries such a module looks for that the installed torch does not have."""

from __future__ import annotations

import re

from envdoctor.compat.companions import companions
from envdoctor.explain.companions import companion_issues
from envdoctor.explain.families.torch_companions import companion_library
from envdoctor.explain.knowledge import suggest
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.restore import reinstall_command
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import (
    OWN_INSTALLERS,
    TORCH_PINNING_PACKAGES,
    companion_facts,
    companion_sentence,
    distribution_of,
)
from envdoctor.i18n import N_, _

FAMILY = Family("extension_abi")


def _torch_libraries_disagree(facts: dict[str, object], ctx: Context) -> Advice:
    """The library that lacks a torch symbol is torch's own (torch/lib/libcaffe2.so,
    torch/_C): a second copy of torch's libraries is loaded in front of the installed ones
    (pytorch#15800: an old source build's libc10.so in /usr/local/lib)."""
    cause = _(
        "The library that lacks this PyTorch symbol is one of torch's own ({lib}), so torch's "
        "libraries disagree with each other: another copy of them is loaded first (an "
        "earlier source build or libtorch left in /usr/local/lib or on LD_LIBRARY_PATH, "
        "conda's libtorch), or two torch installs are mixed (one in ~/.local and one in "
        "site-packages, or a new one unpacked over a broken one)."
    ).format(lib=facts.get("extension") or "torch/lib")
    fix = (
        _(
            "See which copies load: `ldd <that .so> | grep -E 'c10|torch|caffe2'` (macOS: "
            "`otool -L`), and `echo $LD_LIBRARY_PATH`; remove leftover libc10*, libtorch* and "
            "libcaffe2* from /usr/local/lib or the folders LD_LIBRARY_PATH names."
        ),
        _(
            "Uninstall torch until pip finds none (`python -m pip uninstall torch`, repeated; "
            "also for a --user install), then install it once: {cmd}"
        ).format(cmd=reinstall_command(ctx.matrix, ctx.known, mirror=ctx.mirror)),
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("torch's own libraries disagree (another copy of them loaded first)"),
        key="torch-own",
        used_local_facts=ctx.known.local,
    )


def _companion_for_installed_torch(package: str, ctx: Context) -> str:
    """The companion made for the torch that is installed, without touching torch."""
    installed = ctx.known.torch_version
    pair = companions(ctx.matrix, installed) if installed else None
    version = pair.get(package) if pair is not None else None
    if installed and version:
        return _(
            "Keep torch {torch} and install the {package} made for it, without letting pip "
            "change torch: python -m pip install {package}=={version} --no-deps (from the "
            "index torch came from)."
        ).format(torch=installed, package=package, version=version)
    if installed and ("+git" in installed or "a0" in installed):
        return _(
            "torch {torch} is a source build: build {package} from source against it "
            "(`python -m pip install --no-build-isolation --no-deps .` in a clone of "
            "{package}'s repository)."
        ).format(torch=installed, package=package)
    return _(
        'Keep your torch and install the {package} made for it (`python -c "import torch; '
        "print(torch.__version__)\"`; {package}'s README lists the pairs) without letting "
        "pip change torch: python -m pip install {package}==<that release> --no-deps."
    ).format(package=package)


# torch's stable C ABI (torch/csrc/stable/c/shim.h, the AOTI shim): extern "C" names that
# newer torch releases add, so only an extension built against a newer torch lacks them.
_STABLE_SHIM = (
    r"(?:aoti_torch_\w{2,80}|torch_(?:library_impl|call_dispatcher|new_list_\w{1,40}|"
    r"create_device)\b)"
)
# torch's mangled C++ names: functions (_ZN...), and typeinfo/vtables (_ZTI/_ZTV/_ZTS...).
# The symbol's own (outermost) namespace is torch's: a project's function that merely takes an
# at::Tensor, or a name like "12attention" that contains "2at", is the project's own symbol.
_MANGLED = r"_Z(?:(?:TI|TV|TS)N?|N)K?(?:3c10|2at|5torch|6caffe2)(?=\d)\w{0,300}"
# macOS dyld's "Referenced from:" line under the missing symbol (newer dyld puts the image's
# UUID in angle brackets before the path).
_REFERENCED_FROM = re.compile(
    r"Referenced from: (?:<[\w-]{1,40}> )?(?P<path>[^\s()]{1,300}\.(?:so|dylib))"
)
# macOS's "dlopen(<image>, <mode>): " before the symbol names the image that needs it.
_DLOPEN = re.compile(r"dlopen\((?P<path>[^\s,()]{1,300}\.(?:so|dylib)), \w{1,8}\): $")

# PyTorch's own packages, each released for one torch release (their compatibility tables).
_COMPANIONS = frozenset({"torchvision", "torchaudio", "torchtext", "torchdata"})
# Packages whose wheels each pin one torch release (their metadata requires it exactly).
_PINS_TORCH = TORCH_PINNING_PACKAGES | {"xformers"}


def _declared_torch(m: re.Match[str], facts: dict[str, object]) -> str | None:
    """A package's own check names the torch it was built with and the one running (k2)."""
    if not m.groupdict().get("pkg"):
        return None
    facts["built_for_torch"] = m.group("built_for")
    facts["torch_version"] = m.group("running")
    return m.group("pkg")


@FAMILY.entry(
    code="torch-extension-abi-mismatch",
    keywords=("undefined symbol", "symbol not found", "but you are using pytorch"),
    title=N_("Extension built for another PyTorch (undefined symbol)"),
    patterns=(
        # PyTorch's C++ namespaces: c10, at, torch, and caffe2 (TypeMeta, in 1.x).
        rx(r"undefined symbol: (?P<sym>" + _MANGLED + ")"),
        # torch's Python bindings export some names unmangled (extern "C": THPVariableClass,
        # THPFunctionClass): only libtorch_python defines THP names.
        rx(r"undefined symbol: (?P<sym>THP[A-Z]\w{2,60})\b"),
        rx(r"undefined symbol: (?P<sym>" + _STABLE_SHIM + ")"),
        # macOS dyld adds one more leading underscore to the same names: "Symbol not
        # found: __ZN3c10..." (older dyld), "symbol not found in flat namespace
        # '__ZN...'" or "(__ZN...)" (macOS 12 on).
        rx(
            r"Symbol not found(?::| in flat namespace) ['(]?_(?P<sym>"
            + _MANGLED
            + "|"
            + _STABLE_SHIM
            + ")"
        ),
        # The symbol cut off (an issue title, a wrapped quote, a stored excerpt's end) from a
        # module that is only ever built against torch: what it lacks is torch's, whatever
        # its name was.
        rx(
            r"(?P<so>(?P<module>flash_attn|selective_scan|causal_conv1d)\w{0,20}\."
            r"(?:cpython|abi3)[\w.-]{0,60}\.so): undefined symbol:"
            # ... or cut a few characters into the mangled name ("_ZN").
            r"(?: _Z\w{0,3})?(?= ?$| (?:Traceback|ImportError|OSError|During|File|\[|>))"
        ),
        # The same said in words, as an issue title does ("flash_attn_2 undefined symbol",
        # oobabooga/text-generation-webui#4182).
        rx(
            r"(?<![\w/.])(?P<module>flash_attn|selective_scan|causal_conv1d)\w{0,20}"
            r"(?:\.(?:cpython|abi3)[\w.-]{0,60}\.so)?:? undefined symbol(?!:)(?P<so>)"
        ),
        # A package's own check of the torch it was built with (k2's __init__.py).
        rx(
            r"(?P<pkg>[A-Za-z][\w-]{0,40}) was built using PyTorch (?P<built_for>\d+\.\d+\.\d+\S*)"
            r"\s+But you are using PyTorch (?P<running>\d+\.\d+\.\d+\S*) to run it"
        ),
    ),
)
def _advise_undefined_symbol(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    symbol = m.groupdict().get("sym") or ""
    facts: dict[str, object] = {"symbol": symbol} if symbol else {}
    before = ctx.text[max(0, m.start() - 300) : m.start()]
    so = re.search(r"([\w.+-]{1,120}\.(?:so|pyd)): $", before)
    # macOS names the image that needs the symbol on the line below it.
    referenced = _REFERENCED_FROM.search(ctx.text, m.end(), m.end() + 400)
    image = referenced or _DLOPEN.search(before)
    if image is not None:
        before = image.group("path") + ": "
        so = re.search(r"([\w.+-]{1,120}\.(?:so|dylib)): $", before)
    if so or m.groupdict().get("so"):
        facts["extension"] = m.groupdict().get("so") or (so.group(1) if so else "")
    # The package that owns the extension: the folder under site-packages in its path, or
    # the distribution of a top-level module (flash_attn_2_cuda is flash-attn's).
    owner = re.search(r"(?:site|dist)-packages[\\/]([A-Za-z][\w-]{0,60})[\\/][^\s:]*: $", before)
    package = distribution_of(str(facts.get("extension", ""))) or (
        owner.group(1) if owner else "<package>"
    )
    package = _declared_torch(m, facts) or package
    if package != "<package>":
        facts["package"] = package
    if k.torch_version and "torch_version" not in facts:
        facts["torch_version"] = k.torch_version
    cause = _(
        "A compiled extension refers to a PyTorch C++ function that your installed "
        "PyTorch does not have: it was built against another torch version (a prebuilt "
        "wheel for a different torch, or torch was upgraded after building)."
    )
    if re.fullmatch(_STABLE_SHIM, symbol):
        cause += sep() + _(
            "{symbol} belongs to torch's stable C ABI, which newer torch releases extend: "
            "the extension was built against a newer torch than the installed one."
        ).format(symbol=symbol)
    fix = []
    if package == "torch":
        return _torch_libraries_disagree(facts, ctx)
    if package in _COMPANIONS:
        cause += sep() + _(
            "{package} is built for exactly one torch release, so an upgrade of one without "
            "the other breaks it."
        ).format(package=package)
        # The smallest fix keeps torch (a source or distribution build included) and
        # replaces the companion with the one made for it.
        fix.append(_companion_for_installed_torch(package, ctx))
        fix.append(
            _(
                "Or install torch and {package} in one command from the same index, so pip "
                "pairs them: add {package} to the torch install line."
            ).format(package=package)
        )
        build = suggest(ctx.matrix, k, mirror=ctx.mirror, with_packages=(package,))
        if build is not None:
            fix.append(build.command)
        # The paste's own versions, judged by the core's companions table.
        for issue in companion_issues(ctx.matrix, k, mirror=ctx.mirror):
            if issue.package == package:
                facts.update(companion_facts(issue))
                cause += sep() + companion_sentence(issue)
                if issue.command:
                    fix.insert(0, issue.command)
    elif package in OWN_INSTALLERS:
        fix.append(_(OWN_INSTALLERS[package]))
    elif package in _PINS_TORCH:
        # vLLM, SGLang, xformers are built for one torch release each: a forced reinstall
        # without dependencies fetches their newest wheel, built for another torch.
        fix.append(
            _(
                "{package} is built for one torch release: install the {package} release made "
                "for your torch (its release notes name it), or let pip install {package} "
                "together with the torch it requires (`python -m pip install {package}`, "
                "without --no-deps)."
            ).format(package=package)
        )
    else:
        fix.append(
            _(
                "Reinstall the extension for your torch: a prebuilt wheel for your exact torch "
                "and CUDA version, or rebuild it with `pip install --no-build-isolation "
                "--no-deps --no-cache-dir --force-reinstall {package}`."
            ).format(package=package)
        )
    if "torch_extensions" in before:
        # A just-in-time build (DeepSpeed ops, torch.utils.cpp_extension.load) cached by an
        # earlier torch: deleting the cache makes it build again for this one.
        fix.insert(
            0,
            _(
                "This module was compiled just in time into the torch_extensions cache "
                "(~/.cache/torch_extensions, or TORCH_EXTENSIONS_DIR) under another torch: "
                "delete that folder and run again, so it is rebuilt for this torch."
            ),
        )
    fix.append(_("Or install the torch version the extension was built for."))
    if symbol.startswith("THP"):
        # torch's Python bindings define THP names once `import torch` has loaded them: an
        # extension that does not link libtorch_python needs torch imported first.
        fix.append(
            _(
                "If the program imports the extension before torch, put `import torch` "
                "first: {symbol} is defined by torch's Python bindings, loaded by that import."
            ).format(symbol=symbol)
        )
    # std::string in either ABI: cxx11's basic_string, or the old ABI's Ss ("RKSs").
    if "cxx11" in symbol or "basic_string" in symbol or re.search(r"(?:RK|P)Ss", symbol):
        cause += sep() + _(
            "The symbol uses std::string, so the C++ ABI may also differ: prebuilt wheels "
            "come as cxx11abiTRUE and cxx11abiFALSE builds."
        )
        fix.append(
            _(
                'Pick the wheel whose cxx11abi matches `python -c "import torch; '
                'print(torch._C._GLIBCXX_USE_CXX11_ABI)"`.'
            )
        )
    return Advice(cause, tuple(fix), facts, key=symbol, used_local_facts=k.local)


@FAMILY.entry(
    code="torch-library-missing",
    keywords=("cannot open shared object", "library not loaded"),
    title=N_("Extension built for another PyTorch (library not found)"),
    patterns=(
        rx(
            r"(?P<lib>lib(?:torch_cuda_cu|torch_cuda_cpp|torch_cuda|torch_hip|torch_cpu|torch|"
            r"c10_cuda|c10_hip|c10|caffe2_nvrtc)\.so)\s*:\s*cannot open shared object file"
        ),
        # macOS dyld: the extension's @rpath does not lead to torch's libraries.
        rx(
            r"Library not loaded: @rpath/(?P<lib>lib(?:torch_cpu|torch_python|torch|c10|"
            r"shm|torch_global_deps)\.dylib)"
        ),
    ),
    specificity=3,
    # DGL's optional tensor adapter built for another torch: a warning DGL goes on after.
    defers_to=frozenset({"dgl-tensoradapter-missing"}),
)
def _advise_torch_lib_missing(m: re.Match[str], ctx: Context) -> Advice:
    if (companion := companion_library(m, ctx)) is not None:
        return companion  # torchvision/torchaudio, or ROCm's library: another torch variant
    k = ctx.known
    lib = m.group("lib")
    facts: dict[str, object] = {"library": lib}
    if k.torch_version and "torch_version" not in facts:
        facts["torch_version"] = k.torch_version
    cause = _(
        "A compiled extension (mmcv, pytorch3d, torch-scatter, a project's own CUDA ops) "
        "was built against a different PyTorch and now looks for {lib}, which your "
        "installed PyTorch does not provide or which is not on the loader path."
    ).format(lib=lib)
    if "torch_cuda_cu" in lib or "torch_cuda_cpp" in lib:
        cause += sep() + _(
            "Older PyTorch releases split libtorch_cuda into libtorch_cuda_cu and "
            "libtorch_cuda_cpp; current releases ship neither file."
        )
    fix = (
        _(
            "Reinstall the extension for your torch: a prebuilt wheel for your exact torch "
            "and CUDA version, or rebuild it with `pip install --no-build-isolation "
            "--no-deps --no-cache-dir --force-reinstall <package>`."
        ),
        _("Import torch before the extension, so its libraries are already loaded."),
    )
    return Advice(cause, fix, facts, key=lib, used_local_facts=k.local)


__all__ = ["FAMILY"]
