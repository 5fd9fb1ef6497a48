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
            "Right after the refusal, open System Settings > Privacy & Security: the program "
            "is listed near the bottom with a button to allow it; then start it again."
        ),
        _(
            "If it is not listed: run it between `sudo spctl --master-disable` and `sudo "
            "spctl --master-enable` (this turns all checking off, so turn it back on when "
            "the program has quit)."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
