"""Read the text report of `python -m torch.utils.collect_env` into a Snapshot.

This is what users paste into bug trackers, so the input is rarely clean: it may sit
inside a Markdown code fence or a `<details>` block between paragraphs of prose, be
quoted (`> `) or indented, use CRLF line ends, start after warnings printed by
`import torch`, stop half-way, or have lost its line breaks (copied from rendered
Markdown). The parser finds the report, reads the lines it knows and turns each into
facts; a fact the report does not state stays `None`. `decode_report` turns the bytes
of a saved report into text first (PowerShell writes UTF-16, cmd.exe on Chinese
Windows writes GBK).

Formats covered: PyTorch 1.0 to 1.7 (`Is debug build: No`, `Python version: 3.6`,
`[pip] torch (1.0.0)`), 1.8+ (`(64-bit runtime)`, `Python platform:`,
`Libc version:`), 2.x (`CUDA_MODULE_LOADING set to:`, the `CPU:` block, XPU lines).

What each line becomes, and the choices made where the report is ambiguous:

- `PyTorch version: X` -> TorchFacts(state=OK, version=X). `N/A` means the script
  could not `import torch`: that is TorchState.MISSING only when the report is intact
  (it reaches the `Versions of relevant libraries:` section) and no `torch`/`pytorch`
  package is listed there. A truncated report, or one whose package list shows torch
  anyway (pip may belong to another interpreter, or the install is broken), gives
  TorchState.UNKNOWN: the report cannot tell missing from broken. Without the header
  line at all, the version is taken from the `[pip*] torch==X` / `[conda] pytorch X`
  lines and the state stays UNKNOWN (installed, but nobody saw it import).
- `CUDA used to build PyTorch:` -> TorchFacts.cuda. `None`, `Could not collect`,
  `N/A` and `No CUDA` all give `cuda=None` with the state left as it was: a CPU build
  prints `None` or `Could not collect`. Whether the line was present at all is kept in
  `Snapshot.probes` (below), so analysis can tell "stated as none" (probe present,
  ok=False) from "line missing" (no probe).
- `CUDA runtime version:` is the system `nvcc`, not torch's runtime ->
  ToolkitFacts.nvcc_version as major.minor ("12.1.105" -> "12.1").
- `cuDNN version:` lists the *system* cuDNN libraries, not the one torch loads, so it
  fills no TorchFacts field; its text is only kept in the probe record.
- `Nvidia driver version: 535.104.05` -> DriverFacts(state=OK, source="collect_env").
  Any unstated value (`Could not collect`, `No CUDA`) -> DriverState.UNKNOWN: the
  script only ran `nvidia-smi`, so it cannot tell "no driver" from "no nvidia-smi".
- `GPU models and configuration:` -> one GpuFacts per `GPU n: NAME` line (nvidia-smi
  format, on the same line or the following ones), compute capability left None. A
  bare name without `GPU n:` is what the script prints for ROCm (and macOS) builds;
  it becomes GPU 0 only when torch is not a ROCm build and the name is NVIDIA's.
- `Python version:` -> PythonFacts.version (as precise as printed: 1.x prints only
  "3.6") and pointer_bits; `Libc version: glibc-2.35` (or the platform's
  `-with-glibc2.35`) -> PythonFacts.glibc; `[conda] pytorch ... <channel>` with a
  conda build (not `pypi_0`) -> PythonFacts.env_kind="conda".
- `Python platform:` and `OS:` -> SystemFacts: os ("Linux", "Windows", "Darwin"),
  os_release, kernel, machine, and wsl (2 for `microsoft-standard` kernels, 1 for
  the WSL 1 `-Microsoft` kernel).
- `CUDA_MODULE_LOADING set to: LAZY` -> Snapshot.environment (the value torch saw
  after initialising CUDA; torch itself sets LAZY when the variable is unset).
- GCC, Clang, CMake, debug build, XNNPACK, HIP/MIOpen, the `CPU:` block: no fact.

Every recognised line is also recorded verbatim as a ProbeRecord named
`collect_env:<field>` (seconds 0.0; ok False when the value says nothing, e.g.
`Could not collect`), so nothing the user pasted is lost and "absent" stays
distinguishable from "stated as unknown". The `CPU:` block is recorded without text.
"""

