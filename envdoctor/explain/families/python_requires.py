"""A package whose releases exclude this Python (PyTorch's own releases are `pip_versions`):
pip skipping releases for their Requires-Python, pip refusing a package's Requires-Python,
a package's own check of the interpreter, and Poetry refusing a project whose Python range
reaches outside a dependency's."""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from envdoctor import messages as msg
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("python_requires")

# pip's resolver (src/pip/_internal/resolution/resolvelib/factory.py) logs, before "Could not
# find a version", every candidate it dropped for its Requires-Python, for ALL the packages of
# that resolution (not only the one that failed): "Ignored the following versions that require
# a different python version: 0.1.0 Requires-Python >=3.6.0, <3.10; 0.10.0 Requires-Python ...".
_IGNORED = "ignored the following versions that require a different python version"
_ITEM = re.compile(r"(?P<version>[\w.!+-]{1,40})\s+Requires-Python\s+(?P<spec>[<>=!~][^;\n]{0,80})")
# Where pip's list ends: its next message, or a blank line.
_LIST_END = re.compile(r"ERROR:|Could not find a|No matching distribution|\n\s*\n")
# pip's check of an sdist's or a local project's metadata (req_install / resolvelib):
# "ERROR: Package 'tts' requires a different Python: 3.12.1 not in '<3.12,>=3.9.0'". PyTorch's
# own are answered by pip-no-matching-torch.
_TORCH = re.compile(r"torch(?:vision|audio|text|data)?$", re.IGNORECASE)
# A setup.py's or package's own guard, as TTS (setup.py of coqui-ai/TTS 0.x), TensorFlowTTS
# and revscoring print it: "TTS requires python >= 3.9 and < 3.12 but your Python version is
# 3.12.0", "TensorFlow TTS requires python >= 3.8, but your Python version is 3.7.3".
_OWN = "but your python version is"
# Poetry's solver (poetry/puzzle/solver.py, the PythonRequirementSolution of
# poetry/mixology/solutions): "The current project's supported Python range (>=3.12,<3.13) is
# not compatible with some of the required packages Python requirement:\n  - tts requires
# Python >=3.9.0, <3.12, so it will not be satisfied for Python >=3.12,<3.13"; Poetry 1.1 said
# "Python requirement (3.10.4)", Poetry 1.5+ also "will not be installable for".
_POETRY = "the current project's"
_POETRY_ITEM = re.compile(
    r"[-•*]\s{0,4}(?P<pkg>[\w.-]{1,80}) requires Python (?P<spec>[^\n]{1,80}?), so it will "
    r"not be (?:satisfied|installable) for Python (?P<excluded>[^\n]{1,80})"
)
_NO_MATCH = re.compile(
    msg.PIP_NO_MATCHING
    + r"(?P<dist>[A-Za-z][\w.-]{0,80})(?:\[[^\]]{0,60}\])?(?P<spec>[^\s(]{0,80})"
)
# Pythons tried against a range: 3.0 to 3.19 (a bound past them reads as "or newer").
_MINORS = range(0, 20)
# Packages whose maintained continuation is a fork under another name. Coqui's TTS stopped at
# 0.22.0 (Requires-Python <3.12); its maintainers point to Idiap's fork, on PyPI as coqui-tts,
# which supports Python 3.12 (idiap/coqui-ai-TTS#6, fixed by #11) and later
# (https://coqui-tts.readthedocs.io/en/latest/faq.html).
_FORKS = {"tts": "coqui-tts"}


def _minors(spec: str) -> list[int] | None:
    """The Python 3 minor versions a Requires-Python range accepts (any patch of them)."""
    try:
        specs = SpecifierSet(spec.replace(" ", ""))
    except InvalidSpecifier:
        return None
    out = []
    for minor in _MINORS:
        patches = (Version(f"3.{minor}.0"), Version(f"3.{minor}.99"))
        if any(specs.contains(v, prereleases=True) for v in patches):
            out.append(minor)
    return out


def _span(minors: list[int]) -> str:
    if not minors:
        return _("no Python 3 release")
    low, high = minors[0], minors[-1]
    if high == _MINORS[-1]:
        return _("3.{low} or newer").format(low=low)
    if low == high:
        return f"3.{low}"
    return f"3.{low}-3.{high}"


def _suggested(minors: list[int]) -> str | None:
    """The Python to create an environment with: the newest a bounded range accepts, else
    its lowest (an open range's top is no release yet)."""
    if not minors:
        return None
    return f"3.{minors[0] if minors[-1] == _MINORS[-1] else minors[-1]}"


