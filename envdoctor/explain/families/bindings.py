"""PyTorch from other languages: the Rust crate tch (torch-sys) builds against one exact
libtorch release and refuses any other (tch-rs README: each tch release names its PyTorch)."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("bindings")


@FAMILY.entry(
    code="tch-libtorch-version",
    keywords=("this tch version expects pytorch",),
    title=N_("The Rust tch crate expects another PyTorch (libtorch) release"),
    patterns=(
        # torch-sys's build script (tch-rs#742, #949).
        rx(r"this tch version expects PyTorch (?P<want>\d+\.\d+\.\d+), got (?P<got>\d+\.\d+\.\d+)"),
    ),
    specificity=3,
)
def _advise_tch_version(m: re.Match[str], ctx: Context) -> Advice:
    want, got = m.group("want"), m.group("got")
    facts: dict[str, object] = {"expected_torch": want, "found_torch": got}
    cause = _(
        "The Rust crate tch (torch-sys) is built against exactly one libtorch release: this "
        "tch release wants PyTorch {want}, and the libtorch it found (from LIBTORCH, or "
        "Python's torch with LIBTORCH_USE_PYTORCH) is {got}."
    ).format(want=want, got=got)
    fix = (
        _(
            "Use the tch release made for PyTorch {got} (tch's README and changelog name the "
            "PyTorch each release needs) in Cargo.toml."
        ).format(got=got),
        _(
            "Or give it libtorch {want}: download that release's libtorch and point LIBTORCH "
            "at it, or with LIBTORCH_USE_PYTORCH=1 install torch {want} in that Python."
        ).format(want=want),
        _(
            "LIBTORCH_BYPASS_VERSION_CHECK=1 skips the check, at your own risk: the C++ API "
            "changes between releases, so the build or the program may break."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
