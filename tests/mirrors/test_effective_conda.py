"""conda's precedence: search-path files merged in order, CONDA_* variables last."""

from __future__ import annotations

from pathlib import Path

from envdoctor.mirrors.effective_conda import conda_config
from tests.mirrors.conftest import make_machine, write


def test_conda_lists_merge_later_files_first(tmp_path: Path) -> None:
    write(tmp_path / "etc" / "conda" / ".condarc", "channels:\n  - defaults\n")
    write(tmp_path / "home" / ".condarc", "channels:\n  - conda-forge\n")
    cfg = conda_config(make_machine(tmp_path))
    assert [s.value for s in cfg.settings if s.key == "channels"] == ["conda-forge", "defaults"]


def test_conda_default_channels_and_custom_channels(tmp_path: Path) -> None:
    rc = write(
        tmp_path / "home" / ".condarc",
        "default_channels:\n  - https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/main\n"
        "custom_channels:\n  conda-forge: https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud\n",
    )
    cfg = conda_config(make_machine(tmp_path))
    assert cfg.index.mirror == "tuna"
    assert cfg.index.source == str(rc)
    forge = next(s for s in cfg.settings if s.key == "custom_channels.conda-forge")
    assert forge.mirror == "tuna"


def test_conda_merged_default_channels_warns(tmp_path: Path) -> None:
    root = tmp_path / "miniconda3"
    write(root / ".condarc", "default_channels:\n  - https://repo.anaconda.com/pkgs/main\n")
    write(
        tmp_path / "home" / ".condarc",
        "default_channels:\n  - https://mirror.sjtu.edu.cn/anaconda/pkgs/main\n",
    )
    cfg = conda_config(make_machine(tmp_path, CONDA_EXE=str(root / "bin" / "conda")))
    assert cfg.index.mirror == "sjtu"  # the user file is parsed later, so it comes first
    assert any(f.code == "default-channels-merged" for f in cfg.findings)


def test_conda_condarc_env_var_and_env_prefix(tmp_path: Path) -> None:
    env_rc = write(tmp_path / "env" / ".condarc", "channels: [bioconda]\n")
    explicit = write(tmp_path / "x.yml", "channels: [pytorch]\n")
    m = make_machine(tmp_path, CONDA_PREFIX=str(tmp_path / "env"), CONDARC=str(explicit))
    cfg = conda_config(m)
    assert [s.value for s in cfg.settings if s.key == "channels"] == ["pytorch", "bioconda"]
    assert any(layer.where == str(env_rc) and layer.used for layer in cfg.layers)


def test_conda_pkgs_free_and_url_channels_are_flagged(tmp_path: Path) -> None:
    write(
        tmp_path / "home" / ".condarc",
        "channels:\n  - https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/free/\n  - defaults\n",
    )
    codes = {f.code for f in conda_config(make_machine(tmp_path)).findings}
    assert {"pkgs-free", "mirror-url-in-channels"} <= codes


def test_conda_condarc_d_and_bad_yaml(tmp_path: Path) -> None:
    write(tmp_path / "home" / ".conda" / "condarc.d" / "10-forge.yml", "channels: [conda-forge]\n")
    write(tmp_path / "home" / ".condarc", "channels: [unclosed\n")
    cfg = conda_config(make_machine(tmp_path))
    assert [s.value for s in cfg.settings if s.key == "channels"] == ["conda-forge"]
    assert any(f.code == "unreadable-config" for f in cfg.findings)


def test_conda_env_var_channels(tmp_path: Path) -> None:
    cfg = conda_config(make_machine(tmp_path, CONDA_CHANNELS="conda-forge,defaults"))
    assert [s.value for s in cfg.settings if s.key == "channels"] == ["conda-forge", "defaults"]
