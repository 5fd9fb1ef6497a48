"""Refresh the PyTorch part of compat_matrix.json from a package index (maintainers).

What the index tells, per torch version: the wheel files (their cpXY tags give the
Pythons with wheels) and the metadata of the Linux x86_64 wheel, read from the PEP 658
`.metadata` file next to it, or else from the JSON API's `requires_dist`. That metadata
pins the CUDA runtime (`nvidia-cuda-runtime-cu12==12.8.90`, from 2.11 `cuda-toolkit[...]
==13.0.2`) and cuDNN (`nvidia-cudnn-cu12==9.10.2.21`): the CUDA variant a plain
`pip install torch` gives on Linux. Everything else (other CUDA variants, ROCm builds,
arch lists) is not on the index and is left unknown for a person to fill in: an unknown
arch list makes the analysis answer "unknown", never "compatible".

Network access is isolated in `_get`; nothing is written until `apply_update`.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from email.parser import HeaderParser
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import InvalidWheelFilename, parse_wheel_filename
from packaging.version import InvalidVersion, Version

from envdoctor.errors import DataError, EnvdoctorError, UsageError
from envdoctor.i18n import _
from envdoctor.matrix.load import parse_matrix
from envdoctor.values import CudaVersion, PythonVersion, parse_version

PACKAGE = "torch"
_LINUX_ENV = {
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "sys_platform": "linux",
    "os_name": "posix",
    "extra": "",
}
_CUDA_RUNTIME = re.compile(r"^nvidia-cuda-runtime(-cu\d+)?$")
_CUDA_TOOLKIT = re.compile(r"^cuda-toolkit$")
_CUDNN = re.compile(r"^nvidia-cudnn(-cu\d+)?$")


@dataclass(frozen=True)
class IndexRelease:
    """What the index says about one torch version."""

    version: str
    uploaded: str | None  # first upload date, YYYY-MM-DD
    pythons: tuple[str, ...]  # "3.11", ... from the cpXY tags of its wheels
    requires_python: str | None
    cuda: str | None  # "12.8", from the Linux x86_64 wheel's CUDA runtime pin
    cuda_pin: str | None  # the requirement that said so
    cudnn: str | None


@dataclass(frozen=True)
class UpdatePlan:
    path: Path
    old_text: str
    new_text: str
    diff: str
    changes: tuple[str, ...]  # one line per change, for people
    warnings: tuple[str, ...]


# ---------------------------------------------------------------- network


def _get(url: str, timeout: float) -> bytes | None:
    """GET `url`; None on 404, EnvdoctorError on anything else that is not 200."""
    import requests

    try:
        resp = requests.get(
            url, timeout=(min(timeout, 10.0), timeout), headers={"Accept": "application/json"}
        )
    except requests.RequestException as exc:
        raise EnvdoctorError(
            _("cannot reach the package index at {url}: {error}").format(
                url=url, error=type(exc).__name__
            )
        ) from None
    if resp.status_code == 404:
        return None
    if resp.status_code != 200:
        raise EnvdoctorError(
            _("the package index answered {status} for {url}").format(
                status=resp.status_code, url=url
            )
        )
    return resp.content


def _get_json(url: str, timeout: float) -> Any:
    body = _get(url, timeout)
    if body is None:
        raise EnvdoctorError(_("the package index has no {url}").format(url=url))
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise EnvdoctorError(
            _("the package index sent something that is not JSON for {url}").format(url=url)
        ) from None


def api_root(index_url: str) -> str:
    """'https://pypi.org', '.../simple/' and '.../pypi' all mean the same JSON API root."""
    root = index_url.strip().rstrip("/")
    for suffix in ("/simple", "/pypi"):
        root = root.removesuffix(suffix)
    return root


# ---------------------------------------------------------------- reading the index


def _is_release(text: str) -> bool:
    try:
        v = Version(text)
    except InvalidVersion:
        return False
    return not (v.is_prerelease or v.is_devrelease or v.local)


def index_versions(index_url: str, timeout: float) -> dict[str, list[dict[str, Any]]]:
    """Final (not pre-release, not fully yanked) torch versions on the index -> their files."""
    data = _get_json(f"{api_root(index_url)}/pypi/{PACKAGE}/json", timeout)
    releases = data.get("releases") if isinstance(data, dict) else None
    if not isinstance(releases, dict):
        raise EnvdoctorError(
            _("the package index's JSON for {name} has no release list").format(name=PACKAGE)
        )
    out: dict[str, list[dict[str, Any]]] = {}
    for version, files in releases.items():
        if not _is_release(version) or not isinstance(files, list) or not files:
            continue
        if all(isinstance(f, dict) and f.get("yanked") for f in files):
            continue
        out[version] = [f for f in files if isinstance(f, dict)]
    return out


def pythons_of(files: list[dict[str, Any]]) -> tuple[str, ...]:
    """The CPython versions that have wheels, from the wheel file names."""
    found: set[tuple[int, int]] = set()
    for f in files:
        name = str(f.get("filename", ""))
        if not name.endswith(".whl"):
            continue
        try:
            _name, _ver, _build, tags = parse_wheel_filename(name)
        except InvalidWheelFilename:
            continue
        for tag in tags:
            # CPython tags only ("cp312", "cp313t"), read by the one Python-version parser.
            py = PythonVersion.parse(tag.interpreter) if tag.interpreter.startswith("cp") else None
            if py is not None:
                found.add((py.major, py.minor))
    return tuple(f"{a}.{b}" for a, b in sorted(found))


def _linux_wheel(files: list[dict[str, Any]]) -> dict[str, Any] | None:
    for f in files:
        name = str(f.get("filename", ""))
        if name.endswith(".whl") and "manylinux" in name and "x86_64" in name:
            return f
    return None


def _metadata_requirements(text: str) -> tuple[list[str], str | None]:
    msg = HeaderParser().parsestr(text)
    return list(msg.get_all("Requires-Dist") or []), msg.get("Requires-Python")


def pins(requirements: list[str]) -> tuple[str | None, str | None, str | None]:
    """(CUDA "12.8", the requirement naming it, cuDNN version) for Linux x86_64."""
    cuda = cuda_pin = cudnn = None
    for text in requirements:
        try:
            req = Requirement(text)
        except InvalidRequirement:
            continue
        if req.marker is not None and not req.marker.evaluate(_LINUX_ENV):
            continue
        exact = [s.version for s in req.specifier if s.operator == "=="]
        if not exact:
            continue
        name = req.name.lower()
        if _CUDA_RUNTIME.match(name) or _CUDA_TOOLKIT.match(name):
            # The runtime's own version (12.8.90, 13.0.0.post1): its CUDA is the first two parts.
            pinned = parse_version(exact[0])
            if pinned is not None and len(pinned.release) >= 2 and cuda is None:
                cuda = str(CudaVersion(pinned.release[0], pinned.release[1]))
                cuda_pin = text.split(";")[0].strip()
        elif _CUDNN.match(name) and cudnn is None:
            cudnn = exact[0]
    return cuda, cuda_pin, cudnn


def read_release(
    index_url: str, version: str, files: list[dict[str, Any]], timeout: float
) -> IndexRelease:
    """The metadata of one version: PEP 658 .metadata of the Linux wheel, else the JSON API."""
    requirements: list[str] = []
    requires_python = None
    wheel = _linux_wheel(files)
    if wheel is not None and wheel.get("url"):
        body = _get(str(wheel["url"]) + ".metadata", timeout)
        if body is not None:
            requirements, requires_python = _metadata_requirements(body.decode("utf-8", "replace"))
    if not requirements:
        data = _get_json(f"{api_root(index_url)}/pypi/{PACKAGE}/{version}/json", timeout)
        info = data.get("info", {}) if isinstance(data, dict) else {}
        requirements = [r for r in (info.get("requires_dist") or []) if isinstance(r, str)]
        requires_python = requires_python or info.get("requires_python") or None
    cuda, cuda_pin, cudnn = pins(requirements)
    times = sorted(str(f.get("upload_time_iso_8601") or f.get("upload_time") or "") for f in files)
    times = [t for t in times if t]
    return IndexRelease(
        version=version,
        uploaded=times[0][:10] if times else None,
        pythons=pythons_of(files),
        requires_python=requires_python,
        cuda=cuda,
        cuda_pin=cuda_pin,
        cudnn=cudnn,
    )


# ---------------------------------------------------------------- planning


def _python_spec(pythons: tuple[str, ...]) -> str | None:
    if not pythons:
        return None
    first, last = pythons[0], PythonVersion.parse(pythons[-1])
    if last is None:
        return None
    return f">={first},<{last.major}.{last.minor + 1}"


def _series(version: str) -> str:
    v = Version(version)
    return f"{v.major}.{v.minor}"


def _variant_name(cuda: str) -> str:
    parsed = CudaVersion.parse(cuda)
    return parsed.label if parsed is not None else cuda


class _Planner:
    def __init__(self, data: dict[str, Any], index_url: str, today: dt.date) -> None:
        self.data = data
        self.index_url = index_url
        self.today = today
        self.source_key = f"INDEX_METADATA_{today:%Y_%m_%d}"
        self.changes: list[str] = []
        self.warnings: list[str] = []

    def release_row(self, series: str) -> dict[str, Any] | None:
        for row in self.data["torch"]["releases"]:
            if row.get("release") == series:
                found: dict[str, Any] = row  # the same object: edited in place
                return found
        return None

    def ensure_toolkit(self, cuda: str) -> None:
        rows = self.data["cuda"]["toolkits"]
        if any(r.get("cuda") == cuda for r in rows):
            return
        rows.append(
            {
                "cuda": cuda,
                "min_driver": {"linux": None, "windows": None},
                "release": cuda,
                "sources": [self.source_key],
                "confidence": "unknown",
                "note": "Added by `envdoctor matrix update` because a torch wheel pins this CUDA; "
                "fill in the minimum drivers from NVIDIA's table.",
            }
        )
        rows.sort(key=lambda r: Version(r["cuda"]))
        self.warnings.append(
            f"CUDA {cuda} has no driver row: added one with unknown drivers "
            "(fill it from NVIDIA's table)"
        )

    def add_version(self, row: dict[str, Any], info: IndexRelease) -> None:
        versions = sorted({*row["versions"], info.version}, key=Version)
        row["versions"] = versions
        self.changes.append(f"torch {row['release']}: add version {info.version}")
        default = row.get("default_variant", {}).get("linux-x86_64")
        if info.cuda is not None and default is not None and default != _variant_name(info.cuda):
            self.warnings.append(
                f"torch {info.version}: the Linux wheel pins CUDA {info.cuda} ({info.cuda_pin}), "
                f"but the matrix says the default is {default}"
            )
        spec = _python_spec(info.pythons)
        if spec is not None and spec != row.get("python"):
            self.warnings.append(
                f"torch {info.version}: wheels exist for Python {', '.join(info.pythons)}; "
                f"the release row says {row.get('python')}"
            )

    def add_release(self, series: str, infos: list[IndexRelease]) -> None:
        newest = infos[-1]
        spec = _python_spec(newest.pythons) or newest.requires_python
        if spec is None:
            self.warnings.append(
                f"torch {series}: no wheel names a Python version; python set to '<0'"
            )
            spec = "<0"
        variants: list[dict[str, Any]] = []
        default = None
        if newest.cuda is not None:
            default = _variant_name(newest.cuda)
            self.ensure_toolkit(newest.cuda)
            variants.append(
                {
                    "name": default,
                    "cuda": newest.cuda,
                    "cudnn": newest.cudnn,
                    "sass": None,
                    "ptx": None,
                    "arch_sources": [],
                    "arch_confidence": None,
                    "note": f"from the index metadata: {newest.cuda_pin}",
                }
            )
        else:
            self.warnings.append(
                f"torch {series}: the Linux wheel pins no CUDA runtime; default unknown"
            )
        variants.append({"name": "cpu"})
        row: dict[str, Any] = {
            "release": series,
            "versions": [i.version for i in infos],
            "released": infos[0].uploaded or "unknown",
            "python": spec,
            "python_note": "from the cpXY tags of the wheels on the index "
            f"({', '.join(newest.pythons)})",
            "variants": variants,
            "sources": [self.source_key],
            "default_variant": {"linux-x86_64": default, "windows": "cpu", "macos": "cpu"},
            "notes": [
                f"Added by `envdoctor matrix update` from {self.index_url} on "
                f"{self.today.isoformat()}: only the default Linux wheel's metadata was read. "
                "Other CUDA variants, ROCm builds and the arch "
                "lists are unknown until someone fills them from the release notes."
            ],
        }
        self.data["torch"]["releases"].append(row)
        self.data["torch"]["releases"].sort(key=lambda r: Version(r["release"]))
        self.changes.append(
            f"torch {series}: new release {', '.join(i.version for i in infos)}; Python {spec}; "
            f"Linux default {default or 'unknown'}"
            + (f" (cuDNN {newest.cudnn})" if newest.cudnn else "")
        )


def plan_update(
    path: Path,
    *,
    index_url: str,
    timeout: float = 30.0,
    today: dt.date | None = None,
    user_file: bool = False,
) -> UpdatePlan:
    """Compare the matrix at `path` with the index; nothing is written. An unreadable
    matrix is bad input when the user named it (`user_file`, exit 2), else envdoctor's own
    data broken (exit 3); an index that cannot be used is the environment's (exit 1)."""
    bad: type[EnvdoctorError] = UsageError if user_file else DataError
    try:
        old_text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        message = _("cannot read the compatibility matrix {path}: {error}")
        raise bad(message.format(path=path, error=reason)) from None
    try:
        data = json.loads(old_text)
    except json.JSONDecodeError as exc:
        raise bad(
            _("the compatibility matrix {path} is not valid JSON: {error}").format(
                path=path, error=exc
            )
        ) from None
    try:
        parse_matrix(data, source=str(path))  # refuse to build on a broken file
    except DataError as exc:
        raise bad(exc.message) from None
    data = copy.deepcopy(data)
    planner = _Planner(data, api_root(index_url), today or dt.datetime.now(dt.timezone.utc).date())

    on_index = index_versions(index_url, timeout)
    known = {v for row in data["torch"]["releases"] for v in row["versions"]}
    oldest = min((Version(r["release"]) for r in data["torch"]["releases"]), default=Version("0"))
    new = sorted(
        (v for v in on_index if v not in known and Version(_series(v)) >= oldest), key=Version
    )
    by_series: dict[str, list[IndexRelease]] = {}
    for version in new:
        by_series.setdefault(_series(version), []).append(
            read_release(index_url, version, on_index[version], timeout)
        )
    for series, infos in sorted(by_series.items(), key=lambda kv: Version(kv[0])):
        row = planner.release_row(series)
        if row is None:
            planner.add_release(series, infos)
        else:
            for info in infos:
                planner.add_version(row, info)
    if on_index:
        newest = max(on_index, key=Version)
        if Version(newest) > Version(data["newest_torch_on_index"]):
            planner.changes.append(
                f"newest torch on the index: {data['newest_torch_on_index']} -> {newest}"
            )
            data["newest_torch_on_index"] = newest
    if not planner.changes:
        return UpdatePlan(path, old_text, old_text, "", (), tuple(planner.warnings))
    data["sources"][planner.source_key] = {
        "title": "torch release list and wheel metadata (Requires-Python, CUDA runtime and "
        "cuDNN pins) "
        f"read from the package index on {planner.today.isoformat()} by `envdoctor matrix update`",
        "url": f"{planner.index_url}/pypi/{PACKAGE}/json",
    }
    if not any(planner.source_key in r["sources"] for r in data["torch"]["releases"]):
        # only versions were added: cite the index on the rows that changed
        for row in data["torch"]["releases"]:
            if any(c.startswith(f"torch {row['release']}:") for c in planner.changes):
                row["sources"] = [*row["sources"], planner.source_key]
    if not any(planner.source_key in r["sources"] for r in data["torch"]["releases"]):
        # only the newest-version marker moved: cite nothing new
        del data["sources"][planner.source_key]
    data["data_version"] = f"{planner.today:%Y.%m.%d}"
    new_text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    parse_matrix(json.loads(new_text), source=f"{path} (updated)")  # never write an invalid matrix
    diff = "".join(
        difflib.unified_diff(
            old_text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            fromfile=str(path),
            tofile=f"{path} (updated)",
        )
    )
    return UpdatePlan(
        path, old_text, new_text, diff, tuple(planner.changes), tuple(planner.warnings)
    )


def apply_update(plan: UpdatePlan) -> None:
    """Write the planned text atomically, unless the file changed since it was read; a
    file that vanished, changed or cannot be written is the environment's doing (exit 1)."""
    try:
        current = plan.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        message = _("cannot read the compatibility matrix {path}: {error}")
        raise EnvdoctorError(message.format(path=plan.path, error=reason)) from None
    if current != plan.old_text:
        raise EnvdoctorError(
            _("{path} changed while the update was prepared; run it again").format(path=plan.path)
        )
    from envdoctor.fsio import ConfigFileError, atomic_write, sha256

    try:
        atomic_write(
            plan.path,
            plan.new_text.encode("utf-8"),
            expect_sha=sha256(plan.old_text.encode("utf-8")),
        )
    except ConfigFileError as exc:
        raise EnvdoctorError(
            _("cannot write the compatibility matrix {path}: {error}").format(
                path=plan.path, error=exc.message
            )
        ) from None


__all__ = [
    "IndexRelease",
    "UpdatePlan",
    "api_root",
    "apply_update",
    "index_versions",
    "pins",
    "plan_update",
    "pythons_of",
    "read_release",
]
