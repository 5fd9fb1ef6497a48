"""The uv / poetry / pip wordings of "no wheel of torch for this Python or platform",
which `pip-no-matching-torch` reports: the refusal's own facts first, then what the paste
shows about the Python and the platform (`wheel_platforms`)."""

from __future__ import annotations

import re

from envdoctor.compat.versions import TorchVersion
from envdoctor.explain.knowledge import index_url, release_pythons
from envdoctor.explain.model import Context
from envdoctor.explain.spec import rx, sep
from envdoctor.explain.wheel_platforms import (
    glibc_advice,
    glibc_short,
    intel_mac,
    platform_not_python,
    python_fit,
    python_platform_note,
)
from envdoctor.i18n import _
from envdoctor.matrix.model import Matrix

# torch and the packages released with it, as requirement names in resolver messages.
TORCH_PKG = r"torch(?:vision|audio|text|data)?"

# poetry 2's explanation under "Unable to find installation candidates": "24 wheel(s) were
# skipped as your project's environment does not support the identified abi tags".
_POETRY_SKIPPED_ANCHOR = "were skipped as your project's environment"
_POETRY_SKIPPED = re.compile(
    r"(?P<n>\d{1,4}) wheel\(s\) were skipped as your project's environment does not "
    r"support the identified (?P<what>abi|platform) tags"
)

RESOLVER_NO_WHEEL = (
    # uv 0.4+: the tag that matched no wheel, with an example of this machine's tag.
    # "and torch>=2.6.0,<=2.10.0+cpu has no wheels ..." when uv narrowed a range first.
    rx(
        # The lead-in may be cut or re-typed ("× No solution found … torch>=2.4.0 has ...").
        r"(?:(?:Because|and) )?(?<![\w.-])(?P<req>"
        + TORCH_PKG
        + r"(?:\{[^}]{0,80}\})?(?:==[\w.+]{1,40}|"
        r"[<>!~]=?[\w.+*]{1,40}(?:,[<>=!~]=?[\w.+*]{1,40}){0,3})) has no wheels "
        r"with a matching (?P<tag>platform|Python ABI|Python implementation|Python version) "
        r"tag(?: \(e\.g\., `(?P<want>[\w.]{1,60})`\))?"
    ),
    # uv's hint under the same refusal: "You're on macOS (`macosx_15_0_arm64`), but `torch`
    # (v2.8.0+cu128) only has wheels for the following platforms: ...".
    rx(
        r"You're on \w[\w ]{0,20} \(`(?P<want>[\w.]{1,60})`\), but `(?P<req>" + TORCH_PKG + r")` "
        r"\(v(?P<reqver>[\w.+]{1,40})\) only has wheels?(?: for the following (?P<tag>platform)s?)?"
    ),
    # uv's hint for an interpreter no wheel was built for (uv-resolver lock/mod.rs): "You're
    # using CPython 3.12 (`cp312`), but `torch` (v2.2.2) only has wheels with the following
    # Python ABI tags: `cp38`, ...".
    rx(
        r"You're using \w[\w -]{0,30}? \d\.\d{1,2} \(`?(?P<want>cp\d{2,3}t?)`?\), but "
        r"`?(?P<req>" + TORCH_PKG + r")`? \(v(?P<reqver>[\w.+]{1,40})\) only has wheels "
        r"with the following (?P<tag>Python ABI) tags?"
    ),
    # uv before 0.4 (and its "has no wheels are available" wording of 0.2).
    rx(
        r"Because (?P<req>" + TORCH_PKG + r"==[\w.+]{1,40}) (?:is unusable because no|has no) "
        r"wheels are available with a matching (?P<tag>platform|Python implementation|Python ABI)"
    ),
    # uv resolving per platform ("split"): a pin with no wheel for one of the splits.
    rx(
        r"(?P<req>" + TORCH_PKG + r"(?:\{[^}]{0,80}\})?==[\w.+]{1,40}) has no `[^`]{1,160}`"
        r"-compatible wheels(?P<split>)"
    ),
    rx(
        r"Because there is no version of (?P<req>"
        + TORCH_PKG
        + r"(?:\{[^}]{0,80}\})?==[\w.+]{1,40})(?P<absent>)"
    ),
    # poetry.
    rx(
        r"Unable to find installation candidates for (?P<req>"
        + TORCH_PKG
        + r" \([\w.+]{1,40}\))(?P<poetry>)"
    ),
    # pip when the only candidates need another Python.
    # uv's installer when the lock picked a release with no file for this interpreter.
    rx(
        r"Distribution `(?P<req>" + TORCH_PKG + r"==[\w.+]{1,40}) @ [^`]{1,200}` can't be "
        r"installed because it doesn't have a source distribution or wheel for the current "
        r"platform(?P<uvdist>)"
    ),
    rx(
        r"Package '(?P<req>" + TORCH_PKG + r")' requires a different Python: "
        r"(?P<python>\d[\d.]*) not in '(?P<spec>[^']{1,40})'"
    ),
)


