"""A Python package whose own compiled library is not where it loads it from: bitsandbytes
run from a source checkout that was never built, or installed without its binaries."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("native_libraries")

# bitsandbytes/cextension.py (0.44-0.45): when the CUDA library for the detected (or
# BNB_CUDA_VERSION's) CUDA is absent it warns "Could not find the bitsandbytes CUDA binary at
# PosixPath('.../libbitsandbytes_cuda124.so')", falls back to libbitsandbytes_cpu.so, and when
# that fails too logs "Could not load bitsandbytes native library: <the loader's error>".
_BNB_FOLDER = re.compile(
    r"(?P<folder>(?:[A-Za-z]:)?[\\/][^\s'\"():]{0,300}[\\/])libbitsandbytes_\w{1,40}\.(?:so|dll|dylib)"
)
_BNB_OVERRIDE = re.compile(r"BNB_CUDA_VERSION=(?P<value>\d{2,3})\b")


@FAMILY.entry(
    code="bitsandbytes-native-library-missing",
    keywords=("could not load bitsandbytes native library",),
    title=N_("bitsandbytes has none of its compiled libraries"),
    patterns=(
        rx(
            r"Could not load bitsandbytes native library: (?:[^\n]{0,300}?"
            r"(?P<lib>libbitsandbytes_\w{1,40}\.(?:so|dll|dylib)))?"
        ),
    ),
    specificity=3,
)
def _advise_bnb_native(m: re.Match[str], ctx: Context) -> Advice | None:
    lib = m.group("lib")
    if lib is None:
        # The words right after it (the engine's text has no line ends to stop at).
        line = ctx.text[m.end() : m.end() + 300]
        if ".so" in line or ".dll" in line:
            return None  # a library the native one needs (libcusparse.so.11): not this
        lib = "libbitsandbytes"  # an issue's title cut before the library's name
    facts: dict[str, object] = {"library": lib}
    where = _BNB_FOLDER.search(m.group(0))
    folder = where.group("folder") if where else None
    checkout = folder is not None and not re.search(r"(?:site|dist)-packages", folder)
    cause = _(
        "bitsandbytes could load no compiled library at all: {lib} (its CPU fallback) is "
        "missing too, so the package cannot work, on the GPU or the CPU."
    ).format(lib=lib)
    fix: list[str] = []
    if folder is not None:
        facts["folder"] = folder
    if checkout:
        facts["source_checkout"] = True
        cause += sep() + _(
            "It runs from {folder}, a source checkout: the libraries are built with CMake, "
            "not kept in the repository, and this checkout was never built."
        ).format(folder=folder)
        # The compile steps of bitsandbytes' installation guide
        # (huggingface.co/docs/bitsandbytes/main/compiling).
        fix.append(
            _(
                "Build it in the checkout (needs CMake, a C++ compiler and the CUDA toolkit): "
                "`pip install -r requirements-dev.txt && cmake -DCOMPUTE_BACKEND=cuda -S . && "
                "make && pip install .`"
            )
        )
        fix.append(
            _(
                "Or use the released wheel, which carries the libraries: `python -m pip "
                "install -U bitsandbytes`, and run from outside the checkout so Python does "
                "not import the unbuilt copy first."
            )
        )
    else:
        fix.append(
            _(
                "Reinstall the released wheel, which carries the libraries: `python -m pip "
                "install --force-reinstall -U bitsandbytes`."
            )
        )
    override = ctx.near(_BNB_OVERRIDE, "bnb_cuda_version=", before=0, reach=8)
    if override is not None:
        facts["bnb_cuda_version"] = override.group("value")
        fix.append(
            _(
                "BNB_CUDA_VERSION={value} makes it look for libbitsandbytes_cuda{value} only: "
                "unset it (`export BNB_CUDA_VERSION=`) unless you built or installed that "
                "library, so it picks the one for torch's CUDA."
            ).format(value=override.group("value"))
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=ctx.known.local)
