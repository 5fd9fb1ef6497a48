"""Downloads during installs (explain.families.downloads)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain


def test_conda_without_ssl_on_windows_is_the_unactivated_environment() -> None:
    text = (
        "SSLError(MaxRetryError('HTTPSConnectionPool(host=\\'repo.anaconda.com\\', port=443): "
        "Max retries exceeded with url: /pkgs/r/win-32/repodata.json.bz2 (Caused by "
        "SSLError(\"Can\\'t connect to HTTPS URL because the SSL module is not available.\"))'))"
    )
    (result,) = explain(text)
    assert result.code == "download-certificate-failed"
    assert "conda activate" in result.fix[0]


def test_a_linux_python_without_ssl_is_a_build_without_openssl() -> None:
    text = (
        'File "/home/u/py/lib/python3.11/site-packages/requests/adapters.py", line 1\n'
        "requests.exceptions.SSLError: Can't connect to HTTPS URL because the SSL module is "
        "not available."
    )
    (result,) = explain(text)
    assert "libssl-dev" in result.fix[0]


def test_a_gated_model_names_the_repo_and_the_login() -> None:
    (result,) = explain(
        "Error: request error: https://huggingface.co/meta-llama/Llama-2-7b-hf/resolve/main/"
        "tokenizer.json: status code 401"
    )
    assert result.code == "hub-gated-model"
    assert result.facts["repo"] == "meta-llama/Llama-2-7b-hf"
    assert "huggingface-cli login" in result.fix[1]


def test_an_escaped_repr_of_the_hub_unreachable_is_read() -> None:
    text = (
        "'(MaxRetryError('HTTPSConnectionPool(host=\\'huggingface.co\\', port=443): Max "
        "retries exceeded with url: /Qwen/x/resolve/main/model.safetensors (Caused by "
        "NewConnectionError(\"HTTPSConnection(host=\\'huggingface.co\\', port=443): Failed "
        "to establish a new connection: [Errno 101] Network is unreachable\"))'"
    )
    assert "host=\\'huggingface.co" in text
    (result,) = explain(text)
    assert result.facts["host"] == "huggingface.co"


def test_a_401_beside_repository_not_found_or_bad_token_is_not_gated() -> None:
    typo = (
        "401 Client Error: Unauthorized for url: https://huggingface.co/bert-base-uncasedd/"
        "resolve/main/config.json\nRepository Not Found for url: https://huggingface.co/"
        "bert-base-uncasedd/resolve/main/config.json."
    )
    assert explain(typo) == ()
    whoami = "401 Client Error: Unauthorized for url: https://huggingface.co/api/whoami-v2"
    assert explain(whoami) == ()


def test_a_bare_401_is_hedged_and_a_pending_request_is_named() -> None:
    (bare,) = explain(
        "requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: "
        "https://huggingface.co/datasets/myorg/private-data/resolve/main/train.json"
    )
    assert bare.facts["repo"] == "datasets/myorg/private-data" and "misspelt" in bare.cause
    (pending,) = explain(
        "Cannot access gated repo for url https://huggingface.co/meta-llama/Meta-Llama-3-8B/"
        "resolve/main/config.json.\nAccess to model meta-llama/Meta-Llama-3-8B is restricted "
        "and you are not in the authorized list. Visit https://huggingface.co/meta-llama/"
        "Meta-Llama-3-8B to ask for access."
    )
    assert "not been granted" in pending.cause


def test_a_conda_python_on_linux_without_ssl_repairs_the_environment() -> None:
    text = (
        "(base) me@box:~$ /home/me/miniconda3/bin/pip install x\nCan't connect to HTTPS URL "
        "because the SSL module is not available."
    )
    (result,) = explain(text)
    assert "conda install" in result.fix[0]


def test_mamba_that_cannot_connect_names_the_network_mirrors_and_the_antivirus() -> None:
    # errors_blind131 (mamba's troubleshooting page).
    with open("tests/fixtures/errors_blind131/env__network_mamba2.txt", encoding="utf-8") as f:
        (result,) = explain(f.read())
    assert result.code == "download-timed-out"
    assert result.facts["curl_error"] == 7
    assert "antivirus" in result.fix[-1]
    # Older curl's wording, and the URL libmamba prints after it.
    text = (
        "critical libmamba Download error (6) Couldn't resolve host name "
        "[https://conda.anaconda.org/conda-forge/linux-64/repodata.json]"
    )
    (result,) = explain(text)
    assert result.facts["host"] == "conda.anaconda.org"


def test_cmake_that_cannot_download_a_dependency_is_an_offline_source_build() -> None:
    # errors_blind130 (k2's FAQ): the build has no Internet access.
    with open("tests/fixtures/errors_blind130/env__network_k22.txt", encoding="utf-8") as f:
        (result,) = explain(f.read())
    assert result.code == "build-download-failed"
    assert "file:///" in result.fix[0]
    # CMake's own report, with curl's status; an HTTP error is a file gone, not the network.
    text = (
        "CMake Error at pybind11-subbuild/pybind11-populate-prefix/src/"
        "pybind11-populate-stamp/download-pybind11-populate.cmake:170 (message): "
        "Each download failed! error: downloading "
        "'https://github.com/pybind/pybind11/archive/v2.6.0.tar.gz' failed "
        'status_code: 7 status_string: "Couldn\'t connect to server"'
    )
    (result,) = explain(text)
    assert result.facts["status"] == "7 Couldn't connect to server"
    assert "https_proxy" in result.fix[1]
    (result,) = explain(
        text.replace(
            "7 status_string: \"Couldn't connect to server",
            '22 status_string: "HTTP response code said error',
        )
    )
    assert "moved or is gone" in result.cause


def test_transformers_gated_repo_without_its_name() -> None:
    with open("tests/fixtures/errors_blind134/env__hfauth_rocm1.txt", encoding="utf-8") as f:
        (result,) = explain(f.read())
    assert result.code == "hub-gated-model" and result.facts == {}
    assert "HF_TOKEN" in result.fix[1]


def test_transformers_gated_repo_with_its_name() -> None:
    (result,) = explain(
        "OSError: You are trying to access a gated repo.\nMake sure to have access to it at "
        "https://huggingface.co/meta-llama/Llama-2-7b-hf.\n401 Client Error."
    )
    assert result.facts == {"repo": "meta-llama/Llama-2-7b-hf"}
    (result,) = explain(
        "OSError: meta-llama/Llama-2-7b-hf is a gated repository. Make sure to request access "
        "at https://huggingface.co/meta-llama/Llama-2-7b-hf and pass a token"
    )
    assert result.facts == {"repo": "meta-llama/Llama-2-7b-hf"}


def test_the_bare_certificate_token_is_read_but_not_in_prose() -> None:
    path = Path(__file__).parent.parent / "fixtures/errors_blind136/env__ssl_torchchat3.txt"
    (result,) = explain(path.read_text())
    assert result.code == "download-certificate-failed"
    assert any("certifi" in step for step in result.fix)
    assert explain("I got CERTIFICATE_VERIFY_FAILED when calling my API") == ()


def test_the_hubs_not_authorized_without_a_name_asks_to_request_access() -> None:
    path = Path(__file__).parent.parent / "fixtures/errors_blind136/env__hfgated_torchchat1.txt"
    (result,) = explain(path.read_text())
    assert result.code == "hub-gated-model"
    assert "request access" in result.fix[0]
    # A bare 401 of requests names no host: any API's, not the Hub's.
    assert explain("requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url:") == ()
