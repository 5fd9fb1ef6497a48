"""Edits on config text that keep everything the user wrote: comments, order, style.

Each editor takes the file's text (with "\\n" line ends) and returns the new text,
returning the input unchanged (the same string) when the file already says what we
want, so an apply that changes nothing writes nothing. INI goes through ConfigUpdater,
YAML through ruamel.yaml round-trip, TOML through tomlkit: the same parsers-that-keep-
comments approach conda itself uses for .condarc.
"""

from __future__ import annotations

import configparser
import io
import ipaddress
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from envdoctor.fsio import ConfigFileError
from envdoctor.i18n import _


# What a config file should say; unrelated to the machine facts of analyse.advisor.Target
# and the interpreter facts of wheelcheck.target.Target, which share only the name.
@dataclass(frozen=True)
class Target:
    """What the edit should make the file say."""

    pypi: str
    default_channels: tuple[str, ...] | None  # None: leave default_channels alone
    custom_channels: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Edited:
    text: str
    notes: tuple[str, ...] = ()


def needs_trusted_host(url: str) -> str | None:
    """The host pip must trust for a plain-http index, or None (https, loopback)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme != "http" or not host:
        return None
    if host == "localhost":
        return None
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass
    return host


# --- pip (INI) ---------------------------------------------------------------------


def _find_options(section: Any, name: str) -> list[str]:
    """Every spelling of `name` in the section (`index_url`, `Index-URL`...), in file order.

    pip folds them all to one key and the last one wins, so each must be looked at.
    """
    return [str(key) for key in section if key.lower().replace("_", "-") == name]


def edit_pip(text: str, target: Target, *, where: str = "pip.conf") -> Edited:
    from configupdater import ConfigUpdater

    updater = ConfigUpdater()
    try:
        updater.read_string(text)
    except configparser.Error as exc:  # every configupdater parse error derives from it
        raise ConfigFileError(
            _("cannot parse {path}: {error}; not changed").format(
                path=where, error=str(exc).splitlines()[0]
            )
        ) from exc
    changed = False
    notes: list[str] = []
    if not updater.has_section("global"):
        # Start the new section on a line of its own, after a blank line.
        if text.strip():
            updater = ConfigUpdater()
            updater.read_string(text.rstrip("\n") + "\n\n")
        updater.add_section("global")
        changed = True
    for section_name in ("global", "install", "download"):
        if not updater.has_section(section_name):
            continue
        section = updater[section_name]
        keys = _find_options(section, "index-url")
        if not keys:
            if section_name == "global":
                section["index-url"] = target.pypi
                changed = True
            continue
        stale = [k for k in keys if (section[k].value or "").strip() != target.pypi]
        for key in stale:
            section[key].value = target.pypi
        if stale:
            changed = True
            if section_name != "global":
                notes.append(
                    _("also updated [{section}] index-url, which overrides [global]").format(
                        section=section_name
                    )
                )
    host = needs_trusted_host(target.pypi)
    if host is not None:
        section = updater["global"]
        spellings = _find_options(section, "trusted-host")
        if not spellings:
            section["trusted-host"] = host
            changed = True
        else:
            key = spellings[-1]  # the one pip uses
            current = (section[key].value or "").split()
            if host not in current:
                if "\n" in (section[key].value or ""):
                    section[key].set_values([*current, host])
                else:
                    section[key].value = " ".join([*current, host])
                changed = True
        notes.append(
            _("{url} is plain http: pip trusts {host} without TLS; prefer an https mirror").format(
                url=target.pypi, host=host
            )
        )
    if not changed:
        return Edited(text, tuple(notes))
    return Edited(str(updater), tuple(notes))


# --- conda (.condarc, YAML) --------------------------------------------------------


def _detect_indent(text: str) -> tuple[int, int]:
    """(sequence indent, dash offset) the file already uses for block lists."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)- ", line)
        if not m or i == 0:
            continue
        prev = next(
            (p for p in reversed(lines[:i]) if p.strip() and not p.strip().startswith("#")), None
        )
        if prev is None or not prev.rstrip().endswith(":"):
            continue
        parent = len(prev) - len(prev.lstrip())
        offset = len(m.group(1)) - parent
        if offset >= 0:
            return offset + 2, offset
    return 4, 2  # the layout of TUNA's and conda's own help pages


def _is_free(item: Any) -> bool:
    return isinstance(item, str) and item.rstrip("/").endswith("pkgs/free")


