"""The bundled mirror list (`envdoctor/data/mirrors.json`): load, validate, look up.

A mirror is named (`tuna`, `aliyun`, ...) or given as a URL. Dead and legacy mirrors
(Douban, Netease, JLU, CQUPT) are known so that naming one, or pointing at its host,
gets a refusal with the reason instead of a config that silently fails.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from envdoctor.errors import DataError, UsageError
from envdoctor.i18n import _, current_language

SCHEMA = 1
UPSTREAM = "pypi"
UPSTREAM_ANACONDA_DEFAULTS = (
    "https://repo.anaconda.com/pkgs/main",
    "https://repo.anaconda.com/pkgs/r",
    "https://repo.anaconda.com/pkgs/msys2",
)
UPSTREAM_CHANNEL_ALIAS = "https://conda.anaconda.org"


class Layout(str, enum.Enum):
    PEP503 = "pep503"  # a simple index: pip --index-url, uv [[index]]
    FLAT = "flat"  # a directory of wheel files: pip -f, uv format = "flat"


class CondaScope(str, enum.Enum):
    FULL = "full"  # mirrors the Anaconda "defaults" channels and community channels
    CONDA_FORGE_ONLY = "conda-forge-only"  # community channels only (USTC)


@dataclass(frozen=True)
class Localised:
    en: str
    zh_CN: str

    def text(self) -> str:
        return self.zh_CN if current_language() == "zh_CN" else self.en


@dataclass(frozen=True)
class TorchIndex:
    base: str  # append "/<variant>" (cu126, cpu, rocm6.4)
    layout: Layout
    confidence: str

    def url(self, variant: str) -> str:
        url = f"{self.base.rstrip('/')}/{variant}"
        # A flat listing is a directory: pip -f needs the trailing slash to list it.
        return url + "/" if self.layout is Layout.FLAT else url


@dataclass(frozen=True)
class Mirror:
    name: str
    aliases: tuple[str, ...]
    titles: Localised
    region: str
    status: str
    pypi: str
    pypi_aliases: tuple[str, ...]
    anaconda: str | None  # base of pkgs/main and cloud/<channel>; None for upstream
    anaconda_scope: CondaScope | None
    anaconda_confidence: str
    custom_channels: tuple[str, ...]
    pytorch: TorchIndex | None
    caveats: tuple[Localised, ...]
    sources: tuple[str, ...]
    custom: bool = False  # given as a URL on the command line, not from the catalog

    @property
    def title(self) -> str:
        """The mirror's full name in the current language."""
        return self.titles.text()

    @property
    def is_upstream(self) -> bool:
        return self.name == UPSTREAM

    def default_channels(self) -> tuple[str, ...] | None:
        """What `default_channels` should list for this mirror, or None to leave it alone."""
        if self.is_upstream:
            return UPSTREAM_ANACONDA_DEFAULTS
        if self.anaconda is None or self.anaconda_scope is not CondaScope.FULL:
            return None
        base = self.anaconda.rstrip("/")
        return (f"{base}/pkgs/main", f"{base}/pkgs/r", f"{base}/pkgs/msys2")

    def custom_channel_urls(self) -> dict[str, str]:
        """`custom_channels` entries: channel name -> the base conda appends the name to."""
        if self.is_upstream:
            return dict.fromkeys(self.custom_channels, UPSTREAM_CHANNEL_ALIAS)
        if self.anaconda is None:
            return {}
        base = self.anaconda.rstrip("/") + "/cloud"
        return dict.fromkeys(self.custom_channels, base)


@dataclass(frozen=True)
class DeadMirror:
    name: str
    aliases: tuple[str, ...]
    hosts: tuple[str, ...]
    status: str
    reason: Localised
    confidence: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    data_version: str
    updated: str
    mirrors: tuple[Mirror, ...]
    dead: tuple[DeadMirror, ...]

    def get(self, name: str) -> Mirror | None:
        key = name.strip().lower()
        for mirror in self.mirrors:
            if key == mirror.name or key in mirror.aliases:
                return mirror
        return None

    def dead_by_name(self, name: str) -> DeadMirror | None:
        key = name.strip().lower()
        for dead in self.dead:
            if key == dead.name or key in dead.aliases:
                return dead
        return None

    def dead_by_url(self, url: str) -> DeadMirror | None:
        host = (urlsplit(url).hostname or "").lower()
        for dead in self.dead:
            if host in dead.hosts:
                return dead
        return None

    def by_url(self, url: str) -> Mirror | None:
        """The catalog mirror whose PyPI index (or an alias of it) is `url`."""
        wanted = normalise_url(url)
        for mirror in self.mirrors:
            for known in (mirror.pypi, *mirror.pypi_aliases):
                if normalise_url(known) == wanted:
                    return mirror
        return None

    def by_conda_url(self, url: str) -> Mirror | None:
        """The catalog mirror whose Anaconda mirror serves `url` (same host)."""
        host = (urlsplit(url).hostname or "").lower()
        for mirror in self.mirrors:
            if mirror.anaconda and (urlsplit(mirror.anaconda).hostname or "").lower() == host:
                return mirror
        return None

    def active(self) -> tuple[Mirror, ...]:
        return tuple(m for m in self.mirrors if m.status == "active")


