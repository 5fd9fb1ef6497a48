"""The C and C++ runtimes a binary needs: GLIBC / GLIBCXX / CXXABI "version not found"
(a binary built on a newer Linux, or an old libstdc++ in front of a newer one), and
macOS's libc++ missing a symbol a binary built for a newer macOS uses."""

from __future__ import annotations

import re

from packaging.version import InvalidVersion, Version

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("c_runtime")

# `ldd --version`'s first line: "ldd (Ubuntu GLIBC 2.35-0ubuntu3.8) 2.35", "ldd (GNU libc) 2.17".
_LDD_VERSION = re.compile(r"ldd \([^()]{1,60}\) (?P<v>\d+\.\d+)\b")


def _system_glibc(ctx: Context) -> str | None:
    """The system's glibc: the snapshot's, else `ldd --version` pasted next to the error."""
    facts = ctx.known.python_facts
    if facts is not None and facts.glibc:
        return facts.glibc
    m = ctx.near(_LDD_VERSION, "ldd (", before=0, reach=90)
    return m.group("v") if m else None


def _glibc_sentence(symbol: str, ctx: Context, facts: dict[str, object]) -> str:
    """What the paste says about this system's glibc against the version the binary needs."""
    have = _system_glibc(ctx)
    if have is None:
        return ""
    facts["system_glibc"] = have
    need = symbol.split("_", 1)[1]
    try:
        enough = Version(have) >= Version(need)
    except InvalidVersion:
        enough = False
    if enough:
        # The system has it: another, older libc was loaded (a conda sysroot, a bundled
        # copy, LD_LIBRARY_PATH).
        return sep() + _(
            "This system's glibc is {have}, which has {need}: the process loaded another, "
            "older libc (a conda environment's sysroot, a copy bundled with an application, "
            "or a folder on LD_LIBRARY_PATH)."
        ).format(have=have, need=need)
    return sep() + _(
        "This system's glibc is {have}; the binary needs {need} or newer, so it can run only "
        "on an OS release (or in a container) whose glibc is at least {need}."
    ).format(have=have, need=need)


def _newest_tag(ctx: Context, m: re.Match[str], kind: str, symbol: str) -> str:
    near = ctx.text[max(0, m.start() - 1500) : m.end() + 3000]
    # Only the loader's own "version `X' not found" lines: a `strings | grep GLIBCXX` the
    # user pasted below lists the versions the library has, not the ones it lacks.
    tags = re.findall(rf"\b{kind}_(\d+(?:\.\d+)*)['’]? not found", near)
    own = symbol.split("_", 1)[1]
    best = max([own, *tags], key=lambda v: tuple(int(x) for x in v.split(".") if x))
    return f"{kind}_{best}"


