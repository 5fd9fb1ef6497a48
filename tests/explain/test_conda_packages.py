"""conda packages and channels for a PyTorch install (explain.families.conda_packages)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_a_channel_the_mirror_does_not_carry_is_routed_to_its_origin() -> None:
    # errors_blind91 (tuna/issues#2110): conda's channel_alias sent `-c nvidia` to TUNA.
    text = (
        "UnavailableInvalidChannel: The channel is not accessible or is invalid.\n"
        "  channel name: nvidia\n  channel url: http://mirrors.tuna.tsinghua.edu.cn/anaconda/nvidia\n"
        "  error code: 404"
    )
    (result,) = explain(text)
    assert result.code == "conda-channel-not-mirrored"
    assert "custom_channels.nvidia https://conda.anaconda.org" in result.fix[0]


def test_a_404_for_a_package_file_or_a_carried_channel_is_not_this_answer() -> None:
    # tuna/issues#2050: an old .tar.bz2 file the mirror no longer keeps.
    old_file = (
        "CondaHTTPError: HTTP 404 NOT FOUND for url <http://mirrors.tuna.tsinghua.edu.cn/"
        "anaconda/pkgs/main/linux-64/ld_impl_linux-64-2.40-h12ee557_0.tar.bz2>"
    )
    carried = (
        "UnavailableInvalidChannel: HTTP 404 NOT FOUND for channel conda-forge "
        "<https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud/conda-forge>"
    )
    for text in (old_file, carried):
        assert all(r.code != "conda-channel-not-mirrored" for r in explain(text))


def test_a_typo_under_pkgs_is_not_a_missing_channel() -> None:
    text = (
        "CondaHTTPError: HTTP 404 NOT FOUND for url <https://mirrors.tuna.tsinghua.edu.cn/"
        "anaconda/pkgs/mian/linux-64/repodata.json>"
    )
    assert all(r.code != "conda-channel-not-mirrored" for r in explain(text))


def test_an_arm_subdir_is_read_too() -> None:
    text = (
        "CondaHTTPError: HTTP 404 NOT FOUND for url <https://mirrors.tuna.tsinghua.edu.cn/"
        "anaconda/cloud/nvidia/linux-aarch64/repodata.json>"
    )
    (result,) = explain(text)
    assert result.facts["channel"] == "nvidia"