from __future__ import annotations

import codecs
import itertools
import json
import re
from collections.abc import Sequence

from envdoctor.collect.collect_env_facts import (
    _MULTILINE,
    _driver_facts,
    _Field,
    _gpus,
    _packages,
    _parse_platform,
    _probes,
    _python_facts,
    _system_facts,
    _toolkit_facts,
    _torch_facts,
    _torch_package,
    _value,
)
from envdoctor.i18n import _
from envdoctor.snapshot import Snapshot
from envdoctor.tool_formats import COLLECT_ENV_LABELS, GPU_LIST_ENTRY


class CollectEnvParseError(ValueError):
    """The input is not a collect_env report; the message is one translated line."""


# collect_env's labels and the fields they state: `envdoctor.tool_formats`.
_LABELS = COLLECT_ENV_LABELS

# Fields whose value may continue on the following lines.

# Labels specific enough that two of them (or one after the banner) mean "a report".
_ANCHORS = frozenset(
    {
        "torch_version",
        "debug_build",
        "cuda_build",
        "rocm_build",
        "python_platform",
        "cuda_available",
        "cuda_runtime",
        "cuda_module_loading",
        "gpu_models",
        "driver",
        "cudnn",
        "libraries",
    }
)

# A start of the report that yields fewer fields is a mention in prose, if another exists.
_MIN_FIELDS = 3
# Candidate starts tried at most: a real paste has one or two, a crafted one thousands.
_MAX_STARTS = 20

_BANNER = "Collecting environment information"
# Shortest line that can hold three labels with their values (a collapsed report).
_COLLAPSED_MIN = 60

# Values the script prints when it has nothing to say.

_INLINE_LABEL_RE = re.compile(
    r"(?:^|(?<=\s))(?P<label>"
    + "|".join(re.escape(label) for label in sorted(_LABELS, key=len, reverse=True))
    + r"):(?=\s|$)"
)
_INLINE_ITEM_RE = re.compile(rf"\s+(?={GPU_LIST_ENTRY} |\[(?:pip[\d.]*|conda)\] )")
_LABEL_RE = re.compile(r"^(?P<label>[A-Za-z][A-Za-z0-9_ ]*?):(?:[ \t]+(?P<value>.*))?$")
_QUOTE_RE = re.compile(r"^[\s>]*")
_PADDED_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_ ]*?[A-Za-z0-9])[ \t]+:(?=\s|$)")
_FENCE_RE = re.compile(r"^(```|~~~)")
_COLONLESS_RE = re.compile(r"^(PyTorch version|Python version) (?=\d)")
_DETAILS_END_RE = re.compile(r"^</details>", re.IGNORECASE)


def _clean(line: str) -> str:
    """One pasted line without quote markers, indentation and trailing blanks.

    vLLM's and SGLang's reports pad the labels (`PyTorch version    : 2.5.1`) and print
    `Versions of relevant libraries` as a section title without a colon; Chinese input
    methods type a full-width colon. All become the classic `Label: value`.
    """
    line = _QUOTE_RE.sub("", line.replace("\t", "    ").replace("\uff1a", ": ")).rstrip()
    if line.startswith(("PyTorch version ", "Python version ")):
        # PyTorch 1.x reports printed "PyTorch version 1.5.0" without the colon.
        line = _COLONLESS_RE.sub(r"\1: ", line, count=1)
    if " :" in line:
        line = _PADDED_RE.sub(r"\1:", line, count=1)
    if line == "Versions of relevant libraries":
        return line + ":"
    return line


