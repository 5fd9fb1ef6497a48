"""How a program was started on Windows: a portable app's .bat run "as administrator" starts
in C:\\Windows\\System32, where none of its relative paths lead."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("windows_launch")

# cmd echoes every line of a .bat after its prompt, so the prompt shows the folder the .bat
# runs in. "Run as administrator" (and a shortcut without "Start in") starts it in
# %windir%\System32 instead of its own folder (lllyasviel/Fooocus#666, #1354, #2828).
_SYSTEM32_PROMPT = r"[A-Z]:\\Windows\\System32>\s?"
# A path relative to the working folder: .\x, ..\x, x\y; not C:\..., \\server, %VAR%. A bare
# program name (nvidia-smi) is looked up on PATH too, so its failure says nothing of the folder.
_RELATIVE = (
    r"\"?(?P<path>(?:\.\s?\\|\.\.?/|\.\.\\|(?![A-Z]:|[\\/%\"])[\w.-]{1,100}[\\/])[^\s\"]{0,200})"
)
# cmd's own messages (Windows' error 3, ERROR_PATH_NOT_FOUND, in English and Chinese, and the
# reworded English some pastes carry), and the one for a program it cannot find.
_NOT_FOUND = (
    r"(?:The system cannot find the (?:path specified|specified path)|系统找不到指定的路径|"
    r"is not recognized as an internal or external command|不是内部或外部命令)"
)


@FAMILY.entry(
    code="bat-run-from-system32",
    keywords=("system32>", "\\system32\\"),
    title=N_("A .bat ran in C:\\Windows\\System32, not in its own folder (run as administrator)"),
    patterns=(
        rx(
            _SYSTEM32_PROMPT
            + r"(?:(?:cd|pushd|chdir)\s+(?!/d)|(?:call\s+|start\s+)?)"
            + _RELATIVE
            + r"[^>]{0,300}?"
            + _NOT_FOUND
        ),
        # Python started by the .bat with a relative script: the script's path resolved in
        # System32 (OneDragon-Anything/StarRailOneDragon#64).
        rx(
            r"can't open file '[A-Z]:\\{1,2}Windows\\{1,2}System32\\{1,2}"
            r"(?P<file>[^'\n]{1,200})': \[Errno 2\]"
        ),
    ),
)
def _advise_system32(m: re.Match[str], ctx: Context) -> Advice:
    found = m.groupdict().get("path") or m.groupdict().get("file") or ""
    facts: dict[str, object] = {"working_folder": "C:\\Windows\\System32"}
    if found:
        facts["path"] = found.replace("\\\\", "\\")
    cause = _(
        "The command ran in C:\\Windows\\System32, not in the app's own folder, so its "
        "relative path ({path}) points into System32, where it does not exist. A .bat "
        'started with "Run as administrator" (or from a shortcut whose "Start in" is '
        "empty) starts there; the app itself is not broken."
    ).format(path=facts.get("path", "..."))
    fix = (
        _('Start the .bat by double-clicking it in its folder, without "Run as administrator".'),
        _(
            "If it must run as administrator, open the prompt, go to the app's folder first "
            '(`cd /d "D:\\path\\to\\app"`), then run the .bat there; or make `cd /d "%~dp0"` '
            "the .bat's first line, so it always starts in its own folder."
        ),
        _('For a shortcut, set its "Start in" field (Properties) to the app\'s folder.'),
    )
    return Advice(
        cause, fix, facts, key=str(facts.get("path", "")), used_local_facts=ctx.known.local
    )


__all__ = ["FAMILY"]