def _minor_of(python: str | None) -> int | None:
    m = re.match(r"3\.(\d{1,2})", python or "")
    return int(m.group(1)) if m else None


def _fix(pkg: str | None, minors: list[int], python: str | None) -> list[str]:
    fix: list[str] = []
    use = _suggested(minors)
    if use is not None:
        fix.append(
            _(
                "Install with a Python these releases accept ({span}): create an environment "
                "with it (`conda create -n py{short} python={use}`, `uv venv --python {use}`, "
                "or `py -{use} -m venv .venv` on Windows) and install there."
            ).format(span=_span(minors), use=use, short=use.replace(".", ""))
        )
    fork = _FORKS.get((pkg or "").lower())
    if pkg and fork:
        fix.append(
            _(
                "{pkg} is no longer maintained; its maintained fork supports newer Pythons and "
                "keeps the same import name: `pip install {fork}`."
            ).format(pkg=pkg, fork=fork)
        )
    minor = _minor_of(python)
    if pkg and not fork and minor is not None and minors and minor > minors[-1]:
        fix.append(
            _(
                "Or keep Python {python} and look for a newer release or a maintained fork of "
                "{pkg} that supports it (its PyPI page lists 'Requires: Python')."
            ).format(python=python, pkg=pkg)
        )
    elif pkg and minor is not None and minors and minor < minors[0]:
        fix.append(
            _(
                "Or keep Python {python} and pin an older release of {pkg} that still "
                "supported it (its PyPI release history shows each release's 'Requires: "
                "Python')."
            ).format(python=python, pkg=pkg)
        )
    return fix


@FAMILY.entry(
    code="package-python-unsupported",
    keywords=(_IGNORED, "requires a different python:", _OWN),
    title=N_("The package's releases do not support this Python version"),
    patterns=(
        rx(r"Ignored the following versions that require a different python version:"),
        rx(
            r"Package '(?P<pkg>[\w.-]{1,80})' requires a different Python: "
            r"(?P<python>\d[\d.]{0,10}) not in '(?P<spec>[^']{1,80})'"
        ),
        rx(
            r"(?P<pkg>[A-Za-z][\w.-]{0,40}(?: [A-Za-z][\w.-]{0,40}){0,2}) requires python "
            r"(?P<spec>[^\n]{1,60}?),? but your Python version is (?P<python>\d+\.\d+(?:\.\d+)?)"
        ),
    ),
    specificity=3,
)
def _advise_unsupported(m: re.Match[str], ctx: Context) -> Advice | None:
    groups = m.groupdict()
    if groups.get("spec") is None:
        return _ignored_list(m, ctx)
    pkg, python, spec = groups["pkg"], groups["python"], groups["spec"]
    if _TORCH.match(pkg):
        return None
    # "python >= 3.9 and < 3.12", "Python '>=3'", "Python 3.7 or higher".
    readable = re.sub(r"\s*\band\b\s*", ",", spec.strip(" '\"")).replace(" ", "")
    readable = re.sub(r"^(\d[\d.]*)(?:orhigher|ornewer|\+)$", r">=\1", readable)
    minors = _minors(readable) or []
    facts: dict[str, object] = {"package": pkg, "python_version": python, "requires_python": spec}
    cause = _(
        "{pkg} supports Python {span} only ({spec}), and this interpreter is Python {python}: "
        "it refuses to install or run here. This is about the Python version, not about "
        "PyTorch or CUDA."
    ).format(pkg=pkg, span=_span(minors), spec=spec.strip(), python=python)
    return Advice(cause, tuple(_fix(pkg, minors, python)), facts)