def _match_label(line: str) -> tuple[str, str] | None:
    """(field key, value) when the line is `Known label: value`."""
    m = _LABEL_RE.match(line)
    if m is None:
        return None
    key = _LABELS.get(m.group("label"))
    if key is None:
        return None
    return key, (m.group("value") or "").strip()


def _read_fields(region: Sequence[str]) -> dict[str, _Field]:
    fields: dict[str, _Field] = {}
    current: _Field | None = None
    current_key = ""
    for line in region:
        hit = _match_label(line)
        if hit is not None:
            key, value = hit
            if key in fields:
                break  # a second report pasted below the first one
            current_key = key
            current = _Field(label=key, lines=[value])
            fields[key] = current
            continue
        if current is None:
            continue
        if current_key == "libraries":
            if not line or not line.strip("="):
                continue  # vLLM underlines its section titles with '='
            if line == "Versions of relevant libraries:":
                continue
            if not line.startswith("["):
                break  # the package list is the last section; prose follows
            current.lines.append(line)
        elif current_key in _MULTILINE:
            current.lines.append(line)
    return fields


def _read_report(lines: Sequence[str]) -> dict[str, _Field]:
    """The fields of the report in a pasted text.

    A report starts at a `PyTorch version:` line (or, for a paste that lost its first
    lines, at the first known label) and ends at a code fence, at `</details>`, where
    a label repeats (a second report) or where prose follows the package list. Issue
    prose may mention "PyTorch version: 2.1" before the real report, so a candidate
    start counts only when it yields a few fields (a report has about twenty); with
    two reports pasted, the first one is read.
    """
    cleaned = [_clean(line) for line in lines]
    best = _best_fields(cleaned)
    if len(best) < _MIN_FIELDS:
        expanded = _expand_collapsed(cleaned)
        if expanded is not None:
            again = _best_fields(expanded)
            if len(again) > len(best):
                best = again
    return best


def _best_fields(cleaned: Sequence[str]) -> dict[str, _Field]:
    labelled = [i for i, line in enumerate(cleaned) if _match_label(line) is not None]
    if not labelled:
        return {}
    starts = [i for i in labelled if cleaned[i].startswith("PyTorch version:")] or labelled[:1]
    best: dict[str, _Field] = {}
    for start in starts[:_MAX_STARTS]:
        region: list[str] = []
        for line in cleaned[start:]:
            if _FENCE_RE.match(line) or _DETAILS_END_RE.match(line):
                break
            region.append(line)
        fields = _read_fields(region)
        if len(fields) >= _MIN_FIELDS:
            return fields
        if len(fields) > len(best):
            best = fields
    return best


def _split_collapsed(line: str) -> list[str] | None:
    """A line that holds a whole report whose line breaks were lost, re-split.

    That happens when a report is copied from rendered Markdown. Only a line holding
    several known labels is split: before each label, before each `GPU n:` entry and
    before each `[pip3]`/`[conda]` package entry.
    """
    if len(line) < _COLLAPSED_MIN or ":" not in line:
        return None  # a report that lost its line breaks is one long line
    hits = list(_INLINE_LABEL_RE.finditer(line))
    if len({m.group("label") for m in hits}) < _MIN_FIELDS:
        return None
    out: list[str] = []
    cuts = [0, *(m.start("label") for m in hits), len(line)]
    for a, b in itertools.pairwise(cuts):
        for piece in _INLINE_ITEM_RE.split(line[a:b]):
            if piece.strip():
                out.append(piece.strip())
    return out


def _expand_collapsed(cleaned: Sequence[str]) -> list[str] | None:
    out: list[str] = []
    changed = False
    for line in cleaned:
        pieces = _split_collapsed(line)
        changed = changed or pieces is not None
        out.extend(pieces if pieces is not None else [line])
    return out if changed else None


