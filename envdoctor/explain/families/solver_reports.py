"""Resolvers other than pip's saying no set of versions fits: uv's PubGrub report (also
pixi's PyPI solve, which uses uv's resolver), PDM's conflicts, and the conda solvers'
strict channel priority (rattler, used by pixi and mamba 2).

pip's own conflict reports are resolvers.py's; a torch without a wheel for this platform
is pip_versions.py's pip-no-matching-torch, which these yield to.
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("solver_reports")

_NAME = r"[A-Za-z0-9][\w.\-]{0,80}"


def _project(name: str) -> str:
    """PEP 503's normal form: typing_extensions and typing-extensions are one project."""
    return re.sub(r"[-_.]+", "-", name).lower()


# uv's report ends every chain with this sentence (uv-resolver's pubgrub/report.rs), for
# the user's requirements, a workspace member's or an extra's.
@FAMILY.entry(
    code="uv-requirements-unsatisfiable",
    keywords=("requirements are unsatisfiable", "because you require"),
    title=N_("uv (or pixi) finds no versions that satisfy the requirements together"),
    patterns=(
        rx(
            r"Because (?P<chain>[^\n]{1,600}?),?\s+we can conclude that (?:your|the|"
            r"[\w.\-\[\]]{1,80}'s) requirements are unsatisfiable"
        ),
        # The same report cut before its conclusion (an issue title): "Because you require
        # a==1 and a==2" is PubGrub's own wording.
        rx(
            r"Because (?P<chain>you require "
            + _NAME
            + r"==[\w.+!]{1,40} and "
            + _NAME
            + r"==[\w.+!]{1,40})"
        ),
    ),
    specificity=2,
    defers_to=frozenset({"pip-no-matching-torch", "poetry-python-range-incompatible"}),
)
def _advise_uv(m: re.Match[str], ctx: Context) -> Advice:
    chain = m.group("chain")
    after = ctx.text[m.end() : m.end() + 1500]
    facts: dict[str, object] = {"report": chain[:200]}
    pinned = re.search(
        r"pinned by the conda solve[^:]{0,80}:\s*(?P<pin>" + _NAME + r"==[\w.+!]{1,40})", after
    )
    twice = re.search(
        r"you require (?P<a>(?P<name>"
        + _NAME
        + r")==[\w.+!]{1,40}) and (?P<b>(?P<other>"
        + _NAME
        + r")==[\w.+!]{1,40})",
        chain,
    )
    if twice and _project(twice.group("name")) != _project(twice.group("other")):
        twice = None
    not_found = re.search(r"(?P<name>" + _NAME + r") was not found in the package registry", chain)
    no_wheel = re.search(
        r"(?P<name>" + _NAME + r")[^\n]{0,60}? has no wheels with a matching "
        r"(?P<tag>platform tag|Python ABI tag|Python implementation tag|Python version)",
        chain,
    )
    fix: list[str]
    if pinned:
        pin = pinned.group("pin")
        facts["conda_pin"] = pin
        cause = _(
            "pixi solves the conda dependencies first and then the PyPI ones with the conda "
            "result fixed: the conda solve chose {pin}, which the PyPI requirements exclude."
        ).format(pin=pin)
        fix = [
            _(
                "Give the conda side the same limit as the PyPI side: a [constraints] entry in "
                "pixi.toml (or the version in [dependencies]) for that package, so the conda "
                "solve picks a version the PyPI packages accept."
            ),
            _(
                "Or drop the PyPI pin of that package, or let one side alone install it (in "
                "[dependencies] or in [pypi-dependencies], not both)."
            ),
        ]
    elif twice:
        facts["pins"] = [twice.group("a"), twice.group("b")]
        cause = _(
            "{a} and {b} are both asked for: two requirement lines, files or groups pin the "
            "same package to different versions, so no version satisfies both."
        ).format(a=twice.group("a"), b=twice.group("b"))
        fix = [
            _(
                "Keep one pin of {name}: search pyproject.toml, the requirements files and the "
                "command for every line that names it."
            ).format(name=twice.group("name"))
        ]
    elif not_found:
        name = not_found.group("name")
        facts["package"] = name
        cause = _(
            "The index uv asked has no project called {name}: a misspelt name, a package "
            "published only on another index (a company's, PyTorch's), or a mirror that does "
            "not carry it."
        ).format(name=name)
        fix = [
            _(
                "Check the name on the index (https://pypi.org/project/{name}/), and the index "
                "uv uses: --index-url / UV_INDEX_URL, or [[tool.uv.index]] in pyproject.toml."
            ).format(name=name)
        ]
    elif no_wheel:
        name = no_wheel.group("name")
        facts["package"] = name
        cause = _(
            "{name} publishes no wheel for this {tag}: the releases uv may choose were not "
            "built for this platform or Python (a too new Python, an ARM or 32-bit machine, "
            "macOS for a CUDA build)."
        ).format(name=name, tag=no_wheel.group("tag"))
        fix = [
            _(
                "Use a Python version and platform the package has wheels for (its files on "
                "the index list them), e.g. `uv python pin 3.12`, or a release of {name} that "
                "has them."
            ).format(name=name)
        ]
    else:
        cause = _(
            "uv found no set of versions that satisfies every requirement: one requirement "
            "pins a package to versions another one excludes. Its report is a chain: read it "
            "from 'you require' backwards to the two requirements that clash."
        )
        fix = [
            _(
                "Loosen your own pin of the package named on both sides, or choose a release of "
                "the package that depends on it whose requirement includes the version you need."
            )
        ]
    fix.append(
        _(
            "Then resolve again (`uv lock`, `uv pip install`, `pixi install`); uv's `help:` "
            "lines under the report name further hints."
        )
    )
    return Advice(cause, tuple(fix), facts, used_local_facts=ctx.known.local)


