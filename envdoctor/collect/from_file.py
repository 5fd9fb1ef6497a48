"""The one loader behind every `--from`: snapshots, reports, logs, tables, stdin.

`check --from`, `install --from`, `explain --from` and `wheel --from` all read their
inputs here. An input is a `check --save` snapshot (JSON) or any text a user pasted: a
collect_env report, a traceback, nvidia-smi output, a package list. Several inputs are
fused into one Evidence (`envdoctor/collect/readers/`).

Reading is bounded (16 MiB per input, never more read) and forgiving about encodings:
UTF-8 (with or without BOM), UTF-16 with a BOM (PowerShell's `>`), GB 18030 / GBK
(cmd.exe on Chinese Windows) and cp1252 for text with no valid UTF-8 at all; stray
undecodable bytes in UTF-8 text are replaced and the note says where.
"""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from envdoctor.errors import UsageError
from envdoctor.evidence import Evidence
from envdoctor.i18n import _
from envdoctor.serde import DecodeError
from envdoctor.snapshot import Snapshot, SnapshotFormatError, SnapshotVersionError

MAX_INPUT_BYTES = 16 * 1024 * 1024
_BINARY_SAMPLE = 65536
_LEGACY_MIN = 4  # non-ASCII bytes below which undecodable ones are stray, not a code page


def _input_name(path: str) -> str:
    return _("standard input") if path == "-" else path


def read_input_bytes(path: str) -> bytes:
    """At most MAX_INPUT_BYTES of `path` ('-' = stdin); more is a UsageError."""
    name = _input_name(path)
    try:
        if path == "-":
            raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            with Path(path).open("rb") as fh:
                raw = fh.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(_("{path}: no such file").format(path=path)) from None
    except IsADirectoryError:
        raise UsageError(_("{path}: is a directory, not a file").format(path=path)) from None
    except OSError as exc:
        raise UsageError(
            _("{path}: cannot read it ({error})").format(path=path, error=exc.strerror)
        ) from None
    if len(raw) > MAX_INPUT_BYTES:
        raise UsageError(
            _(
                "{path}: more than 16 MiB; paste the report and the error message, not a whole log"
            ).format(path=name)
        )
    return raw


def _replaced_note(name: str, data: bytes, bad: int, first: int) -> str:
    line = data[:first].count(b"\n") + 1
    return _(
        "{path}: {count} byte(s) that are not text were replaced with '\ufffd' "
        "(the first at line {line}, byte offset {offset})"
    ).format(path=name, count=bad, line=line, offset=first)


