"""The one place that decides what envdoctor may print or save: no secret, and on request no identity.

Two kinds of redaction, both pure string functions:

- Credentials, always, in everything envdoctor prints or saves: the password in a URL's
  user-info (`https://alice:****@host`, as pip shows it; a user-info without a password is
  itself the token, `https://****@host`), conda's `/t/<token>/` path segments, secret-looking
  query values (`token=`, `access_token=`, `X-Amz-Signature=`, ...) and `Authorization:`
  header values. The config files and backups envdoctor writes keep the real values: they
  never pass through here.
- Identity, where the output is meant to be sent to someone (`check --markdown`, the
  snapshot `check --save` writes): the home directory, the user name and the host name of
  the machine the facts describe, replaced consistently (`~`, `<user>`, `<host>`). That
  identity comes from the facts being rendered, never from the machine envdoctor runs on,
  so a `--from` snapshot of another machine is redacted with its own names.

The output primitives in `envdoctor.render.console` (`make_console`, `print_json`,
`print_text`, `print_error`) pass everything through `redact_text`, so a renderer cannot
forget it; the functions here are also called on data before it is laid out, because a
table that folds a long URL over two lines would split it where no pattern can see it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any, TypeVar

from envdoctor.textlines import each_line_with

if TYPE_CHECKING:
    from envdoctor.snapshot import Snapshot

T = TypeVar("T")

MASK = "****"
HOME_MARK = "~"
USER_MARK = "<user>"
HOST_MARK = "<host>"

# A URL in free text: a scheme, then everything up to whitespace or a quoting character.
# No look-behind before the scheme: a terminal escape ("\x1b[2K") ends in a letter right
# before it, and a longer "scheme" match is harmless (it is written back as it was).
_URL = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)([^\s<>\"'`|]+)")
# The user-info of a URL, up to its last "@": a raw (unquoted) password may hold any
# character but a blank, "/", "?" or "#", even ones that end a URL in text ("<", quotes).
_USERINFO = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)([^\s/?#]*)@")
# conda's token channels: https://conda.anaconda.org/t/<token>/<channel>
# (a final full stop or comma belongs to the sentence around the URL, not to the token)
_CONDA_TOKEN = re.compile(r"(/t/)([^/?#\s]*[^/?#\s.,;:)])")
# Query parameters whose value is a secret: token, access_token, private_token, api_key,
# X-Amz-Signature, X-Amz-Credential, sig (Azure SAS), password, client_secret, ...
_SECRET_QUERY = re.compile(
    r"(?i)([?&;](?:[\w.-]*(?:token|secret|password|passwd|pwd|signature|credential|key|auth)|sig)=)"
    r"([^&#;\s]*)"
)
# An HTTP header echoed in a log: `Authorization: Bearer abc`, `authorization: Basic abc`.
_AUTH_HEADER = re.compile(
    r"(?i)((?:proxy-)?authorization[\"']?\s*[:=]\s*[\"']?(?:basic|bearer|token|digest)?\s*)"
    r"([^\s\"',}]+)"
)
# Home directories of any user, for paths of a machine whose home is not known.
_HOME_PATTERNS = (
    re.compile(r"(/home/)(?!<user>)[^/\s\"'\\]+"),
    re.compile(r"(/Users/)(?!<user>)[^/\s\"'\\]+"),
    re.compile(r"([A-Za-z]:\\{1,2}Users\\{1,2})(?!<user>)[^\\\s\"']+"),
)
# Shorter names are too likely to be ordinary words ("dev", "pi" stay within paths only).
_MIN_NAME = 3
# Names that say nothing about who someone is, and that envdoctor's own messages use
# ("run it as root"): replacing them would only garble the report.
_GENERIC_NAMES = frozenset({"root", "localhost"})


def _mask_userinfo(userinfo: str) -> str:
    user, colon, _password = userinfo.partition(":")
    if not colon:
        # pip's rule: a user-info without a password is a token, so all of it is secret.
        return MASK
    return f"{user}:{MASK}"


def _redact_netloc(netloc: str) -> str:
    userinfo, at, host = netloc.rpartition("@")
    if not at:
        return netloc
    return f"{_mask_userinfo(userinfo)}@{host}"


def _redact_rest(rest: str) -> str:
    """Everything after `scheme://`: user-info, conda token segments, secret query values."""
    cut = len(rest)
    for sep in "/?#":
        i = rest.find(sep)
        if i != -1:
            cut = min(cut, i)
    netloc, tail = rest[:cut], rest[cut:]
    tail = _CONDA_TOKEN.sub(lambda m: m.group(1) + MASK, tail)
    tail = _SECRET_QUERY.sub(lambda m: m.group(1) + MASK, tail)
    return _redact_netloc(netloc) + tail


def redact_url(url: str) -> str:
    """`url` with its password, token path segment and secret query values masked."""
    m = _URL.fullmatch(url.strip())
    if m is None:
        return redact_text(url)
    return url.replace(m.group(0), m.group(1) + _redact_rest(m.group(2)), 1)


def carries_credentials(url: str) -> bool:
    """Does the URL hold a user-info, a conda token or a secret query value (masked or not)?"""
    m = _URL.fullmatch(url.strip())
    if m is None:
        return False
    rest = m.group(2)
    netloc = re.split(r"[/?#]", rest, maxsplit=1)[0]
    return "@" in netloc or bool(_CONDA_TOKEN.search(rest) or _SECRET_QUERY.search(rest))


def _mask_urls(text: str) -> str:
    text = _USERINFO.sub(lambda m: m.group(1) + _mask_userinfo(m.group(2)) + "@", text)
    return _URL.sub(lambda m: m.group(1) + _redact_rest(m.group(2)), text)


def redact_text(text: str) -> str:
    """Mask every credential in free text: URLs anywhere in it and Authorization headers."""
    if "://" in text:
        text = each_line_with(text, "://", _mask_urls)
    if "uthorization" in text or "UTHORIZATION" in text:
        text = _AUTH_HEADER.sub(lambda m: m.group(1) + MASK, text)
    return text


def redact_data(data: Any) -> Any:
    """A JSON-like tree (dicts, lists, strings) with every string passed through `redact_text`."""
    return _walk(data, redact_text)


def _walk(data: Any, fn: Any) -> Any:
    if isinstance(data, str):
        return fn(data)
    if isinstance(data, Mapping):
        return {k: _walk(v, fn) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_walk(v, fn) for v in data]
    return data


def redact_fields(obj: T) -> T:
    """A frozen dataclass tree (tuples, dicts, nested dataclasses) with every string masked."""
    if isinstance(obj, str):
        return redact_text(obj)  # type: ignore[return-value]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {f.name: redact_fields(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        return dataclasses.replace(obj, **changes)
    if isinstance(obj, tuple):
        return tuple(redact_fields(v) for v in obj)  # type: ignore[return-value]
    if isinstance(obj, list):
        return [redact_fields(v) for v in obj]  # type: ignore[return-value]
    if isinstance(obj, dict):
        return {k: redact_fields(v) for k, v in obj.items()}  # type: ignore[return-value]
    return obj


# --- identity ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Identity:
    """Who the facts are about: the names a report for someone else must not show."""

    user: str | None = None
    host: str | None = None
    home: str | None = None


def this_machine() -> Identity:
    """The user, host and home directory of the machine envdoctor runs on (for live facts)."""
    import getpass
    import socket
    from pathlib import Path

    user = None
    with contextlib.suppress(KeyError, OSError, ImportError):
        user = getpass.getuser() or None
    home = None
    with contextlib.suppress(KeyError, RuntimeError, OSError):
        home = str(Path.home()) or None
    return Identity(user=user, host=socket.gethostname() or None, home=home)


def identity_of(snapshot: Snapshot) -> Identity:
    """The identity a snapshot records (a collect_env report records none: paths still are
    redacted by their /home/<name> shape)."""
    s = snapshot.system
    return Identity(user=s.user, host=s.hostname, home=s.home)


def _home_variants(home: str) -> list[str]:
    # A Windows home also appears with doubled backslashes inside JSON text.
    out = [home]
    if "\\" in home:
        out.append(home.replace("\\", "\\\\"))
    return out


def redact_identity(text: str, identity: Identity, *, extra: Iterable[str] = ()) -> str:
    """Replace the home directory, then any user's home path, then the user and host names."""
    home = identity.home
    if home and home.rstrip("/\\") and home not in {HOME_MARK, "/"}:
        for variant in _home_variants(home.rstrip("/\\")):
            text = re.sub(re.escape(variant) + r"(?![\w-])", HOME_MARK, text)
    for pat in _HOME_PATTERNS:
        text = pat.sub(lambda m: m.group(1) + USER_MARK, text)
    names = [(n, HOST_MARK) for n in (identity.host, *extra) if n]
    if identity.user:
        names.append((identity.user, USER_MARK))
    for name, mark in sorted(names, key=lambda p: len(p[0]), reverse=True):
        if len(name) < _MIN_NAME or name in {USER_MARK, HOST_MARK} or name in _GENERIC_NAMES:
            continue
        text = re.sub(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", _name_mark(mark), text)
    return text


def _name_mark(mark: str) -> Callable[[re.Match[str]], str]:
    def replace(m: re.Match[str]) -> str:
        return m.group(0) if _top_level_dir(m) else mark

    return replace


def _top_level_dir(m: re.Match[str]) -> bool:
    """The name is the first part of an absolute path (a user called "dev" or "opt" is
    not in /dev/nvidia0 or /opt/conda)."""
    text, i = m.string, m.start()
    return i >= 1 and text[i - 1] == "/" and (i == 1 or text[i - 2] in " \t\n\"'=:(,[")


def redact_for_sharing(text: str, identity: Identity) -> str:
    """Credentials and identity: the text of a report meant for someone else."""
    return redact_identity(redact_text(text), identity)


def redact_data_for_sharing(data: Any, identity: Identity) -> Any:
    return _walk(data, lambda s: redact_for_sharing(s, identity))


# Environment variables a shared snapshot keeps: the ones the analysis reads (a test checks
# that every variable read by envdoctor/analyse and envdoctor/explain is listed here).
SHARED_ENVIRONMENT = (
    "CUDA_VISIBLE_DEVICES",
    "CUDA_DEVICE_ORDER",
    "NVIDIA_VISIBLE_DEVICES",
    "LD_LIBRARY_PATH",
    "CUDA_MODULE_LOADING",
)


def snapshot_for_sharing(snapshot: Snapshot) -> dict[str, Any]:
    """The JSON data of a snapshot to send to someone: no credentials, no user, host or home
    directory (the same marks everywhere), and only the environment the diagnosis reads."""
    identity = identity_of(snapshot)
    data: dict[str, Any] = redact_data_for_sharing(snapshot.to_dict(), identity)
    data["environment"] = {
        k: v for k, v in data.get("environment", {}).items() if k in SHARED_ENVIRONMENT
    }
    system = data.setdefault("system", {})
    for key, mark in (("user", USER_MARK), ("hostname", HOST_MARK), ("home", HOME_MARK)):
        if system.get(key) is not None:
            system[key] = mark
    return data


# --- the output streams ------------------------------------------------------------


class RedactingStream:
    """A text stream that masks credentials in everything written through it.

    Rich writes one rendered print per `write`, so a URL printed on one line is seen whole.
    Every other attribute (isatty, encoding, fileno, getvalue) is the wrapped stream's.
    """

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(redact_text(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("rich_"):
            # Rich unwraps a `rich_proxied_file` (its own stdout proxy during a progress
            # bar); answering for the wrapped stream would let Rich write around this filter.
            raise AttributeError(name)
        return getattr(self._stream, name)


__all__ = [
    "HOME_MARK",
    "HOST_MARK",
    "MASK",
    "SHARED_ENVIRONMENT",
    "USER_MARK",
    "Identity",
    "RedactingStream",
    "carries_credentials",
    "identity_of",
    "redact_data",
    "redact_data_for_sharing",
    "redact_fields",
    "redact_for_sharing",
    "redact_identity",
    "redact_text",
    "redact_url",
    "snapshot_for_sharing",
    "this_machine",
]