def normalise_url(url: str) -> str:
    """Compare index URLs the way a person would: scheme, case of host, trailing slash."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    return f"{(parts.hostname or '').lower()}{path}"


def _loc(raw: Any, where: str) -> Localised:
    if not isinstance(raw, dict) or not isinstance(raw.get("en"), str):
        raise DataError(_("mirror data: {where} needs an 'en' text").format(where=where))
    return Localised(en=raw["en"], zh_CN=str(raw.get("zh_CN") or raw["en"]))


def _strs(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise DataError(_("mirror data: {where} must be a list of strings").format(where=where))
    return tuple(raw)


def _url(raw: Any, where: str) -> str:
    if not isinstance(raw, str) or urlsplit(raw).scheme not in {"http", "https"}:
        raise DataError(_("mirror data: {where} must be an http(s) URL").format(where=where))
    return raw


def _mirror(raw: Any) -> Mirror:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise DataError(_("mirror data: every mirror needs a name"))
    name = raw["name"]
    if not raw.get("sources"):
        raise DataError(_("mirror data: {name} has no source").format(name=name))
    torch_raw = raw.get("pytorch")
    torch: TorchIndex | None = None
    if torch_raw is not None:
        try:
            layout = Layout(torch_raw["layout"])
        except (KeyError, ValueError, TypeError) as exc:
            raise DataError(
                _("mirror data: {name} has a bad PyTorch layout").format(name=name)
            ) from exc
        torch = TorchIndex(
            base=_url(torch_raw.get("base"), f"{name}.pytorch.base"),
            layout=layout,
            confidence=str(torch_raw.get("confidence", "community")),
        )
    anaconda = raw.get("anaconda")
    scope_raw = raw.get("anaconda_scope")
    try:
        scope = CondaScope(scope_raw) if scope_raw is not None else None
    except ValueError as exc:
        raise DataError(
            _("mirror data: {name} has a bad anaconda_scope").format(name=name)
        ) from exc
    return Mirror(
        name=name,
        aliases=_strs(raw.get("aliases", []), f"{name}.aliases"),
        titles=_loc(raw.get("title"), f"{name}.title"),
        region=str(raw.get("region", "")),
        status=str(raw.get("status", "active")),
        pypi=_url(raw.get("pypi"), f"{name}.pypi"),
        pypi_aliases=_strs(raw.get("pypi_aliases", []), f"{name}.pypi_aliases"),
        anaconda=_url(anaconda, f"{name}.anaconda") if anaconda is not None else None,
        anaconda_scope=scope,
        anaconda_confidence=str(raw.get("anaconda_confidence", "community")),
        custom_channels=_strs(raw.get("custom_channels", []), f"{name}.custom_channels"),
        pytorch=torch,
        caveats=tuple(_loc(c, f"{name}.caveats") for c in raw.get("caveats", [])),
        sources=_strs(raw["sources"], f"{name}.sources"),
    )


def _dead(raw: Any) -> DeadMirror:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise DataError(_("mirror data: every dead mirror needs a name"))
    name = raw["name"]
    return DeadMirror(
        name=name,
        aliases=_strs(raw.get("aliases", []), f"{name}.aliases"),
        hosts=_strs(raw.get("hosts", []), f"{name}.hosts"),
        status=str(raw.get("status", "dead")),
        reason=_loc(raw.get("reason"), f"{name}.reason"),
        confidence=str(raw.get("confidence", "community")),
        sources=_strs(raw.get("sources", []), f"{name}.sources"),
    )


def parse_catalog(doc: Any) -> Catalog:
    """Validate a decoded mirrors.json; DataError names what is wrong."""
    if not isinstance(doc, dict):
        raise DataError(_("mirror data: the top level must be an object"))
    if doc.get("schema") != SCHEMA:
        raise DataError(
            _("mirror data: unsupported schema {found!r} (expected {expected})").format(
                found=doc.get("schema"), expected=SCHEMA
            )
        )
    mirrors = tuple(_mirror(m) for m in doc.get("mirrors", []))
    dead = tuple(_dead(d) for d in doc.get("dead", []))
    names = [m.name for m in mirrors] + [d.name for d in dead]
    if len(set(names)) != len(names):
        raise DataError(_("mirror data: duplicate mirror names"))
    return Catalog(
        data_version=str(doc.get("data_version", "")),
        updated=str(doc.get("updated", "")),
        mirrors=mirrors,
        dead=dead,
    )


@functools.lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The bundled catalog (cached: it is read once per process)."""
    path = resources.files("envdoctor").joinpath("data").joinpath("mirrors.json")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(
            _("cannot read the bundled mirror list: {error}").format(error=exc)
        ) from exc
    return parse_catalog(doc)


