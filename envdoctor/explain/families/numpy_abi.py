"""NumPy of another major version than a compiled module was built against: NumPy 2
installed under modules built for NumPy 1.x (torch before 2.3 among them), or a NumPy
older than a module needs.

Sources: NumPy's own message ("A module that was compiled using NumPy 1.x cannot be run in
NumPy 2..."; numpy.org troubleshooting-importerror); torch 2.3 validated with NumPy 2.0 and
1.26 (pytorch/pytorch#107302, #121880 picked into release/2.3); the Windows wheels only from
2.4.1 (pytorch/pytorch#131668: "Fixed in rc 2.4.1", #128860).
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import distribution_of
from envdoctor.explain.tracebacks import FRAME_FILE, SITE_PACKAGE, last_frame_package
from envdoctor.i18n import N_, _
from envdoctor.values import parse_version

FAMILY = Family("numpy_abi")

# NumPy 2.0's C API version (NPY_2_0_API_VERSION): modules report older ones for 1.x, and
# -U alone would bring NumPy 2, which a module built for 1.x cannot use.
_NUMPY2_C_API = 0x12
# The first torch releases built against NumPy 2 (and still working with 1.x).
TORCH_FIRST_NUMPY2 = "2.3.0"
TORCH_FIRST_NUMPY2_WINDOWS = "2.4.1"


@FAMILY.entry(
    code="numpy-abi-mismatch",
    keywords=(
        "compiled using numpy 1.x",
        "_array_api not found",
        "numpy is not available",
        "but this version of numpy is",
        "multiarray failed to import",
        "umath failed to import",
        "may indicate binary incompatibility",
        "to support both 1.x and 2.x",
    ),
    title=N_("NumPy's major version does not match what a compiled module was built for"),
    patterns=(
        rx(
            r"A module that was compiled using NumPy 1\.x cannot be run in\s+NumPy "
            r"(?P<numpy>2\.\d+(?:\.\d+)?)"
        ),
        # torch's own warning when its NumPy 1.x bridge meets NumPy 2.
        rx(r"Failed to initialize NumPy: _ARRAY_API not found(?P<torch_bridge>)"),
        rx(
            r"module compiled against (?:ABI|API) version (?:0x)?(?P<built>[0-9a-f]{1,8}) but "
            r"this version of numpy is (?:0x)?(?P<have>[0-9a-f]{1,8})"
        ),
        rx(r"RuntimeError: Numpy is not available(?P<unavailable>)"),
        # NumPy's import_array()/import_umath() (generate_numpy_api.py, generate_ufunc_api.py):
        # numpy.core.* in 1.x, numpy._core.* in 2.x, and "_multiarray_umath" alone since.
        rx(
            r"(?:numpy\._?core\.(?:multiarray|_multiarray_umath|umath)|(?<![\w.])"
            r"_multiarray_umath) failed to import(?P<multiarray>)"
        ),
        # A module built against another NumPy than the installed one: Cython's ValueError,
        # for numpy.dtype or numpy.ndarray (mmdetection3d's FAQ: a pycocotools built on a
        # newer NumPy than the installed one). Its RuntimeWarning form is old Cython's note,
        # harmless (NumPy itself filters it).
        rx(
            r"(?<!RuntimeWarning: )numpy\.(?:dtype|ndarray) size changed, may indicate binary "
            r"incompatibility(?P<multiarray>)(?:\. Expected (?P<header>\d{2,3}) from C header, "
            r"got (?P<runtime>\d{2,3}) from PyObject)?"
        ),
        # NumPy 2's warning, its second sentence alone (the paste cut above it).
        rx(
            r"To support both 1\.x and 2\.x\s+versions of NumPy, modules must be compiled with "
            r"NumPy 2\.0(?P<tail>)"
        ),
    ),
    specificity=2,
)
def _advise_numpy(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    groups = m.groupdict()
    facts: dict[str, object] = {}
    # torch's own warning ("Failed to initialize NumPy", tensor_numpy.cpp) names torch.
    module = _importing_package(m, ctx) or (
        "torch" if ctx.has("failed to initialize numpy") else None
    )
    if module:
        facts["module"] = module
    if groups.get("multiarray") is not None and ctx.has("but this version of numpy is"):
        return None  # the API-version line above it says which way they differ
    # NumPy 1.x's PyArray_Descr is 96 bytes and NumPy 2's 88 (ndarraytypes.h of 1.26 and
    # 2.0, 64-bit): a header's 96 against a runtime's 88 is a module built for 1.x on 2.x.
    built_for_1x = (groups.get("header"), groups.get("runtime")) == ("96", "88")
    if built_for_1x:
        facts["dtype_size"] = "96/88"
    built, have = groups.get("built"), groups.get("have")
    if built and have and int(built, 16) > int(have, 16):
        # The module needs a newer NumPy (its C API version is newer than this NumPy's).
        cause = _(
            "A compiled module was built against a newer NumPy (C API 0x{built}) than the one "
            "installed (C API 0x{have}): NumPy is too old for it."
        ).format(built=built, have=have)
        old_fix = (
            _("Upgrade NumPy in this environment: `python -m pip install -U {target}`.").format(
                target='"numpy<2"' if int(built, 16) < _NUMPY2_C_API else "numpy"
            ),
            _("Or install the module's release built for the NumPy you keep."),
        )
        return Advice(cause, old_fix, facts, key="old-numpy", used_local_facts=k.local)
    if groups.get("unavailable") is not None and not ctx.has("compiled using numpy 1.x"):
        cause = _(
            "torch could not use NumPy: NumPy is not installed in this environment (torch "
            "does not install it), or it is NumPy 2 while this torch was built against "
            "NumPy 1.x (torch before {first})."
        ).format(first=TORCH_FIRST_NUMPY2)
        missing_fix = (
            _('Check: `python -c "import numpy; print(numpy.__version__)"`.'),
            _(
                "Not installed: `python -m pip install numpy` (with torch before {first}: "
                '`python -m pip install "numpy<2"`).'
            ).format(first=TORCH_FIRST_NUMPY2),
            _(
                'NumPy 2 with an older torch: `python -m pip install "numpy<2"`, or upgrade '
                "torch to {first} or newer ({windows} on Windows)."
            ).format(first=TORCH_FIRST_NUMPY2, windows=TORCH_FIRST_NUMPY2_WINDOWS),
        )
        return Advice(cause, missing_fix, facts, key="unavailable", used_local_facts=k.local)
    if (
        groups.get("multiarray") is not None
        and not built_for_1x
        and not ctx.has("compiled using numpy 1.x")
    ):
        cause = _(
            "A compiled module{which} could not load NumPy's C API: the installed NumPy is "
            "another version than the module was built for: NumPy 2 under a module built "
            "for 1.x, or a NumPy older than the module needs."
        ).format(which=_(" ({module})").format(module=module) if module else "")
        either_fix = (
            _('Check: `python -c "import numpy; print(numpy.__version__)"`.'),
            _(
                'NumPy 2.x: `python -m pip install "numpy<2"`, or upgrade the module; NumPy '
                '1.x: `python -m pip install -U "numpy<2"` for the newest 1.x, or upgrade '
                "NumPy as far as the module needs."
            ),
        )
        return Advice(cause, either_fix, facts, key="multiarray", used_local_facts=k.local)
    if groups.get("numpy"):
        facts["numpy_version"] = groups["numpy"]
    cause = _(
        "NumPy {numpy} is installed, and a compiled module{which} was built against NumPy 1.x: "
        "modules built for NumPy 1 cannot run on NumPy 2, so its NumPy functions fail (or "
        "the import does)."
    ).format(
        numpy=groups.get("numpy") or "2",
        which=_(" ({module})").format(module=module) if module else "",
    )
    if built_for_1x:
        cause += sep() + _(
            "The sizes say so: the module's headers have NumPy 1.x's 96-byte dtype, the "
            "running NumPy has NumPy 2's 88 bytes."
        )
    fix = [
        _(
            'Keep NumPy 1 in this environment: `python -m pip install "numpy<2"` (what '
            "NumPy's own message advises)."
        )
    ]
    if module == "torch":
        cause += sep() + _(
            "torch is built against NumPy 2 from {first} on ({windows} for Windows wheels); "
            "older releases need NumPy 1."
        ).format(first=TORCH_FIRST_NUMPY2, windows=TORCH_FIRST_NUMPY2_WINDOWS)
        installed = parse_version((k.torch_version or "").split("+")[0])
        if installed is not None and installed < parse_version(TORCH_FIRST_NUMPY2):  # type: ignore[operator]
            facts["torch_version"] = k.torch_version
            cause += sep() + _("The installed torch is {version}.").format(version=k.torch_version)
        fix.append(
            _(
                "Or upgrade torch to {first} or newer ({windows} on Windows), with the "
                "torchvision and torchaudio made for it: `envdoctor install` prints the command."
            ).format(first=TORCH_FIRST_NUMPY2, windows=TORCH_FIRST_NUMPY2_WINDOWS)
        )
    elif module:
        fix.append(
            _("Or upgrade {module} to a release built against NumPy 2.").format(module=module)
        )
    return Advice(cause, tuple(fix), facts, key="numpy2", used_local_facts=k.local)


# Where the traceback NumPy prints after its message ends.
_TRACEBACK_END = re.compile(r"\n\S[^\n]{0,80}(?:Error|Warning)\b")


def _importing_package(m: re.Match[str], ctx: Context) -> str | None:
    """The installed package whose import ran into NumPy: the last site-packages frame of
    the traceback printed after the message (or just before it)."""
    after = ctx.text[m.end() : m.end() + 4000]
    end = _TRACEBACK_END.search(after)
    frames = list(FRAME_FILE.finditer(after[: end.start() if end else None]))
    if not frames:
        frames = list(FRAME_FILE.finditer(ctx.text, max(0, m.start() - 3000), m.start()))
    packages = [
        site.group("pkg")
        for f in frames
        if (site := SITE_PACKAGE.search(f.group("path"))) and site.group("pkg") != "numpy"
    ]
    # The pip name of the importing module (cv2 is opencv-python's).
    return (distribution_of(packages[-1]) or packages[-1]) if packages else None


# NumPy 1.20 deprecated the aliases of Python's own types (np.float, np.int, np.bool,
# np.object, np.str, np.long, np.unicode, np.complex) and 1.24 removed them (NumPy 1.24.0
# release notes, "expired deprecations"). NumPy 2.0 brought np.bool and np.long back as
# NumPy's own types (2.0.0 release notes: "numpy.bool as the new canonical name", "New long
# and ulong dtypes"), so for those two the error means NumPy 1.24 to 1.26.
NUMPY_ALIASES_REMOVED = "1.24"
_BACK_IN_NUMPY2 = frozenset({"bool", "long"})


@FAMILY.entry(
    code="numpy-alias-removed",
    keywords=("module 'numpy' has no attribute", "was removed in the numpy 2.0 release"),
    title=N_("Code uses np.float/np.int/np.bool, which NumPy 1.24 removed"),
    patterns=(
        rx(
            r"module 'numpy' has no attribute '(?P<alias>float|int|bool|object|str|long|"
            r"unicode|complex)'"
        ),
        # NumPy 2.0's own message for the names it removed (numpy/__init__.py with
        # _expired_attrs_2_0.py): np.float_, np.NaN, np.Inf, np.unicode_, ...
        rx(
            r"`np\.(?P<np2>\w{1,40})` was removed in the NumPy 2\.0 release\."
            r"(?: (?P<advice>[^\n]{1,200}))?"
        ),
    ),
)
def _advise_alias(m: re.Match[str], ctx: Context) -> Advice:
    if m.groupdict().get("np2"):
        return _numpy2_removed(m, ctx)
    alias = m.group("alias")
    package = last_frame_package(ctx, m.start())
    if package is not None:
        package = distribution_of(package) or package
    facts: dict[str, object] = {"alias": f"np.{alias}"}
    if alias in _BACK_IN_NUMPY2:
        cause = _(
            "The code uses np.{alias}, an alias of Python's own {alias} that NumPy deprecated "
            "in 1.20 and removed in {removed}; NumPy 2.0 has np.{alias} again (as NumPy's own "
            "type), so the installed NumPy is one of 1.24 to 1.26."
        ).format(alias=alias, removed=NUMPY_ALIASES_REMOVED)
    else:
        cause = _(
            "The code uses np.{alias}, an alias of Python's own {alias} that NumPy deprecated "
            "in 1.20 and removed in {removed}; the installed NumPy is {removed} or newer."
        ).format(alias=alias, removed=NUMPY_ALIASES_REMOVED)
    if package is not None and package != "numpy":
        # An installed package written before 1.24: the environment's versions are out of
        # step, not the user's code.
        facts["package"] = package
        cause += sep() + _(
            "The line is in the installed package {package}: that release was written for "
            "an older NumPy."
        ).format(package=package)
        fix: tuple[str, ...] = (
            _("Upgrade {package} to a release made for NumPy {removed} or newer.").format(
                package=package, removed=NUMPY_ALIASES_REMOVED
            ),
            _(
                'Or keep the older NumPy it was written for: `python -m pip install "numpy<{removed}"`.'
            ).format(removed=NUMPY_ALIASES_REMOVED),
        )
        if alias in _BACK_IN_NUMPY2:
            fix += (
                _(
                    "Or upgrade NumPy to 2.0 or newer, which has np.{alias} again, when the "
                    "environment's other packages support NumPy 2."
                ).format(alias=alias),
            )
        return Advice(cause, fix, facts, key=alias, used_local_facts=ctx.known.local)
    fix = (
        _(
            "Use the builtin ({builtin}) or the sized type (np.{sized}) in the code instead of "
            "np.{alias}."
        ).format(alias=alias, builtin=_BUILTIN.get(alias, alias), sized=_SIZED[alias]),
        _(
            "If the traceback's last frame is inside an installed package (site-packages), "
            "that package was written for an older NumPy: upgrade it."
        ),
    )
    return Advice(cause, fix, facts, key=alias, kind="code", used_local_facts=ctx.known.local)


def _numpy2_removed(m: re.Match[str], ctx: Context) -> Advice:
    """NumPy 2.0's message for a name it removed: code written for NumPy 1 runs on NumPy 2.
    The package whose line it is must be upgraded (or NumPy kept below 2); the program's own
    line is the code's to change, as NumPy's message says."""
    name, advice = m.group("np2"), (m.group("advice") or "").strip()
    facts: dict[str, object] = {"alias": f"np.{name}", "removed_in": "numpy 2.0"}
    title = _("Code written for NumPy 1 uses a name NumPy 2.0 removed")
    package = last_frame_package(ctx, m.start())
    own_frame = (
        package is None and ctx.text.rfind('File "', max(0, m.start() - 3000), m.start()) != -1
    )
    said = _("NumPy's message says what to use: {advice}").format(advice=advice) if advice else ""
    if own_frame or package == "numpy":
        cause = _(
            "The program uses np.{name}, which NumPy 2.0 removed; the installed NumPy is 2.0 "
            "or newer. The line is in the program's own code."
        ).format(name=name)
        fix = (said or _("Replace np.{name} as NumPy 2.0's release notes say.").format(name=name),)
        return Advice(
            cause, fix, facts, title=title, key=name, kind="code", used_local_facts=ctx.known.local
        )
    cause = _(
        "np.{name} was removed in NumPy 2.0 and the installed NumPy is 2.0 or newer: the code "
        "that uses it was written for NumPy 1."
    ).format(name=name)
    older = _('Or keep NumPy 1 in this environment: `python -m pip install "numpy<2"`.')
    if package is not None:
        dist = distribution_of(package) or package
        facts["package"] = dist
        cause += sep() + _("The line is in the installed package {package}.").format(package=dist)
        env_fix: tuple[str, ...] = (
            _(
                "Upgrade {package} to a release made for NumPy 2: `python -m pip install -U "
                "{package}`."
            ).format(package=dist),
            older,
        )
    else:
        env_fix = (
            _(
                "If the traceback's last frame is inside an installed package (site-packages), "
                "upgrade that package to a release made for NumPy 2; if it is your own code, "
                "change it there."
            ),
            *((said,) if said else ()),
            older,
        )
    return Advice(cause, env_fix, facts, title=title, key=name, used_local_facts=ctx.known.local)


# What each removed alias meant as a NumPy type.
_SIZED = {
    "float": "float64",
    "int": "int64",
    "bool": "bool_",
    "complex": "complex128",
    "long": "int64",
    "unicode": "str_",
    "str": "str_",
    "object": "object_",
}
# The Python 3 builtin each alias stood for (np.long was Python 2's long, np.unicode its
# unicode).
_BUILTIN = {"long": "int", "unicode": "str"}


__all__ = ["FAMILY", "NUMPY_ALIASES_REMOVED", "TORCH_FIRST_NUMPY2", "TORCH_FIRST_NUMPY2_WINDOWS"]