def _condarc_update(doc: Any, target: Target) -> tuple[bool, list[str]]:
    """Make the round-trip document say what `target` wants; (changed?, notes)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    changed = False
    notes: list[str] = []
    flow = doc.fa.flow_style()

    def new_seq(items: list[str]) -> CommentedSeq:
        s = CommentedSeq(items)
        if flow:
            s.fa.set_flow_style()
        return s

    channels = doc.get("channels")
    if channels is None:
        doc["channels"] = new_seq(["defaults"])
        changed = True
    elif isinstance(channels, list):
        free = [c for c in channels if _is_free(c)]
        for item in free:
            channels.remove(item)
            notes.append(_("removed the outdated channel {item}").format(item=item))
            changed = True
        if not channels:
            channels.append("defaults")
    if "show_channel_urls" not in doc:
        doc["show_channel_urls"] = True
        changed = True
    if target.default_channels is not None:
        current = doc.get("default_channels")
        wanted = list(target.default_channels)
        if not isinstance(current, list) or list(current) != wanted:
            if isinstance(current, CommentedSeq):
                del current[:]
                current.extend(wanted)
            else:
                doc["default_channels"] = new_seq(wanted)
            changed = True
    if target.custom_channels:
        custom = doc.get("custom_channels")
        if not isinstance(custom, dict):
            custom = CommentedMap()
            if flow:
                custom.fa.set_flow_style()
            doc["custom_channels"] = custom
            changed = True
        for name, url in target.custom_channels:
            if custom.get(name) != url:
                custom[name] = url
                changed = True
    return changed, notes


def edit_condarc(text: str, target: Target, *, where: str = ".condarc") -> Edited:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    yaml = YAML()
    yaml.preserve_quotes = True
    seq, offset = _detect_indent(text)
    yaml.indent(mapping=2, sequence=seq, offset=offset)
    yaml.width = 4096  # never re-wrap long URLs
    first = next((line for line in text.splitlines() if line.strip()), "")
    yaml.explicit_start = first.startswith("---")
    try:
        doc = yaml.load(text)
        # The round-trip loader keeps tags it does not know (`!env_var`, `!!python/...`);
        # conda's own safe loader, and `envdoctor mirrors`, reject them. A file conda
        # cannot read must not be edited as if it could.
        YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        raise ConfigFileError(
            _("cannot parse {path}: {error}; not changed").format(
                path=where, error=str(exc).splitlines()[0]
            )
        ) from exc
    preamble = ""
    if doc is None:
        # Empty or comments only: ruamel has no node to hang the comments on, so keep
        # the text as it is and add the new keys below it.
        preamble = text.rstrip("\n") + "\n" if text.strip() else ""
        doc = CommentedMap()
    if not isinstance(doc, CommentedMap):
        raise ConfigFileError(
            _("cannot edit {path}: its top level is not a mapping; not changed").format(path=where)
        )
    changed, notes = _condarc_update(doc, target)
    if not changed:
        return Edited(text, tuple(notes))
    out = io.StringIO()
    yaml.dump(doc, out)
    dumped = out.getvalue()
    if not preamble and not doc.fa.flow_style():
        dumped = _keep_untouched_blocks(text, dumped)
    return Edited(preamble + dumped, tuple(notes))


_TOP_KEY = re.compile(
    r"""^(?:"([^"]*)"|'([^']*)'|([^\s#'"\-][^:#]*?|-[^\s:#][^:#]*?))\s*:(?:\s|$)"""
)


