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
