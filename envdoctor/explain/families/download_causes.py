"""Downloads that never connected, as two more tools word them: mamba's curl error for a
channel it cannot reach, and CMake fetching a dependency while it configures a source
build. The downloads family recognises them; the answers live here so it stays readable.

Sources:
- libmamba (mamba-org/mamba at 03564bf4, libmamba/src/download/downloader.cpp) prints
  "Download error (<curl code>) <curl's text> [<url>]"; curl's texts (CMake's bundled
  curl, Utilities/cmcurl/lib/strerror.c) are "Could not connect to server" (7), "Could not
  resolve hostname" (6), "Timeout was reached" (28), older curl "Couldn't ...". mamba's
  troubleshooting page (docs/source/user_guide/troubleshooting.rst) names an antivirus
  that flags mamba as one cause of "Download error (7) Could not connect to server", fixed
  by allowing mamba's folders and files in it. mamba reads .condarc (its installation docs,
  "populated config files"), so a channel mirror written there serves it too, and its
  proxy_servers setting (libmamba/src/api/configuration.cpp).
- CMake (Kitware/CMake, Modules/ExternalProject/download.cmake.in) prints "error:
  downloading '<url>' failed" with status_code/status_string for each URL, then "Each
  download failed!". k2's FAQ (k2-fsa/k2 at a741ae88, docs/source/installation/faqs.rst):
  without Internet access the source build fails so; download the file on a machine that
  has it, copy it over and point the build's URL at the local file (file:///...).
  FetchContent (Modules/FetchContent.cmake) takes FETCHCONTENT_SOURCE_DIR_<uppercaseName>
  to use a local copy instead of the declared download. curl (cmcurl/lib/proxy.c) reads
  the https_proxy environment variable; its status 22 is "HTTP response code said error"
  (strerror.c), the server's own refusal.
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.i18n import N_, _

# CMake's per-URL report after its "error: downloading '<url>' failed".
_CMAKE_STATUS = re.compile(r"status_code: (?P<code>\d+)\s+status_string: \"(?P<text>[^\"]{1,80})\"")

_MIRRORS = N_(
    "Use a conda channel mirror near you: `envdoctor mirrors --probe` measures them, "
    "`envdoctor mirrors --apply --tool conda --mirror NAME` writes it into .condarc, "
    "which mamba reads too (undo with --restore)."
)


def mamba_unreachable(m: re.Match[str], ctx: Context) -> Advice:
    """libmamba's curl error: no connection to the channel at all."""
    host, curl = m.group("host") or "", m.group("curl")
    facts: dict[str, object] = {"curl_error": int(curl)}
    if host:
        facts["host"] = host
    cause = _(
        "mamba could not connect to {host} (curl error {code}): the network, a firewall or "
        "a proxy this machine needs stops the connection. mamba's troubleshooting notes "
        "another cause of 'Could not connect to server': an antivirus that flags mamba and "
        "blocks it."
    ).format(host=host or _("the channel"), code=curl)
    fix = (
        _(
            "Check the connection outside mamba (`curl -I https://{host}`); behind a proxy, "
            "set `proxy_servers` in .condarc or HTTPS_PROXY."
        ).format(host=host or "conda.anaconda.org"),
        _(_MIRRORS),
        _(
            "If the network itself works: allow mamba's folders and files in the antivirus "
            "(mamba's troubleshooting, mamba-org/mamba#3979)."
        ),
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("mamba cannot connect to the channel"),
        key=host,
        used_local_facts=ctx.known.local,
    )


def build_download_failed(m: re.Match[str], ctx: Context) -> Advice:
    """CMake's download of a dependency, during a source build, that did not succeed."""
    url = m.group("url")
    facts: dict[str, object] = {"url": url}
    status = _CMAKE_STATUS.search(ctx.text, m.end(), m.end() + 300)
    if status is not None:
        facts["status"] = f"{status.group('code')} {status.group('text')}"
    fix = [
        _(
            "Download {url} on a machine with Internet access, copy it here, and point the "
            "build at the copy: the project's URL for it as file:///path/to/the/file, or for "
            "a dependency CMake's FetchContent declares, "
            "-DFETCHCONTENT_SOURCE_DIR_<NAME>=/path/to/its/unpacked/source."
        ).format(url=url),
        _(
            "Behind a proxy: set https_proxy (and http_proxy) in the shell that runs the "
            "build; CMake's downloader reads them."
        ),
    ]
    if status is not None and status.group("code") == "22":  # HTTP response code said error
        # An HTTP error (404...): the server answered, the file is not there any more.
        cause = _(
            "The build downloads {url} while CMake configures it, and the server answered "
            "with an error ({status}): the file has moved or is gone. The network works."
        ).format(url=url, status=status.group("text"))
        fix.pop()
        fix.append(
            _("Or use a newer release of the project, whose build names a file that exists.")
        )
    else:
        cause = _(
            "The build downloads {url} while CMake configures it, and this machine could not "
            "fetch it: no Internet access, or a firewall or proxy in the way."
        ).format(url=url)
    return Advice(
        cause,
        tuple(fix),
        facts,
        code="build-download-failed",
        title=_("A source build could not download a dependency"),
        key=url,
        used_local_facts=ctx.known.local,
    )


def gated_answer(repo: str, login: str, ctx: Context) -> Advice:
    """A gated model asked for without a token of an account that may read it
    (huggingface_hub's GatedRepoError, as the Hub and transformers word it); `repo` is
    empty when the paste cut the repository's name off."""
    named = repo or _("The model")
    cause = _(
        "{repo} is a gated model: the Hub serves its files only to a logged-in account that "
        "has accepted the model's terms. This request came without a token, or with the "
        "token of an account that has not (yet) been granted access. Nothing is wrong with "
        "the installation."
    ).format(repo=named)
    page = repo or "<owner>/<model>"
    fix = (
        _(
            "Open https://huggingface.co/{repo} while logged in and accept its terms (some "
            "models also wait for approval)."
        ).format(repo=page),
        login,
    )
    facts = {"repo": repo} if repo else {}
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


# The error code alone on its line (what a README or a terse paste quotes), or in
# OpenSSL's brackets: a sentence that only mentions it does not stand alone. (A docker
# compose log's "service | " prefix is left as "[service]" in front of it by the clean-up.)
_BARE_TOKEN = re.compile(
    r"[ \t]*(?:\[[\w.-]{1,60}\] )?(?:\[SSL: )?CERTIFICATE_VERIFY_FAILED\]?[ \t.]*"
)


def bare_token(m: re.Match[str]) -> bool:
    """Whether the match is the token standing alone on its line, not a word in prose."""
    text = m.string
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.start())
    line = text[start : end if end != -1 else len(text)]
    return _BARE_TOKEN.fullmatch(line) is not None


def gated_unnamed(login: str, ctx: Context) -> Advice:
    """The Hub's "not in the authorized list" quoted without the model's name."""
    # The Hub's 403 quoted without the name (torchchat's README,
    # pytorch/torchchat@a1a7f37): access is requested on the model's page.
    cause = _(
        "The model is gated and this account is not among those granted access: access "
        "is requested on the model's page on the Hub (the link in the full error), and "
        "the model's owners approve requests themselves."
    )
    ask = (
        _(
            "Open the model's page on https://huggingface.co while logged in, request "
            "access (accept its terms), and wait until it is granted."
        ),
        login,
    )
    return Advice(cause, ask, {}, key="pending", used_local_facts=ctx.known.local)


__all__ = [
    "bare_token",
    "build_download_failed",
    "gated_answer",
    "gated_unnamed",
    "mamba_unreachable",
]
