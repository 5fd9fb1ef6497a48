"""Reading and writing config files without damaging them.

Reads tolerate a UTF-8 BOM and CRLF line ends; writes never add a BOM, keep the file's
line ends and mode, go through a temp file beside the real target (after following a
symlink, so a symlinked dotfile stays a symlink), are fsynced and then `os.replace`d.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import hashlib
import os
import re
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from envdoctor.errors import EnvdoctorError
from envdoctor.exitcodes import ExitCode
from envdoctor.i18n import _

BOM = b"\xef\xbb\xbf"


class ConfigFileError(EnvdoctorError):
    """A config file could not be read, parsed or written; nothing was changed.

    Exit code 1: the problem is in the user's environment (a broken file, a full disk),
    not in the command line and not in envdoctor.
    """

    exit_code = ExitCode.PROBLEMS
    # Set when the write was refused for lack of rights: the caller knows whether another
    # --scope could help (it cannot when the user's own file is the one refused).
    permission_denied = False


@dataclass(frozen=True)
class Decoded:
    text: str  # with "\n" line ends
    newline: str  # "\n" or "\r\n": what the file used
    had_bom: bool


def decode(data: bytes, path: Path) -> Decoded:
    had_bom = data.startswith(BOM)
    raw = data[len(BOM) :] if had_bom else data
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigFileError(
            _("{path} is not UTF-8 text (byte {pos}); not changed").format(path=path, pos=exc.start)
        ) from exc
    newline = "\r\n" if "\r\n" in text else "\n"
    return Decoded(text=text.replace("\r\n", "\n"), newline=newline, had_bom=had_bom)


def encode(text: str, newline: str, original: bytes | None = None) -> bytes:
    """Back to bytes: UTF-8 without BOM, with the original line ends.

    With `original` (the file's bytes before the edit), a line that was not edited keeps
    its own line end even in a file that mixes CRLF and LF; new lines get `newline`.
    """
    if original is not None:
        raw = original[len(BOM) :] if original.startswith(BOM) else original
        if b"\r\n" in raw and re.search(rb"(?<!\r)\n", raw):
            return _encode_mixed(text, newline, raw.decode("utf-8")).encode("utf-8")
    return text.replace("\n", newline).encode("utf-8") if newline != "\n" else text.encode("utf-8")


def _lines(text: str) -> list[str]:
    """Split after every "\n" only (str.splitlines also splits on \x0c, \u2028...)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _encode_mixed(text: str, newline: str, raw: str) -> str:
    old = _lines(raw)
    old_plain = [line.replace("\r\n", "\n") for line in old]
    new = _lines(text)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_plain, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(old[i1:i2])
        else:
            out.extend(line.replace("\n", newline) for line in new[j1:j2])
    return "".join(out)


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist. Symlinks are followed."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        if path.is_symlink():
            raise ConfigFileError(
                _("{path} is a symlink to a missing file; fix the link first").format(path=path)
            ) from None
        return None
    except IsADirectoryError as exc:
        raise ConfigFileError(_("{path} is a directory, not a file").format(path=path)) from exc
    except OSError as exc:
        raise ConfigFileError(
            _("cannot read {path}: {error}").format(path=path, error=exc.strerror or exc)
        ) from exc


def sha256(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def real_target(path: Path) -> Path:
    """The file a write must replace: the symlink's target, never the link itself."""
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.parent.is_dir():
            raise ConfigFileError(
                _("{path} is a symlink into a missing directory; fix the link first").format(
                    path=path
                )
            )
        return target
    return path


def is_read_only(path: Path) -> bool:
    """True when the file exists and nobody may write it (chmod a-w): we respect that."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return False
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def _changed_error(path: Path) -> ConfigFileError:
    return ConfigFileError(
        _("{path} changed while envdoctor was working on it; nothing written, run again").format(
            path=path
        )
    )


def _write_error(path: Path, exc: OSError) -> ConfigFileError:
    if exc.errno == errno.ENOSPC:
        msg = _("cannot write {path}: the disk is full; the file was not changed").format(path=path)
    elif exc.errno in {errno.EACCES, errno.EPERM, errno.EROFS}:
        denied = ConfigFileError(
            _(
                "cannot write {path}: permission denied; envdoctor never uses sudo: "
                "rerun it with the rights to change that file"
            ).format(path=path)
        )
        denied.permission_denied = True
        return denied
    else:
        msg = _("cannot write {path}: {error}; the file was not changed").format(
            path=path, error=exc.strerror or exc
        )
    return ConfigFileError(msg)


# The last step of a write; tests replace it to inject a crash between write and replace.
_replace = os.replace


def atomic_write(
    path: Path, data: bytes, *, expect_sha: str | None = None, mode: int | None = None
) -> list[Path]:
    """Replace `path` (or, for a symlink, its target) with `data`, atomically.

    `expect_sha` is the hash of the content the caller read (None = the file was absent):
    if the file changed since, nothing is written. `mode` is used for a new file (an
    existing file keeps its own). Returns the directories that had to be created.
    """
    target = real_target(path)
    current = read_bytes(target)
    if sha256(current) != expect_sha:
        raise _changed_error(path)
    if current is not None and is_read_only(target):
        raise ConfigFileError(
            _("{path} is read-only; envdoctor leaves read-only files alone").format(path=path)
        )
    created: list[Path] = []
    parent = target.parent
    missing = []
    probe = parent
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    try:
        for d in reversed(missing):
            d.mkdir()
            created.append(d)
    except OSError as exc:
        raise _write_error(path, exc) from exc
    if current is not None:
        new_mode = stat.S_IMODE(target.stat().st_mode)
    elif mode is not None:
        new_mode = mode
    else:
        umask = os.umask(0)
        os.umask(umask)
        new_mode = 0o666 & ~umask
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".envdoctor-tmp", dir=parent
        )
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp_name).chmod(new_mode)
        # Last look before the switch: an editor may have saved the file meanwhile.
        if sha256(read_bytes(target)) != expect_sha:
            raise _changed_error(path)
        _replace_retrying(tmp_name, target)
        tmp_name = None
        _fsync_dir(parent)
    except BaseException as exc:  # a crash, Ctrl-C or I/O error: leave no trace behind
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                Path(tmp_name).unlink()
        _remove_dirs(created)
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from exc
        raise
    return created


def _replace_retrying(src: str, dst: Path) -> None:
    """os.replace; on Windows retry briefly while a virus scanner or editor holds the file."""
    for attempt in range(5):
        try:
            _replace(src, dst)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))


def _remove_dirs(created: list[Path]) -> None:
    """Undo the folders a failed write created (the temp file is already gone)."""
    for d in reversed(created):
        try:
            d.rmdir()
        except OSError:
            return


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_file(path: Path, *, expect_sha: str) -> None:
    """Delete `path` (or a symlink's target) only while it still holds content hashed `expect_sha`.

    The file is first renamed aside (atomic), then the renamed bytes are checked: a save
    that lands before the rename is caught by the check and put back, one that lands
    after it creates a new file that is never touched. Nothing is deleted otherwise.
    """
    target = real_target(path)
    current = read_bytes(target)
    if current is None:
        return
    if sha256(current) != expect_sha:
        raise _changed_error(path)
    aside = target.with_name(f".{target.name}.{os.getpid()}.envdoctor-del")
    try:
        target.rename(aside)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _write_error(path, exc) from exc
    try:
        moved = aside.read_bytes()
    except OSError:
        moved = None
    if sha256(moved) != expect_sha:
        # Someone saved it between the check and the rename: put their file back, unless
        # a newer one is already in place (then keep both; never overwrite).
        try:
            os.link(aside, target)
            aside.unlink()
        except OSError:
            raise ConfigFileError(
                _(
                    "{path} changed while envdoctor was removing it; the changed file is "
                    "kept as {aside}"
                ).format(path=path, aside=aside)
            ) from None
        raise _changed_error(path)
    try:
        aside.unlink()
    except OSError as exc:
        raise _write_error(path, exc) from exc


__all__ = [
    "BOM",
    "ConfigFileError",
    "Decoded",
    "atomic_write",
    "decode",
    "encode",
    "is_read_only",
    "read_bytes",
    "real_target",
    "remove_file",
    "sha256",
]