def _ignored_list(m: re.Match[str], ctx: Context) -> Advice | None:
    """pip's list of skipped releases; the package named only when the requirement that
    failed next pins a version the list holds (the list also has other packages' releases)."""
    rest = ctx.text[m.end() : m.end() + 20000]
    end = _LIST_END.search(rest)
    items = list(_ITEM.finditer(rest[: end.start()] if end else rest))
    parsed: list[tuple[Version, list[int]]] = []
    for item in items:
        try:
            version = Version(item.group("version"))
        except InvalidVersion:
            continue
        minors = _minors(item.group("spec").strip())
        if minors is not None:
            parsed.append((version, minors))
    python = ctx.known.python_version
    if not parsed:  # the list cut off (an issue's title)
        if ctx.has("no matching distribution found for"):
            return None
        cause = _(
            "pip skipped releases because their Requires-Python excludes this interpreter "
            "(the list after this line names each release and the Pythons it needs)."
        )
        step = _(
            "Install with a Python that the releases accept: create an environment with it "
            "(`conda create -n NAME python=3.X`, `uv venv --python 3.X`) and install there."
        )
        return Advice(cause, (step,), {"python_version": python} if python else {})
    failed = ctx.near(_NO_MATCH, "no matching distribution found for", before=0, reach=120)
    pkg: str | None = None
    chosen = parsed
    if failed is not None:
        if _TORCH.match(failed.group("dist")):
            return None
        try:
            wanted = SpecifierSet(failed.group("spec").rstrip("."))
        except InvalidSpecifier:
            wanted = SpecifierSet()
        # Only an exact pin ties the list to the failed package: version numbers of other
        # packages fall into a range (numpy's 1.21.2 into onnxruntime>=1.14.1).
        exact = all(s.operator in ("==", "===") and "*" not in s.version for s in wanted)
        chosen = [p for p in parsed if exact and str(wanted) and wanted.contains(p[0], True)]
        if not chosen:
            # The releases pip skipped are not the ones that failed (often numpy's or scipy's
            # next to a package with no file for this platform): pip-no-matching-package says.
            return None
        pkg = failed.group("dist")
    accepted = sorted({minor for _v, minors in chosen for minor in minors})
    newest = max(chosen, key=lambda p: p[0])
    facts: dict[str, object] = {
        "skipped_releases": len(chosen),
        "newest_skipped": str(newest[0]),
        "pythons_accepted": _span(accepted),
    }
    if pkg:
        facts["package"] = pkg
    if python:
        facts["python_version"] = python
    if pkg:
        cause = _(
            "Every release of {pkg} that matches the requirement needs another Python: pip "
            "skipped them for their Requires-Python (together they accept Python {span}), so "
            "nothing was left to install."
        ).format(pkg=pkg, span=_span(accepted))
    else:
        cause = _(
            "pip skipped {count} releases because their Requires-Python excludes this "
            "interpreter: together they accept Python {span} (the newest, {newest}, needs "
            "Python {newest_span}). When none is left of a package pip needs, the install "
            "fails."
        ).format(
            count=len(chosen),
            span=_span(accepted),
            newest=newest[0],
            newest_span=_span(newest[1]),
        )
    if python:
        cause += sep() + _("Your Python is {version}.").format(version=python)
    fix = _fix(pkg, accepted, python)
    if not pkg:
        fix.append(
            _(
                "pip lists the skipped releases of every package it resolved: the package "
                "named in the 'No matching distribution found for' line after this one is the "
                "one that failed."
            )
        )
    return Advice(cause, tuple(fix), facts)


@FAMILY.entry(
    code="poetry-python-range-incompatible",
    keywords=(_POETRY,),
    title=N_("Poetry: the project's Python range is wider than a dependency supports"),
    patterns=(
        rx(
            r"The current project's (?:supported Python range|Python requirement) "
            r"\((?P<project>[^)\n]{1,80})\) is not compatible"
        ),
    ),
)
def _advise_poetry(m: re.Match[str], ctx: Context) -> Advice | None:
    item = _POETRY_ITEM.search(ctx.text, m.end(), m.end() + 1200)
    project = m.group("project")
    if item is None:  # cut before the list of packages (an issue's title)
        cause = _(
            "Poetry resolves for every Python your project declares ({project}), and a "
            "dependency supports only part of that range (the lines after this one name it "
            "and its range)."
        ).format(project=project)
        step = _(
            "Narrow the project's Python in pyproject.toml to the range that dependency "
            "supports, or restrict the dependency to the Pythons it supports with a "
            '`python = "..."` marker.'
        )
        return Advice(cause, (step,), {"project_python": project})
    pkg, spec = item.group("pkg"), item.group("spec").strip()
    project_minors = _minors(project.replace("^", ">=")) or []
    pkg_minors = _minors(spec.replace("^", ">=")) or []
    both = [minor for minor in project_minors if minor in pkg_minors]
    facts: dict[str, object] = {
        "package": pkg,
        "requires_python": spec,
        "project_python": project,
    }
    # Poetry resolves for every Python the project declares, not only the one running
    # (https://python-poetry.org/docs/faq/): a dependency must cover the whole range.
    cause = _(
        "Poetry resolves for every Python your project declares ({project}), and {pkg} "
        "supports Python {spec} only, so Poetry refuses it for the rest of that range. It is "
        "not about the Python that is running."
    ).format(project=project, pkg=pkg, spec=spec)
    fix: list[str] = []
    if both:
        narrowed = f">=3.{both[0]},<3.{both[-1] + 1}"
        if both[-1] == _MINORS[-1]:  # open above: keep the project's own upper bound
            upper = re.search(r"<=?\s*[\d.]+", project)
            narrowed = f">=3.{both[0]}" + (f",{upper.group(0)}" if upper else "")
        # Exclusions finer than a minor ("!=3.9.7", streamlit's) are kept as they are: a
        # range of whole minors would still hold the excluded release.
        exclusions = re.findall(r"!=\s*[\d.*]+", spec)
        if exclusions:
            narrowed += "," + ",".join(e.replace(" ", "") for e in exclusions)
        fix.append(
            _(
                "Narrow the project's Python in pyproject.toml to what both allow: `python = \""
                '{narrowed}"` under [tool.poetry.dependencies] (or `requires-python = '
                '"{narrowed}"` under [project]), then run Poetry again.'
            ).format(narrowed=narrowed)
        )
        fix.append(
            _(
                "Or, if {pkg} is needed only on some Pythons, restrict it with a marker: "
                '`{pkg} = {{ version = "...", python = "{spec}" }}`.'
            ).format(pkg=pkg, spec=spec)
        )
    else:
        cause += sep() + _(
            "No Python is in both ranges: no release of {pkg} supports the Python this "
            "project needs."
        ).format(pkg=pkg)
        fork = _FORKS.get(pkg.lower())
        if fork:
            fix.append(
                _(
                    "{pkg} is no longer maintained; its maintained fork supports newer Pythons "
                    "and keeps the same import name: depend on {fork} instead (`poetry remove "
                    "{pkg} && poetry add {fork}`)."
                ).format(pkg=pkg, fork=fork)
            )
        use = _suggested(pkg_minors)
        if use is not None:
            fix.append(
                _(
                    "Or set the project to a Python {pkg} supports ({span}) in pyproject.toml "
                    "and create its environment with it (`poetry env use {use}`)."
                ).format(pkg=pkg, span=_span(pkg_minors), use=use)
            )
    return Advice(cause, tuple(fix), facts)