def decode_input(data: bytes, name: str) -> tuple[str, list[str]]:
    """Bytes -> text and notes about what could not be decoded. Binary data is a UsageError."""
    notes: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif (
        len(data) >= 8
        and data[1:400:2].count(0) > 0.9 * len(data[1:400:2])
        and (0 not in data[0:400:2])
    ):
        text = data.decode("utf-16-le", errors="replace")  # UTF-16 LE without a BOM
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        if b"\x00" in data[:_BINARY_SAMPLE]:
            raise UsageError(_("{path}: this is a binary file, not text").format(path=name))
        text, more = _decode_8bit(data, name)
        notes += more
    sample = text[:_BINARY_SAMPLE]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\r\n\t\f\x1b")
    if "\x00" in sample or controls > max(8, len(sample) // 20):
        raise UsageError(_("{path}: this is a binary file, not text").format(path=name))
    return text, notes


def _decode_8bit(data: bytes, name: str) -> tuple[str, list[str]]:
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        first = exc.start
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    high = sum(1 for b in data if b >= 0x80)
    if bad * 2 >= high >= _LEGACY_MIN:
        # Several non-ASCII bytes and hardly any valid UTF-8 sequence: a legacy code
        # page, not UTF-8 with a stray byte.
        for codec, label in (("gb18030", "GBK/GB 18030"), ("cp1252", "cp1252")):
            try:
                decoded = data.decode(codec)
            except UnicodeDecodeError:
                continue
            return decoded, [
                _("{path}: not UTF-8; read as {encoding}").format(path=name, encoding=label)
            ]
    return text, [_replaced_note(name, data, bad, first)]


def read_text_input(path: str) -> str:
    """`path` ('-' = stdin) as text; binary, empty, unreadable or too big is a UsageError."""
    name = _input_name(path)
    text, _notes = decode_input(read_input_bytes(path), name)
    if not text.strip():
        raise UsageError(_("{path}: the file is empty").format(path=name))
    return text


def _snapshot_from_json(path: str, stripped: str) -> Snapshot | None:
    """The snapshot in a `check --save` file; None when the text is not JSON at all."""
    try:
        data = json.loads(stripped)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        raise UsageError(
            _("{path}: not valid JSON ({error}); is the file truncated?").format(
                path=path, error=exc
            )
        ) from None
    if not isinstance(data, dict):
        return None
    try:
        return Snapshot.from_dict(data)
    except SnapshotVersionError as exc:
        raise UsageError(f"{path}: {exc}") from None
    except (SnapshotFormatError, DecodeError, ValueError, TypeError) as exc:
        raise UsageError(
            _("{path}: not a valid envdoctor snapshot: {error}").format(path=path, error=exc)
        ) from None


def no_evidence_message(names: str) -> str:
    return _(
        "{path}: neither an envdoctor snapshot nor a collect_env report, and no nvidia-smi "
        "output, package list or known error message either. Paste the output of `python -m torch.utils.collect_env` and of "
        "`nvidia-smi`, or a file written by `envdoctor check --save`, with the full error message"
    ).format(path=names)


def load_evidence(paths: Sequence[str]) -> Evidence:
    """Read and fuse every input; no usable evidence at all is a UsageError."""
    from envdoctor.collect.readers import fuse, make_document, read_document

    if list(paths).count("-") > 1:
        raise UsageError(_("--from - (standard input) can be given only once"))
    base: Snapshot | None = None
    from_json = False
    obs = []
    signals = []
    texts: list[str] = []
    sources: list[tuple[str, str]] = []
    notes: list[str] = []
    for path in paths:
        name = _input_name(path)
        text, more = decode_input(read_input_bytes(path), name)
        if not text.strip():
            raise UsageError(_("{path}: the file is empty").format(path=name))
        notes += more
        stripped = text.strip()
        if stripped.startswith("{"):
            snap = _snapshot_from_json(path, stripped)
            if snap is not None:
                if base is None or not from_json:
                    base, from_json = snap, True
                continue
        doc = make_document("stdin" if path == "-" else Path(path).name, text)
        found, o, s = read_document(doc)
        if found is not None and base is None:
            base = found
        obs += o
        signals += s
        texts.append(doc.text)
        sources.append((doc.name, doc.text))
    evidence = fuse(
        base,
        obs,
        signals,
        text="\n".join(texts),
        sources=sources,
        notes=notes,
        from_snapshot_file=from_json,
    )
    if base is None and not obs and not signals and not _catalogue_knows(evidence.text):
        raise UsageError(no_evidence_message(", ".join(_input_name(p) for p in paths)))
    return evidence


def _catalogue_knows(text: str) -> bool:
    """Whether `envdoctor explain`'s catalogue recognises an error in the text."""
    if not text.strip():
        return False
    from envdoctor.explain.engine import explain

    return bool(explain(text))


def load_facts(path: str | Sequence[str]) -> Snapshot:
    """The fused Snapshot of one or several inputs (what `install` and `explain` judge)."""
    return load_evidence([path] if isinstance(path, str) else path).snapshot


def save_snapshot(snapshot: Snapshot, path: str, *, redact: bool = True) -> None:
    """Write the snapshot atomically (a crash never leaves half a file).

    The file is made to be sent to someone: unless `redact` is false it holds no user,
    host or home-directory name and only the environment the diagnosis reads; credentials
    in URLs are masked either way (envdoctor.redact).
    """
    from envdoctor.fsio import ConfigFileError, atomic_write, read_bytes, sha256
    from envdoctor.redact import redact_data, snapshot_for_sharing

    target = Path(path)
    doc = snapshot_for_sharing(snapshot) if redact else redact_data(snapshot.to_dict())
    data = (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        atomic_write(target, data, expect_sha=sha256(read_bytes(target)))
    except ConfigFileError as exc:
        raise UsageError(exc.message) from None


__all__ = [
    "MAX_INPUT_BYTES",
    "decode_input",
    "load_evidence",
    "load_facts",
    "no_evidence_message",
    "read_input_bytes",
    "read_text_input",
    "save_snapshot",
]