def resolver_no_wheel(
    m: re.Match[str], ctx: Context
) -> tuple[str, list[str], dict[str, object]] | None:
    """Cause, fix and facts when `m` is one of RESOLVER_NO_WHEEL's wordings, else None.
    The paste's Python (ctx.known) is never the one to suggest."""
    matrix, python = ctx.matrix, ctx.known.python_version
    groups = dict(m.groupdict())
    req = groups.get("req") or ""
    if groups.get("reqver"):
        req = f"{req}=={groups['reqver']}"
        # uv's platform hint, also when cut before "for the following platforms".
        groups["tag"] = groups.get("tag") or "platform"
    facts: dict[str, object] = {"requirement": req}
    local = re.search(r"\+(cu\d{2,3}|cpu|rocm[\d.]+)", req)
    labelled = None if local else _label_nearby(m)
    if groups.get("split") is not None:
        groups["tag"] = "platform"
    if groups.get("tag"):
        facts["tag_kind"] = groups["tag"]
        if groups.get("want"):
            facts["machine_tag"] = groups["want"]
        if groups.get("split") is not None and "win32" in m.group(0) and local:
            cause, fix = _windows_split(req, local.group(1))
        elif groups["tag"] == "platform":
            cause, fix = _platform_tag(m, req, groups, matrix)
        else:
            cause = _(
                "{req} has no wheel for this Python{tag}: that torch release was not built for "
                "this Python version (too new or too old)."
            ).format(req=req, tag=f" ({groups['want']})" if groups.get("want") else "")
            fix = [
                _python_step(m, matrix, req, groups.get("want") or python, facts),
                _("Or choose a torch release built for your Python."),
            ]
    elif groups.get("uvdist") is not None and (platform := _platform_only(req, ctx, facts)):
        cause, fix = platform
    elif groups.get("uvdist") is not None:
        cause = _(
            "uv chose {req}, and that release has no file (wheel or source) for this "
            "interpreter and platform: this Python is newer (or older) than the release was "
            "built for, or the platform gets no torch wheels at all (Intel Macs after torch "
            "{last}, Alpine/musl, 32-bit)."
        ).format(req=req, last=getattr(matrix.torch.last_for("macos-x86_64"), "last", "?"))
        python = _python_to_pin(m, matrix, req, python)
        if python is not None:
            facts["suggested_python"] = python
            fix = [
                _(
                    "Pin a Python that release has wheels for: `uv python pin {python}`, then "
                    "`uv sync`; or allow a newer torch."
                ).format(python=python)
            ]
        else:
            fix = [
                _(
                    "Pin a Python that release has wheels for (pypi.org/project/torch lists "
                    "its files) with `uv python pin`, then `uv sync`; or allow a newer torch."
                )
            ]
    elif groups.get("python"):
        facts["python_version"] = groups["python"]
        facts["requires_python"] = groups["spec"]
        cause = _(
            "The {req} release pip found requires Python {spec}, and this interpreter is "
            "Python {python}."
        ).format(req=req, spec=groups["spec"], python=groups["python"])
        fix = [
            _(
                "Use a Python version inside {spec}, or a torch release that supports Python {python}."
            ).format(spec=groups["spec"], python=groups["python"])
        ]
    elif groups.get("poetry") is not None or groups.get("absent") is not None:
        cause = _(
            "The resolver found no {req} on the indexes it uses. Local variants (+cu121, "
            "+cpu) exist only on the PyTorch index; uv stops at the first index that has "
            "torch at all, and poetry only asks a source that is configured for the package."
        ).format(req=req)
        if local:
            facts["variant"] = local.group(1)
        fix = _index_steps(
            local.group(1) if local else None,
            groups.get("poetry") is not None,
            pixi=ctx.has("pixi", "failed to resolve pypi dependencies"),
        )
        skipped = ctx.near(_POETRY_SKIPPED, _POETRY_SKIPPED_ANCHOR, before=12)
        if skipped is not None:
            cause, fix = _poetry_skipped(skipped, req, facts), []
        cause = _no_candidates(req, cause, fix, facts, ctx, poetry=groups.get("poetry") is not None)
    else:
        return None
    if labelled is not None and groups.get("tag") and "==" in req:
        cause = _labelled_pin(req, labelled.group("variant"), facts, fix)
    return cause, fix, facts


