"""Getting the wheels at all: downloads that time out or break off on a slow link, a
corrupted download that fails its hash, and a disk (or its temp folder) too small for a
2-3 GB CUDA wheel. The network and the disk are the environment here, and the answer is a
mirror (`envdoctor mirrors`) or room, never another torch.

Mirrors that carry PyTorch's own wheel index come from envdoctor/data/mirrors.json.
"""

from __future__ import annotations

import re

from envdoctor.explain.families.download_causes import (
    bare_token,
    build_download_failed,
    gated_answer,
    gated_unnamed,
    mamba_unreachable,
)
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import PIP_CACHE_PURGE, PIP_TMPDIR
from envdoctor.i18n import N_, _

FAMILY = Family("downloads")

_TORCH_HOSTS = ("download.pytorch.org", "download-r2.pytorch.org")


def _torch_wheel_mirrors() -> str:
    """Names of the mirrors the data documents as carrying download.pytorch.org's wheels."""
    from envdoctor.mirrors.catalog import load_catalog

    names = [
        m.name
        for m in load_catalog().mirrors
        if m.pytorch is not None and m.pytorch.confidence == "documented" and m.name != "pypi"
    ]
    return ", ".join(names)


# Hosts of package indexes, their mirrors and the model Hub: a connection error naming
# another host is the program's own (an API it calls), not an install.
_INSTALL_HOSTS = re.compile(
    r"pypi\.org|pythonhosted\.org|pytorch\.org|anaconda\.(?:org|com)|conda-forge|"
    r"huggingface\.co|hf\.co|hf-mirror|nvidia\.com|mirrors?[.\w-]*\.|tsinghua|aliyun|ustc|"
    r"douban|tencent|huaweicloud|bfsu|sjtu|nju"
)
# pip's and conda's own words around a network error.
_INSTALLER_WORDS = (
    "pip._vendor",
    "site-packages/pip/",
    "site-packages\\pip\\",
    "looking in indexes",
)


def _from_an_installer(host: str, ctx: Context) -> bool:
    """Whether a connection error is an install's: an index/Hub host, or pip's context."""
    return bool(_INSTALL_HOSTS.search(host)) or ctx.has(*_INSTALLER_WORDS)


