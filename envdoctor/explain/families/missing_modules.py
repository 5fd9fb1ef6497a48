"""Any module the interpreter cannot find, when no entry knows the name: the general answer
of last resort ("No module named 'X'"), which yields to every other answer in the paste.

Its readings, most telling first:
- a build's missing build dependency: pip's or uv's isolated build environment lacks a
  module setup.py imports (build_isolation's words), or a module only builds import
  (setuptools_rust: tiktoken's setup.py imports it to compile its Rust part);
- a module only the system's package manager provides (python-apt's apt_pkg, PyGObject's
  gi, dbus-python, Tk) or a part of the standard library built only when its C library's
  headers were there when Python was compiled (_ctypes, _bz2, _lzma, _sqlite3, _ssl);
- a package's private compiled module at the top level (`_turbomind`): its compiled part was
  not built, or the program runs from the package's source tree, which shadows the
  installed copy (lmdeploy's docs/en/faq.md);
- otherwise the package is not installed in the interpreter that runs the program (its
  PyPI name may differ from the import name), or it is the project's own module and the
  program runs from another folder.

Sources: Debian 12's archive (`apt-cache show python3-apt python3-gi python3-dbus
python3-tk`: "Python 3 interface to libapt-pkg", "Python 3 bindings for
gobject-introspection libraries", dbus-python, "Tkinter - Writing Tk applications with
Python 3.x"); pyenv's python-build (bec9a562, plugins/python-build/bin/python-build:
"The Python bz2 extension was not compiled. Missing the bzip2 lib?", likewise ctypes /
libffi, sqlite3, tkinter / Tk, lzma) and the Ubuntu packages its CI installs before
building Python (.github/workflows/ubuntu_build.yml: libbz2-dev, libffi-dev, liblzma-dev,
libsqlite3-dev, libssl-dev, tk-dev, libncursesw5-dev, libreadline-dev, zlib1g-dev); PyO3's
README (setuptools-rust, the setuptools plugin for Rust) and openai/whisper's README
(c0d2f624: tiktoken without a wheel builds with Rust, from rust-lang.org, with ~/.cargo/bin
on PATH); uv's docs/reference/troubleshooting/build-failures.md (26a9dd4b: a package that
imports a module at build time without declaring it: `--no-build-isolation-package`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from envdoctor.explain.families.module_shadowing import not_a_package, python2_dotted
from envdoctor.explain.families.python_env import FIND_INTERPRETER
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import YIELDS_TO_ALL, Family, rx, sep
from envdoctor.explain.steps import distribution_of
from envdoctor.i18n import N_, _

FAMILY = Family("missing_modules")

# Modules only a build imports (build backends and their plugins), with their PyPI names.
_BUILD_ONLY = {
    "setuptools_rust": "setuptools-rust",
    "setuptools_scm": "setuptools-scm",
    "skbuild": "scikit-build",
    "scikit_build_core": "scikit-build-core",
    "mesonpy": "meson-python",
    "hatchling": "hatchling",
    "flit_core": "flit-core",
}

# Modules of the distribution's own Python that pip cannot install: Debian/Ubuntu package.
_SYSTEM_ONLY = {
    "apt_pkg": "python3-apt",
    "apt": "python3-apt",
    "aptsources": "python3-apt",
    "gi": "python3-gi",
    "dbus": "python3-dbus",
}
# Standard-library modules Debian/Ubuntu split out of their Python into a package of their
# own: the system's Python and the venvs made from it get them from that package (a venv
# sees the base Python's standard library, so no --system-site-packages is needed).
_STDLIB_SPLIT_OUT = {"tkinter": "python3-tk", "_tkinter": "python3-tk"}

# Standard-library modules compiled only when these headers were present when that Python
# was built (Debian/Ubuntu -dev package names from pyenv's CI).
_BUILT_WITH = {
    "_ctypes": "libffi-dev",
    "_bz2": "libbz2-dev",
    "_lzma": "liblzma-dev",
    "_sqlite3": "libsqlite3-dev",
    "_ssl": "libssl-dev",
    "_tkinter": "tk-dev",
    "tkinter": "tk-dev",
    "_hashlib": "libssl-dev",
    "_curses": "libncursesw5-dev",
    "readline": "libreadline-dev",
    "zlib": "zlib1g-dev",
}

# A module name as Python prints it, quoted or (`python -m`, Python 2) bare.
_NAME = r"(?P<mod>[A-Za-z_]\w{0,60}(?:\.\w{1,60}){0,5})"


@FAMILY.entry(
    code="module-not-found",
    keywords=("no module named",),
    title=N_("A module the program imports is not found by its Python"),
    patterns=(
        # Not vLLM's logged warning ModuleNotFoundError("No module named ..."), not
        # "No module named 'a.b'; 'a' is not a package" (a file named like the package).
        rx(r"(?<!Error\(\")No module named (?P<q>['\"]?)" + _NAME + r"(?P=q)(?![\w.;])(?!\s*;)"),
        # importlib's words when the parent was imported from a file, not a package folder
        # (CPython 3's _find_and_load_unlocked: "No module named 'a.b'; 'a' is not a package").
        rx(
            r"No module named ['\"](?P<sub>(?P<parent>(?!__)[A-Za-z_]\w{0,60}(?:\.\w{1,60}){0,5})"
            r"\.\w{1,60})['\"]; ['\"](?P=parent)['\"] is not a package"
        ),
    ),
    specificity=1,
    defers_to=YIELDS_TO_ALL,
)
def _advise_module(m: re.Match[str], ctx: Context) -> Advice | None:
    if m.groupdict().get("parent"):
        return not_a_package(m.group("sub"), m.group("parent"), ctx)
    module = m.group("mod")
    top = module.split(".", 1)[0]
    python2 = "." in module and python2_dotted(m, ctx.text)
    if python2:
        # Python 2 names the whole dotted path when its first package is not found.
        module = top
    private = top.startswith("_") and not top.startswith("__")
    if "." in module and not python2 and not top.startswith("_"):
        last = module.rsplit(".", 1)[1]
        if _COMPILED_PART.fullmatch(last) and not _pickled(m, ctx):
            # A package's compiled submodule (tensorrt_llm.bindings, a _C): the package is
            # found, its compiled part is not. Triton's LLM guide (triton-inference-server/
            # server@e1db8a6, docs/getting_started/llm.md): launched from inside the cloned
            # TensorRT-LLM folder, Python imports the source tree, which has no bindings.
            return _private_module(module, {"module": module}, ctx)
    if top.startswith("__") or "." in module:
        # `__main__.x`, or a submodule of something that is there (another version of the
        # package, the project's own folder, a pure-Python private module such as
        # setuptools' distutils._msvccompiler): the general answer would be a guess.
        return None
    if _pickled(m, ctx):
        # Unpickling a checkpoint that names the modules of the code that saved it.
        return None
    before = ctx.text[max(0, m.start() - 3000) : m.start()]
    facts: dict[str, object] = {"module": module}
    if top in _BUILD_ONLY or _BUILD_NEAR.search(before):
        return _build_dependency(module, top, facts, ctx)
    if module in _SYSTEM_ONLY or module in _BUILT_WITH or module in _STDLIB_SPLIT_OUT:
        return _system_module(module, facts, ctx)
    own_frames = re.search(r'File "[^"]{0,300}[\\/]' + re.escape(top) + r"[\\/]", before)
    # A private name imported from an installed package's code is its compiled part; one
    # imported from the user's own files (`from _settings import cfg`) is the project's.
    near = before[-1500:]
    if private and (_INSTALLED_FRAME.search(near) or 'File "' not in near):
        return _private_module(module, facts, ctx)
    if own_frames:
        return None  # the package is there and failed inside itself: another message
    answer = _not_installed(module, facts, ctx)
    if python2:
        facts["imported"] = m.group("mod")
        cause = (
            answer.cause
            + sep()
            + _(
                "(Python 2 prints the whole name, {dotted}, when its first package, {module}, "
                "is not found.)"
            ).format(dotted=m.group("mod"), module=module)
        )
        return replace(answer, cause=cause, facts=facts)
    return answer


# The last part of a dotted name that is a package's compiled extension: pybind11/nanobind
# "bindings", torch-style "_C"/"_C_flatbuffer", "_ext", "_cuda"/"x_cuda".
_COMPILED_PART = re.compile(r"bindings|_C|_C_\w+|_ext|_cuda\w*|\w+_cuda")


# Unpickling's own words: its frames (pickle.py/_pickle's Unpickler, find_class, torch.load,
# torch/serialization.py) and its messages, not any name that contains "pickle".
_UNPICKLING = re.compile(
    r"pickle\.py\b|pickle\.load|_pickle\.Unpickl|Unpickler|find_class|torch\.load"
    r"|serialization\.py|Can't get attribute"
)

# A frame of an installed package's code.
_INSTALLED_FRAME = re.compile(r'File "[^"]{0,300}[\\/](?:site|dist)-packages[\\/]')

# Within the text before the error: a frame of setup.py or a build backend, or pip's and uv's
# words for a build step that is running or failed (not "Preparing metadata ... done": a build
# that finished before the program ran).
_BUILD_NEAR = re.compile(
    r'(?i)File "[^"]{0,300}(?:[\\/]setup\.py"|_in_process\.py"|build_meta\.py"|pip-build-env-'
    r"|builds-v0)|(?:getting requirements to build wheel|preparing metadata \(pyproject\.toml\))"
    r"(?! \.\.\. done)|doesn't declare it as a build dependency|failed to determine extra "
    r"requires|get_requires_for_build_wheel|the build backend returned an error"
)


def _pickled(m: re.Match[str], ctx: Context) -> bool:
    """Whether the module is named by a checkpoint being unpickled."""
    before = ctx.text[max(0, m.start() - 3000) : m.start()]
    return _UNPICKLING.search(before) is not None


def _build_dependency(module: str, top: str, facts: dict[str, object], ctx: Context) -> Advice:
    # The usual build requirements import under their PyPI name; for another module the
    # name of the package that provides it is not known here.
    same_name = top in ("pip", "setuptools", "wheel", "Cython", "numpy", "pybind11", "packaging")
    dist = (
        _BUILD_ONLY.get(top)
        or distribution_of(top)
        or (top if same_name else "<the package that provides " + top + ">")
    )
    facts["package"] = dist
    cause = _(
        "A package is being built from source, and its build imports {module}, which the "
        "build environment lacks. pip and uv build in an isolated environment that holds only "
        "the build requirements the package declares (pyproject.toml's [build-system]), "
        "never what your environment has: a package that imports something at build time "
        "without declaring it fails there, and so does a build that pip started only because "
        "no wheel fits this Python or platform."
    ).format(module=module)
    fix = [
        _(
            "First look for a wheel, which needs no build: a release of the package that "
            "publishes one for this Python and platform (`python -m pip install --only-binary "
            ":all: <package>` says whether one exists), or a Python that it supports."
        ),
        _(
            "Or build with that dependency present: `python -m pip install {dist}` into the "
            "same Python, then `python -m pip install --no-build-isolation <package>` (uv: "
            "`--no-build-isolation-package <package>`)."
        ).format(dist=dist),
    ]
    if top == "setuptools_rust":
        cause += sep() + _(
            "setuptools-rust compiles the package's Rust part: the build also needs a Rust "
            "toolchain (rustc and cargo)."
        )
        fix.append(
            _(
                "Install Rust (https://www.rust-lang.org/learn/get-started) and put ~/.cargo/bin on PATH (open a new "
                "shell), then build again."
            )
        )
    return Advice(
        cause,
        tuple(fix),
        facts,
        title=_("A build dependency is missing where the package is built"),
        key=module,
        used_local_facts=ctx.known.local,
    )


def _system_module(module: str, facts: dict[str, object], ctx: Context) -> Advice:
    debian = _SYSTEM_ONLY.get(module)
    dev = _BUILT_WITH.get(module)
    fix: list[str] = [_(FIND_INTERPRETER)]
    if debian is not None:
        facts["system_package"] = debian
        cause = _(
            "{module} comes with the operating system's own Python (Debian/Ubuntu package "
            "{debian}), not from PyPI: pip cannot install it, and a venv, conda environment or "
            "self-built Python does not see the system's copy."
        ).format(module=module, debian=debian)
        fix.append(
            _(
                "Run the program with the system's Python after `sudo apt install {debian}` "
                "(other distributions name the package after the same project), or create "
                "the venv with `python3 -m venv --system-site-packages` so it sees it."
            ).format(debian=debian)
        )
    else:
        cause = _(
            "{module} is a part of the standard library that is compiled only when its C "
            "library's headers were present when this Python was built: this Python (often "
            "one built by pyenv or from source) was built without them."
        ).format(module=module)
        split_out = _STDLIB_SPLIT_OUT.get(module)
        if split_out is not None:
            facts["system_package"] = split_out
            cause += sep() + _(
                "Debian and Ubuntu ship it for their own Python as a separate package, {package}."
            ).format(package=split_out)
            fix.append(
                _(
                    "For the distribution's own Python and the venvs made from it: `sudo apt "
                    "install {package}`."
                ).format(package=split_out)
            )
    if dev is not None:
        facts["build_package"] = dev
        fix.append(
            _(
                "For a Python built by pyenv or from source: install the headers (Debian/"
                "Ubuntu: `sudo apt install {dev}`) and build that Python again (`pyenv install "
                "--force <version>`), then recreate the venvs made from it."
            ).format(dev=dev)
        )
    return Advice(cause, tuple(fix), facts, key=module, used_local_facts=ctx.known.local)


def _private_module(module: str, facts: dict[str, object], ctx: Context) -> Advice:
    cause = _(
        "{module} is a package's private compiled module, and the Python that runs the "
        "program cannot import it: the package was installed without its compiled part (a "
        "source install that skipped or failed the build, a build for another Python), or "
        "the program runs from the package's source folder, whose copy without the compiled "
        "module is imported instead of the installed one."
    ).format(module=module)
    fix = (
        _(
            "Run the program from another folder than the package's source checkout, and "
            'check which copy is imported: `python -c "import <package>; '
            'print(<package>.__file__)"`.'
        ),
        _(
            "Install the package's prebuilt wheel for this Python and platform, or build it "
            "with the same Python that runs the program (its docs say how to compile the "
            "extension)."
        ),
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("A package's compiled module is missing"),
        key=module,
        used_local_facts=ctx.known.local,
    )


def _not_installed(module: str, facts: dict[str, object], ctx: Context) -> Advice:
    cause = _(
        "The Python that ran the program cannot import {module}: the package that provides "
        "it is not installed there (or went into another interpreter: another venv or conda "
        "env, the system Python, a `pip` of another Python), or {module} is the project's own "
        "module and the program runs from another folder."
    ).format(module=module)
    fix = [
        _(FIND_INTERPRETER),
        _(
            "Install into exactly that interpreter: `<that python> -m pip install <package>`; "
            "the PyPI name can differ from the import name {module}, so take it from the "
            "project's requirements or the package's docs."
        ).format(module=module),
        _(
            "If {module} is a folder or file of the project itself: run from the project's "
            "root folder, put that folder on PYTHONPATH (icefall's docs do so), or install the "
            "project into that Python (`python -m pip install -e .`)."
        ).format(module=module),
    ]
    if ctx.has("ipython-input", "ipykernel", "jupyter"):
        fix.append(
            _(
                "In a notebook: `%pip install <package>` installs into the kernel itself, or "
                "choose the kernel of the environment that has it (Kernel > Change kernel)."
            )
        )
    return Advice(cause, tuple(fix), facts, key=module, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
