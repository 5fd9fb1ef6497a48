"""Package resolvers that cannot put a PyTorch install together: pip's and uv's conflicts,
and the uv / poetry / pip wordings of "no wheel for this Python or platform" (which
`pip-no-matching-torch` reports); conda's missing packages are conda_packages'."""

from __future__ import annotations

import re
from dataclasses import replace

from envdoctor.compat.companions import PACKAGES as COMPANION_PACKAGES
from envdoctor.compat.companions import companions as pair_of
from envdoctor.compat.versions import TorchVersion
from envdoctor.explain.knowledge import index_url, release_pythons, suggest
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.restore import command_for_build
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _
from envdoctor.matrix.model import Matrix

FAMILY = Family("resolvers")

_TORCH_PKG = r"torch(?:vision|audio|text|data)?"


# pip's check after an install: "torchaudio 2.1.0+cu118 requires torch==2.1.0, but you
# have torch 2.2.0+cu118 which is incompatible" - one line per package left behind.
_LEFT_BEHIND = re.compile(
    r"(?P<dep>torchvision|torchaudio|torchtext|xformers) [\w.+]{1,40} requires torch=="
)


_PAIRED = ("torchvision", "torchaudio")


def _torch_replaced(m: re.Match[str], ctx: Context) -> Advice | None:
    """pip installed something that replaced torch and found the companions installed for
    the old torch left behind: put that torch back with them, then add the package that
    pulled torch without letting it change torch."""
    needs, have = m.group("needs"), m.group("have")
    if not needs.startswith("torch==") or not have.startswith("torch "):
        return None
    wanted = needs.removeprefix("torch==")
    label = have.partition("+")[2]
    target = f"{wanted}+{label}" if label and "+" not in wanted else wanted
    window = ctx.text[m.start() : m.start() + 1500]
    left = tuple(dict.fromkeys(x.group("dep") for x in _LEFT_BEHIND.finditer(window)))
    # Only the pairs the matrix pins go on the command; xformers unpinned would pull the
    # newer torch right back in.
    companions = tuple(p for p in left if p in COMPANION_PACKAGES)
    facts: dict[str, object] = {"requires": [f"{m.group('dep')} {m.group('depver')} -> {needs}"]}
    facts["installed_torch"] = have.removeprefix("torch ")
    cause = _(
        "pip finished installing and found packages that no longer fit: {dep} {depver} "
        "needs {needs}, but the torch now installed is {have}. A later install (an "
        "unpinned xformers, flash-attn or vLLM, a requirements file) replaced torch and "
        "left the packages built for the old one behind."
    ).format(
        dep=m.group("dep"), depver=m.group("depver"), needs=needs, have=have.removeprefix("torch ")
    )
    fix: list[str] = []
    cmd = command_for_build(
        ctx.matrix, ctx.known, target, mirror=ctx.mirror, with_packages=companions
    )
    if cmd is None:
        # The build's label unknown (a plain "torch 2.5.1"): the release kept, the build the
        # machine fits.
        build = suggest(
            ctx.matrix,
            replace(ctx.known, torch_version=wanted),
            mirror=ctx.mirror,
            with_packages=companions,
        )
        cmd = build.command if build is not None and build.version == wanted else None
    if cmd is not None and companions:
        fix.append(
            _("Put back the torch they were built for, with them, in one command: {cmd}").format(
                cmd=cmd
            )
        )
    elif cmd is not None:
        fix.append(_("Put back the torch it was built for: {cmd}").format(cmd=cmd))
    else:
        # A release the matrix does not hold (torch 1.3): the step in words.
        fix.append(
            _(
                "Put back torch {wanted}, the release {dep} {depver} was built for, from the "
                "index of your build (or reinstall both at releases that pair)."
            ).format(wanted=wanted, dep=m.group("dep"), depver=m.group("depver"))
        )
    dep = m.group("dep")
    if dep not in ("torchvision", "torchaudio", "torchtext"):
        # vLLM, sglang and the like pin one torch: reinstalling that release brings it back.
        fix.append(
            _(
                "Or keep {dep} {depver} and let pip bring back the torch it pins: "
                "`python -m pip install {dep}=={depver}`."
            ).format(dep=dep, depver=m.group("depver"))
        )
    fix.append(
        _(
            "Then install the package that pulled in the other torch without letting it "
            "change torch: the version of it built for this torch (xformers and flash-attn "
            "publish one per torch release), or `pip install --no-deps <package>`."
        )
    )
    kept = pair_of(ctx.matrix, have.removeprefix("torch ")) if dep in _PAIRED else None
    if kept is not None and kept.get(dep):
        # The torch now installed may be the one wanted (an older pin): its own pair.
        fix.append(
            _(
                "Or, to keep torch {have}, install the {dep} of its release: "
                "`python -m pip install {dep}=={pair}` (from the same index as that torch)."
            ).format(have=have.removeprefix("torch "), dep=dep, pair=kept.get(dep))
        )
    return Advice(cause, tuple(fix), facts, key="replaced", used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="pip-dependency-conflict",
    keywords=(
        "conflict is caused by",
        ", but you have",
        ", but you'll have",
        "requirements are unsatisfiable",
    ),
    title=N_("torch, torchvision and torchaudio pins that no release satisfies together"),
    patterns=(
        # pip's resolver (20.3+): the pins it could not combine, one per line.
        rx(
            r"The conflict is caused by:(?=.{0,600}?\b" + _TORCH_PKG + r"\b)"
            r"(?P<body>.{1,600}?)(?= To fix this| ERROR:|$)"
        ),
        # pip after installing: what it left broken (pip 19-20.2: "torchvision 0.4.2 has
        # requirement torch==1.3.1, but you'll have torch 1.2.0 which is incompatible").
        rx(
            r"(?P<dep>[\w.-]{1,60}) (?P<depver>[\w.+!]{1,40}) (?:requires|has requirement) "
            r"(?P<needs>"
            + _TORCH_PKG
            + r"[=<>!~]=?[\w.+*]{1,30}), but you(?: have|'ll have) (?P<have>"
            + _TORCH_PKG
            + r" [\w.+]{1,40}?)(?: which is incompatible|(?= which)|$)"
        ),
        # uv: a package that depends on another torch than the one asked for.
        rx(
            r"Because (?P<dep>[\w.-]{1,60})[=\s](?:=)?(?P<depver>[\w.+*]{1,40}) depends on "
            r"(?P<needs>" + _TORCH_PKG + r"[=<>!~]=?[\w.+*]{1,30}) and (?:you require|your "
            r"project depends on) (?P<have>" + _TORCH_PKG + r"[=<>!~]=?[\w.+*]{1,30})"
        ),
    ),
)
def _advise_conflict(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    facts: dict[str, object] = {}
    if groups.get("body"):
        body = groups["body"]
        requested = re.findall(r"The user requested (\S+)", body)
        needs = re.findall(r"([\w.-]+ [\w.+!]+) depends on (\S+)", body)
        if requested:
            facts["requested"] = requested
        if needs:
            facts["requires"] = [f"{who} -> {what}" for who, what in needs]
    else:
        facts["requires"] = [f"{groups['dep']} {groups['depver']} -> {groups['needs']}"]
        facts["requested"] = [groups["have"]]
        replaced = _torch_replaced(m, ctx)
        if replaced is not None:
            return replaced
    cause = _(
        "The resolver cannot satisfy every pin at once. Each torchvision, torchaudio (and "
        "xformers, flash-attn, vLLM) release is built for exactly one torch release, so a "
        "pin of torch next to a pin of a companion from another release can never be "
        "installed together."
    )
    if groups.get("have"):
        cause += sep() + _("Here {dep} {depver} needs {needs}, but {have} was asked for.").format(
            dep=groups["dep"], depver=groups["depver"], needs=groups["needs"], have=groups["have"]
        )
    fix = [
        _(
            "Pin the companions of the same release as torch (torchvision's README lists the "
            "pairs), or leave them unpinned in the same command so the resolver picks them."
        ),
        _(
            "Install torch, torchvision and torchaudio in one command from one index; a "
            "later `pip install -r requirements.txt` must not pin another torch."
        ),
    ]
    build = suggest(ctx.matrix, k, mirror=ctx.mirror)
    if build is not None:
        fix.append(_("For this machine: {cmd}").format(cmd=build.command))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


# --- uv / poetry / pip "no wheel for this Python or platform", reported by pip-no-matching-torch

RESOLVER_NO_WHEEL = (
    # uv 0.4+: the tag that matched no wheel, with an example of this machine's tag.
    # "and torch>=2.6.0,<=2.10.0+cpu has no wheels ..." when uv narrowed a range first.
    rx(
        # The lead-in may be cut or re-typed ("× No solution found … torch>=2.4.0 has ...").
        r"(?:(?:Because|and) )?(?<![\w.-])(?P<req>"
        + _TORCH_PKG
        + r"(?:\{[^}]{0,80}\})?(?:==[\w.+]{1,40}|"
        r"[<>!~]=?[\w.+*]{1,40}(?:,[<>=!~]=?[\w.+*]{1,40}){0,3})) has no wheels "
        r"with a matching (?P<tag>platform|Python ABI|Python implementation|Python version) "
        r"tag(?: \(e\.g\., `(?P<want>[\w.]{1,60})`\))?"
    ),
    # uv's hint under the same refusal: "You're on macOS (`macosx_15_0_arm64`), but `torch`
    # (v2.8.0+cu128) only has wheels for the following platforms: ...".
    rx(
        r"You're on \w[\w ]{0,20} \(`(?P<want>[\w.]{1,60})`\), but `(?P<req>" + _TORCH_PKG + r")` "
        r"\(v(?P<reqver>[\w.+]{1,40})\) only has wheels?(?: for the following (?P<tag>platform)s?)?"
    ),
    # uv's hint for an interpreter no wheel was built for (uv-resolver lock/mod.rs): "You're
    # using CPython 3.12 (`cp312`), but `torch` (v2.2.2) only has wheels with the following
    # Python ABI tags: `cp38`, ...".
    rx(
        r"You're using \w[\w -]{0,30}? \d\.\d{1,2} \(`?(?P<want>cp\d{2,3}t?)`?\), but "
        r"`?(?P<req>" + _TORCH_PKG + r")`? \(v(?P<reqver>[\w.+]{1,40})\) only has wheels "
        r"with the following (?P<tag>Python ABI) tags?"
    ),
    # uv before 0.4 (and its "has no wheels are available" wording of 0.2).
    rx(
        r"Because (?P<req>" + _TORCH_PKG + r"==[\w.+]{1,40}) (?:is unusable because no|has no) "
        r"wheels are available with a matching (?P<tag>platform|Python implementation|Python ABI)"
    ),
    # uv resolving per platform ("split"): a pin with no wheel for one of the splits.
    rx(
        r"(?P<req>" + _TORCH_PKG + r"(?:\{[^}]{0,80}\})?==[\w.+]{1,40}) has no `[^`]{1,160}`"
        r"-compatible wheels(?P<split>)"
    ),
    rx(
        r"Because there is no version of (?P<req>"
        + _TORCH_PKG
        + r"(?:\{[^}]{0,80}\})?==[\w.+]{1,40})(?P<absent>)"
    ),
    # poetry.
    rx(
        r"Unable to find installation candidates for (?P<req>"
        + _TORCH_PKG
        + r" \([\w.+]{1,40}\))(?P<poetry>)"
    ),
    # pip when the only candidates need another Python.
    # uv's installer when the lock picked a release with no file for this interpreter.
    rx(
        r"Distribution `(?P<req>" + _TORCH_PKG + r"==[\w.+]{1,40}) @ [^`]{1,200}` can't be "
        r"installed because it doesn't have a source distribution or wheel for the current "
        r"platform(?P<uvdist>)"
    ),
    rx(
        r"Package '(?P<req>" + _TORCH_PKG + r")' requires a different Python: "
        r"(?P<python>\d[\d.]*) not in '(?P<spec>[^']{1,40})'"
    ),
)


def resolver_no_wheel(
    m: re.Match[str], matrix: Matrix, python: str | None = None
) -> tuple[str, list[str], dict[str, object]] | None:
    """Cause, fix and facts when `m` is one of RESOLVER_NO_WHEEL's wordings, else None.
    `python`: the interpreter's version where known (never the one to suggest)."""
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
            cause, fix = _platform_tag(req, groups, matrix)
        else:
            cause = _(
                "{req} has no wheel for this Python{tag}: that torch release was not built for "
                "this Python version (too new or too old)."
            ).format(req=req, tag=f" ({groups['want']})" if groups.get("want") else "")
            fix = [
                _python_step(m, matrix, req, groups.get("want") or python, facts),
                _("Or choose a torch release built for your Python."),
            ]
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
        fix = _index_steps(local.group(1) if local else None, groups.get("poetry") is not None)
        pinned = TorchVersion.parse(re.sub(r"^[\w-]+\s*(?:==|\()\s*|\)$", "", req))
        release = matrix.release(pinned.release) if pinned is not None else None
        if release is not None and req.startswith("torch"):
            # The other usual reason: no wheel of that release for this Python at all.
            facts["release_python"] = release.python
            cause += sep() + _(
                "torch {release} has wheels for Python {spec} only: with another Python "
                "(`python --version`) no index has it; pick a Python in that range or a "
                "newer torch."
            ).format(release=release.release, spec=release.python)
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


def _index_steps(variant: str | None, poetry: bool) -> list[str]:
    """uv's and poetry's way to the PyTorch index, the tool the paste comes from first."""
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
    return [poetry_step, uv_step] if poetry else [uv_step, poetry_step]


def _platform_tag(req: str, groups: dict[str, str | None], matrix: Matrix) -> tuple[str, list[str]]:
    """No wheel of `req` for this platform: what exists where, and an Intel Mac's end."""
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


__all__ = ["FAMILY", "RESOLVER_NO_WHEEL", "resolver_no_wheel"]
