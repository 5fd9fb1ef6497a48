"""Downloads during installs (explain.families.downloads)."""

from __future__ import annotations

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
