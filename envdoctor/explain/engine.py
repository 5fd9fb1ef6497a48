"""Match pasted error text against the catalog: pure, no I/O.

The input is whatever people paste: a traceback, a whole training log, a screenshot's
worth of text re-typed, with CRLF line ends, colour codes, `[rank0]:` prefixes and
lines wrapped at odd places. It is normalised once, then every catalog entry looks
for its patterns; all distinct errors found are reported, the most specific first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from envdoctor.explain.bigtext import near_words
from envdoctor.explain.clues import CLUE_ANCHORS, read_clues
from envdoctor.explain.families import CATALOG
from envdoctor.explain.model import Context, Explanation, known_from
from envdoctor.explain.pasted import mentioned_not_reported, rejoined_hard_wraps, undo_escapes
from envdoctor.explain.spec import YIELDS_TO_ALL, ErrorSpec
from envdoctor.explain.steps import ADVICE_ANCHORS
from envdoctor.explain.textscan import MAX_KEYWORD_HITS, find_all, lowercase
from envdoctor.i18n import _
from envdoctor.textlines import LineRule, rewrite_lines

if TYPE_CHECKING:
    from envdoctor.compat.commands import MirrorIndex
    from envdoctor.matrix.model import Matrix
    from envdoctor.snapshot import Snapshot

# A pasted log can repeat one message thousands of times; a few matches per pattern suffice.
_MAX_MATCHES_PER_PATTERN = 20
# How far after a whole message its own last words may stand (torch's driver message ends
# ~250 characters after its head; NumPy's and the kernel's sooner).
_TAIL_REACH = 600
_MATCHED_LIMIT = 400
# How far around a keyword's hit its patterns may reach (the longest pattern, a GPU name
# plus the arch list or a logged prefix, stays well inside).
_WINDOW_BEFORE = 800
_WINDOW_AFTER = 1600

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
# Prefixes that loggers put in front of every line, which would otherwise sit in the
# middle of a message that wrapped onto the next line.
_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
_LINE_PREFIXES = re.compile(
    r"""^[ \t]*(?:
        \[rank\d+\]:[ \t]?                                    # torchrun
      | \(\w+[ ]pid=\d+\)[ \t]*                                # vLLM worker processes
      | (?:ERROR|WARNING|INFO|DEBUG)[ ]\d\d-\d\d[ ]\d\d:\d\d:\d\d(?:\.\d+)?[ ][\w.]+:\d+\][ \t]?
      | \[task[ ][^\]\n]*\][ \t]*(?:\[[\w()-]+\][ \t]*)*         # CI task logs
      | │[ \t]?                                                 # Rich traceback boxes
      | >[ \t]?                                                 # quoted e-mail / markdown
      | \[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?\]?[ \t]+  # CI, logging
        (?:(?:CRITICAL|ERROR|WARNING|INFO|DEBUG)[ \t]+)?  # its level (not pip's "ERROR:")
      | -[ ](?:[\w.]+[ ]-[ ])?(?:CRITICAL|ERROR|WARNING|INFO|DEBUG)[ ]-[ ]  # logging formats
      | (?:CRITICAL|ERROR|WARNING|INFO|DEBUG):[A-Za-z_][\w.]+:      # logging.basicConfig
      | \|[ ](?:TRACE|DEBUG|INFO|SUCCESS|WARNING|ERROR|CRITICAL)[ ]*\|[ ]\S+[ ]-[ ]  # loguru
      | \[[ ]*\d+\.\d{6}\][ ]                                      # dmesg
      | \d{1,6}[ ]?\|[ ]                                          # numbered lines of a viewer
    )+""",
    re.VERBOSE | re.MULTILINE,
)
# Substrings one of which every prefix but the timestamped and numbered ones contains: the
# regex reads only the lines that hold one (textlines.rewrite_lines).
_PREFIX_MARKERS = (
    "[rank",
    " pid=",
    *(f"{level}{after}" for level in _LEVELS for after in (" ", ":")),
    "SUCCESS ",
    "TRACE ",
    "[task ",
    "│",
    ">",
)
# Timestamped or numbered lines: looked for at the start and end of the text only (a log
# has them on every line or not at all), a search of all of a 10 MB log costs too much.
_PREFIX_GATE = re.compile(
    r"^[ \t]*(?:\[?\d{4}-\d\d-\d\d[T ]\d\d:|\d{1,6}[ ]?\|[ ]"
    r"|\[[ ]*\d+\.\d{6}\][ ])",
    re.MULTILINE,
)
_GATE_SPAN = 65536
# `docker compose logs` puts "<service>-<n>  | " before every line. The service's name is a
# clue (vllm-1, ollama-1): it is kept once, on a line of its own, and dropped elsewhere.
_COMPOSE_PREFIX = re.compile(r"^[ \t]*([\w.-]+[-_]\d+)[ ]+\|(?:[ ]|$)", re.MULTILINE)


def _is_compose_log(text: str) -> bool:
    """Nearly every line of the log's start or end carries the prefix (compose writes it on
    each): a table row such as "sm_80 | A100" among other lines is no compose log."""
    for start, end in ((0, _GATE_SPAN), (max(0, len(text) - _GATE_SPAN), len(text))):
        prefixed = sum(1 for _m in _COMPOSE_PREFIX.finditer(text, start, end))
        if prefixed:
            lines = sum(1 for line in text[start:end].splitlines() if line.strip())
            if prefixed * 5 >= lines * 4:
                return True
    return False


def _undo_compose_prefixes(text: str) -> str:
    seen: set[str] = set()

    def keep_first(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in seen:
            return ""
        seen.add(name)
        return f"[{name}]\n"

    return _COMPOSE_PREFIX.sub(keep_first, text)


_BOX_RIGHT = re.compile(r"[ \t]*│[ \t]*$", re.MULTILINE)
# A Markdown code fence around a paste: its ``` lines are no part of the message, and a
# message cut at its end ("... Error loading \"C:\\...\\fbgemm.dll") must still end there.
_FENCE = re.compile(r"^[ \t>]*(?:```|~~~)[\w+-]*[ \t]*$", re.MULTILINE)
# GitHub's collapsible block around a log: <details>, <summary>...</summary>, </details>.
_DETAILS = re.compile(r"^[ \t]*(?:</?details>|<summary>.*?</summary>)+[ \t]*$", re.MULTILINE)
# Markdown bold that issue authors put on the important words ("fatal error: **Python.h**:
# No such file"): the words stay, the markers go. Python's **kwargs has no closing pair.
_MARKDOWN_BOLD = re.compile(r"(?<![\w*])\*\*(?=[^\s*])([^*\n]{1,200}?)(?<=[^\s*])\*\*(?![\w*])")
_TYPOGRAPHIC_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'}
_PLAIN_QUOTES = str.maketrans(_TYPOGRAPHIC_QUOTES)


def normalise(text: str) -> str:
    """One line of text with single spaces: robust to wrapping, CRLF, colours, prefixes and
    the escaping of HTML or JSON (`envdoctor.explain.pasted`)."""
    return _flatten(undo_escapes(text))


def _has_prefix_on_every_line(text: str) -> bool:
    """A timestamped, numbered or dmesg log: its prefixes hold no marker, and they are
    then undone all over the text at once (a log has them on every line or on none, so its
    start and end say which)."""
    return bool(
        _PREFIX_GATE.search(text, 0, _GATE_SPAN)
        or _PREFIX_GATE.search(text, max(0, len(text) - _GATE_SPAN))
    )


def _drop(pattern: re.Pattern[str], repl: str = "") -> Callable[[str], str]:
    return lambda text: pattern.sub(repl, text)


_PREFIX_RULE = LineRule(_PREFIX_MARKERS, _drop(_LINE_PREFIXES))
# Each changes one line and needs its marker there; none changes what another reads.
_LINE_RULES = (
    LineRule(("│",), _drop(_BOX_RIGHT)),
    LineRule(("**",), _drop(_MARKDOWN_BOLD, r"\1")),
    LineRule(("```", "~~~"), _drop(_FENCE)),
    LineRule(("details>", "<summary>"), _drop(_DETAILS)),
    # Word processors and chat apps turn couldn't into couldn’t, "x" into “x”.
    LineRule(tuple(_TYPOGRAPHIC_QUOTES), lambda line: line.translate(_PLAIN_QUOTES)),
)


def _flatten(text: str) -> str:
    """`normalise` of a text whose escapes are already undone."""
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _is_compose_log(text):
        text = _undo_compose_prefixes(text)
    # A zero-width space some web pages put at line ends would glue two words together, and
    # hide a fence or prefix from the rules below: gone before them.
    if "\u200b" in text:
        text = text.replace("\u200b", "")
    if _has_prefix_on_every_line(text):
        text = _LINE_PREFIXES.sub("", text)
        text = rewrite_lines(text, _LINE_RULES)
    else:
        text = rewrite_lines(text, (_PREFIX_RULE, *_LINE_RULES))
    # str.split() splits on the same whitespace as \s+, several times faster on big logs.
    return " ".join(text.split())


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
    # A big log is read only near the catalogue's words (bigtext.py says why it loses none).
    whole = len(text)
    text = near_words(text, _ALL_KEYWORDS)
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
    rewrapped = rejoined_hard_wraps(text) if whole == len(text) else None
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
    # Answers of last resort yield to any other answer, not to each other: two of them
    # alone are both kept.
    last = {spec.code for spec, *_rest in found if spec.defers_to == YIELDS_TO_ALL}
    kept = [
        (rank, pos, e)
        for spec, pos, e, rank in found
        if not spec.defers_to & codes and not (spec.defers_to == YIELDS_TO_ALL and codes - last)
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
        self.all = find_all(lower, _ALL_KEYWORDS, MAX_KEYWORD_HITS)

    def of(self, word: str) -> list[int]:
        return self.all.get(word, [])


_ALL_KEYWORDS = tuple(
    dict.fromkeys(
        [*(word for spec in CATALOG for word in spec.keywords), *CLUE_ANCHORS, *ADVICE_ANCHORS]
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
        # A pattern with a `tail` group reads a message's last words alone (the paste cut
        # above them): where the entry already matched the whole message just before, the
        # tail is the same error and is not read again.
        tail = "tail" in pattern.groupindex
        for start, end in windows:
            for m in pattern.finditer(flat, start, end):
                if any(m.start() < o.end() and o.start() < m.end() for o in out):
                    continue
                if tail and any(0 <= m.start() - o.end() <= _TAIL_REACH for o in out):
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