@FAMILY.entry(
    code="download-timed-out",
    keywords=(
        "read timed out",
        "connecttimeouterror",
        "connection broken",
        "incompleteread",
        "read operation timed out",
        "connection failed for url",
        "couldn't connect to",
        "localentrynotfounderror",
        "max retries exceeded",
        "download error (",
        "error: downloading",
    ),
    title=N_("The download timed out or broke off (slow or blocked link)"),
    patterns=(
        # pip's retry warning names what broke the connection ("Connection to pypi.org
        # timed out"); its final error may be missing from the paste.
        rx(
            r"after connection broken by '(?:ConnectTimeoutError|ReadTimeoutError|"
            r"NewConnectionError|ProxyError)\([^\n]{0,300}?(?:Connection to |host=')"
            r"(?P<host>[\w.-]{1,100})"
        ),
        # transformers / huggingface_hub when the Hub does not answer.
        rx(
            r"We couldn't connect to '?https?://(?P<host>[\w.-]{1,100})'? to load (?:this "
            r"file|the files)"
        ),
        # huggingface_hub offline with nothing cached.
        rx(
            r"LocalEntryNotFoundError: (?:Connection error, and we cannot find the requested "
            r"files in the (?:disk )?cache|An error happened while trying to locate the "
            r"files? on the Hub)(?P<hub>)"
        ),
        # conda's words for a channel it could not reach (HTTP 000: no answer at all).
        rx(
            r"CondaHTTPError: HTTP 000 CONNECTION FAILED for url <https?://(?P<host>[\w.-]{1,100})(?P<conda>)"
        ),
        # urllib3's final error: no connection could be made (DNS, unreachable, refused).
        # (Inside an exception's repr the quotes come escaped: host=\'huggingface.co\'.)
        rx(
            r"HTTPSConnectionPool\(host=\\?'(?P<host>[\w.-]{1,100})\\?', port=\d+\): Max retries "
            r"exceeded[^\n]{0,300}?(?:NewConnectionError|ConnectTimeoutError|Network is "
            r"unreachable|Name or service not known|getaddrinfo failed|Connection refused)"
        ),
        rx(
            r"(?:ReadTimeoutError|ConnectTimeoutError|ConnectionError)\W{0,3}HTTPSConnectionPool\("
            r"host='(?P<host>[\w.-]{1,100})', port=\d+\)(?:: Read timed out|.{0,200}?timed out)"
        ),
        rx(
            r"Connection broken: IncompleteRead\((?P<got>\d+) bytes read(?:, (?P<left>\d+) more expected)?"
        ),
        rx(r"ProtocolError\(['\"]Connection broken"),
        # The socket's own words inside pip's traceback (ssl.py / socket.py).
        rx(r"(?:TimeoutError|socket\.timeout): The read operation timed out(?P<socket>)"),
        # libmamba's curl error and CMake downloading a build's dependency (download_causes).
        rx(
            r"Download error \((?P<curl>[67]|28)\) (?:Could ?n[o']t (?:connect to server|resolve "
            r"host ?name)|Timeout was reached)(?: \[https?://(?P<host>[\w.-]{1,100}))?"
        ),
        rx(r"error: downloading '?(?P<url>https?://[^\s']{1,300}?)'? failed"),
    ),
)
def _advise_timeout(m: re.Match[str], ctx: Context) -> Advice | None:
    if m.groupdict().get("url"):
        return build_download_failed(m, ctx)
    if m.groupdict().get("curl"):
        return mamba_unreachable(m, ctx)
    if m.groupdict().get("socket") is not None and not ctx.has("pip", "urllib3"):
        return None  # a timeout in the program itself, not a download
    if ctx.has("successfully installed") and "Successfully installed" in ctx.text[m.end() :]:
        return None  # pip's retry got through: the install finished
    host = m.groupdict().get("host") or (
        "huggingface.co" if m.groupdict().get("hub") is not None else ""
    )
    if host and m.groupdict().get("conda") is None and not _from_an_installer(host, ctx):
        return None  # the program's own request to another server
    facts: dict[str, object] = {"host": host} if host else {}
    if host.endswith(("huggingface.co", "hf.co")):
        return _hub_unreachable(host, facts, ctx.known.local)
    cause = (
        _(
            "conda could not reach {host}: the channel did not answer at all (a slow, "
            "filtered or proxied link). conda downloads its channels' indexes and packages "
            "from there."
        )
        if m.groupdict().get("conda") is not None
        else _(
            "pip could not finish downloading: the connection to {host} timed out or broke "
            "off in the middle. CUDA builds of torch are 2-3 GB, so a slow or unstable link "
            "(or a firewall/proxy that drops long downloads) fails on them first."
        )
    ).format(host=host or _("the package index"))
    fix = [
        _(
            "Use a mirror near you: `envdoctor mirrors --probe` measures them, `envdoctor "
            "mirrors --apply --mirror NAME` makes pip, uv and conda use one (undo with "
            "--restore)."
        )
    ]
    if host in _TORCH_HOSTS:
        mirrors = _torch_wheel_mirrors()
        if mirrors:
            cause += sep() + _(
                "{host} is PyTorch's own index (the +cuXXX wheels); PyPI mirrors do not carry "
                "it, but some mirrors do: {mirrors}."
            ).format(host=host, mirrors=mirrors)
            fix.insert(
                0,
                _(
                    "Install from a mirror of PyTorch's index: `envdoctor install --mirror NAME` "
                    "prints the command with it (NAME one of {mirrors})."
                ).format(mirrors=mirrors),
            )
    fix.append(
        _(
            "Or give conda more patience: `conda config --set remote_read_timeout_secs 120`; "
            "behind a proxy, `conda config --set proxy_servers.https http://PROXY:PORT`."
        )
        if m.groupdict().get("conda") is not None
        else _(
            "Or give pip more patience: `python -m pip install --timeout 120 --retries 10 ...`; "
            "behind a proxy, set HTTPS_PROXY."
        )
    )
    return Advice(cause, tuple(fix), facts, key=host, used_local_facts=ctx.known.local)