# uv's hint after the refusal: the ABI tags the release has wheels for.
_ABI_TAGS = re.compile(
    r"only has wheels with the following Python ABI tags?: (?P<tags>`?\w{2,12}`?"
    r"(?:, `?\w{2,12}`?){0,20})"
)
_CP_TAG = re.compile(r"\bcp3(\d{1,2})\b")


def _python_to_pin(m: re.Match[str], matrix: Matrix, req: str, failing: str | None) -> str | None:
    """The newest Python the release has wheels for, never the one that failed: from the
    tags uv's hint lists, else from the matrix's Python range of that release."""
    bad = _CP_TAG.fullmatch(failing or "") or re.match(r"3\.(\d{1,2})\b", failing or "")
    skip = f"3.{bad.group(1)}" if bad else None
    hint = _ABI_TAGS.search(m.string, m.start(), m.end() + 1500)
    if hint is not None:
        minors = sorted(int(x) for x in _CP_TAG.findall(hint.group("tags")))
        ok = [f"3.{n}" for n in minors if f"3.{n}" != skip]
        return ok[-1] if ok else None
    if not req.startswith("torch"):
        return None
    pythons = release_pythons(matrix, re.sub(r"^[\w-]+\s*(?:==|\()\s*|\)$", "", req))
    newest = pythons[2] if pythons is not None else None
    if newest is None:
        return None
    # The newest the release supports, else the one before it when that one failed.
    minor = int(newest.split(".")[1])
    return newest if newest != skip else f"3.{minor - 1}"


def _python_step(
    m: re.Match[str], matrix: Matrix, req: str, failing: str | None, facts: dict[str, object]
) -> str:
    python = _python_to_pin(m, matrix, req, failing)
    if python is None:
        return _(
            "Use a Python version that release supports (pypi.org/project/torch lists them) "
            "and pin it with `uv python pin`."
        )
    facts["suggested_python"] = python
    return _(
        "Use a Python version that release has wheels for, e.g. `uv python pin {python}`."
    ).format(python=python)


def _index_steps(variant: str | None, poetry: bool, *, pixi: bool = False) -> list[str]:
    """uv's and poetry's (and pixi's) way to the PyTorch index, the tool the paste comes
    from first."""
    uv_step = _(
        "uv: declare the PyTorch index for torch ([[tool.uv.index]] with "
        "explicit = true and [tool.uv.sources] torch = { index = ... }), or pass "
        "--index-strategy unsafe-best-match for a one-off."
    )
    if variant:
        poetry_step = _(
            "poetry: `poetry source add --priority=explicit pytorch {url}` and `poetry add "
            "torch --source pytorch`."
        ).format(url=index_url(variant))
    else:
        poetry_step = _(
            "poetry: `poetry source add --priority=explicit pytorch "
            "https://download.pytorch.org/whl/<variant>` and `poetry add "
            "torch --source pytorch`."
        )
    steps = [poetry_step, uv_step] if poetry else [uv_step, poetry_step]
    if pixi:
        # pixi's setting for its PyPI dependencies (pixi.toml [pypi-options]).
        steps.insert(
            0,
            _(
                "pixi: add the PyTorch index to [pypi-options] (`extra-index-urls = "
                '["{url}"]` in pixi.toml, or [tool.pixi.pypi-options] in pyproject.toml).'
            ).format(url=index_url(variant or "<variant>")),
        )
    return steps


def _platform_only(
    req: str, ctx: Context, facts: dict[str, object]
) -> tuple[str, list[str]] | None:
    """uv's installer found no file of a release whose Pythons include the paste's."""
    pinned = TorchVersion.parse(req.partition("==")[2])
    release = ctx.matrix.release(pinned.release) if pinned is not None else None
    if release is None or not req.startswith("torch=="):
        return None
    return platform_not_python(req, release, ctx, facts)


