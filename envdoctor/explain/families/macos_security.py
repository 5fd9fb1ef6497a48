"""macOS refusing to start a downloaded program it cannot verify (Gatekeeper).

A binary downloaded from the web (llamafile, a prebuilt server or tool) that is not notarized
by Apple is blocked at its first start: "... cannot be opened because the developer cannot be
verified". Source: Mozilla-Ocho/llamafile's README.md and localscore/doc/troubleshooting.md
(cfa861a): allow it under System Settings > Privacy & Security, or run it between
`sudo spctl --master-disable` and `sudo spctl --master-enable`.
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("macos_security")


@FAMILY.entry(
    code="macos-developer-not-verified",
    keywords=("because the developer cannot be verified",),
    title=N_("macOS blocked a program from an unverified developer"),
    patterns=(
        rx(
            r"(?:[\"“](?P<program>[^\"”\n]{1,120})[\"”] )?(?:cannot|can[’']t) be opened because "
            r"the developer cannot be verified"
        ),
    ),
    specificity=3,
)
def _advise_not_verified(m: re.Match[str], ctx: Context) -> Advice:
    program = m.group("program")
    facts: dict[str, object] = {"program": program} if program else {}
    cause = _(
        "macOS's security check (Gatekeeper) refused to start {program}: it was downloaded "
        "from the internet and its developer is not one Apple has verified."
    ).format(program=program or _("the program"))
    fix = (
        _(
            "Only for a file you trust: in Finder, right-click (Control-click) it > Open and "
            "confirm Open in the dialog; or, right after the refusal, open System Settings > "
            "Privacy & Security, where it is listed near the bottom with Open Anyway (Allow); "
            "then start it again. This allows that one program only."
        ),
        _(
            "Last resort, as llamafile's README gives it, if it is not listed there: `sudo "
            "spctl --master-disable; <the command>; sudo spctl --master-enable` on one line. "
            "--master-disable turns off the check for every program, so re-enable it right "
            "after the program quits."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
