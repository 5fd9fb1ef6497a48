from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envdoctor.redact import (
    SHARED_ENVIRONMENT,
    Identity,
    RedactingStream,
    redact_data,
    redact_fields,
    redact_identity,
    redact_text,
    redact_url,
    snapshot_for_sharing,
)
from envdoctor.snapshot import Snapshot, SystemFacts, TorchFacts
from tests.factories import make_snapshot

PACKAGE = Path(__file__).resolve().parents[1] / "envdoctor"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        # pip's own display of such URLs
        (
            "https://alice:s3cr3tT0ken@pypi.corp.example.com/simple",
            "https://alice:****@pypi.corp.example.com/simple",
        ),
        ("https://tok3n@pypi.corp.example.com/simple", "https://****@pypi.corp.example.com/simple"),
        ("https://a:p%40ss@h:8443/simple/", "https://a:****@h:8443/simple/"),
        ("git+https://u:ghp_abc@github.com/o/r.git@v1", "git+https://u:****@github.com/o/r.git@v1"),
        (
            "https://conda.anaconda.org/t/ab-12cd34/conda-forge",
            "https://conda.anaconda.org/t/****/conda-forge",
        ),
        ("https://h/simple?token=abc&x=1", "https://h/simple?token=****&x=1"),
        ("https://h/s?access_token=abc#frag", "https://h/s?access_token=****#frag"),
        (
            "https://b.s3.amazonaws.com/w?X-Amz-Signature=ff&v=1",
            "https://b.s3.amazonaws.com/w?X-Amz-Signature=****&v=1",
        ),
        ("https://h/?sig=zz&sv=2020", "https://h/?sig=****&sv=2020"),
        # nothing secret: unchanged
        ("https://pypi.tuna.tsinghua.edu.cn/simple", "https://pypi.tuna.tsinghua.edu.cn/simple"),
        ("https://h/t/x", "https://h/t/****"),
        ("https://h:8080/simple/?x=1", "https://h:8080/simple/?x=1"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown
    assert redact_text(f"index: {url}.") == f"index: {shown}."


def test_redact_text_masks_authorization_headers_and_keeps_plain_text() -> None:
    text = "GET /simple\nAuthorization: Bearer eyJhbGciOi\nproxy-authorization: Basic YTpi\nok"
    out = redact_text(text)
    assert "eyJhbGciOi" not in out and "YTpi" not in out
    assert out.endswith("\nok")
    plain = "CUDA error: no kernel image is available (sm_120), driver 535.104.05"
    assert redact_text(plain) == plain


def test_redact_data_and_fields_walk_every_string() -> None:
    data = {"a": ["https://u:pw@h/x", {"b": "https://h/?token=t0k"}], "n": 3}
    assert "pw" not in str(redact_data(data)) and "t0k" not in str(redact_data(data))
    snap = Snapshot(torch=TorchFacts(error="pip: https://u:pw1234@h/simple", arch_list=("sm_80",)))
    masked = redact_fields(snap)
    assert masked.torch.error == "pip: https://u:****@h/simple"
    assert masked.torch.arch_list == ("sm_80",)
    assert snap.torch.error is not None and "pw1234" in snap.torch.error  # original untouched


def test_redacting_stream_masks_and_delegates() -> None:
    buf = io.StringIO()
    stream = RedactingStream(buf)
    stream.write("https://alice:hunter22@h/simple\n")
    assert buf.getvalue() == "https://alice:****@h/simple\n"
    assert stream.getvalue() == buf.getvalue()  # attributes are the wrapped stream's
    with pytest.raises(AttributeError):
        _ = stream.rich_proxied_file  # Rich must not unwrap it
    # A terminal escape right before the URL (a progress bar redrawing its line).
    buf.truncate(0)
    buf.seek(0)
    stream.write("\x1b[2Khttps://a:ZZZsecret@127.0.0.1:9/simple: error")
    assert "ZZZsecret" not in buf.getvalue()


_user = st.text(st.characters(categories=("L", "N"), include_characters="._-~"), min_size=1)
_secret = st.text(
    st.characters(categories=("L", "N", "P", "S"), exclude_characters="/?#@ \t\n"), min_size=4
)
_host = st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z]{2,6}){1,2}", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(user=_user, secret=_secret, host=_host, quoted=st.booleans())
def test_property_no_password_survives(user: str, secret: str, host: str, quoted: bool) -> None:
    pw = quote(secret, safe="") if quoted else secret
    name = quote(user, safe="")
    url = f"https://{name}:{pw}@{host}/simple"
    shown = f"https://{name}:****@{host}/simple"  # the user and host stay: the reader needs them
    assert redact_url(url) == shown
    assert redact_text(f"index-url = {url} (from PIP_INDEX_URL)") == (
        f"index-url = {shown} (from PIP_INDEX_URL)"
    )