def _top_blocks(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(text before the first top-level key, [(key, its lines up to the next key)])."""
    head: list[str] = []
    blocks: list[tuple[str, list[str]]] = []
    for line in text.splitlines(keepends=True):
        m = _TOP_KEY.match(line)
        if m is not None:
            key = next(g for g in m.groups() if g is not None).strip()
            blocks.append((key, [line]))
        elif blocks:
            blocks[-1][1].append(line)
        else:
            head.append(line)
    return "".join(head), [(k, "".join(lines)) for k, lines in blocks]


def _keep_untouched_blocks(original: str, dumped: str) -> str:
    """Put back, byte for byte, every top-level key the edit did not change.

    ruamel.yaml writes every block list with one indentation, so a file that mixes
    `key:\n- a` and `key:\n  - a` would see untouched keys re-indented. The result is
    used only if it still loads to exactly the edited document.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    safe = YAML(typ="safe", pure=True)
    try:
        before = safe.load(original)
        after = safe.load(dumped)
    except YAMLError:
        return dumped
    if not isinstance(before, dict) or not isinstance(after, dict):
        return dumped
    _head, old_blocks = _top_blocks(original)
    head, new_blocks = _top_blocks(dumped)
    old_by_key = dict(old_blocks)
    if len(old_by_key) != len(old_blocks) or set(after) != {k for k, _b in new_blocks}:
        return dumped  # duplicate or unrecognised keys: do not guess
    parts = [head]
    for key, block in new_blocks:
        kept = old_by_key.get(key)
        if kept is not None and key in before and before[key] == after[key]:
            parts.append(kept if kept.endswith("\n") else kept + "\n")
        else:
            parts.append(block)
    result = "".join(parts)
    if not dumped.endswith("\n") and result.endswith("\n"):
        result = result[:-1]
    try:
        if safe.load(result) != after:
            return dumped
    except YAMLError:
        return dumped
    return result


# --- uv (uv.toml, TOML) ------------------------------------------------------------


def _uv_update_legacy_keys(doc: Any, url: str, notes: list[str]) -> bool:
    """Keep the older index keys equal to the new default index, so none competes with it."""
    from tomlkit.items import Table

    changed = False
    if "index-url" in doc and doc["index-url"] != url:
        doc["index-url"] = url  # the deprecated top-level key
        changed = True
    pip = doc.get("pip")
    if isinstance(pip, Table) and "index-url" in pip and pip["index-url"] != url:
        pip["index-url"] = url
        changed = True
        notes.append(_("also updated [pip] index-url, which uv pip prefers"))
    return changed


def edit_uv(text: str, target: Target, *, where: str = "uv.toml") -> Edited:
    import tomlkit
    from tomlkit.exceptions import ParseError
    from tomlkit.items import AoT, Array, InlineTable

    try:
        doc = tomlkit.parse(text)
    except ParseError as exc:
        raise ConfigFileError(
            _("cannot parse {path}: {error}; not changed").format(path=where, error=exc)
        ) from exc
    url = target.pypi
    notes: list[str] = []
    changed = _uv_update_legacy_keys(doc, url, notes)
    indexes = doc.get("index")
    inline = isinstance(indexes, Array)  # `index = [{ url = "..." }]`, also valid for uv
    if indexes is not None and not (
        isinstance(indexes, AoT) or (inline and all(isinstance(e, InlineTable) for e in indexes))
    ):
        raise ConfigFileError(
            _("cannot edit {path}: 'index' is not an array of tables; not changed").format(
                path=where
            )
        )
    default_entry = None
    same_url = None
    if indexes is not None:
        for entry in indexes:
            explicit = entry.get("explicit") is True
            if entry.get("default") is True and explicit:
                # uv never queries an explicit index for unpinned packages, and such an
                # entry still takes the default's place: the mirror could never win.
                del entry["default"]
                changed = True
                notes.append(
                    _(
                        "removed `default = true` from the explicit index {url}: uv only uses "
                        "it for packages pinned to it"
                    ).format(url=entry.get("url"))
                )
                continue
            if entry.get("default") is True and default_entry is None:
                default_entry = entry
            if not explicit and entry.get("url") == url and same_url is None:
                same_url = entry
    append_block = False
    if default_entry is not None:
        if default_entry.get("url") != url:
            default_entry["url"] = url
            if "format" in default_entry:
                del default_entry["format"]
            changed = True
    elif same_url is not None:
        same_url["default"] = True
        changed = True
    elif inline and indexes is not None:
        entry = tomlkit.inline_table()
        entry.update({"url": url, "default": True})
        indexes.append(entry)
        changed = True
    else:
        # Even next to a legacy `index-url` (kept equal above): uv prefers an `[[index]]`
        # default from any file, a system uv.toml included, to `index-url`.
        # A `[[index]]` header may stand anywhere after the top-level keys; appending it
        # as text keeps the rest of the file exactly as it was.
        append_block = True
        changed = True
    if not changed:
        return Edited(text, tuple(notes))
    out = tomlkit.dumps(doc)
    if append_block:
        block = f"[[index]]\nurl = {tomlkit.string(url).as_string()}\ndefault = true\n"
        out = (out.rstrip("\n") + "\n\n" if out.strip() else "") + block
    return Edited(out, tuple(notes))


__all__ = ["Edited", "Target", "edit_condarc", "edit_pip", "edit_uv", "needs_trusted_host"]
