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
from packaging.version import Version

from envdoctor.errors import DataError
from envdoctor.i18n import _
from envdoctor.matrix.driver_rows import bad_version as _bad_version
from envdoctor.matrix.driver_rows import check_refs as _check_refs
from envdoctor.matrix.driver_rows import is_cc as _is_cc
from envdoctor.matrix.driver_rows import validate_arch_min_driver, validate_nvenc_api
from envdoctor.matrix.model import CONFIDENCE, Matrix, Release, Variant, normalise_name
from envdoctor.serde import DecodeError, from_data
from envdoctor.values import CudaVersion

SCHEMA = "envdoctor.compat-matrix"
SCHEMA_VERSION = 1
FILENAME = "compat_matrix.json"
ENV_VAR = "ENVDOCTOR_MATRIX"
SCHEMA_FILE = "schema.json"


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


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the matrix file, shipped next to this module."""
    text = resources.files("envdoctor.matrix").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


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


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OS_KEYS = {"linux-x86_64", "linux-aarch64", "windows", "macos"}
_VARIANT_OS = {"linux", "windows"}


def _python_minors(spec: str) -> list[int]:
    """The Python 3 minor versions (0..30) a specifier admits."""
    ss = SpecifierSet(spec)
    return [n for n in range(31) if Version(f"3.{n}") in ss]


def _validate_more(m: Matrix) -> list[str]:
    """Rows added after the first version of the file: limits, rules, variant OS/versions."""
    problems: list[str] = []
    known = set(m.sources)
    for lim in m.cuda.gpu_driver_limits:
        where = f"cuda.gpu_driver_limits[{lim.family}]"
        problems.extend(_check_refs(where, lim.sources, known))
        if lim.confidence not in CONFIDENCE:
            problems.append(f"{where}: confidence {lim.confidence!r} not one of {CONFIDENCE}")
        if not _is_cc(lim.cc_max):
            problems.append(f"{where}: bad compute capability {lim.cc_max!r}")
    problems.extend(validate_arch_min_driver(m, known))
    problems.extend(validate_nvenc_api(m, known))
    for row in m.cuda.arch_cuda:
        where = f"cuda.arch_cuda[{row.major}]"
        problems.extend(_check_refs(where, row.sources, known))
        if row.confidence not in CONFIDENCE:
            problems.append(f"{where}: confidence {row.confidence!r} not one of {CONFIDENCE}")
        members = {**row.member_first_cuda, **row.member_last_cuda}
        for cuda in (row.first_cuda, row.last_cuda, *members.values()):
            if cuda is not None and CudaVersion.parse(cuda) is None:
                problems.append(f"{where}: bad CUDA version {cuda!r}")
        for cc in members:
            if not _is_cc(cc) or not cc.startswith(f"{row.major}."):
                problems.append(f"{where}: {cc!r} is not a compute capability {row.major}.x")
    for rule, rule_srcs in m.rule_sources.items():
        problems.extend(_check_refs(f"rule_sources[{rule[:40]}]", rule_srcs, known))
    if not _DATE.match(m.reviewed):
        problems.append(f"reviewed {m.reviewed!r} is not a YYYY-MM-DD date")
    if _bad_version(m.newest_torch_on_index):
        problems.append(f"newest_torch_on_index {m.newest_torch_on_index!r} is not a version")
    for rel in m.torch.releases:
        where = f"torch.releases[{rel.release}]"
        try:
            if not _python_minors(rel.python):
                problems.append(
                    f"{where}: Python specifier {rel.python!r} admits no Python 3 version"
                )
        except InvalidSpecifier:
            pass  # reported by validate()
        for os_name in rel.default_variant:
            if os_name not in _OS_KEYS:
                problems.append(f"{where}: unknown default_variant key {os_name!r}")
        for var in rel.variants:
            vw = f"{where}.{var.name}"
            for v in var.versions or ():
                if v not in rel.versions:
                    problems.append(f"{vw}: version {v!r} is not a version of the release")
            for o in (var.os or ()) + (var.ptx_os or ()):
                if o not in _VARIANT_OS:
                    problems.append(f"{vw}: unknown OS {o!r}")
            if var.cuda is not None and _bad_version(var.cuda):
                problems.append(f"{vw}: bad CUDA version {var.cuda!r}")
            if var.cuda is not None and not var.name.startswith("cu"):
                problems.append(f"{vw}: a CUDA variant's name must start with 'cu'")
            if var.rocm is not None and var.name != f"rocm{var.rocm}":
                problems.append(f"{vw}: name does not match ROCm version {var.rocm!r}")
    return problems


def _validate_gpus(m: Matrix) -> list[str]:
    """GPU names unique after normalisation; names, families and ambiguous names agree."""
    problems: list[str] = []
    known = set(m.sources)
    owner: dict[str, tuple[str, str]] = {}  # normalised name -> (entry, cc)
    compiled: list[tuple[str, str, re.Pattern[str]]] = []
    for gpu in m.gpus:
        where = f"gpus[{gpu.name}]"
        if not gpu.sources:
            problems.append(f"{where}: no source")
        for s in gpu.sources:
            if s not in known:
                problems.append(f"{where}: unknown source {s!r}")
        if gpu.confidence not in CONFIDENCE:
            problems.append(f"{where}: confidence {gpu.confidence!r} not one of {CONFIDENCE}")
        if not _is_cc(gpu.cc):
            problems.append(f"{where}: bad compute capability {gpu.cc!r}")
        if not gpu.names and not gpu.patterns:
            problems.append(f"{where}: neither names nor patterns")
        for n in gpu.names:
            key = normalise_name(n)
            if key in owner:
                problems.append(
                    f"{where}: name {n!r} duplicates one listed under {owner[key][0]!r}"
                )
            owner[key] = (gpu.name, gpu.cc)
        for p in gpu.patterns:
            try:
                compiled.append((gpu.name, gpu.cc, re.compile(p)))
            except re.error as exc:
                problems.append(f"{where}: bad pattern {p!r}: {exc}")
    for key, (entry, cc) in owner.items():
        for fam, fcc, rx in compiled:
            if fcc != cc and (rx.search(key) or rx.search("nvidia " + key)):
                problems.append(
                    f"gpus[{entry}]: name {key!r} ({cc}) also matches family {fam!r} ({fcc})"
                )
    for amb in m.gpus_ambiguous:
        where = f"gpus_ambiguous[{amb.name}]"
        for s in amb.sources or ("",):
            if s not in known:
                problems.append(f"{where}: unknown source {s!r}" if s else f"{where}: no source")
        if amb.confidence not in CONFIDENCE:
            problems.append(f"{where}: confidence {amb.confidence!r} not one of {CONFIDENCE}")
        if len(set(amb.candidates)) < 2 or any(not _is_cc(c) for c in amb.candidates):
            problems.append(
                f"{where}: needs two or more compute capabilities, got {amb.candidates!r}"
            )
        if not amb.names and not amb.patterns:
            problems.append(f"{where}: neither names nor patterns")
        for n in amb.names:
            if normalise_name(n) in owner:
                problems.append(f"{where}: {n!r} is also a known GPU name")
        for p in amb.patterns:
            try:
                rx = re.compile(p)
            except re.error as exc:
                problems.append(f"{where}: bad pattern {p!r}: {exc}")
                continue
            for key, (entry, _cc) in owner.items():
                if rx.search(key) or rx.search("nvidia " + key):
                    problems.append(f"{where}: pattern {p!r} matches the known GPU {entry!r}")
    return problems


def _validate_companions(m: Matrix) -> list[str]:
    """torchvision / torchaudio rows: one per torch release, in order; every pinned pair
    lies inside its row's specifiers, so the pins and the fit rule cannot disagree."""
    problems: list[str] = []
    known = set(m.sources)
    previous: Version | None = None
    for row in m.companions:
        where = f"companions[{row.torch}]"
        problems.extend(_check_refs(where, row.sources, known))
        if row.confidence not in CONFIDENCE:
            problems.append(f"{where}: confidence {row.confidence!r} not one of {CONFIDENCE}")
        if not re.fullmatch(r"\d+\.\d+", row.torch):
            problems.append(f"{where}: torch must be a release such as '2.1'")
            continue
        release = Version(row.torch)
        if previous is not None and release <= previous:
            problems.append(f"{where}: rows must be unique and oldest first")
        previous = release
        specs: dict[str, SpecifierSet | None] = {}
        for package in ("torchvision", "torchaudio"):
            text = row.fits(package)
            try:
                specs[package] = SpecifierSet(text) if text is not None else None
            except InvalidSpecifier:
                problems.append(f"{where}: bad {package} specifier {text!r}")
                specs[package] = None
        seen: set[str] = set()
        for pair in row.pairs:
            if _bad_version(pair.torch) or not pair.torch.startswith(row.torch + "."):
                problems.append(f"{where}: {pair.torch!r} is not a version of torch {row.torch}")
            if pair.torch in seen:
                problems.append(f"{where}: duplicate pair for {pair.torch}")
            seen.add(pair.torch)
            for package, version in (
                ("torchvision", pair.torchvision),
                ("torchaudio", pair.torchaudio),
            ):
                if version is None:
                    continue
                spec = specs[package]
                if _bad_version(version):
                    problems.append(f"{where}: bad {package} version {version!r}")
                elif spec is None or Version(version) not in spec:
                    problems.append(
                        f"{where}: {package} {version} pinned for {pair.torch} does not fit "
                        f"the row's specifier {row.fits(package)!r}"
                    )
    return problems