def _poetry_skipped(skipped: re.Match[str], req: str, facts: dict[str, object]) -> str:
    """poetry 2 found the release's wheels and none fits this environment: not the index."""
    what = skipped.group("what")
    facts["skipped_for"] = f"{what} tags"
    cause = _(
        "poetry found {n} wheel(s) of {req} and skipped all of them because their {what} "
        "tags fit none of this project environment's; the index is not the problem."
    ).format(n=skipped.group("n"), req=req, what=what)
    return (
        cause
        + sep()
        + (
            _(
                "ABI tags name the Python version: the environment's Python is one the release has no wheel for."
            )
            if what == "abi"
            else _("Platform tags name the OS and CPU: the release has no wheel for this machine.")
        )
    )


def _no_candidates(
    req: str, cause: str, fix: list[str], facts: dict[str, object], ctx: Context, *, poetry: bool
) -> str:
    """poetry or uv found no candidate of a torch pin: the Python and the platform first
    when the paste shows they do not fit, else the indexes (`cause`), then those as the
    other usual reasons. Adds its steps to `fix`, returns the cause."""
    pinned = TorchVersion.parse(re.sub(r"^[\w-]+\s*(?:==|\()\s*|\)$", "", req))
    release = ctx.matrix.release(pinned.release) if pinned is not None else None
    if release is None or not req.startswith("torch"):
        return cause
    facts["release_python"] = release.python
    fits = python_fit(release, ctx, facts)
    if fits is not None:
        lead, newest = fits
        if newest is not None:
            facts["suggested_python"] = newest
            step = (
                _(
                    "Use Python {newest} for this project: `poetry env use {newest}`, then `poetry install`."
                )
                if poetry
                else _(
                    "Use Python {newest} for this project: `uv python pin {newest}`, then `uv sync`."
                )
            ).format(newest=newest)
            fix.insert(0, step)
        return lead + sep() + _("(Otherwise: {cause})").format(cause=cause)
    end = ctx.matrix.torch.last_for("macos-x86_64")
    last = TorchVersion.parse(end.last) if end is not None else None
    if (
        end is not None
        and last is not None
        and pinned is not None
        and pinned.version.release > last.version.release
        and intel_mac(ctx)
    ):
        # A Mac's paste, no sign of Apple silicon, a Python the release fits: the platform.
        facts["intel_mac_last"] = end.last
        fix.insert(
            0,
            _(
                "On an Intel Mac pin torch {last} (the last release with wheels for it), or "
                "run the project on Apple silicon or Linux."
            ).format(last=end.last),
        )
        return (
            _(
                "This paste is from a Mac with no sign of Apple silicon, and torch {release} "
                "has no wheels for Intel Macs: the last release with them is {last}."
            ).format(release=release.release, last=end.last)
            + sep()
            + _("(Otherwise: {cause})").format(cause=cause)
        )
    # The other usual reasons: no wheel of that release for this Python, or this platform.
    cause += (
        sep()
        + _(
            "torch {release} has wheels for Python {spec} only: with another Python "
            "(`python --version`) no index has it; pick a Python in that range or a "
            "newer torch."
        ).format(release=release.release, spec=release.python)
        + python_platform_note(release)
    )
    ruled_out = ctx.known.os in ("Linux", "Windows") or ctx.known.machine == "arm64"
    newer = (
        pinned is not None and last is not None and pinned.version.release > last.version.release
    )
    if end is not None and "+" not in req and not ruled_out and (newer or intel_mac(ctx)):
        cause += sep() + _(
            "On an Intel Mac no torch after {last} exists at all: pin torch {last} there."
        ).format(last=end.last)
    if ctx.known.python_version is None:
        # First where the release's newest Python has wheels on some platforms only.
        # Not first for a local variant (+cu121) outside poetry: only the PyTorch index has
        # those, and a poetry lock names the source it came from (errors_blind85/91).
        index_first = "+" in req and not poetry
        fix.insert(
            0 if release.python_platforms and not index_first else len(fix),
            _(
                "First check the Python the environment uses (`poetry env info`, "
                "`python --version`) against that range."
            ),
        )
    return cause