def _custom(url: str) -> Mirror:
    return Mirror(
        name=url,
        aliases=(),
        titles=Localised(en="custom index", zh_CN="自定义索引"),
        region="",
        status="active",
        pypi=url,
        pypi_aliases=(),
        anaconda=None,
        anaconda_scope=None,
        anaconda_confidence="",
        custom_channels=(),
        pytorch=None,
        caveats=(),
        sources=(),
        custom=True,
    )


def dead_message(dead: DeadMirror) -> str:
    return _(
        "{name} is not usable: {reason}. Pick an active mirror, e.g. tuna, ustc or aliyun"
    ).format(name=dead.name, reason=dead.reason.text())


def resolve_mirror(value: str, catalog: Catalog | None = None) -> Mirror:
    """A `--mirror` argument (a name or an http(s) URL) -> Mirror; UsageError if unusable."""
    cat = catalog if catalog is not None else load_catalog()
    text = value.strip()
    if "://" in text:
        if any(ch.isspace() or unicodedata.category(ch) in {"Cc", "Cf"} for ch in text):
            # A line break would end the value in pip.conf and start lines of its own.
            raise UsageError(
                _(
                    "{value!r} contains a space, line break or control character; "
                    "not a usable index URL"
                ).format(value=value)
            )
        try:
            parts = urlsplit(text)
            parts.port  # noqa: B018  (raises ValueError for a bad port)
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in {"http", "https"} or not parts.hostname:
            raise UsageError(
                _("{value!r} is not an http(s) URL of a package index").format(value=value)
            )
        dead = cat.dead_by_url(text)
        if dead is not None:
            raise UsageError(dead_message(dead))
        known = cat.by_url(text)
        if known is None:
            return _custom(text)
        # Keep the mirror's conda and PyTorch data, but write the URL exactly as given.
        return dataclasses.replace(known, pypi=text)
    mirror = cat.get(text)
    if mirror is not None:
        return mirror
    dead = cat.dead_by_name(text)
    if dead is not None:
        raise UsageError(dead_message(dead))
    names = ", ".join(m.name for m in cat.mirrors)
    raise UsageError(
        _("unknown mirror {value!r}; known mirrors: {names} (or give an index URL)").format(
            value=value, names=names
        )
    )


def identify(url: str, catalog: Catalog | None = None) -> str | None:
    """Name of the catalog mirror (or `dead:<name>`) that serves `url`, for display."""
    cat = catalog if catalog is not None else load_catalog()
    dead = cat.dead_by_url(url)
    if dead is not None:
        return f"dead:{dead.name}"
    host = (urlsplit(url).hostname or "").lower()
    known = cat.by_url(url)
    if known is not None:
        return known.name
    for mirror in cat.mirrors:
        urls = [mirror.pypi, *mirror.pypi_aliases]
        if mirror.anaconda:
            urls.append(mirror.anaconda)
        if mirror.pytorch:
            urls.append(mirror.pytorch.base)
        if any(host == (urlsplit(u).hostname or "").lower() for u in urls):
            return mirror.name
    if host in {"repo.anaconda.com", "conda.anaconda.org", "download.pytorch.org"}:
        return UPSTREAM
    return None


__all__ = [
    "UPSTREAM",
    "UPSTREAM_ANACONDA_DEFAULTS",
    "UPSTREAM_CHANNEL_ALIAS",
    "Catalog",
    "CondaScope",
    "DeadMirror",
    "Layout",
    "Localised",
    "Mirror",
    "TorchIndex",
    "dead_message",
    "identify",
    "load_catalog",
    "normalise_url",
    "parse_catalog",
    "resolve_mirror",
]