def used_sources(m: Matrix) -> set[str]:
    """Every source key the matrix refers to."""
    used: set[str] = set()
    for mc in m.cuda.minor_version_compat:
        used.update(mc.sources)
    for tk in m.cuda.toolkits:
        used.update(tk.sources)
    for br in m.cuda.driver_branches:
        used.update(br.sources)
    for lim in m.cuda.gpu_driver_limits:
        used.update(lim.sources)
    for amd in m.cuda.arch_min_driver:
        used.update(amd.sources)
    for row in m.cuda.arch_cuda:
        used.update(row.sources)
    for nvenc in m.nvenc_api:
        used.update(nvenc.sources)
    for end in m.torch.platform_ends:
        used.update(end.sources)
    for rel in m.torch.releases:
        used.update(rel.sources)
        used.update(rel.lts.sources if rel.lts else ())
        for var in rel.variants:
            used.update(var.arch_sources)
            used.update(var.arch_windows_sources)
    for gpu in m.gpus:
        used.update(gpu.sources)
    for amb in m.gpus_ambiguous:
        used.update(amb.sources)
    for rule_srcs in m.rule_sources.values():
        used.update(rule_srcs)
    for pair_row in m.companions:
        used.update(pair_row.sources)
    return used


class _Problems(list[str]):
    """Collected problems plus the two checks every row needs."""

    def __init__(self, known: set[str]) -> None:
        super().__init__()
        self.known = known

    def sources(self, where: str, sources: tuple[str, ...]) -> None:
        self.extend(_check_refs(where, sources, self.known))

    def conf(self, where: str, conf: str | None) -> None:
        if conf is not None and conf not in CONFIDENCE:
            self.append(f"{where}: confidence {conf!r} not one of {CONFIDENCE}")

    def drivers(self, where: str, *versions: str | None) -> None:
        self.extend(f"{where}: bad driver version {v!r}" for v in versions if _bad_version(v))


