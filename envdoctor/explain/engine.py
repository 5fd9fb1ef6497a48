"""Match pasted error text against the catalog: pure, no I/O.

The input is whatever people paste: a traceback, a whole training log, a screenshot's
worth of text re-typed, with CRLF line ends, colour codes, `[rank0]:` prefixes and
lines wrapped at odd places. It is normalised once, then every catalog entry looks
for its patterns; all distinct errors found are reported, the most specific first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from envdoctor.compat.gpus import (
    PROSE_GPU,
    PROSE_GPU_ANCHORS,
    prose_gpu_name,
    prose_gpu_works,
)
from envdoctor.explain.decode import decode_cuda_api_version, parse_cuda_version
from envdoctor.explain.families import CATALOG
from envdoctor.explain.model import Context, Explanation, Gpu, Known, known_from
from envdoctor.explain.pasted import mentioned_not_reported, rejoined_hard_wraps, undo_escapes
from envdoctor.explain.spec import ErrorSpec
from envdoctor.explain.steps import ADVICE_ANCHORS
from envdoctor.explain.textscan import ANCHOR_TRIES, find_all, lowercase, search_near
from envdoctor.i18n import _
from envdoctor.values import NVCC_RELEASE, cuda_of_torch_version, wsl_of_kernel

if TYPE_CHECKING:
    from envdoctor.compat.commands import MirrorIndex
    from envdoctor.matrix.model import Matrix
    from envdoctor.snapshot import Snapshot

# A pasted log can repeat one message thousands of times; a few matches per pattern suffice.
_MAX_MATCHES_PER_PATTERN = 20
_MATCHED_LIMIT = 400
# Hits considered per keyword, and how far around a hit its patterns may reach
# (the longest pattern, a GPU name plus the arch list or a logged prefix, stays well inside).
_MAX_KEYWORD_HITS = 200
_WINDOW_BEFORE = 800
_WINDOW_AFTER = 1600

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
# Prefixes that loggers put in front of every line, which would otherwise sit in the
# middle of a message that wrapped onto the next line.
_LINE_PREFIXES = re.compile(
    r"""^[ \t]*(?:
        \[rank\d+\]:[ \t]?                                    # torchrun
      | \(\w+[ ]pid=\d+\)[ \t]*                                # vLLM worker processes
      | (?:ERROR|WARNING|INFO|DEBUG)[ ]\d\d-\d\d[ ]\d\d:\d\d:\d\d(?:\.\d+)?[ ][\w.]+:\d+\][ \t]?
      | \[task[ ][^\]]*\][ \t]*(?:\[[\w()-]+\][ \t]*)*         # CI task logs
      | │[ \t]?                                                 # Rich traceback boxes
      | >[ \t]?                                                 # quoted e-mail / markdown
      | \d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?[ \t]+  # CI, logging
      | -[ ][\w.]+[ ]-[ ](?:CRITICAL|ERROR|WARNING|INFO|DEBUG)[ ]-[ ]  # logging's default format
      | \d{1,6}[ ]?\|[ ]                                          # numbered lines of a viewer
    )+""",
    re.VERBOSE | re.MULTILINE,
)
# Substrings every one of those prefixes contains: without any, the regex has nothing to do.
_PREFIX_MARKERS = ("[rank", " pid=", "ERROR ", "WARNING ", "INFO ", "DEBUG ", "[task ", "│", "\n>")
# Timestamped or numbered lines: looked for at the start and end of the text only (a log
# has them on every line or not at all), a search of all of a 10 MB log costs too much.
_PREFIX_GATE = re.compile(r"^[ \t]*(?:\d{4}-\d\d-\d\d[T ]\d\d:|\d{1,6}[ ]?\|[ ])", re.MULTILINE)
_GATE_SPAN = 65536
_BOX_RIGHT = re.compile(r"[ \t]*│[ \t]*$", re.MULTILINE)
_TYPOGRAPHIC_QUOTES = (
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u201e", '"'),
)


def normalise(text: str) -> str:
    """One line of text with single spaces: robust to wrapping, CRLF, colours, prefixes and
    the escaping of HTML or JSON (`envdoctor.explain.pasted`)."""
    return _flatten(undo_escapes(text))


def _flatten(text: str) -> str:
    """`normalise` of a text whose escapes are already undone."""
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if (
        any(marker in text for marker in _PREFIX_MARKERS)
        or text.startswith(">")
        or _PREFIX_GATE.search(text, 0, _GATE_SPAN)
        or _PREFIX_GATE.search(text, max(0, len(text) - _GATE_SPAN))
    ):
        text = _LINE_PREFIXES.sub("", text)
    if "│" in text:
        text = _BOX_RIGHT.sub("", text)
    # Word processors and chat apps turn couldn't into couldn’t, "x" into “x”. (replace()
    # per character, not translate(): on a long log with any non-ASCII text translate
    # takes its slow path, 0.15 s for 10 MB.)
    for quote, plain in _TYPOGRAPHIC_QUOTES:
        if quote in text:
            text = text.replace(quote, plain)
    # str.split() splits on the same whitespace as \s+, several times faster on big logs.
    return " ".join(text.split())


# --- clues: facts the pasted text itself gives away (nvidia-smi header, collect_env) ----------

_DRIVER_CLUE = re.compile(
    r"(?:Driver Version|Nvidia driver version|driver version)\s*:\s*(\d{3}\.\d+(?:\.\d+)?)",
    re.IGNORECASE,
)
_DRIVER_CUDA_CLUE = re.compile(r"CUDA Version\s*:\s*(\d{1,2}\.\d{1,2})")
# torch's "driver ... is too old (found version 11040)": the CUDA the driver reports, which
# every other explanation of the paste must respect too (a build it suggests must run).
_DRIVER_API_CLUE = re.compile(r"is too old \(found version (\d{4,5})\)")
# NCCL's log line of the same number: "NCCL INFO cudaDriverVersion 11070".
_NCCL_DRIVER_CLUE = re.compile(r"cudaDriverVersion (\d{4,5})\b")
_TORCH_CLUES = (
    re.compile(r"PyTorch version\s*:\s*(\d+\.\d+(?:\.\d+)?(?:[a-z0-9.]*)(?:\+[\w.]+)?)"),
    re.compile(r"\btorch\s*(?:==|-|\s)\s*(\d+\.\d+\.\d+(?:\+\w+(?:\.\w+)*))"),
    # Not 0.x: torchvision/torchaudio versions often come first in `pip list`.
    re.compile(r"\b([1-9]\d*\.\d+\.\d+\+(?:cu\d{2,3}|cpu|rocm[\d.]+))\b"),
    # xFormers (and others) name the torch they were built for first, the installed one in
    # "(you have 2.1.2+cpu)": the first "+cu" version of such a line is not this machine's.
    re.compile(r"\(you have ([1-9]\d*\.\d+\.\d+\+[\w.]+)\)"),
    # `pip show torch`: "Name: torch" then "Version: 2.3.1" (a plain version counts here).
    re.compile(r"Name: torch Version: (\d+\.\d+\.\d+(?:[a-z]\w*)?(?:\+[\w.]+)?)(?![\w.])"),
)
_TORCH_CUDA_CLUE = re.compile(r"CUDA used to build PyTorch\s*:\s*(\d{1,2}\.\d{1,2}|None)")
_GPU_CLUE = re.compile(
    r"GPU \d+: ((?:NVIDIA |Tesla |Quadro |GeForce )[\w -]+?)(?= GPU \d+:| Nvidia| \(UUID|$| \|)"
)
# Also uv's "Using CPython 3.13.1".
_PYTHON_CLUE = re.compile(r"(?:\b|(?<=C))Python(?: version)?:? (3\.\d{1,2}(?:\.\d+)?)\b")
# The interpreter's version in its package folder: lib/python3.8/site-packages (Linux,
# macOS, conda), C:\Python310\Lib\site-packages and ...\Python\Python311\ (Windows), and
# an egg's tag (-py3.6.egg).
_PYTHON_PATH_CLUES = (
    re.compile(r"python(3\.\d{1,2})[/\\](?:site|dist)-packages", re.IGNORECASE),
    re.compile(r"[/\\]Python3(\d{1,2})[/\\]", re.IGNORECASE),
    re.compile(r"-py(3\.\d{1,2})\.egg\b"),
)
_WINDOWS_PATH = re.compile(r"\b([A-Za-z]:\\)")
# Windows paths with the drive cut off ("...\AppData\Local\Temp"), and Windows' own errors.
# A shell prompt inside a Docker container: root at a 12-hex-digit container id.
_DOCKER_PROMPT = re.compile(r"\broot@([0-9a-f]{12}):")
_WSL_WORDS = ("microsoft-standard", "/usr/lib/wsl", "wsl2", "wsl 2", "wsl:", "(wsl)", "/mnt/c/")
_WSL1_KERNEL = re.compile(r"\b(4\.4\.0-\d{4,5}-Microsoft)\b")  # WSL 1's kernel name
_WINDOWS_WORDS = ("\\appdata\\", "\\site-packages\\", "[winerror ", "windowspath(")
# Paths only Linux machines have: Debian's system Python and dist-packages, home folders
# (macOS has /Users; Homebrew's /usr/local/lib/python3 exists on Intel Macs too).
_LINUX_PATH = re.compile(r"(/usr/lib/python3|/home/\w[\w.-]*/|/dist-packages/)")
_COMPANION_CLUE = re.compile(
    r"\b(torchvision|torchaudio)(?:\s*==\s*|\s+(?:Version: )?|-)(\d+\.\d+\.\d+(?:[a-z]\w*)?(?:\+[\w.]+)?)(?![\w.])"
)
_DARWIN_CLUE = re.compile(r"(/Users/\w+/)")
# The interpreter's architecture on a Mac: "macOS-10.16-x86_64-i386-64bit", "macOS 15.3 (x86_64)".
_MAC_MACHINE_CLUE = re.compile(r"macOS[- ][\d.]+[- (]+(x86_64|arm64)", re.IGNORECASE)


# Anchors of the clues that are often absent: found with the catalogue's keywords in one
# pass. Frequent ones ("torch", "python", "+cu") are found at once by a plain search.
_CLUE_ANCHORS = (
    "driver version",
    "cuda version",
    "found version",
    "cudadriverversion",
    "pytorch version",
    "(you have",
    "name: torch",
    "cuda used to build pytorch",
    "cuda compilation tools",
    ":\\",
    "/users/",
    "+cpu",
    "+rocm",
    "torchvision",
    "torchaudio",
    "/dist-packages/",
    "/usr/lib/python3",
    "\\appdata\\",
    "\\site-packages\\",
    "[winerror ",
    "windowspath(",
    "/home/",
    "root@",
    "microsoft-standard",
    "-microsoft",
    "/usr/lib/wsl",
    "wsl2",
    "wsl 2",
    "wsl:",
    "(wsl)",
    "/mnt/c/",
    "macos",
    "darwin",
    "\\python3",
    ".egg",
    *PROSE_GPU_ANCHORS,
)


def read_clues(
    flat: str, lower: str | None = None, starts: Mapping[str, Sequence[int]] | None = None
) -> Known:
    """What the text reveals about its machine; every value may be missing.

    Each regex runs only next to a literal anchor found by a plain substring search:
    logs can be megabytes long, and a regex scan of all of it costs a second or more.
    `starts`: anchors' positions already found (`find_all` over `_CLUE_ANCHORS`).
    """
    lower = lowercase(flat) if lower is None else lower
    if starts is None:
        starts = find_all(lower, _CLUE_ANCHORS, _MAX_KEYWORD_HITS)

    def near(pattern: re.Pattern[str], *anchors: str, before: int = 40) -> str | None:
        m = search_near(flat, lower, pattern, anchors, before=before, starts=starts)
        return m.group(1) if m else None

    def has(word: str) -> bool:
        return bool(starts[word]) if word in starts else word in lower

    driver = near(_DRIVER_CLUE, "driver version")
    driver_cuda = parse_cuda_version(near(_DRIVER_CUDA_CLUE, "cuda version"))
    api = near(_DRIVER_API_CLUE, "found version", before=30) or near(
        _NCCL_DRIVER_CLUE, "cudadriverversion", before=0
    )
    if driver_cuda is None and api:
        driver_cuda = decode_cuda_api_version(int(api))
    torch_version = (
        near(_TORCH_CLUES[0], "pytorch version")
        or near(_TORCH_CLUES[3], "(you have", before=0)
        or near(_TORCH_CLUES[4], "name: torch", before=0)
        or near(_TORCH_CLUES[1], "torch", before=0)
        or near(_TORCH_CLUES[2], "+cu", "+cpu", "+rocm", before=20)
    )
    torch_cuda = None
    build = near(_TORCH_CUDA_CLUE, "cuda used to build pytorch")
    if build and build != "None":
        torch_cuda = parse_cuda_version(build)
    else:
        torch_cuda = parse_cuda_version(cuda_of_torch_version(torch_version))  # "+cu121": 12.1
    gpus = tuple(
        Gpu(name=m.group(1).strip(), capability=None, memory_total_mib=None)
        for m in _GPU_CLUE.finditer(flat)
    )
    prose: dict[str, None] = {}
    if not gpus:
        # GPU names in sentences ("I have a GTX 1080Ti"), near the words they contain.
        for anchor in PROSE_GPU_ANCHORS:
            for at in starts[anchor][:ANCHOR_TRIES] if anchor in starts else ():
                for typed in PROSE_GPU.finditer(flat, max(0, at - 16), at + 64):
                    if not prose_gpu_works(flat, typed.start(), typed.end()):
                        prose[prose_gpu_name(typed.group("name"))] = None
    # WSL 2's kernel name and driver folder, its name in messages (bitsandbytes prints
    # "WSL:"), and the Windows drives it mounts.
    wsl = 2 if any(map(has, _WSL_WORDS)) else None
    wsl = wsl or wsl_of_kernel(near(_WSL1_KERNEL, "-microsoft", before=12))
    os_name = None
    if wsl:
        os_name = "Linux"
    elif near(_WINDOWS_PATH, ":\\", before=2) or any(map(has, _WINDOWS_WORDS)):
        os_name = "Windows"
    elif has("macos") or has("darwin") or near(_DARWIN_CLUE, "/users/", before=0):
        os_name = "Darwin"
    elif near(_LINUX_PATH, "/usr/lib/python3", "/home/", "/dist-packages/", before=0):
        os_name = "Linux"
    companions: dict[str, str] = {}
    for anchor in ("torchvision", "torchaudio"):
        m = search_near(flat, lower, _COMPANION_CLUE, (anchor,), before=0, reach=60, starts=starts)
        if m is not None:
            companions[m.group(1).lower()] = m.group(2)
    container = "docker" if near(_DOCKER_PROMPT, "root@", before=0) else None
    machine = near(_MAC_MACHINE_CLUE, "macos", before=0) if os_name == "Darwin" else None
    return Known(
        driver_version=driver,
        driver_cuda=driver_cuda,
        torch_version=torch_version,
        torch_cuda=torch_cuda,
        nvcc=parse_cuda_version(near(NVCC_RELEASE, "cuda compilation tools", before=0)),
        gpus=gpus,
        prose_gpus=tuple(prose),
        os=os_name,
        wsl=wsl,
        container=container,
        machine=machine,
        python_version=near(_PYTHON_CLUE, "python", before=0) or _python_of_paths(near),
        companion_versions=tuple(sorted(companions.items())),
        companion_torch=torch_version if companions else None,
    )


def _python_of_paths(near: Callable[..., str | None]) -> str | None:
    """The Python version that the paths of a traceback give away."""
    site, windows, egg = _PYTHON_PATH_CLUES
    found = near(site, "-packages", before=20)
    if found:
        return found
    minor = near(windows, "\\python3", before=2)
    if minor:
        return f"3.{minor}"
    return near(egg, ".egg", before=12)


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group(1) if m else None


# --- matching ------------------------------------------------------------------------------


def explain(
    text: str,
    snapshot: Snapshot | None = None,
    *,
    matrix: Matrix | None = None,
    mirror: MirrorIndex | None = None,
) -> tuple[Explanation, ...]:
    """Every known error in `text`, most specific first, then in order of appearance.

    `snapshot` tailors the advice (a live or `--from` snapshot); `matrix` defaults to the
    bundled compat_matrix.json (what `check` uses); `mirror` (the CLI resolves it with
    `envdoctor.cli._options.mirror_index`) goes into install commands.
    """
    text = undo_escapes(text)
    flat = _flatten(text)
    if not flat:
        return ()
    if matrix is None:
        from envdoctor.matrix.load import load_matrix

        matrix = load_matrix()
    lower = lowercase(flat)
    hits = _KeywordHits(lower)
    known = known_from(snapshot, read_clues(flat, lower, hits.all), matrix)
    readings = [
        Context(text=flat, known=known, matrix=matrix, mirror=mirror, lower=lower, starts=hits.all)
    ]
    # A terminal may have wrapped the message in the middle of words: read it also with
    # those wraps undone, first when the text surely was wrapped (pasted.py says when).
    rewrapped = rejoined_hard_wraps(text)
    hits2 = hits
    if rewrapped is not None:
        flat2 = _flatten(rewrapped[0])
        lower2 = lowercase(flat2)
        # The same one pass for the words advice asks for as in the first reading.
        hits2 = _KeywordHits(lower2)
        ctx2 = Context(
            text=flat2,
            known=known,
            matrix=matrix,
            mirror=mirror,
            lower=lower2,
            starts=hits2.all,
        )
        readings.insert(0 if rewrapped[1] else 1, ctx2)
    found: list[tuple[ErrorSpec, int, Explanation, int]] = []
    seen: set[tuple[str, str]] = set()
    for ctx in readings:
        # A later reading adds only the entries an earlier one did not find at all.
        skip = {spec.code for spec, *_rest in found}
        _scan(ctx, hits if ctx.lower is lower else hits2, found, seen, skip)
    codes = {spec.code for spec, *_rest in found}
    kept = [
        (rank, pos, e)
        for spec, pos, e, rank in found
        if not spec.defers_to & codes
        and not any(other.code in codes and spec.code in other.supersedes for other in CATALOG)
    ]
    kept.sort(key=lambda item: (-item[0], item[1]))
    return tuple(e for _rank, _pos, e in kept)


def _scan(
    ctx: Context,
    hits: _KeywordHits,
    found: list[tuple[ErrorSpec, int, Explanation, int]],
    seen: set[tuple[str, str]],
    skip: frozenset[str] | set[str] = frozenset(),
) -> None:
    """Add every catalogue match in `ctx.text` not `seen` yet to `found`, except those of
    the entries in `skip`."""
    flat, lower = ctx.text, ctx.lower
    for spec in CATALOG:
        if spec.code in skip or (
            spec.keywords and not any(hits.of(word) for word in spec.keywords)
        ):
            continue
        windows = _windows(spec, lower, hits)
        for m in _matches(spec, flat, windows):
            advice = None if mentioned_not_reported(flat, m.start()) else spec.advise(m, ctx)
            if advice is None:
                continue
            code = advice.code or spec.code
            if (code, advice.key) in seen:
                continue
            seen.add((code, advice.key))
            kind = advice.kind or spec.kind.value
            found.append(
                (
                    spec,
                    m.start(),
                    Explanation(
                        code=code,
                        title=advice.title or _(spec.title),
                        cause=advice.cause,
                        fix=advice.fix,
                        matched=_clip(m.group(0)),
                        facts=advice.facts,
                        used_local_facts=advice.used_local_facts,
                        kind=kind,
                        family=spec.family,
                        finding_code=None
                        if advice.contradiction or kind != "environment"
                        else _finding(advice.finding_code, spec.finding_code),
                        contradiction=advice.contradiction,
                    ),
                    advice.specificity or spec.specificity,
                )
            )


def _finding(own: str | None, entry: str | None) -> str | None:
    """A sub-case's check finding ("" for none: not the entry's cause), else the entry's."""
    return entry if own is None else own or None