@settings(max_examples=300, deadline=None)
@given(token=_secret.filter(lambda t: t != "****"), host=_host)
def test_property_tokens_never_survive(token: str, host: str) -> None:
    t = quote(token, safe="")
    for url in (
        f"https://{t}@{host}/simple",
        f"https://{host}/t/{t}/conda-forge",
        f"https://{host}/simple?token={t}",
        f"https://{host}/simple?x=1&access_token={t}",
    ):
        out = redact_text(f"see {url} now")
        assert t not in out, (url, out)


# Pieces a URL, a user-info and the lines around them are made of.
_text_piece = st.sampled_from(
    [
        "://",
        "https",
        "git+ssh",
        "@",
        ":",
        "/",
        "?",
        "#",
        "t/",
        "token=",
        "&",
        " ",
        "\n",
        "\r\n",
        "\t",
        "\u2028",
        "a",
        "Z9",
        "p@ss",
        "<",
        '"',
        "|",
        ".",
        "\x1b[2K",
    ]
)


@settings(max_examples=300)
@given(pieces=st.lists(_text_piece, max_size=40))
def test_property_urls_are_masked_line_by_line_as_in_the_whole_text(pieces: list[str]) -> None:
    # redact_text scans only the lines holding "://" (a 10 MB log in milliseconds): the
    # result must be exactly the one of scanning the whole text.
    from envdoctor.redact import _mask_urls
    from envdoctor.textlines import each_line_with

    text = "".join(pieces)
    assert each_line_with(text, "://", _mask_urls) == _mask_urls(text)


def test_identity_is_replaced_consistently() -> None:
    me = Identity(user="alice", host="gpu-box-07", home="/home/alice")
    text = "/home/alice/x C:\\Users\\Bob\\venv /Users/carol/.venv host=gpu-box-07 by alice"
    out = redact_identity(text, me)
    assert out == "~/x C:\\Users\\<user>\\venv /Users/<user>/.venv host=<host> by <user>"
    # /dev, /alice-data and a longer word keep their text: only whole names are names
    assert redact_identity("/dev/nvidia0 alicebox", Identity(user="dev")) == "/dev/nvidia0 alicebox"
    # root's home is still hidden, but "root" and "localhost" name nobody
    root = Identity(user="root", host="localhost", home="/root")
    assert redact_identity("/root/.venv: run as root on localhost", root) == (
        "~/.venv: run as root on localhost"
    )


def test_windows_home_is_redacted_in_json_text_too() -> None:
    me = Identity(user="Bob", home="C:\\Users\\Bob")
    assert redact_identity('"C:\\\\Users\\\\Bob\\\\venv"', me) == '"~\\\\venv"'


def test_snapshot_for_sharing_drops_identity_and_extra_environment() -> None:
    snap = make_snapshot()
    snap = Snapshot(
        system=SystemFacts(os="Linux", hostname="boxB", user="bob", home="/home/bob"),
        python=snap.python,
        environment={
            "CUDA_VISIBLE_DEVICES": "0",
            "LD_LIBRARY_PATH": "/home/bob/cuda/lib64",
            "VIRTUAL_ENV": "/home/bob/venv",
            "PYTORCH_CUDA_ALLOC_CONF": "expandable_segments:True",
        },
        torch=TorchFacts(error="bob@boxB: https://bob:pw9999@h/simple"),
    )
    data = snapshot_for_sharing(snap)
    text = str(data)
    for name in ("bob", "boxB", "pw9999"):
        assert name not in text
    assert data["system"]["user"] == "<user>" and data["system"]["hostname"] == "<host>"
    assert data["environment"] == {"CUDA_VISIBLE_DEVICES": "0", "LD_LIBRARY_PATH": "~/cuda/lib64"}
    Snapshot.from_dict(data)  # still a valid snapshot


def test_shared_environment_keeps_every_variable_the_diagnosis_reads() -> None:
    """A saved snapshot must still diagnose the same: every `environment.get("X")` that the
    analysis and explain make names a variable the shared snapshot keeps."""
    read: set[str] = set()
    for folder in ("analyse", "explain", "compat", "wheelcheck", "matrix"):
        for path in (PACKAGE / folder).rglob("*.py"):
            read |= set(re.findall(r"environment\.get\(\s*\"([A-Z_]+)\"", path.read_text()))
            read |= set(re.findall(r"environment\[\s*\"([A-Z_]+)\"\s*\]", path.read_text()))
    assert read, "the pattern no longer finds how the analysis reads the environment"
    assert read <= set(SHARED_ENVIRONMENT)