def _validate_cuda(m: Matrix, out: _Problems) -> None:
    for mc in m.cuda.minor_version_compat:
        where = f"cuda.minor_version_compat[{mc.major}]"
        out.sources(where, mc.sources)
        out.conf(where, mc.confidence)
        out.drivers(where, mc.min_driver.linux, mc.min_driver.windows)
    seen: set[str] = set()
    for tk in m.cuda.toolkits:
        where = f"cuda.toolkits[{tk.cuda}]"
        if tk.cuda in seen:
            out.append(f"{where}: duplicate row")
        seen.add(tk.cuda)
        out.sources(where, tk.sources)
        out.conf(where, tk.confidence)
        if _bad_version(tk.cuda):
            out.append(f"{where}: bad CUDA version")
        out.drivers(where, tk.min_driver.linux, tk.min_driver.windows)
    for br in m.cuda.driver_branches:
        out.sources(f"cuda.driver_branches[{br.branch}]", br.sources)


def _validate_release_header(rel: Release, out: _Problems) -> None:
    where = f"torch.releases[{rel.release}]"
    out.sources(where, rel.sources)
    for spec in (rel.python, rel.python_unverified):
        if spec is None:
            continue
        try:
            SpecifierSet(spec)
        except InvalidSpecifier:
            out.append(f"{where}: bad Python specifier {spec!r}")
    out += [f"{where}: {problem}" for problem in rel.python_platform_problems()]
    if not rel.versions or any(_bad_version(v) for v in rel.versions):
        out.append(f"{where}: versions must be a non-empty list of versions")
    elif any(not v.startswith(rel.release + ".") for v in rel.versions):
        out.append(f"{where}: a version does not belong to release {rel.release}")
    names = [v.name for v in rel.variants]
    if len(names) != len(set(names)):
        out.append(f"{where}: duplicate variant")
    for os_name, vname in rel.default_variant.items():
        if vname is not None and vname not in names:
            out.append(f"{where}: default variant {vname!r} for {os_name} is not listed")


