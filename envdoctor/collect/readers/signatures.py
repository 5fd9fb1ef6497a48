"""Error and warning signatures that state facts: PyTorch's and NVIDIA's own messages.

Each pattern runs on the cleaned text with newlines allowed wherever a space is, so a
message wrapped by a terminal, an e-mail client or a log prefix still matches. A
signature yields a Signal (what went wrong, with the line) and, where the message
states a fact, an Observation: "found version 11040" is the newest CUDA the driver
supports (11.4), "sm_120 is not compatible ... supports sm_50 sm_60" is the GPU's
capability and the build's arch list. The catalogue of `envdoctor explain` covers the
other messages; this module only reads what turns into facts or a verdict.

The wordings are explain's too: PyTorch's, NVIDIA's and pip's in `envdoctor/messages.py`,
CUDA's own error texts in explain's table (`explain/cuda_errors.py`, imported only when a
paste holds one of them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from envdoctor import messages as msg
from envdoctor.collect.readers.text import Document
from envdoctor.evidence import Observation, Quote, Signal
from envdoctor.values import ComputeCapability, CudaVersion

READER = "signature"
_MAX_HITS = 20  # a log may repeat a warning thousands of times
_S = r"[ \t\n]+"  # a space, or a line break where the message wrapped


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace(" ", _S), re.IGNORECASE)


_TOO_OLD = _rx(msg.DRIVER_TOO_OLD + msg.DRIVER_FOUND_VERSION)
_TOO_OLD_ANY = _rx(msg.DRIVER_TOO_OLD)
_NO_DRIVER = _rx(msg.NO_DRIVER)
_INSUFFICIENT = _rx(msg.CUDA_INSUFFICIENT_DRIVER)
_SM = re.compile(
    r"(?P<name>[\w()\[\]. -]{0,80}?)\s+"
    + (msg.SM_NOT_COMPATIBLE + " " + msg.SM_CURRENT_INSTALLATION).replace(" ", r"\s+")
    + r"\.?\s+"
    + msg.SM_BUILD_SUPPORTS.replace(" ", r"\s+")
    + rf"\s+(?P<list>{msg.ARCH_NAME}(?:[\s,]+{msg.ARCH_NAME})*)",
    re.IGNORECASE,
)
_FOUND_GPU = _rx(msg.OLD_GPU_FOUND)
_MIN_MAX = _rx(
    r"Minimum and Maximum cuda capability supported by this version of PyTorch is "
    r"\(?(?P<min>\d{1,2}\.\d)\)? - \(?(?P<max>\d{1,2}\.\d)\)?"
)
_MIN_ONLY = _rx(msg.OLD_GPU_MINIMUM)
_SMI_NO_DRIVER = _rx(msg.SMI_NO_DRIVER)
# The kernel log (dmesg) when the nvidia module is loaded but drives no GPU: another
# driver (nouveau) took the devices, or the module found none it supports.
_NVRM_UNBOUND = _rx(
    r"NVRM: (?:The NVIDIA probe routine was not called|No NVIDIA (?:graphics adapter|GPU) "
    r"(?:probed|found))"
)
_NVML_MISMATCH = _rx(msg.NVML_INIT_FAILED + msg.NVML_MISMATCH)
_NOT_COMPILED = _rx(msg.NOT_COMPILED_WITH_CUDA)
# The user asked torch for a CUDA device (or checked for one) and did not get it.
_CUDA_WANTED = _rx(
    msg.ULTRALYTICS_INVALID_DEVICE + r"|\bcuda\.is_available(?:\(\))?\s*(?:==|[:=])?\s*\**\s*False|"
    r"is_available\(\) returns False|"
    # conda asked for a CUDA build: `conda install pytorch cudatoolkit=10.1`, `- pytorch-cuda=12.1`
    r"\b(?:cudatoolkit|pytorch-cuda)=\d"
)
# `import torch` itself failing on a missing shared library: the library error follows
# a frame of torch/__init__.py within a few lines.
_TORCH_IMPORT_LIB = re.compile(
    r"torch[/\\]__init__\.py\", line \d+[^\n]*(?:\n[^\n]*){0,3}?\n[^\n]*?"
    r"(?:ImportError|OSError): (?:\[WinError \d+\] [^\n]*?)?(?P<lib>[\w.+-]+\.(?:so[.\d]*|dll))"
)
_FROM_VERSIONS = _rx(
    msg.PIP_NO_VERSION
    + r"(?P<req>torch\b[^\s(]*) (?:\((?:[^()\n]|\([^()\n]*\))*\) )*"
    + msg.PIP_FROM_VERSIONS
    + r"(?P<versions>[^)]*)\)"
)
_NO_MATCHING = _rx(msg.PIP_NO_MATCHING + r"(?P<req>torch\b\S*)")


# cudaGetDeviceCount's start-up errors the reader tells apart (PyTorch's warning: "... Error
# 804: forward compatibility was attempted on non supported HW"), each with the start of
# CUDA's text for it: a pasted warning is often cut short (an issue title).
_DEVICE_COUNT_ERRORS = (802, 803, 804)
_TEXT_START_WORDS = 4


@cache
def _device_count_errors() -> re.Pattern[str]:
    """The start-up errors by number and text, from explain's one table of CUDA's error
    texts (a lazy import: only a paste that holds one)."""
    from envdoctor.explain.cuda_errors import by_number

    rows = [by_number(n) for n in _DEVICE_COUNT_ERRORS]
    assert all(rows), "CUDA's error table lost a row"
    starts = sorted(
        {
            re.escape(" ".join(text.split()[:_TEXT_START_WORDS])).replace(r"\ ", " ")
            for row in rows
            if row is not None
            for text in row.texts
        }
    )
    numbers = "|".join(str(n) for n in _DEVICE_COUNT_ERRORS)
    return _rx(rf"Error (?P<err>{numbers}): (?:{'|'.join(starts)})")


def _finder(doc: Document) -> Callable[[re.Pattern[str]], list[tuple[re.Match[str], Quote]]]:
    text = doc.text

    def find(pattern: re.Pattern[str]) -> list[tuple[re.Match[str], Quote]]:
        out: list[tuple[re.Match[str], Quote]] = []
        for m in pattern.finditer(text):
            out.append((m, doc.quote(doc.line_at(m.start()))))
            if len(out) >= _MAX_HITS:
                break
        return out

    return find


def _capability(sm: str) -> str:
    """'86' -> '8.6', '120' -> '12.0' (the digits of an sm_XX the regex matched)."""
    return str(ComputeCapability.parse(sm) or sm)


def read_signatures(doc: Document) -> tuple[list[Observation], list[Signal]]:
    text_low = doc.text.lower()
    find = _finder(doc)
    obs: list[Observation] = []
    sigs: list[Signal] = []

    def o(key: str, value: str, q: Quote) -> None:
        obs.append(Observation(key, value, q, READER, 2))

    if "found version" in text_low:
        for m, q in find(_TOO_OLD):
            n = int(m.group("found"))
            decoded = CudaVersion.from_int(n)  # 11040 -> 11.4 (CUDA's own int encoding)
            if decoded is None:
                continue
            cuda = str(decoded)
            o("driver.cuda", cuda, q)
            sigs.append(Signal("driver-too-old", (q,), {"driver_cuda": cuda, "found": str(n)}))
    if msg.DRIVER_TOO_OLD_ANCHOR in text_low and not any(s.code == "driver-too-old" for s in sigs):
        for _m, q in find(_TOO_OLD_ANY)[:1]:
            sigs.append(Signal("driver-too-old", (q,)))
    if msg.CUDA_INSUFFICIENT_DRIVER_ANCHOR in text_low:
        for _m, q in find(_INSUFFICIENT)[:1]:
            sigs.append(Signal("driver-too-old", (q,)))
    if msg.NO_DRIVER_ANCHOR in text_low:
        for _m, q in find(_NO_DRIVER)[:1]:
            o("driver.state", "no-driver", q)
            sigs.append(Signal("no-driver", (q,)))
    if msg.SMI_NO_DRIVER_ANCHOR in text_low:
        for _m, q in find(_SMI_NO_DRIVER)[:1]:
            sigs.append(Signal("nvidia-smi-failed", (q,)))
    if "nvrm:" in text_low:
        for _m, q in find(_NVRM_UNBOUND)[:1]:
            sigs.append(Signal("nvidia-module-unbound", (q,)))
    if any(a in text_low for a in msg.NVML_MISMATCH_ANCHORS):
        for _m, q in find(_NVML_MISMATCH)[:1]:
            o("driver.state", "library-mismatch", q)
            sigs.append(Signal("driver-library-mismatch", (q,)))
    if msg.NOT_COMPILED_WITH_CUDA_ANCHOR in text_low:
        for _m, q in find(_NOT_COMPILED)[:1]:
            o("torch.cuda", "", q)  # the torch that raised this is a CPU build
            sigs.append(Signal("torch-cpu-only", (q,)))
    if "error 80" in text_low:
        for m, q in find(_device_count_errors())[:1]:
            # 803: the user-space driver does not match the kernel module (a mismatch);
            # 802 (Fabric Manager) and 804 (forward compatibility): CUDA cannot start.
            code = "driver-library-mismatch" if m.group("err") == "803" else "cuda-unavailable"
            sigs.append(Signal(code, (q,), {"error": m.group("err")}))
    if any(
        w in text_low
        for w in (
            msg.ULTRALYTICS_INVALID_DEVICE_ANCHOR,
            "is_available",
            "cudatoolkit=",
            "pytorch-cuda=",
        )
    ):
        for _m, q in find(_CUDA_WANTED)[:1]:
            sigs.append(Signal("cuda-wanted", (q,)))
    if "cuda capability" in text_low:
        _arch_warnings(find, o, sigs)
    if "__init__.py" in text_low and ("importerror" in text_low or "oserror" in text_low):
        for m, q in find(_TORCH_IMPORT_LIB)[:1]:
            line = doc.quote(doc.line_at(m.start("lib")))
            sigs.append(Signal("torch-broken", (line, q), {"library": m.group("lib")}))
    if "from versions:" in text_low:
        for m, q in find(_FROM_VERSIONS)[:1]:
            versions = " ".join(v.strip() for v in m.group("versions").split(",") if v.strip())
            sigs.append(
                Signal(
                    "pip-no-matching-torch",
                    (q,),
                    {"requirement": m.group("req"), "versions": versions or "none"},
                )
            )
    elif msg.PIP_NO_MATCHING_ANCHOR + " torch" in text_low:
        for m, q in find(_NO_MATCHING)[:1]:
            sigs.append(Signal("pip-no-matching-torch", (q,), {"requirement": m.group("req")}))
    return obs, sigs


def _device_name(raw: str) -> str:
    """The GPU's name without the prose before it ("we run yolov8 on rtx 5080 like NVIDIA
    GeForce RTX 5080 with CUDA capability ...")."""
    name = raw.strip()
    for prefix in msg.DEVICE_NAME_STARTS:
        at = name.rfind(prefix)
        if at >= 0:
            return name[at:]
    return name