def _hub_unreachable(host: str, facts: dict[str, object], local: bool) -> Advice:
    """The program downloads a model from the Hugging Face Hub, which it cannot reach."""
    cause = _(
        "The program could not reach {host} to download a model or its files: the network "
        "to the Hugging Face Hub is slow, filtered or down from here. The installation is "
        "fine."
    ).format(host=host)
    fix = (
        _(
            "If the model was downloaded before, run with HF_HUB_OFFLINE=1 (the libraries "
            "then use only the local cache); behind a proxy, set HTTPS_PROXY for the program."
        ),
        _(
            "Or download the model where the Hub is reachable, copy its folder here, and "
            "load it by path."
        ),
        _(
            "Or point the Hub client at a mirror of the Hub with the HF_ENDPOINT environment "
            "variable (third-party mirrors exist, e.g. hf-mirror.com, used widely in China)."
        ),
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("The Hugging Face Hub cannot be reached (model download)"),
        key=host,
        used_local_facts=local,
    )


# A Hub repository in a URL: models bare, datasets and spaces behind their prefix; not the
# API's own paths (api/whoami-v2).
_HUB_REPO = r"(?P<prefix>datasets/|spaces/)?(?P<repo>(?!api/)[\w.-]{1,96}/[\w.-]{1,96})"
# What says a 401 is not about a gated repository.
_NOT_GATED = re.compile(
    r"Repository Not Found|Invalid credentials|is not a valid model identifier|"
    r"Invalid user token|whoami",
    re.IGNORECASE,
)


@FAMILY.entry(
    code="hub-gated-model",
    keywords=(
        "gated repo",
        "is gated",
        "is a gated repository",
        "status code 401",
        "401 client error",
        "not in the authorized list",
    ),
    title=N_("The model on the Hugging Face Hub is gated: access and a login are needed"),
    patterns=(
        # transformers' cached_file (utils/hub.py, 4.46), before the Hub's own words.
        rx(
            r"You are trying to access a gated repo\.(?:\s{0,4}Make sure to have access to it "
            r"at https?://huggingface\.co/" + _HUB_REPO + r")?(?P<gated>)"
        ),
        rx(r"(?P<repo>[\w.-]{1,96}/[\w.-]{1,96}) is a gated repository\.(?P<gated>)"),
        rx(
            r"Cannot access gated repo for url https?://huggingface\.co/(?:api/models/)?"
            + _HUB_REPO
            + r"(?P<gated>)"
        ),
        rx(r"Repo model (?P<repo>[\w.-]{1,96}/[\w.-]{1,96}) is gated(?P<gated>)"),
        # Logged in, access requested but not granted (403).
        rx(
            r"Access to model (?:(?P<repo>[\w.-]{1,96}/[\w.-]{1,96}) )?is restricted and you "
            r"are not in the authorized list(?P<pending>)"
        ),
        # A bare 401 for a file: gated, private, misspelt, or a bad token.
        rx(
            r"huggingface\.co/"
            + _HUB_REPO
            + r"/resolve/\S{1,200}?:? (?:status code 401|401 Client Error)"
        ),
        rx(
            r"401 Client Error: Unauthorized for url: https?://huggingface\.co/"
            r"(?:api/models/)?" + _HUB_REPO
        ),
    ),
    specificity=3,
)
def _advise_gated(m: re.Match[str], ctx: Context) -> Advice | None:
    groups = m.groupdict()
    # A sentence's full stop after the URL is not the name's; datasets keep their prefix.
    repo = (groups.get("prefix") or "") + (groups.get("repo") or "").rstrip(".-")
    login = _(
        "Give the program a token of that account: `huggingface-cli login` (`hf auth login` "
        "in newer huggingface_hub releases), or set HF_TOKEN in its environment; a token "
        "with read access is enough."
    )
    if groups.get("pending") is not None and not repo:
        return gated_unnamed(login, ctx)
    if groups.get("pending") is not None:
        cause = _(
            "{repo} is gated and this account asked for access that has not been granted "
            "(yet): the model's owners approve requests themselves."
        ).format(repo=repo)
        wait = (
            _("Check the request's state on https://huggingface.co/{repo}.").format(repo=repo),
            login,
        )
        return Advice(cause, wait, {"repo": repo}, key="pending", used_local_facts=ctx.known.local)
    if groups.get("gated") is None:
        window = ctx.text[max(0, m.start() - 600) : m.end() + 600]
        if _NOT_GATED.search(window):
            return None  # a misspelt repository or a bad token: the Hub says which
        cause = _(
            "The Hub refused {repo} without a valid login (401): the repository is gated or "
            "private and the request came without a token of an account that may read it, "
            "or its name is misspelt (the Hub answers 401 for names it does not show)."
        ).format(repo=repo)
        check = (
            _(
                "Check the name on https://huggingface.co/{repo}; if the page asks to accept "
                "terms, accept them while logged in."
            ).format(repo=repo),
            login,
        )
        return Advice(cause, check, {"repo": repo}, key="401", used_local_facts=ctx.known.local)
    if ctx.has("not in the authorized list"):
        return None  # logged in, access requested: the pending answer says so
    return gated_answer(repo, login, ctx)


