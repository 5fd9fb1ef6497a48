"""Look inside a wheel file on disk: is it really a wheel, and is it the wheel its name says?

The one I/O module of the package. It reads only the archive's directory and one small
metadata file, so a 2 GB torch wheel is checked in milliseconds; the compressed data
is not verified (pip does that when it installs).
"""

from __future__ import annotations

import zipfile
from email.parser import HeaderParser
from pathlib import Path

from packaging.tags import Tag, parse_tag
from packaging.utils import canonicalize_version

from envdoctor.i18n import _
from envdoctor.wheelcheck.model import Problem, Severity
from envdoctor.wheelcheck.names import WheelName


def inspect_archive(path: Path, wheel: WheelName | None) -> list[Problem]:
    """Problems with the file's content; an empty list means it looks like the wheel it claims."""
    if path.is_dir():
        return [Problem("not-a-file", Severity.ERROR, _("this is a directory, not a wheel file"))]
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        return [
            Problem(
                "unreadable",
                Severity.ERROR,
                _("the file cannot be read: {error}").format(error=exc.strerror or exc),
            )
        ]
    if not head:
        return [Problem("empty-file", Severity.ERROR, _("the file is empty: download it again"))]
    low = head.lstrip().lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head")):
        return [
            Problem(
                "html-page",
                Severity.ERROR,
                _(
                    "this file is a web page, not a wheel: the download saved an error or login "
                    "page; download it again"
                ),
            )
        ]
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return [
            Problem(
                "not-a-zip",
                Severity.ERROR,
                _(
                    "this file is not a complete zip archive, so not a wheel: the download was cut "
                    "short, or another file was renamed to .whl; download it again"
                ),
            )
        ]
    with archive:
        names = archive.namelist()
        metas = [n for n in names if n.count("/") == 1 and n.endswith(".dist-info/WHEEL")]
        if not metas:
            return [
                Problem(
                    "no-wheel-metadata",
                    Severity.ERROR,
                    _(
                        "the archive has no .dist-info/WHEEL file: it is a zip file, "
                        "but not a wheel"
                    ),
                )
            ]
        meta = metas[0]
        try:
            text = archive.read(meta).decode("utf-8", errors="replace")
        except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
            return [
                Problem(
                    "damaged-zip",
                    Severity.ERROR,
                    _(
                        "the wheel's metadata cannot be read: the file is damaged; "
                        "download it again"
                    ),
                )
            ]
    if wheel is None:
        return []
    return _compare(meta, text, wheel)


def _compare(meta: str, text: str, wheel: WheelName) -> list[Problem]:
    """A renamed wheel (cp310 renamed to cp311 to get past pip) installs, then fails to import."""
    problems: list[Problem] = []
    inner_tags: set[Tag] = set()
    for value in HeaderParser().parsestr(text).get_all("Tag") or []:
        try:
            inner_tags |= set(parse_tag(value.strip()))
        except ValueError:
            continue
    if inner_tags and not inner_tags & set(wheel.tags):
        problems.append(
            Problem(
                "renamed-wheel",
                Severity.ERROR,
                _(
                    "the file was renamed: its name says {name_tags} but the wheel inside is "
                    "tagged {inner}; it would install and then fail to import"
                ).format(
                    name_tags=", ".join(sorted(map(str, wheel.tags))),
                    inner=", ".join(sorted(map(str, inner_tags))),
                ),
            )
        )
    folder = meta.split("/", 1)[0].removesuffix(".dist-info")
    _name, _sep, inner_version = folder.rpartition("-")
    if inner_version and canonicalize_version(inner_version) != canonicalize_version(wheel.version):
        problems.append(
            Problem(
                "renamed-version",
                Severity.ERROR,
                _(
                    "the file was renamed: its name says version {name} but the wheel "
                    "inside is {inner}"
                ).format(name=wheel.version, inner=inner_version),
            )
        )
    return problems


__all__ = ["inspect_archive"]
