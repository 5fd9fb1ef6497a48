"""Find, parse and validate compat_matrix.json; a broken file is one clear error."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from envdoctor.errors import DataError
from envdoctor.i18n import _
from envdoctor.matrix.model import CONFIDENCE, Matrix
from envdoctor.serde import DecodeError, from_data

SCHEMA = "envdoctor.compat-matrix"
SCHEMA_VERSION = 1
FILENAME = "compat_matrix.json"
ENV_VAR = "ENVDOCTOR_MATRIX"


def default_path() -> Path:
    """Where the bundled matrix is: an explicit override, the wheel copy, or the checkout's."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    packaged = resources.files("envdoctor").joinpath(FILENAME)
    if packaged.is_file():
        return Path(str(packaged))
    # Editable installs and checkouts: the single source at the top level.
    return Path(__file__).resolve().parent.parent.parent / FILENAME


def load_matrix(path: Path | None = None) -> Matrix:
    """Load and validate the matrix (cached per path); raises DataError naming file and problem."""
    return _load(str(path if path is not None else default_path()))


@lru_cache(maxsize=4)
def _load(path_text: str) -> Matrix:
    path = Path(path_text)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(
            _("cannot read the compatibility matrix {path}: {error}").format(
                path=path, error=exc.strerror or exc
            )
        ) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(
            _("the compatibility matrix {path} is not valid JSON: {error}").format(
                path=path, error=exc
            )
        ) from None
    return parse_matrix(data, source=str(path))


def parse_matrix(data: Any, *, source: str = "<matrix>") -> Matrix:
    def fail(problem: str) -> DataError:
        return DataError(
            _("the compatibility matrix {path} is invalid: {problem}").format(
                path=source, problem=problem
            )
        )

    if not isinstance(data, dict):
        raise fail("the top level must be a JSON object")
    schema = data.get("schema")
    if not isinstance(schema, str) or not schema.startswith(SCHEMA + "/"):
        raise fail(f"schema is {schema!r}, expected {SCHEMA}/{SCHEMA_VERSION}")
    try:
        version = int(schema.rsplit("/", 1)[1])
    except ValueError:
        raise fail(f"unreadable schema version in {schema!r}") from None
    if version != SCHEMA_VERSION:
        raise fail(
            f"schema version {version} is not supported (this envdoctor reads {SCHEMA_VERSION})"
        )
    try:
        matrix = from_data(Matrix, data)
    except DecodeError as exc:
        raise fail(str(exc)) from None
    problems = validate(matrix)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise fail(problems[0] + more)
    return dataclasses.replace(matrix, path=source)


def _bad_version(text: str | None) -> bool:
    if text is None:
        return False
    try:
        Version(text)
    except InvalidVersion:
        return True
    return False


_CC = re.compile(r"^\d+\.\d+$")


def validate(m: Matrix) -> list[str]:  # noqa: PLR0915 - a flat list of checks reads best
    """Internal consistency: every reference resolves, every version parses, nothing dangles."""
    problems: list[str] = []
    known = set(m.sources)

    def check_sources(where: str, sources: tuple[str, ...]) -> None:
        if not sources:
            problems.append(f"{where}: no source")
        for s in sources:
            if s not in known:
                problems.append(f"{where}: unknown source {s!r}")

    def check_conf(where: str, conf: str | None) -> None:
        if conf is not None and conf not in CONFIDENCE:
            problems.append(f"{where}: confidence {conf!r} not one of {CONFIDENCE}")

    for mc in m.cuda.minor_version_compat:
        where = f"cuda.minor_version_compat[{mc.major}]"
        check_sources(where, mc.sources)
        check_conf(where, mc.confidence)
        for v in (mc.min_driver.linux, mc.min_driver.windows):
            if _bad_version(v):
                problems.append(f"{where}: bad driver version {v!r}")
    toolkit_minors = set()
    for tk in m.cuda.toolkits:
        where = f"cuda.toolkits[{tk.cuda}]"
        if tk.cuda in toolkit_minors:
            problems.append(f"{where}: duplicate row")
        toolkit_minors.add(tk.cuda)
        check_sources(where, tk.sources)
        check_conf(where, tk.confidence)
        if _bad_version(tk.cuda):
            problems.append(f"{where}: bad CUDA version")
        for v in (tk.min_driver.linux, tk.min_driver.windows):
            if _bad_version(v):
                problems.append(f"{where}: bad driver version {v!r}")
    for br in m.cuda.driver_branches:
        check_sources(f"cuda.driver_branches[{br.branch}]", br.sources)
    majors = {mc.major for mc in m.cuda.minor_version_compat}
    seen_releases: set[str] = set()
    for rel in m.torch.releases:
        where = f"torch.releases[{rel.release}]"
        if rel.release in seen_releases:
            problems.append(f"{where}: duplicate release")
        seen_releases.add(rel.release)
        check_sources(where, rel.sources)
        for spec in (rel.python, rel.python_unverified):
            if spec is None:
                continue
            try:
                SpecifierSet(spec)
            except InvalidSpecifier:
                problems.append(f"{where}: bad Python specifier {spec!r}")
        if not rel.versions or any(_bad_version(v) for v in rel.versions):
            problems.append(f"{where}: versions must be a non-empty list of versions")
        elif any(not v.startswith(rel.release + ".") for v in rel.versions):
            problems.append(f"{where}: a version does not belong to release {rel.release}")
        names = [v.name for v in rel.variants]
        if len(names) != len(set(names)):
            problems.append(f"{where}: duplicate variant")
        for os_name, vname in rel.default_variant.items():
            if vname is not None and vname not in names:
                problems.append(f"{where}: default variant {vname!r} for {os_name} is not listed")
        for var in rel.variants:
            vw = f"{where}.{var.name}"
            check_conf(vw, var.arch_confidence)
            if var.cuda is not None:
                if var.cuda not in toolkit_minors:
                    problems.append(f"{vw}: CUDA {var.cuda} has no driver row in cuda.toolkits")
                if int(var.cuda.split(".")[0]) not in majors and int(var.cuda.split(".")[0]) >= 11:
                    problems.append(f"{vw}: no minor-version-compatibility row for CUDA {var.cuda}")
                if var.sass is not None or var.ptx is not None:
                    check_sources(vw + " arch", var.arch_sources)
                for cc in (var.sass or ()) + (var.ptx or ()):
                    if not _CC.match(cc):
                        problems.append(f"{vw}: bad compute capability {cc!r}")
            if _bad_version(var.cudnn):
                problems.append(f"{vw}: bad cuDNN version {var.cudnn!r}")
    seen_names: dict[str, str] = {}
    for gpu in m.gpus:
        where = f"gpus[{gpu.name}]"
        check_sources(where, gpu.sources)
        check_conf(where, gpu.confidence)
        if not _CC.match(gpu.cc):
            problems.append(f"{where}: bad compute capability {gpu.cc!r}")
        if not gpu.names and not gpu.patterns:
            problems.append(f"{where}: neither names nor patterns")
        for n in gpu.names:
            key = n.strip().lower()
            if key in seen_names:
                problems.append(f"{where}: name {n!r} also listed under {seen_names[key]!r}")
            seen_names[key] = gpu.name
        for p in gpu.patterns:
            try:
                re.compile(p)
            except re.error as exc:
                problems.append(f"{where}: bad pattern {p!r}: {exc}")
    return problems


__all__ = [
    "ENV_VAR",
    "FILENAME",
    "SCHEMA",
    "SCHEMA_VERSION",
    "default_path",
    "load_matrix",
    "parse_matrix",
    "validate",
]
