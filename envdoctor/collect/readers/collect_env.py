"""The collect_env reader: `python -m torch.utils.collect_env` (and vLLM's/SGLang's copy).

The layout parser itself is `envdoctor/collect/collect_env_report.py`; this module
runs it on a cleaned Document and says which line stated each fact.
"""

from __future__ import annotations

import re

from envdoctor.collect.collect_env_report import CollectEnvParseError, parse_collect_env
from envdoctor.collect.readers.text import Document
from envdoctor.evidence import Observation
from envdoctor.snapshot import DriverState, Snapshot, TorchState

READER = "collect_env"

# Snapshot key -> the labels of the line that states it.
_LABELS: dict[str, tuple[str, ...]] = {
    "torch": ("PyTorch version", "CUDA used to build PyTorch", "ROCM used to build PyTorch"),
    "torch.cuda_available": ("Is CUDA available",),
    "driver": ("Nvidia driver version",),
    "gpu": ("GPU models and configuration", "GPU 0:", "GPU 1:"),
    "python": ("Python version", "Python platform"),
    "system": ("OS:", "OS ", "Python platform"),
    "toolkit": ("CUDA runtime version",),
}


def _label_lines(doc: Document) -> dict[str, list[int]]:
    """Line indexes of each label's lines (one pass: logs can have a million lines)."""
    labels = tuple({label for group in _LABELS.values() for label in group})
    found: dict[str, list[int]] = {}
    for i, line in enumerate(doc.lines):
        if line.startswith(labels):
            for label in labels:
                if line.startswith(label):
                    found.setdefault(label, []).append(i)
    return found


_ANY_LABEL = re.compile(
    r"(?:PyTorch version|Is debug build|CUDA used to build PyTorch|Is CUDA available|"
    r"GPU models and configuration|Nvidia driver version|Versions of relevant libraries|"
    r"Python platform|CUDA runtime version)"
)
_AFTER_LAST = 400  # lines after the last label: the package list and the CPU block


def _report_region(doc: Document) -> str | None:
    """The lines around the report's labels, so a report inside a huge log parses fast."""
    text = doc.text
    hits = [m.start() for m in _ANY_LABEL.finditer(text)]
    if not hits:
        return None
    first, last = doc.line_at(hits[0]), doc.line_at(hits[-1])
    return "\n".join(doc.lines[max(0, first - 2) : last + _AFTER_LAST])


def read_collect_env(doc: Document) -> tuple[Snapshot | None, list[Observation]]:
    """The report's Snapshot and the lines behind its facts; (None, []) when there is none."""
    text = _report_region(doc)
    if text is None:
        return None, []
    try:
        snap = parse_collect_env(text)
    except CollectEnvParseError:
        return None, []
    obs: list[Observation] = []
    at = _label_lines(doc)

    def add(key: str, value: str | None, labels: tuple[str, ...]) -> None:
        if value is None:
            return
        lines = sorted({i for label in labels for i in at.get(label, [])})[:3]
        for i in lines:
            obs.append(Observation(key, value, doc.quote(i), READER, 3))

    t = snap.torch
    if t.state is TorchState.OK:
        add("torch.version", t.version, _LABELS["torch"][:1])
        add("torch.cuda", t.cuda or "", _LABELS["torch"][1:2])
    if t.cuda_available is not None:
        add("torch.cuda_available", str(t.cuda_available), _LABELS["torch.cuda_available"])
    if snap.driver.state is DriverState.OK:
        add("driver.version", snap.driver.version, _LABELS["driver"])
    for gpu in snap.gpus:
        add("gpu", gpu.name, (f"GPU {gpu.index}:", "GPU models and configuration"))
    add("python.version", snap.python.version, _LABELS["python"][:1])
    add("system.os", snap.system.os, _LABELS["system"])
    add("toolkit.nvcc", snap.toolkit.nvcc_version, _LABELS["toolkit"])
    return snap, obs


__all__ = ["read_collect_env"]