def _anchor_count(text: str) -> tuple[int, bool]:
    keys: set[str] = set()
    banner = False
    for line in text.splitlines():
        if ":" not in line and "\uff1a" not in line and _BANNER not in line:
            continue
        cleaned = _clean(line)
        if _BANNER in cleaned:
            banner = True
        for piece in _split_collapsed(cleaned) or [cleaned]:
            hit = _match_label(piece)
            if hit is not None and hit[0] in _ANCHORS:
                keys.add(hit[0])
    return len(keys), banner


def looks_like_collect_env(text: str) -> bool:
    """True when the text contains a collect_env report (possibly truncated or quoted)."""
    if not text or "\x00" in text:
        return False
    anchors, banner = _anchor_count(text)
    return anchors >= 2 or (anchors >= 1 and banner)


def _reject(text: str) -> None:
    """Raise CollectEnvParseError with the reason the text is not a report."""
    stripped = text.strip()
    if not stripped:
        raise CollectEnvParseError(_("the input is empty, not a collect_env report"))
    if "\x00" in text or sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t\f") > 8:
        raise CollectEnvParseError(_("the input is binary data, not a collect_env report"))
    if stripped[0] in "{[":
        try:
            data = json.loads(stripped)
        except ValueError:
            pass
        else:
            if isinstance(data, dict) and str(data.get("schema", "")).startswith(
                "envdoctor.snapshot/"
            ):
                raise CollectEnvParseError(
                    _("the input is an envdoctor snapshot (JSON), not a collect_env report")
                )
            raise CollectEnvParseError(
                _("the input is JSON but neither an envdoctor snapshot nor a collect_env report")
            )
    raise CollectEnvParseError(
        _(
            "no collect_env report found: expected lines such as "
            "'PyTorch version:' and 'Is CUDA available:'"
        )
    )


def decode_report(data: bytes) -> str:
    """Bytes of a saved report -> text, for the encodings Windows users end up with.

    `python -m torch.utils.collect_env > env.txt` in Windows PowerShell 5 writes
    UTF-16 LE with a byte order mark; `Out-File -Encoding utf8` writes a UTF-8 BOM;
    cmd.exe on a Chinese Windows writes the console code page (GBK, read here as its
    superset GB 18030). Anything else is read as UTF-8, with undecodable bytes
    replaced, so that binary input reaches the parser and is rejected there.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    head = data[:400]
    if len(head) >= 8 and head[1::2].count(0) > 0.9 * len(head[1::2]) and 0 not in head[0::2]:
        return data.decode("utf-16-le", errors="replace")  # UTF-16 LE without a BOM
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if 0 not in data:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            pass
    return data.decode("utf-8", errors="replace")


def parse_collect_env(text: str) -> Snapshot:
    """Turn a pasted `python -m torch.utils.collect_env` report into a Snapshot.

    Raises CollectEnvParseError when the text holds no report at all (empty, binary,
    JSON, unrelated prose). A truncated report parses: what it lacks stays None.
    """
    if not looks_like_collect_env(text):
        _reject(text)
    fields = _read_report(text.splitlines())
    if not any(key in _ANCHORS for key in fields):
        _reject(text)
    package = _torch_package(_packages(fields))
    torch = _torch_facts(fields, package)
    platform_raw = _value(fields, "python_platform")
    environment: dict[str, str] = {}
    loading = _value(fields, "cuda_module_loading")
    if loading is not None:
        environment["CUDA_MODULE_LOADING"] = loading
    return Snapshot(
        origin="collect_env",
        system=_system_facts(fields),
        python=_python_facts(fields, package, _parse_platform(platform_raw).glibc),
        driver=_driver_facts(fields),
        gpus=_gpus(fields, torch),
        torch=torch,
        toolkit=_toolkit_facts(fields),
        environment=environment,
        probes=_probes(fields),
    )


__all__ = [
    "CollectEnvParseError",
    "decode_report",
    "looks_like_collect_env",
    "parse_collect_env",
]
