"""pip finding no release of a package other than PyTorch's (PyTorch's own are
`pip_versions`, CUDA-named variants `pip_variants`): nothing for this platform or Python,
or an index that offers only older releases than the requirement needs."""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from envdoctor import messages as msg
from envdoctor.explain.families.dgl import dgl_index_step, dgl_wheels_note
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import PIP_YANKED_ANCHOR
from envdoctor.i18n import N_, _
from envdoctor.values import parse_version

FAMILY = Family("pip_packages")

# Any distribution but torch's own (pip_versions); its extras and version specifier. A
# full stop the paste's own sentence put after it ("... found for dgl==2.2.1.") is not
# part of it: no name or version ends in one, and keeping it made a second answer.
_REQ = (
    r"(?P<req>(?P<dist>(?!torch(?:vision|audio)?(?![\w.-]))[A-Za-z][\w.-]{0,60}?)"
    r"(?:\[[^\]]{0,60}\])?(?P<spec>[=<>!~]=?[^\s(,]{1,40}(?:,[=<>!~]=?[^\s(,]{1,40}){0,3})?)"
    r"(?<!\.)\.?(?=[\s(]|$)"
)
_INDEX = re.compile(r"Looking in indexes: (?P<url>https?://[^\s,]{1,200})")
# pip 23.3+ (resolvelib/factory.py, pip#12225) prints the yanked releases apart, on the line
# before "Could not find a version": "Ignored the following yanked versions: 1.0, 1.1".
_YANKED = re.compile(
    r"Ignored the following yanked versions: (?P<versions>[\w.!+]{1,40}(?:, ?[\w.!+]{1,40}){0,300})"
)
_ARM = re.compile(r"\b(?P<arch>aarch64|arm64|armv7l|armv8l)\b")