def _arch_warnings(
    find: Callable[[re.Pattern[str]], list[tuple[re.Match[str], Quote]]],
    o: Callable[[str, str, Quote], None],
    sigs: list[Signal],
) -> None:
    """sm_XX warnings (an arch list) and the newer min/max capability warning."""
    for m, q in find(_SM):
        cc = _capability(m.group("sm"))  # "sm_120"
        arch = " ".join(m.group("list").split())
        name = _device_name(m.group("name"))
        if name:
            o("gpu", name, q)
        o("torch.arch_list", arch, q)
        sigs.append(
            Signal("gpu-arch-warning", (q,), {"gpu": name, "capability": cc, "arch_list": arch})
        )
    found = find(_FOUND_GPU)
    bounds = find(_MIN_MAX)
    minimum = find(_MIN_ONLY)
    for i, (m, q) in enumerate(found):
        cc = m.group("cc")
        name = m.group("gpu").strip()
        o("gpu", name, q)
        facts = {"gpu": name, "capability": cc}
        quotes = [q]
        if i < len(bounds):
            facts["min_capability"] = bounds[i][0].group("min")
            facts["max_capability"] = bounds[i][0].group("max")
            quotes.append(bounds[i][1])
        elif i < len(minimum):
            facts["min_capability"] = minimum[i][0].group("min")
            quotes.append(minimum[i][1])
        if len(facts) > 2:
            sigs.append(Signal("gpu-arch-warning", tuple(dict.fromkeys(quotes)), facts))


__all__ = ["read_signatures"]