@FAMILY.entry(
    code="download-certificate-failed",
    keywords=(
        "certificate_verify_failed",
        "require tls/ssl",
        "openssl appears to be unavailable",
        "ssl module is not available",
        "ssl verification error",
    ),
    title=N_("The index's TLS certificate could not be verified (proxy, clock or CA store)"),
    patterns=(
        rx(
            r"CERTIFICATE_VERIFY_FAILED\]? ?(?:certificate verify failed(?:: "
            r"(?P<why>[\w ]{1,60}))?)?"
        ),
        # A Python without its ssl module cannot fetch over HTTPS at all.
        rx(
            r"pip is configured with locations that require TLS/SSL, however the ssl "
            r"module(?: in Python is not available)?(?P<nossl>)"
        ),
        # conda's words for the same missing OpenSSL (Windows, environment not activated).
        rx(r"CondaSSLError: OpenSSL appears to be unavailable(?P<nossl>)"),
        # urllib3's (under requests and conda) for a Python without ssl.
        # (Quoted inside an exception's repr its apostrophe comes escaped.)
        rx(r"Can\\?'t connect to HTTPS URL because the SSL module is not available(?P<nossl>)"),
    ),
)
def _advise_certificate(m: re.Match[str], ctx: Context) -> Advice | None:
    facts: dict[str, object] = {}
    if m.groupdict().get("nossl") is not None:
        k = ctx.known
        windows = k.os == "Windows" or ctx.has("win-64", "win-32")
        if ctx.has("conda") and not windows:
            # conda's own OpenSSL (a package of the environment) is missing or broken.
            cause = _(
                "This conda environment's Python cannot load its ssl module: the "
                "environment's OpenSSL package is missing or of another version than its "
                "Python was built with (a partial update), so nothing in it can use HTTPS."
            )
            conda_fix = (
                _(
                    "Repair it from a working conda (the base environment): `conda install "
                    "-n NAME openssl` or `conda update -n NAME python openssl`."
                ),
            )
            return Advice(cause, conda_fix, facts, key="nossl-conda", used_local_facts=k.local)
        if not windows:
            # A Python compiled here (pyenv, from source) without OpenSSL's headers.
            cause = _(
                "This Python has no ssl module, so nothing in it can use HTTPS (pip, "
                "requests, the program itself): it was compiled (pyenv, from source) on a "
                "system without OpenSSL's development files."
            )
            rebuild = (
                _(
                    "Install OpenSSL's headers (`sudo apt install libssl-dev`; Fedora: "
                    "openssl-devel; macOS: `brew install openssl`), then build that Python "
                    "again (`pyenv install --force 3.X`)."
                ),
                _("Or use a prebuilt Python (the distribution's, conda's, uv's)."),
            )
            return Advice(cause, rebuild, facts, key="nossl-build", used_local_facts=k.local)
        cause = _(
            "This Python has no working ssl module, so pip (or conda) cannot fetch anything over HTTPS: "
            "on Windows, an Anaconda/Miniconda Python started without activating its "
            "environment (its Library\\bin, where OpenSSL's DLLs are, is not on PATH), or a "
            "Python built without OpenSSL."
        )
        nossl = (
            _(
                "Activate the environment first (`conda activate NAME`, or the Anaconda "
                "Prompt) and run pip from there."
            ),
            _("Outside conda: reinstall Python from python.org, whose installer includes ssl."),
        )
        return Advice(cause, nossl, facts, key="nossl", used_local_facts=ctx.known.local)
    if ctx.has("require tls/ssl"):
        return None  # a Python without ssl: that line's answer says why
    near = m.string[max(0, m.start() - 400) : m.end() + 200]
    words = (*_INSTALLER_WORDS, "could not fetch url", "ssl verification error")
    if not (bare_token(m) or _INSTALL_HOSTS.search(near) or ctx.has(*words)):
        return None  # the program's own HTTPS request (an API), not an install
    if ctx.has("python.framework"):
        # python.org's macOS Python ships without a certificate store of its own.
        facts["python"] = "python.org macOS"
        macos = (
            _(
                "This is python.org's Python on macOS, which uses its own certificate "
                "store: run `Install Certificates.command` from its Applications folder (or "
                "`python -m pip install --upgrade certifi`)."
            ),
        )
        return Advice(
            _(
                "Python refused an HTTPS certificate because python.org's macOS Python has "
                "no certificate store until its Install Certificates step is run."
            ),
            macos,
            facts,
            key="macos",
            used_local_facts=ctx.known.local,
        )
    if m.group("why"):
        facts["reason"] = m.group("why").strip()
    cause = _(
        "pip (or the program) refused the index's HTTPS certificate: a proxy, firewall or "
        "antivirus on this network intercepts HTTPS with its own certificate, the system "
        "clock is wrong, or the certificate store is out of date."
    )
    if "expired" in (m.group("why") or ""):
        cause += sep() + _(
            "Here it says the certificate has expired: the machine's clock is ahead, or the "
            "server's certificate really lapsed (download.pytorch.org's once did, "
            "pytorch/pytorch#33292), which only the server's owner can fix."
        )
    fix = (
        _("Check the date and time of the machine first."),
        # requests verifies against certifi's bundle (pytorch/torchchat@a1a7f37 README).
        _("Bring the CA bundle up to date: `python -m pip install --upgrade certifi`."),
        _(
            "Behind a company proxy: give pip the proxy's CA certificate (`python -m pip "
            "config set global.cert /path/to/proxy-ca.pem`, or PIP_CERT / REQUESTS_CA_BUNDLE) "
            "rather than turning verification off."
        ),
        _(
            "Or use a mirror your network lets through: `envdoctor mirrors --probe`, then "
            "`envdoctor mirrors --apply --mirror NAME`."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="download-hash-mismatch",
    keywords=("do not match the hashes",),
    title=N_("A downloaded wheel does not match its hash (a broken download)"),
    patterns=(rx(r"THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE"),),
)
def _advise_hash(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "pip downloaded a file whose hash is not the one the index (or the requirements file) "
        "states: the download was cut off or damaged on the way (common for 2-3 GB CUDA "
        "wheels on a slow link), or a stale copy sits in pip's cache."
    )
    fix = (
        _("Download again without the cache: `python -m pip install --no-cache-dir ...`."),
        _(
            "If it keeps failing: `python -m pip cache purge`, and use a mirror near you "
            "(`envdoctor mirrors --probe`)."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="install-disk-full",
    keywords=("no space left on device",),
    title=N_("No space left on the disk pip unpacks to"),
    patterns=(
        # pip's own words; ENOSPC anywhere else is no-space-left's (disk, /tmp or /dev/shm).
        rx(
            r"Could not install packages due to an OSError:\s*\[Errno 28\]\s*No space left on device"
        ),
    ),
)
def _advise_disk_full(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "The disk ran full while installing: a CUDA torch wheel needs 2-3 GB to download and "
        "about twice that to unpack, in pip's cache (~/.cache/pip) and the temporary folder "
        "(/tmp, often a small partition or a RAM disk)."
    )
    fix = (
        _("See what is full: `df -h /tmp ~ $(python -m pip cache dir)`."),
        _(PIP_TMPDIR),
        _(PIP_CACHE_PURGE),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