# Operands that are classes or typing's objects: `int | None` evaluated on Python < 3.10 (PEP
# 604, Python-Version 3.10, quotes "unsupported operand type(s) for |: 'type' and 'type'");
# `list[int] | None` gives types.GenericAlias, a class with a metaclass (ABCMeta, EnumMeta)
# its metaclass' name. NoneType only beside one of them (`None | None` fails everywhere); a
# string (a forward reference, "Foo" | None) fails on every Python too: the code's.
_TYPE_OPERAND = (
    r"(?:type|\w{0,30}Meta|(?:types\.|typing\.)?_?GenericAlias|(?:typing\.)?_SpecialForm|"
    r"(?:typing\.)?_UnionGenericAlias|(?:typing\.)?_LiteralGenericAlias)"
)


@FAMILY.entry(
    code="python-too-old-for-code",
    keywords=("unsupported operand type(s) for |",),
    title=N_("The code needs a newer Python than the one that runs it"),
    patterns=(
        rx(
            r"unsupported operand type\(s\) for \|: "
            rf"(?:'{_TYPE_OPERAND}' and '(?:{_TYPE_OPERAND}|NoneType)'"
            rf"|'NoneType' and '{_TYPE_OPERAND}')"
        ),
        # `dict | dict`: the dict union operators came with Python 3.9 (PEP 584).
        rx(r"unsupported operand type\(s\) for \|=?: 'dict' and 'dict'(?P<dict>)"),
    ),
)
def _advise_old_python(m: re.Match[str], ctx: Context) -> Advice:
    needed = "3.9" if m.groupdict().get("dict") is not None else "3.10"
    python = ctx.known.python_version
    facts: dict[str, object] = {"python_needed": needed}
    if m.groupdict().get("dict") is not None:
        cause = _(
            "The code merges dicts with `|`, which Python has only from 3.9 on (PEP 584): the "
            "Python that runs it is older."
        )
    else:
        cause = _(
            "The code writes type unions as `X | Y` (`int | None`), which Python evaluates only "
            "from 3.10 on (PEP 604): the Python that runs it is older, and the line fails as "
            "soon as it is run or its annotations are evaluated."
        )
    if python:
        facts["python_version"] = python
        cause += sep() + _("The paste shows Python {python}.").format(python=python)
    fix = (
        _(
            "Check the Python the project requires (its pyproject.toml's requires-python or "
            "README) and run it with Python {needed} or newer: create the venv or conda "
            "environment with that Python (`conda create -n <name> python=<version>`, "
            "`uv venv --python <version>`), then install the requirements into it."
        ).format(needed=needed),
        _(
            "If the Python must stay, use a release of the project that still supports it, "
            "when there is one."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)