def _validate_variant(where: str, var: Variant, m: Matrix, out: _Problems) -> None:
    toolkit_minors = {tk.cuda for tk in m.cuda.toolkits}
    majors = {mc.major for mc in m.cuda.minor_version_compat}
    vw = f"{where}.{var.name}"
    out.conf(vw, var.arch_confidence)
    if var.cuda is not None:
        if var.cuda not in toolkit_minors:
            out.append(f"{vw}: CUDA {var.cuda} has no driver row in cuda.toolkits")
        cuda = CudaVersion.parse(var.cuda)
        if cuda is not None and cuda.major not in majors and cuda.major >= 11:
            out.append(f"{vw}: no minor-version-compatibility row for CUDA {var.cuda}")
        if var.sass is not None or var.ptx is not None:
            out.sources(vw + " arch", var.arch_sources)
        for cc in (
            (var.sass or ()) + (var.ptx or ()) + (var.sass_windows or ()) + (var.ptx_windows or ())
        ):
            if not _is_cc(cc):
                out.append(f"{vw}: bad compute capability {cc!r}")
        if var.sass_windows is not None or var.ptx_windows is not None:
            out.sources(vw + " windows arch", var.arch_windows_sources)
            out.conf(vw + " windows arch", var.arch_windows_confidence)
            if var.sass_windows is None:
                out.append(f"{vw}: ptx_windows without sass_windows")
    if _bad_version(var.cudnn):
        out.append(f"{vw}: bad cuDNN version {var.cudnn!r}")


def validate(m: Matrix) -> list[str]:
    """Internal consistency: every reference resolves, every version parses, nothing dangles."""
    problems = _Problems(set(m.sources))
    _validate_cuda(m, problems)
    seen_releases: set[str] = set()
    for rel in m.torch.releases:
        where = f"torch.releases[{rel.release}]"
        if rel.release in seen_releases:
            problems.append(f"{where}: duplicate release")
        seen_releases.add(rel.release)
        _validate_release_header(rel, problems)
        if rel.lts is not None:
            problems.sources(f"{where}.lts", rel.lts.sources)
            problems.extend(f"{where}.lts: {p}" for p in rel.lts.problems(rel))
        for var in rel.variants:
            _validate_variant(where, var, m, problems)
    for end in m.torch.platform_ends:
        problems.sources(f"torch.platform_ends[{end.platform}]", end.sources)
    problems.extend(_validate_more(m))
    problems.extend(_validate_gpus(m))
    problems.extend(_validate_companions(m))
    return list(problems)


__all__ = [
    "ENV_VAR",
    "FILENAME",
    "SCHEMA",
    "SCHEMA_FILE",
    "SCHEMA_VERSION",
    "default_path",
    "json_schema",
    "load_matrix",
    "parse_matrix",
    "used_sources",
    "validate",
]