class _KeywordHits:
    """Where each keyword of the catalogue occurs (the first few hundred times).

    Entries share keywords ("cannot open shared object", "undefined symbol"), and every
    search of an absent keyword reads the whole text: all are found in one pass, up front.
    """

    def __init__(self, lower: str) -> None:
        self.all = find_all(lower, _ALL_KEYWORDS, _MAX_KEYWORD_HITS)

    def of(self, word: str) -> list[int]:
        return self.all.get(word, [])


_ALL_KEYWORDS = tuple(
    dict.fromkeys(
        [*(word for spec in CATALOG for word in spec.keywords), *_CLUE_ANCHORS, *ADVICE_ANCHORS]
    )
)


def _windows(spec: ErrorSpec, lower: str, hits: _KeywordHits) -> list[tuple[int, int]]:
    """The stretches of text around the entry's keywords, merged: where its patterns can match.

    Scanning a whole multi-megabyte log with ~50 case-insensitive patterns takes seconds;
    the keyword search is a plain substring search and the patterns then run only here.
    """
    if not spec.keywords:
        return [(0, len(lower))]
    positions = [at for word in spec.keywords for at in hits.of(word)]
    windows: list[tuple[int, int]] = []
    for at in sorted(positions):
        start, end = max(0, at - _WINDOW_BEFORE), min(len(lower), at + _WINDOW_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _matches(spec: ErrorSpec, flat: str, windows: list[tuple[int, int]]) -> list[re.Match[str]]:
    """All non-overlapping matches of the entry's patterns, capped."""
    out: list[re.Match[str]] = []
    for pattern in spec.patterns:
        found = 0
        for start, end in windows:
            for m in pattern.finditer(flat, start, end):
                if any(m.start() < o.end() and o.start() < m.end() for o in out):
                    continue
                out.append(m)
                found += 1
                if found >= _MAX_MATCHES_PER_PATTERN:
                    break
            if found >= _MAX_MATCHES_PER_PATTERN:
                break
    # Pattern order is kept: an entry lists its most informative pattern first, and the
    # first match of each distinct case is the one reported.
    return out


def _clip(matched: str) -> str:
    matched = matched.strip()
    if len(matched) <= _MATCHED_LIMIT:
        return matched
    return matched[: _MATCHED_LIMIT - 1] + "…"


__all__ = ["explain", "lowercase", "normalise", "read_clues"]
