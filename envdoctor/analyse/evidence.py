"""One diagnosis from pasted evidence: facts-based rules + error signatures. Pure.

`analyse()` judges the facts the readers fused into a Snapshot; the catalogue of
`envdoctor explain` recognises error messages in the text; the readers' signatures
carry what a message proves by itself ("found version 11040": the driver supports
CUDA 11.4 and the build needs more). All three feed one list of findings, one per
code, each quoting the lines it rests on. The strongest evidence wins: an error that
proves a failure fails the machine even when the report lacks the fact (no driver
line), and a warning PyTorch's own arch rule calls harmless does not. When inputs
disagree the diagnosis says so and which kind of input said what.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from envdoctor.analyse.check import Report, analyse
from envdoctor.analyse.evidence_signals import arch_finding, signal_finding
from envdoctor.analyse.findings import Area, Finding, Status, overall_status
from envdoctor.evidence import Evidence, Quote
from envdoctor.i18n import _

if TYPE_CHECKING:
    from envdoctor.compat.commands import MirrorIndex
    from envdoctor.explain.model import Explanation
    from envdoctor.matrix.model import Matrix

_MAX_QUOTES = 3
_QUOTE_WIDTH = 200  # characters of a quoted line shown

_AREAS = {
    "driver-too-old": Area.DRIVER,
    "no-driver": Area.DRIVER,
    "driver-not-loaded": Area.DRIVER,
    "driver-library-mismatch": Area.DRIVER,
    "nvidia-smi-failed": Area.DRIVER,
    "nvidia-smi-not-found": Area.DRIVER,
    "pip-no-matching-torch": Area.PYTHON,
}
# A failure of these codes answers what an "unknown" finding of the same area left open.
_ANSWERS = {
    "driver-unknown": (
        "driver-too-old",
        "no-driver",
        "driver-not-loaded",
        "driver-library-mismatch",
    ),
    "torch-unknown": ("torch-cpu-only", "torch-broken", "gpu-arch-unsupported", "driver-too-old"),
}
# Which facts a finding rests on, by code prefix.
_FACT_KEYS = (
    ("driver", ("driver.",)),
    ("no-driver", ("driver.",)),
    ("gpu", ("gpu", "torch.arch_list")),
    ("torch", ("torch.",)),
    ("cuda", ("torch.cuda_available", "driver.")),
    ("python", ("python.",)),
)


def _reader_label(reader: str) -> str:
    labels = {
        "collect_env": _("a collect_env report"),
        "nvidia-smi": _("nvidia-smi output"),
        "lshw": _("lshw output"),
        "packages": _("a package list"),
        "handwritten": _("a hand-written environment list"),
        "signature": _("an error or warning message"),
    }
    return labels.get(reader, reader)


def _explained_code(e: Explanation) -> tuple[str, Status]:
    """check's code and status for an error explain recognised.

    explain's `finding_code` names check's code for the same cause. Without one, the
    error is `error-recognised` (explain's own code in `facts.explained_as`): an
    environment fault still fails the machine (a library an extension needs, a kernel an
    extension lacks), while a bug in the user's code, a condition of one run or an error
    the facts contradict is a warning.
    """
    if e.finding_code:
        return e.finding_code, Status.FAIL
    if e.kind == "environment" and e.contradiction is None:
        return "error-recognised", Status.FAIL
    return "error-recognised", Status.WARN


def _with_quotes(f: Finding, quotes: Sequence[Quote]) -> Finding:
    """`f` quoting `quotes` (in the detail for people, in facts for --json)."""
    return _with_quotes_text(f, "\n".join(q.render() for q in quotes))


def _quotes_for_code(evidence: Evidence, code: str) -> tuple[Quote, ...]:
    for prefix, keys in _FACT_KEYS:
        if code.startswith(prefix):
            return evidence.quotes_for(*keys)
    return ()


def _explained(evidence: Evidence) -> list[tuple[Finding, str]]:
    """The catalogue's findings for the text, with explain's code (to drop judged-away ones)."""
    if not evidence.text.strip():
        return []
    from envdoctor.explain.engine import explain

    out: list[tuple[Finding, str]] = []
    for e in explain(evidence.text, evidence.snapshot):
        code, status = _explained_code(e)
        f = Finding(
            code,
            status,
            _AREAS.get(code, Area.TORCH),
            e.title,
            e.cause,
            "\n".join(e.fix) or None,
            facts={"explained_as": e.code},
        )
        q = evidence.locate(e.matched[:80])
        out.append((_with_quotes(f, (q,)) if q is not None else f, e.code))
    return out


def _merge(findings: list[Finding], new: Finding) -> None:
    """Add `new`, or fold it into the finding of the same code (keeping the stronger status)."""
    for i, f in enumerate(findings):
        if f.code == new.code and (
            # Recognised errors without a code of their own stay apart, one per entry.
            f.code != "error-recognised"
            or f.facts.get("explained_as") == new.facts.get("explained_as")
        ):
            quotes = new.facts.get("evidence", "")
            merged = f if f.status.rank >= new.status.rank else replace(new, facts={**new.facts})
            if merged is f and new.sources and not f.sources:
                # The newcomer rests on the matrix (sources): keep what it adds.
                prefix = _("Evidence: {line}").format(line="")
                extra = "\n".join(
                    line for line in new.detail.splitlines() if not line.startswith(prefix)
                )
                said = [ln for ln in f.detail.splitlines() if not ln.startswith(prefix)]
                quoted = [ln for ln in f.detail.splitlines() if ln.startswith(prefix)]
                merged = replace(f, detail="\n".join([*said, extra, *quoted]), sources=new.sources)
            if quotes and merged is not new:
                merged = _with_quotes_text(merged, quotes)
            findings[i] = merged
            return
    findings.append(new)


def _where(line: str) -> str:
    """'name:12: text' -> 'name:12' (one quote per input line)."""
    return line.split(": ", 1)[0]


def _with_quotes_text(f: Finding, quotes: str) -> Finding:
    have = [line for line in f.facts.get("evidence", "").split("\n") if line]
    seen = {_where(line) for line in have}
    lines: list[str] = []
    for line in quotes.split("\n"):
        if line and _where(line) not in seen and len(have) + len(lines) < _MAX_QUOTES:
            seen.add(_where(line))
            lines.append(line if len(line) <= _QUOTE_WIDTH else line[: _QUOTE_WIDTH - 1] + "…")
    if not lines:
        return f
    block = "\n".join(_("Evidence: {line}").format(line=line) for line in lines)
    return replace(
        f,
        detail=f"{f.detail}\n{block}" if f.detail else block,
        facts={**f.facts, "evidence": "\n".join([*have, *lines])},
    )


_CONTAINER_HINTS = ("/usr/local/lib/python", "/opt/conda/", "/workspace/", "docker", " | ")


def _environment_hint(line: str) -> str:
    """Where a quoted line seems to come from, when the line itself gives it away."""
    low = line.lower()
    if "microsoft-standard" in low or "/usr/lib/wsl/" in low:
        return _(" (looks like WSL)")
    if any(hint in low for hint in _CONTAINER_HINTS):
        return _(" (looks like a container)")
    if ":\\" in line[:60]:
        return _(" (looks like Windows)")
    return ""


def _conflict_findings(evidence: Evidence) -> list[Finding]:
    names = {
        "driver.version": _("the NVIDIA driver version"),
        "driver.cuda": _("the CUDA version the driver supports"),
        "torch.version": _("the PyTorch version"),
        "torch.cuda": _("the CUDA version PyTorch was built with"),
        "driver.state": _("the state of the NVIDIA driver"),
    }
    readers: dict[Quote, str] = {}
    for o in evidence.observations:
        readers.setdefault(o.quote, o.reader)
    out = []
    for c in evidence.conflicts:
        lines = []
        for value, quote in c.values:
            reader = readers.get(quote, "")
            lines.append(
                _("{value!r} from {what} ({where})").format(
                    value=value or _("none (CPU build)"),
                    what=_reader_label(reader),
                    where=quote.render(),
                )
            )
        out.append(
            Finding(
                "evidence-conflict",
                Status.WARN,
                Area.SYSTEM,
                _("The inputs disagree about {what}").format(what=names.get(c.key, c.key)),
                "\n".join(lines)
                + "\n"
                + _(
                    "They seem to come from different environments (for example a report from the "
                    "host and an error from a container or another virtual environment); the "
                    "diagnosis trusts the error message for what went wrong."
                ),
                _(
                    "Run `envdoctor check --save facts.json` inside the environment that fails and "
                    "pass that file."
                ),
                facts={"fact": c.key},
            )
        )
    return out


def diagnose(evidence: Evidence, matrix: Matrix, *, mirror: MirrorIndex | None = None) -> Report:
    """The one diagnosis of `check --from`: rules on the fused facts + signatures + catalogue."""
    report = analyse(evidence.snapshot, matrix, mirror=mirror)
    if evidence.from_snapshot_file and not evidence.text:
        return report
    findings = [_with_quotes(f, _quotes_for_code(evidence, f.code)) for f in report.findings]
    judged_arch = [s for s in evidence.signals if s.code == "gpu-arch-warning"]
    harmless = bool(judged_arch) and all(
        arch_finding(s, matrix, evidence.snapshot.torch.cuda).status is Status.INFO
        for s in judged_arch
    )
    for f, explain_code in _explained(evidence):
        if harmless and explain_code in {"gpu-arch-not-in-build", "gpu-too-old-for-build"}:
            continue  # PyTorch's own rule says the warned-about GPU runs this build
        _merge(findings, f)
    for sig in evidence.signals:
        proven = signal_finding(sig, evidence, matrix)
        if proven is not None:
            _merge(findings, _with_quotes(proven, sig.quotes))
    codes = {f.code for f in findings if f.status is Status.FAIL}
    findings = [
        f
        for f in findings
        if not (f.status is Status.WARN and any(c in codes for c in _ANSWERS.get(f.code, ())))
    ]
    system = evidence.snapshot.system
    if system.os is None and system.os_release is None and system.machine is None:
        # A paste that says nothing about the OS: a "?" line would only be noise.
        findings = [f for f in findings if f.code != "system-info"]
    findings += _conflict_findings(evidence)
    findings += [Finding("input-note", Status.INFO, Area.SYSTEM, note) for note in evidence.notes]
    return replace(report, status=overall_status(findings), findings=tuple(findings))


def evidence_lines(findings: Iterable[Finding]) -> list[str]:
    """Every quoted evidence line of `findings` (for tests and renderers)."""
    out: list[str] = []
    for f in findings:
        out += [line for line in f.facts.get("evidence", "").split("\n") if line]
    return out


__all__ = ["diagnose", "evidence_lines"]