def _platform_tag(
    m: re.Match[str], req: str, groups: dict[str, str | None], matrix: Matrix
) -> tuple[str, list[str]]:
    """No wheel of `req` for this platform: what exists where, and an Intel Mac's end."""
    short = glibc_short(m, groups.get("want"))
    if short is not None:
        return glibc_advice(req, *short)
    end = matrix.torch.last_for("macos-x86_64")
    cause = _(
        "{req} has no wheel for this platform{tag}. PyTorch's CUDA builds (+cuXXX) "
        "exist only for Linux and Windows on x86_64 (and some Linux aarch64); macOS "
        "gets CPU/MPS wheels only."
    ).format(req=req, tag=f" ({groups['want']})" if groups.get("want") else "")
    if end is not None:
        cause += sep() + _("Intel Macs have none after torch {last}.").format(last=end.last)
    fix = []
    want = groups.get("want") or ""
    if re.fullmatch(r"macosx\S*x86_64", want) and end is not None:
        fix.append(
            _(
                "This Python is an x86_64 (Intel) one on macOS: on an Intel Mac the "
                "newest torch is {last}; on Apple silicon it runs under Rosetta - "
                "install an arm64 Python (python.org universal2, Miniforge arm64, "
                "`uv python install` on the Mac itself) and the packages again in it."
            ).format(last=end.last)
        )
    fix += [
        _(
            "Use a version or variant that has a wheel for this platform (PyPI's plain `torch` on macOS)."
        ),
        _(
            "In a uv project shared between platforms, take the CUDA index only on "
            'Linux/Windows with markers ([tool.uv.sources] with `marker = "sys_platform '
            "!= 'darwin'\"`)."
        ),
    ]
    return cause, fix


def _label_nearby(m: re.Match[str]) -> re.Match[str] | None:
    """The build label a plain pin lacks: a labelled version uv lists as available, or the
    PyTorch index the command named."""
    return _LABELLED.search(m.string, m.start(), m.end() + 600) or _INDEX_VARIANT.search(
        m.string, max(0, m.start() - 600), m.start()
    )


def _windows_split(req: str, variant: str) -> tuple[str, list[str]]:
    """uv's Windows split found no file of a CUDA build on the index it uses there."""
    cause = _(
        "{req} has no Windows (win_amd64) file on the index uv uses for Windows: "
        "PyTorch publishes the Windows wheels of its CUDA builds on its own index, {url}."
    ).format(req=req, url=index_url(variant))
    fix = [
        _(
            "Give torch that index for Windows too: in pyproject.toml, [[tool.uv.index]] "
            'name = "pytorch-{variant}", url = "{url}", explicit = true; and '
            '[tool.uv.sources] torch = {{ index = "pytorch-{variant}" }} without a '
            "Linux-only marker."
        ).format(variant=variant, url=index_url(variant))
    ]
    return cause, fix


def _labelled_pin(req: str, variant: str, facts: dict[str, object], fix: list[str]) -> str:
    """PyTorch's index names each file with its build (2.3.1+cpu); uv does not take a plain
    ==2.3.1 for it there, so the pin needs the label. Adds the step, returns the cause."""
    name, _eq, version = req.split("{", maxsplit=1)[0].partition("==")
    version = version or req.split("==")[1]
    with_label = f"{name}=={version}+{variant}"
    facts["labelled_pin"] = with_label
    fix.insert(
        0,
        _(
            "Pin the build with its label: `{pin}` (in pyproject: the torch index in "
            "[tool.uv.sources], the pin with its +{variant})."
        ).format(pin=with_label, variant=variant),
    )
    return _(
        "uv found no file it accepts for {req}: the index offers that release only as the "
        "{variant} build ({pin}), and uv does not take a plain =={version} for a file named "
        "with its build."
    ).format(req=req, variant=variant, pin=with_label, version=version)


# The build a uv refusal lists as available ("torch>=2.7.1+cu128"), or the PyTorch index
# the command named: the label a plain pin lacks.
_LABELLED = re.compile(
    r"\b(?:torch|torchvision|torchaudio)(?:\{[^}]{0,80}\})?>=[\d.]{1,20}\+(?P<variant>cu\d{2,3}|cpu|rocm[\d.]{1,6})"
)
_INDEX_VARIANT = re.compile(
    r"download\.pytorch\.org/whl/(?P<variant>cu\d{2,3}|cpu|rocm[\d.]{1,6})\b"
)


__all__ = ["RESOLVER_NO_WHEEL", "TORCH_PKG", "resolver_no_wheel"]
