"""Read facts from a file: a snapshot written by `check --save`, or a collect_env report."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from envdoctor.errors import UsageError
from envdoctor.i18n import _
from envdoctor.serde import DecodeError
from envdoctor.snapshot import Snapshot, SnapshotFormatError, SnapshotVersionError


def read_text_input(path: str) -> str:
    """Read `path` ('-' = stdin) as text; binary, empty or unreadable input is a UsageError."""
    if path == "-":
        raw = sys.stdin.buffer.read()
        name = _("standard input")
    else:
        p = Path(path)
        name = str(p)
        try:
            raw = p.read_bytes()
        except FileNotFoundError:
            raise UsageError(_("{path}: no such file").format(path=path)) from None
        except IsADirectoryError:
            raise UsageError(_("{path}: is a directory, not a file").format(path=path)) from None
        except OSError as exc:
            raise UsageError(
                _("{path}: cannot read it ({error})").format(path=path, error=exc.strerror)
            ) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # PowerShell's `>` writes UTF-16: a common way collect_env reports reach us on Windows.
        text = raw.decode("utf-16", errors="replace")
    else:
        if b"\x00" in raw:
            raise UsageError(_("{path}: this is a binary file, not a report").format(path=name))
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UsageError(_("{path}: not UTF-8 text").format(path=name)) from None
    if not text.strip():
        raise UsageError(_("{path}: the file is empty").format(path=name))
    return text


def load_facts(path: str) -> Snapshot:
    """A Snapshot from a `check --save` JSON file or a `python -m torch.utils.collect_env` report."""
    text = read_text_input(path)
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise UsageError(
                _("{path}: not valid JSON ({error}); is the file truncated?").format(
                    path=path, error=exc
                )
            ) from None
        try:
            return Snapshot.from_dict(data)
        except SnapshotVersionError as exc:
            raise UsageError(f"{path}: {exc}") from None
        except (SnapshotFormatError, DecodeError) as exc:
            raise UsageError(
                _("{path}: not a valid envdoctor snapshot: {error}").format(path=path, error=exc)
            ) from None
    from envdoctor.collect.collect_env_report import CollectEnvParseError, parse_collect_env

    try:
        return parse_collect_env(text)
    except CollectEnvParseError as exc:
        raise UsageError(
            _(
                "{path}: neither an envdoctor snapshot nor a collect_env report ({error}); "
                "pass a file written by `envdoctor check --save` or the output of "
                "`python -m torch.utils.collect_env`"
            ).format(path=path, error=exc)
        ) from None


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


__all__ = ["load_facts", "read_text_input", "save_snapshot"]
