"""Rules about the target Python: a release publishes wheels for it, free-threading."""

from __future__ import annotations

from envdoctor.analyse.findings import Area, Finding, Status
from envdoctor.analyse.rules.context import Context, finding
from envdoctor.compat.python import python_supported
from envdoctor.compat.versions import Verdict
from envdoctor.i18n import _, list_sep
from envdoctor.matrix.model import Release
from envdoctor.snapshot import TorchState


def python_vs_release(ctx: Context, release_row: Release | None) -> list[Finding]:
    if release_row is None:
        return []
    verdict = python_supported(release_row, ctx.snapshot.python.version)
    if verdict is Verdict.NO:
        return [
            finding(
                code="python-unsupported",
                status=Status.WARN,
                area=Area.PYTHON,
                title=_(
                    "Python {python} is outside the range torch {release} publishes wheels for ({spec})"
                ).format(
                    python=ctx.snapshot.python.version,
                    release=release_row.release,
                    spec=release_row.python,
                ),
                detail=_(
                    "It imports, but it was not built or tested for this Python (a source or nightly build?)."
                ),
            )
        ]
    return []


def python_findings(ctx: Context) -> list[Finding]:
    p = ctx.snapshot.python
    if ctx.snapshot.torch.state is TorchState.NO_INTERPRETER:
        return []
    out = []
    advice = (
        ctx.advice()
        if ctx.snapshot.torch.state in {TorchState.MISSING} or ctx.snapshot.torch.cuda is None
        else None
    )
    if advice is not None and advice.blocker == "python":
        out.append(
            finding(
                code="python-unsupported",
                status=Status.FAIL,
                area=Area.PYTHON,
                title=_("No PyTorch release supports Python {python}").format(
                    python=p.version or "?"
                ),
                detail=" ".join(advice.reasons),
                fix=_(
                    "Create an environment with a supported Python, e.g. `uv venv --python 3.12` "
                    "or `conda create -n torch python=3.12`, and install PyTorch there."
                ),
                facts={"python": p.version},
            )
        )
        return out
    if p.version:
        kind = list_sep().join(x for x in (p.implementation, p.env_kind) if x)
        title = _("Python {version}").format(version=p.version)
        if kind:
            title += f" ({kind})"
        if p.executable:
            title += " " + _("at {exe}").format(exe=p.executable)
        out.append(
            finding(
                code="python-ok",
                status=Status.OK,
                area=Area.PYTHON,
                title=title,
                facts={"python": p.version, "how_chosen": p.how_chosen},
            )
        )
    if p.free_threaded:
        out.append(
            finding(
                code="python-unknown",
                status=Status.WARN,
                area=Area.PYTHON,
                title=_("This is a free-threaded Python build"),
                detail=_(
                    "Only some PyTorch releases publish free-threaded (cp3XXt) wheels; envdoctor cannot confirm one fits."
                ),
            )
        )
    return out


__all__ = ["python_findings", "python_vs_release"]