# PDM's resolution errors (pdm/cli/utils.py): conflicting requirements on one package, or
# dependencies that do not cover the project's requires-python.
@FAMILY.entry(
    code="pdm-resolution-conflict",
    keywords=("unable to find a resolution",),
    title=N_("PDM finds no versions that satisfy the requirements together"),
    patterns=(
        rx(
            r"Unable to find a resolution for (?P<pkg>" + _NAME + r")\s+because of the "
            # One requirement per line, "asgiref<3 (from project)"; the lines arrive
            # joined by single spaces.
            r"following conflicts:(?P<body>(?: [^\s()]{1,120} \(from [^()]{1,300}\)){1,12})"
        ),
        rx(
            r"Unable to find a resolution because the following dependencies don't work\s+on "
            r"all"
        ),
    ),
)
def _advise_pdm(m: re.Match[str], ctx: Context) -> Advice:
    groups = m.groupdict()
    if groups.get("pkg") is None:
        cause = _(
            "PDM locks for every Python in the project's requires-python, and some "
            "dependencies support only part of that range."
        )
        fix: tuple[str, ...] = (
            _(
                "Narrow requires-python in pyproject.toml to the range those dependencies "
                "support (PDM prints it as 'A possible solution'), e.g. add an upper bound."
            ),
        )
        return Advice(cause, fix, {}, key="python", used_local_facts=ctx.known.local)
    pkg = groups["pkg"]
    needs = re.findall(r"[^\s()]{1,120} \(from [^()]{1,300}\)", groups["body"])
    facts: dict[str, object] = {"package": pkg, "requirements": needs}
    cause = _(
        "The project and its dependencies ask for versions of {pkg} that exclude each other: "
        "{needs}."
    ).format(pkg=pkg, needs="; ".join(needs))
    fix = (
        _(
            "Loosen the constraint on {pkg} in pyproject.toml (or the dependency that brings "
            "the other one) so one version fits all."
        ).format(pkg=pkg),
        _(
            "If that is not possible, force one version in [tool.pdm.resolution.overrides] "
            "in pyproject.toml."
        ),
    )
    return Advice(cause, fix, facts, key=pkg, used_local_facts=ctx.known.local)


# rattler's solver (pixi, mamba 2, rattler-build): with strict channel priority a package
# is taken only from the first channel that has it (conda's channel_priority docs in
# conda/base/context.py; pixi's docs/advanced/channel_logic.md).
@FAMILY.entry(
    code="conda-strict-channel-priority",
    keywords=("strict channel priority",),
    title=N_("Strict channel priority hides the package version from another channel"),
    patterns=(
        rx(
            r"(?:(?P<pkg>" + _NAME + r") (?P<ver>[\w.+!]{1,40}) )?is excluded (?:because )?"
            r"due to strict channel priority(?: not using this option from: "
            r"'(?P<channel>[^']{1,200})')?"
        ),
    ),
)
def _advise_strict_priority(m: re.Match[str], ctx: Context) -> Advice:
    pkg, channel = m.group("pkg"), m.group("channel")
    facts: dict[str, object] = {"channel": channel} if channel else {}
    if pkg:
        facts["package"] = pkg
    cause = _(
        "The package is in more than one channel, and with strict channel priority the "
        "solver takes it only from the highest-priority channel that has it: the version "
        "from {channel} is excluded, and the one the other channel offers does not fit."
    ).format(channel=channel or _("the lower-priority channel"))
    if pkg:
        cause += sep() + _("Here: {pkg}.").format(pkg=pkg)
    fix = (
        _(
            'pixi: give the dependency its channel (`{ version = "*", channel = "..." }` '
            "in [dependencies]), reorder the channels list, or set `channel-priority = "
            '"flexible"` in [workspace].'
        ),
        _(
            "conda / mamba: ask for that channel's build (`conda install <channel>::<package>`), "
            "put the channel first, or `conda config --set channel_priority flexible`."
        ),
    )
    return Advice(cause, fix, facts, key=pkg or channel or "", used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