@FAMILY.entry(
    code="pip-no-matching-package",
    keywords=(msg.PIP_NO_VERSION_ANCHOR, msg.PIP_NO_MATCHING_ANCHOR),
    title=N_("pip finds no matching release of a package"),
    patterns=(
        rx(
            msg.PIP_NO_VERSION
            + _REQ
            # "(from -r requirements.txt (line 3))": one nested pair of parentheses.
            + r"(?: \(from (?!versions:)(?P<parent>(?:[^()]|\([^()]{0,40}\)){1,120})\))? "
            + msg.PIP_FROM_VERSIONS
            + r"(?P<versions>[^)]{0,2000})\)"
        ),
        rx(msg.PIP_NO_MATCHING + _REQ),
    ),
    # A package with its own entry (a CUDA variant, one not on PyPI) is answered there; a
    # failed TLS check is why pip saw no versions at all.
    defers_to=frozenset(
        {
            "download-certificate-failed",
            "pip-cuda-variant-not-published",
            "pip-package-not-on-pypi",
        }
    ),
)
def _advise_no_package(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    dist, req, spec = groups["dist"], groups["req"], groups.get("spec") or ""
    facts: dict[str, object] = {"requirement": req, "package": dist}
    listed = groups.get("versions")
    versions = [v.strip() for v in (listed or "").split(",") if v.strip() not in ("", "none")]
    index = ctx.near(_INDEX, "looking in indexes", before=0)
    arm = ctx.near(_ARM, "aarch64", "arm64", "armv7l", "armv8l", before=0)
    if index is not None:
        facts["index"] = index.group("url")
    if arm is not None:
        facts["machine"] = arm.group("arch")
    if k.python_version:
        facts["python_version"] = k.python_version
    newest = _newest(versions)
    yanked = _yanked_matching(ctx, spec, versions)
    if newest is not None:
        facts["newest_available"] = str(newest)
    if yanked:
        facts["yanked"] = yanked
        return _advise_yanked(dist, req, yanked, newest, facts, ctx)
    if listed is not None and not versions:
        cause = _(
            "pip found no release of {dist} at all that this interpreter can install: the "
            "index it used has none for this platform and Python (only wheels for other "
            "operating systems, CPUs or Python versions), or does not carry {dist}."
        ).format(dist=dist)
        if arm is not None:
            cause += sep() + _(
                "This machine is {arch} (ARM): many packages publish wheels for x86_64 "
                "only; on a Jetson, the vendor's own wheels (NVIDIA, PaddlePaddle) are the "
                "ones that fit."
            ).format(arch=arm.group("arch"))
    elif newest is not None and spec and _needs_newer(spec, newest):
        cause = _(
            "The index offers {dist} up to {newest}, and {req} needs a newer one: the index "
            "(often a mirror) lags behind PyPI, or the newer releases need another Python "
            "(pip hides releases whose Requires-Python excludes this interpreter), or a "
            "newer Linux: many projects moved their wheels from manylinux2014 (glibc 2.17) "
            "to manylinux_2_28 (glibc 2.28), which CentOS/RHEL 7 cannot install (`ldd "
            "--version` shows the glibc), or the newer release has no file for this "
            "operating system or CPU at all (a project may publish a release for Linux "
            "only, or stop publishing macOS or Windows builds)."
        ).format(dist=dist, newest=newest, req=req)
    elif newest is not None and spec and not _satisfied(spec, versions):
        cause = _(
            "The index lists {dist} releases up to {newest}, but none matching {req}: that "
            "release has no file for this Python or platform (older releases often lack "
            "wheels for new Pythons), or it was removed from the index."
        ).format(dist=dist, newest=newest, req=req)
    else:
        cause = _(
            "pip found no release of {dist} matching {req} for this interpreter and "
            "platform on the index it used."
        ).format(dist=dist, req=req)
    fix = [
        _(
            "See what the index offers and why files are skipped: `python -m pip index "
            'versions {dist}` and `python -m pip install -v "{req}"` (it lists each file '
            "whose tags do not match)."
        ).format(dist=dist, req=req),
        _(
            "Compare with PyPI itself: `python -m pip index versions {dist} -i "
            "https://pypi.org/simple`; if PyPI has it, the mirror lags: use another mirror "
            "(`envdoctor mirrors` lists them) or PyPI."
        ).format(dist=dist),
        _(
            "Check the project's page for the Pythons and platforms it publishes wheels for "
            '(`python -c "import sys, platform; print(sys.version, platform.machine())"` '
            "shows yours)."
        ),
    ]
    if dist.lower() == "dgl":
        cause += sep() + dgl_wheels_note()
        fix.insert(0, dgl_index_step(req, k))
    if groups.get("parent"):
        facts["required_by"] = groups["parent"]
    return Advice(cause, tuple(fix), facts, key=req, used_local_facts=k.local)


def _yanked_matching(ctx: Context, spec: str, versions: list[str]) -> list[str]:
    """The yanked releases pip named that the requirement would take, when it lists none
    that is not yanked and the requirement is not an exact pin (which pip would honour)."""
    line = ctx.near(_YANKED, PIP_YANKED_ANCHOR, before=0, reach=2000)
    if line is None or _exact_pin(spec) or _satisfied(spec, versions):
        return []
    try:
        wanted = SpecifierSet(spec)
    except InvalidSpecifier:
        return []
    named = (v.strip() for v in line.group("versions").split(","))
    return [v for v in named if parse_version(v) is not None and wanted.contains(v, True)]


def _exact_pin(spec: str) -> bool:
    """pip's is_pinned (resolvelib/factory.py): `===`, or `==` without a `.*` wildcard."""
    try:
        wanted = SpecifierSet(spec)
    except InvalidSpecifier:
        return False
    return any(
        s.operator == "===" or (s.operator == "==" and not s.version.endswith(".*")) for s in wanted
    )


def _advise_yanked(
    dist: str,
    req: str,
    yanked: list[str],
    newest: Version | None,
    facts: dict[str, object],
    ctx: Context,
) -> Advice:
    # PEP 592 and pip's resolver (resolvelib/factory.py): a yanked release is skipped
    # unless the requirement pins it exactly with `==` (no `.*`) or `===`.
    shown = ", ".join(yanked[-5:])
    cause = _(
        "The releases of {dist} that {req} asks for were yanked from the index ({shown}): "
        "their authors withdrew them, usually for a defect. pip skips a yanked release "
        "unless the requirement pins that exact version with `==` or `===`; a wildcard "
        "(`==2.5.*`) or a range does not, so nothing is left that fits."
    ).format(dist=dist, req=req, shown=shown)
    if newest is not None:
        move = _(
            "Change the requirement to a release that is not yanked (pip listed them; the "
            "newest is {newest}), and move what must match it with it (the torch release a "
            "torch extension is built for, a plugin's host)."
        ).format(newest=newest)
    else:
        move = _(
            "Every release of {dist} pip could use here is yanked: use another package or "
            "a version of the project that no longer needs {dist}."
        ).format(dist=dist)
    fix = (
        move,
        _(
            "If you need that release anyway, pin it exactly: `python -m pip install "
            '"{dist}=={version}"` (pip installs it with a warning; read the reason it was '
            "yanked on the project's page first)."
        ).format(dist=dist, version=yanked[-1]),
        _(
            "`python -m pip index versions {dist}` lists the releases pip may choose (it "
            "leaves yanked ones out); the release history on the project's PyPI page marks "
            "the yanked ones and why."
        ).format(dist=dist),
    )
    return Advice(cause, fix, facts, key=req, used_local_facts=ctx.known.local)


def _newest(versions: list[str]) -> Version | None:
    parsed = [v for v in map(parse_version, versions) if v is not None]
    return max(parsed) if parsed else None


def _needs_newer(spec: str, newest: Version) -> bool:
    """Whether every version the specifier allows is newer than `newest` (">=1.1.0" or
    "==1.1.0" against a newest 1.0.2), so only newer releases would do."""
    try:
        wanted = SpecifierSet(spec)
    except InvalidSpecifier:
        return False
    if wanted.contains(newest, prereleases=True):
        return False
    floors = [
        floor
        for s in wanted
        if s.operator in (">=", ">", "==", "~=")
        and (floor := parse_version(s.version.rstrip(".*"))) is not None
    ]
    return bool(floors) and max(floors) > newest


def _satisfied(spec: str, versions: list[str]) -> bool:
    """Whether any listed version satisfies the specifier (pre-releases included, as pip
    lists them only when asked for)."""
    try:
        wanted = SpecifierSet(spec)
    except InvalidSpecifier:
        return True
    return any(
        wanted.contains(v, prereleases=True) for v in versions if parse_version(v) is not None
    )
