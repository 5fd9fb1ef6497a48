"""pip itself stopped before installing: the operating system's Python refuses it
(externally managed, PEP 668; pip's and uv's words), or the system killed pip while it unpacked a 2-3 GB wheel
(out of memory), or the interpreter has no pip at all, or a pip too old to install a
pyproject-only project in editable mode.

Sources: Python's ensurepip documentation (`python -m ensurepip --upgrade` installs pip
into an interpreter that lacks it); Debian/Ubuntu ship ensurepip in python3-venv, and
`python3 -m venv` without it says so; AUTOMATIC1111/stable-diffusion-webui#2358, #14897
("<venv python>: No module named pip" under "Couldn't install torch")."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("pip_runs")


_DISTRO_TEXT = "to install python packages system-wide, try"


@FAMILY.entry(
    code="pip-externally-managed",
    keywords=(
        "externally-managed-environment",
        "is externally managed",
        _DISTRO_TEXT,
    ),
    title=N_("This Python belongs to the system: pip refuses to install into it"),
    patterns=(
        # Not when quoted in a sentence ("you may see \"error: ...\"").
        rx(r"(?<![\"'`])error: externally-managed-environment(?![\"'`])"),
        # The box pip prints under it, when the paste starts there.
        rx(r"× This environment is externally managed(?P<box>)"),
        # uv's words (crates/uv/src/commands/pip/install.rs and sync.rs): with the
        # EXTERNALLY-MANAGED file's own text, or without it.
        rx(
            r"The interpreter at (?P<uv>[^\n]{1,300}?) is externally managed(?:, and indicates the "
            r"following:| and cannot be modified)"
        ),
        # The distribution's own text that pip prints in that box (the Error= of its
        # EXTERNALLY-MANAGED file: Debian's "try apt install python3-xyz", quoted by the
        # packaging spec, externally-managed-environments.rst), when the paste holds only it
        # (last: pip's and uv's own words before it say more).
        rx(
            r"To install Python packages system-wide, try\s{1,4}['`\"]?(?:sudo\s)?"
            r"(?:apt(?:-get)?\s{1,4}install|pacman\s{1,4}-S|dnf\s{1,4}install|brew\s{1,4}install)"
        ),
    ),
)
def _advise_externally_managed(m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "This Python is the operating system's own (Debian 12, Ubuntu 23.04 and newer, "
        "Homebrew, Arch): it is marked externally managed (PEP 668), so pip refuses "
        "to install into it rather than break the system's packages. Install torch into a "
        "virtual environment instead."
    )
    fix: tuple[str, ...] = (
        _(
            "Create a virtual environment and install there: `python3 -m venv ~/venvs/torch` "
            "then `~/venvs/torch/bin/python -m pip install ...` (Debian/Ubuntu may need "
            "`sudo apt install python3-venv` first); or use uv or conda."
        ),
        _(
            "`--break-system-packages` makes pip install anyway, at the risk of breaking "
            "system tools that use this Python: avoid it."
        ),
    )
    if m.groupdict().get("uv") is not None:
        # uv's own refusal: its own virtual environment is the fix it suggests.
        fix = (
            _(
                "Create a virtual environment with uv and install there: `uv venv` then "
                "`uv pip install ...` in the same folder (or `source .venv/bin/activate` "
                "first); uv uses the .venv it finds."
            ),
            *fix[1:],
        )
    if ctx.has(_DISTRO_TEXT) and m.groupdict().get("uv") is None:
        # The distribution's own text names its two other routes (Debian's: apt's
        # python3-xyz packages, and pipx for an application).
        fix = (
            *fix[:1],
            _(
                "For a package the distribution ships, its own package instead (Debian/"
                "Ubuntu: `sudo apt install python3-<name>`); for a command-line application, "
                "`pipx install <name>`, which gives it a virtual environment of its own."
            ),
            *fix[1:],
        )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="pip-killed",
    keywords=("killed", "memoryerror"),
    title=N_("The system killed pip while it installed a large wheel (out of memory)"),
    # The shell's "Killed" right after pip's download or unpack lines (the paste's lines
    # arrive joined): another program's kill (a training run) is not pip's.
    patterns=(
        rx(
            r"(?:Downloading \S{1,200}\.whl|Installing collected packages:)"
            r"(?:(?!Successfully |\$ |>>> |python |Loading )[^\n]){0,400}?"
            r"(?<![A-Za-z])Killed\b(?! by)"
        ),
        # The same in Python's words: pip's own traceback ending in MemoryError.
        rx(r"[\\/]pip[\\/]_(?:internal|vendor)[\\/][^\n]{0,3000}?\bMemoryError\b"),
    ),
)
def _advise_pip_killed(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "The operating system killed pip: it ran out of memory while downloading or "
        "unpacking a large wheel (CUDA builds of torch are 2-3 GB, and pip holds much of "
        "one in memory, more so through its cache). Small VMs, containers with a memory "
        "limit and WSL 2 with its default memory share are the usual places."
    )
    fix = (
        _("Install without pip's cache: `python -m pip install --no-cache-dir ...`."),
        _(
            "Free memory or give the machine more (a swap file; a container's --memory; "
            "WSL 2's memory= in %UserProfile%\\.wslconfig), then run the install again."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


# The interpreter that printed "<python>: No module named pip", right before the words.
_RUNNER = re.compile(r"(?P<python>[^\s\"']{1,200}python[\w.]{0,10}(?:\.exe)?)\"?: $", re.IGNORECASE)


@FAMILY.entry(
    code="pip-module-missing",
    keywords=("no module named pip",),
    title=N_("This Python has no pip"),
    patterns=(
        # `python -m pip` run by an interpreter without it: "<python>: No module named pip"
        # (a launcher's venv, a venv made without pip); the interpreter is read before it.
        rx(r"No module named pip(?![\w.'])"),
    ),
    specificity=3,
)
def _advise_no_pip(m: re.Match[str], ctx: Context) -> Advice:
    before = _RUNNER.search(m.string, max(0, m.start() - 300), m.start())
    python = before.group("python") if before else "python"
    facts: dict[str, object] = {"python": python} if before else {}
    cause = _(
        "{python} has no pip module, so `-m pip` cannot run and nothing is installed. "
        "Usually a virtual environment created without pip: on Debian/Ubuntu the "
        "python3-venv package (which brings ensurepip) was missing when the venv was made; "
        "or pip was removed from it."
    ).format(python=python)
    fix = (
        _("Put pip back into that Python: `{python} -m ensurepip --upgrade`.").format(
            python=python
        ),
        _(
            "On Debian/Ubuntu, install `python3-venv` and `python3-pip` (for another version "
            "python3.X-venv), then delete the venv folder and let it be created again (a web "
            "UI's launcher recreates its venv on the next start)."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="pip-too-old-for-editable-pyproject",
    keywords=("directory cannot be installed",),
    title=N_("pip is too old to install this project in editable mode"),
    patterns=(
        # pip before 21.3 (src/pip/_internal/req/constructors.py at d91fecd): an editable
        # install needed a setup.py (later "or setup.cfg"); a pyproject.toml found is said.
        rx(
            r"File \"setup\.py\"(?: or \"setup\.cfg\")? not found\. Directory cannot be "
            r"installed(?: in editable mode(?:: (?P<path>[^\n]{1,300}?)(?=\s*(?:\(A|$)))?"
            r"(?P<pyproject>\s*\(A \"pyproject\.toml\" file was found)?)?"
        ),
    ),
    specificity=3,
)
def _advise_old_pip_editable(m: re.Match[str], ctx: Context) -> Advice:
    # pip's NEWS.rst, 21.3: "Support editable installs for projects that have a
    # pyproject.toml and use a build backend that supports PEP 660" (#8212); from then on
    # a folder with neither file is refused in other words.
    cause = _(
        "This pip is older than 21.3: it installs a project in editable mode (`pip install "
        "-e .`) only through a setup.py (or setup.cfg). pip 21.3 and newer also install "
        "projects configured by a pyproject.toml alone in editable mode (PEP 660)."
    )
    if m.group("pyproject") is not None:
        cause += sep() + _("pip found this project's pyproject.toml.")
    fix = [
        _(
            "Upgrade pip in the environment that installs it, then run the install again: "
            "`python -m pip install --upgrade pip`."
        )
    ]
    if m.group("pyproject") is None:
        fix.append(
            _(
                "Run it in the project's own folder, the one that holds its pyproject.toml "
                "(or setup.py): `pip install -e .` installs the current directory."
            )
        )
    facts: dict[str, object] = {"path": m.group("path")} if m.group("path") else {}
    return Advice(cause, tuple(fix), facts, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