@FAMILY.entry(
    code="glibc-version-missing",
    keywords=("glibc", "cxxabi_"),
    title=N_("C/C++ runtime library too old (GLIBC/GLIBCXX version not found)"),
    patterns=(
        rx(
            r"(?P<lib>[^\s:'\"()]*lib(?:stdc\+\+|c|m|gcc_s|pthread|dl)\.so\.\d+): version "
            # The quotes may arrive escaped (\') from a Python repr or a JSON string.
            # Markdown eats the underscore of an unquoted paste ("GLIBC2.33", "x8664").
            # (Java's UnsatisfiedLinkError quotes it with a space: ' GLIBCXX_3.4.17'.)
            r"\\?[`'‘]? ?(?P<sym>(?P<kind>GLIBCXX|GLIBC|CXXABI|GCC)_?\d[\d.]*)(?:\\?['’]? not found"
            r"(?: \(required by (?P<by>[^)]{1,300})\))?|['’](?!\w))"
        ),
        # The loader's line without the library in front (an issue title, a quoted line),
        # also cut to the quoted tag alone ("ImportError: `GLIBC_2.38' not found"): only
        # glibc's loader quotes a version tag this way.
        rx(
            r"(?<![\w.])(?:version )?[`'‘](?P<sym>(?P<kind>GLIBCXX|GLIBC|CXXABI)_\d[\d.]*)['’] "
            r"not found(?P<lib>)(?: \(required by (?P<by>[^)]{1,300})\))?"
        ),
        # The tag retold bare, with neither quotes nor a library: "GLIBCXX_3.4.30 not found"
        # (triton-inference-server/python_backend's README). Only the C/C++ runtimes' own
        # version tags, at a word start, followed directly by "not found".
        rx(
            r"(?<![\w.`'‘\\])(?P<sym>(?P<kind>GLIBCXX|GLIBC|CXXABI)_\d+(?:\.\d+)+) "
            r"(?:is )?not found(?P<lib>)(?: \(required by (?P<by>[^)]{1,300})\))?"
        ),
    ),
    specificity=3,
)
def _advise_glibc(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    kind = m.group("kind").upper()
    symbol = m.group("sym") if "_" in m.group("sym") else f"{kind}_{m.group('sym')[len(kind) :]}"
    # Without the loader's path the tag names its library: GLIBC_* is libc's, GLIBCXX_* and
    # CXXABI_* are libstdc++'s.
    lib = m.group("lib") or ("libc.so.6" if kind == "GLIBC" else "libstdc++.so.6")
    by = (m.group("by") or "").strip()
    # The loader lists each missing tag on a line of its own: one answer per library and
    # binary, naming the newest tag it needs (llama.cpp#11392 lists four GLIBC_2.x).
    symbol = _newest_tag(ctx, m, kind, symbol)
    facts: dict[str, object] = {"library": lib, "missing_version": symbol}
    if by:
        facts["required_by"] = by
    env_lib = bool(re.search(r"conda|envs/|site-packages|dist-packages|/\.\./", lib))
    in_torch = bool(re.search(r"[/\\]torch[/\\]", by))
    fix: list[str] = []
    if kind == "GLIBC" and in_torch:
        # pip chose this torch wheel for the platform, so the OS is older than any wheel
        # of that release supports (aarch64 wheels need glibc 2.28, manylinux_2_28).
        cause = _(
            "This torch needs {symbol} of the C library and this system's glibc ({lib}) is "
            "older: the operating system is too old for this torch build, and glibc cannot "
            "be upgraded on its own."
        ).format(symbol=symbol, lib=lib) + _glibc_sentence(symbol, ctx, facts)
        fix = [
            _("See the system's version with `ldd --version`."),
            _(
                "Run it in a container (or on an OS release) with a newer glibc, or install "
                "an older torch whose wheels were built for this glibc."
            ),
        ]
        if "aarch64" in lib or "aarch64" in by:
            fix.append(
                _(
                    "On a Jetson: use NVIDIA's PyTorch wheels for your JetPack release, "
                    "built for its Ubuntu."
                )
            )
        return Advice(
            cause,
            tuple(fix),
            facts,
            key="libc" if kind == "GLIBC" else "libstdc++",
            used_local_facts=k.local,
        )
    if kind == "GLIBC":
        cause = _(
            "{by} was built on a newer Linux than this one: it needs {symbol} of the C "
            "library, and this system's glibc ({lib}) is older. glibc cannot be upgraded "
            "on its own; pip picks wheels for the system's glibc, so this binary came "
            "from elsewhere (conda, a copied build, a wheel for another distribution)."
        ).format(by=by or _("a binary"), symbol=symbol, lib=lib) + _glibc_sentence(
            symbol, ctx, facts
        )
        fix = [
            _("See the system's version with `ldd --version`."),
            _(
                "Install a release of that package built for this glibc (or from source "
                "here), or run it in a container/OS with a newer glibc."
            ),
        ]
    elif env_lib:
        cause = _(
            "The C++ runtime {lib} of the Python environment is older than {by} needs "
            "({symbol}): conda (or a wheel folder) put an old libstdc++ in front of the "
            "system's newer one."
        ).format(lib=lib, by=by or _("a binary"), symbol=symbol)
        fix = [
            _("Update the environment's C++ runtime: `conda install -c conda-forge libstdcxx-ng`."),
            _(
                "Or move that old libstdc++.so.6 aside so the system's newer one is used; "
                "check versions with `strings {lib} | grep GLIBCXX`."
            ).format(lib=lib),
        ]
    elif "/" not in lib:
        # No path: which libstdc++ was loaded (the system's, or a conda environment's older
        # copy in front of it: anaconda-issues#483) is not in the paste.
        facts["runtime_path_unknown"] = True
        cause = _(
            "The libstdc++.so.6 that was loaded is older than {by} needs ({symbol}). The "
            "message does not say which copy it was: the system's (the binary was built on a "
            "newer Linux), or an older copy that a conda environment's lib folder, an "
            "application's own folder or LD_LIBRARY_PATH puts in front of the system's."
        ).format(by=by or _("a binary"), symbol=symbol)
        fix = [
            _(
                "See which copy is loaded and what it offers: `ldd <the binary> | grep "
                'libstdc` (or `python -c "import sys; print(sys.prefix)"` then `strings '
                "<prefix>/lib/libstdc++.so.6 | grep GLIBCXX`)."
            ),
            _(
                "In conda: `conda install -c conda-forge libstdcxx-ng`, then put the "
                "environment first: export LD_LIBRARY_PATH=$CONDA_PREFIX/lib:$LD_LIBRARY_PATH"
            ),
            _(
                "If it is the system's: install a build of that package made for this OS, or "
                "build it from source here."
            ),
        ]
    else:
        cause = _(
            "The system's C++ runtime {lib} is older than {by} needs ({symbol}): that "
            "binary was built on a newer Linux than this one."
        ).format(lib=lib, by=by or _("a binary"), symbol=symbol)
        # The build made for this OS comes first: replacing a distribution's libstdc++
        # (CentOS 7, JetPack) is unsupported there and can break the system.
        fix.append(
            _(
                "Install a build of that package made for this OS (for a Jetson, the one for "
                "your JetPack), or build it from source here."
            )
        )
        # conda's own runtime helps a conda environment: named, or a private Python's
        # site-packages (Debian's dist-packages and /usr/lib are the system's Python).
        system_python = "dist-packages" in by or by.startswith(("/usr/lib/", "/usr/local/lib/"))
        if ctx.has("conda", "/envs/") or (by and not system_python):
            fix.append(
                _(
                    "In conda: `conda install -c conda-forge libstdcxx-ng`, then put the "
                    "environment first: export LD_LIBRARY_PATH=$CONDA_PREFIX/lib:$LD_LIBRARY_PATH"
                )
            )
        fix.append(
            _(
                "A newer libstdc++ from the distribution's own updates helps only where it "
                "ships one (`strings {lib} | grep GLIBCXX` shows what it has); do not replace "
                "it by hand on an old or embedded system."
            ).format(lib=lib)
        )
        if re.search(r"-packages[/\\]", by) and not in_torch:
            # A Python extension next to torch: torch's wheel loads a newer runtime first.
            fix.append(
                _("Importing torch before that module can also help: torch loads a newer runtime.")
            )
    return Advice(
        cause,
        tuple(fix),
        facts,
        key="libc" if kind == "GLIBC" else "libstdc++",
        used_local_facts=k.local,
    )


@FAMILY.entry(
    code="cxx-runtime-symbol-missing",
    keywords=("undefined symbol: _znst", "undefined symbol: _znkst", "undefined symbol: _zst"),
    title=N_("A C++ standard library symbol is missing (libstdc++ older than the build)"),
    patterns=(
        # std:: (St) functions and classes, not torch's own namespaces.
        rx(
            r"(?:(?P<so>[\w.+-]{1,120}\.so): )?undefined symbol: "
            r"(?P<sym>_Z(?:N|NK)?St(?!\w{0,60}(?:3c10|2at|5torch))\w{1,200})"
        ),
    ),
)
def _advise_std_symbol(m: re.Match[str], ctx: Context) -> Advice:
    # The library's name may be cut off (an issue title quotes the symbol alone).
    so = m.group("so") or _("The compiled module")
    facts: dict[str, object] = {"symbol": m.group("sym")}
    if m.group("so"):
        facts["library"] = m.group("so")
    cause = _(
        "{so} was compiled against a newer C++ standard library than the libstdc++ that "
        "got loaded: typically built with the system's newer gcc and run in a conda "
        "environment whose libstdc++ is older (or the other way round)."
    ).format(so=so)
    fix = (
        _(
            "In conda, update the environment's C++ runtime: `conda install -c conda-forge "
            "libstdcxx-ng`, or build the package with the environment's own compiler "
            "(`conda install -c conda-forge gxx`) and reinstall it."
        ),
        _(
            "Check which libstdc++ is loaded: `ldd {so} | grep libstdc`; the newer one can "
            "be put first with LD_LIBRARY_PATH."
        ).format(so=m.group("so") or "<module>.so"),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="mkl-threading-layer-conflict",
    keywords=("mkl_threading_layer=intel is incompatible",),
    title=N_("Intel MKL's threading layer clashes with GNU OpenMP (libgomp)"),
    # mkl-service's own check: "Error: mkl-service + Intel(R) MKL: MKL_THREADING_LAYER=INTEL
    # is incompatible with libgomp.so.1 library." (conda's MKL NumPy after torch's libgomp).
    patterns=(
        rx(
            r"MKL_THREADING_LAYER=INTEL is incompatible with (?P<lib>libgomp[\w.-]{0,30}?\.so"
            r"(?:\.\d+)?)"
        ),
    ),
    specificity=3,
)
def _advise_mkl(m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "Two OpenMP runtimes met in one process: a NumPy (or SciPy) from conda built on Intel "
        "MKL with Intel's threading layer, and {lib}, GNU's OpenMP, which torch or another "
        "package loaded first. mkl-service refuses to run MKL on top of it."
    ).format(lib=m.group("lib"))
    fix = (
        _("Tell MKL to use GNU's threading: `export MKL_THREADING_LAYER=GNU` before starting."),
        _(
            "Or install NumPy from pip in this environment (its OpenBLAS build has no MKL): "
            "`python -m pip install --force-reinstall numpy` with the version conda had."
        ),
    )
    return Advice(cause, fix, {"library": m.group("lib")}, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]


@FAMILY.entry(
    code="macos-too-old-for-binary",
    keywords=("expected in: /usr/lib/libc++", "expected in: /usr/lib/libsystem"),
    title=N_("A binary built for a newer macOS (the system's libc++ lacks a symbol)"),
    patterns=(
        # dyld: "Symbol not found: __ZNSt3__1...  Referenced from: <binary> (which was built
        # for Mac OS X 12.6)  Expected in: /usr/lib/libc++.1.dylib". A symbol dyld expects in
        # the system's own C++ or C library is one that this macOS's copy does not have yet.
        rx(
            r"Symbol not found: (?P<sym>_\w{1,200}) Referenced from: (?P<by>\S[^()]{0,300}?)"
            r"(?: \(which was built for (?:Mac OS X|macOS) (?P<built>\d{2}(?:\.\d{1,2})?)\))? "
            r"Expected in: (?P<lib>/usr/lib/lib(?:c\+\+|System)[\w.]{0,20}\.dylib)"
        ),
    ),
    specificity=3,
)
def _advise_macos_runtime(m: re.Match[str], ctx: Context) -> Advice:
    by = m.group("by").strip()
    built = m.group("built")
    facts: dict[str, object] = {"symbol": m.group("sym"), "library": m.group("lib")}
    if built:
        facts["built_for_macos"] = built
    cause = _(
        "{by} uses {symbol}, which it expects in macOS's own {lib}, and this macOS's copy "
        "does not have it: the binary was built for a newer macOS than this one. The "
        "system's C++ runtime comes with macOS and cannot be upgraded on its own."
    ).format(by=by, symbol=m.group("sym"), lib=m.group("lib"))
    if built:
        cause += sep() + _("It was built for macOS {built}.").format(built=built)
    fix = (
        _("See this Mac's version: `sw_vers -productVersion`."),
        _(
            "Update macOS to the version the binary was built for (or newer), or install "
            "a build of the package made for this macOS (an older release of it, or one "
            "built from source on this Mac)."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)
