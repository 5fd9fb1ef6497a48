from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from envdoctor.mirrors.effective import conda_config, effective_configs, pip_config, uv_config
from tests.mirrors.conftest import make_machine, write

TUNA = "https://mirrors.tuna.tsinghua.edu.cn/pypi/web/simple"
ALIYUN = "https://mirrors.aliyun.com/pypi/simple/"
USTC = "https://mirrors.ustc.edu.cn/pypi/simple"


def user_pip(tmp_path: Path) -> Path:
    return tmp_path / "home" / ".config" / "pip" / "pip.conf"


# --- pip ---------------------------------------------------------------------------


def test_pip_default_when_nothing_is_set(tmp_path: Path) -> None:
    cfg = pip_config(make_machine(tmp_path))
    assert cfg.index.value == "https://pypi.org/simple"
    assert cfg.index.source == "default"


def test_pip_user_file_then_site_file_wins(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    assert pip_config(m).index.source == str(user_pip(tmp_path))
    site = write(tmp_path / "venv" / "pip.conf", f"[global]\nindex-url = {ALIYUN}\n")
    cfg = pip_config(m)
    assert cfg.index.value == ALIYUN
    assert cfg.index.source == str(site)
    assert cfg.index.mirror == "aliyun"


def test_pip_new_user_file_overrides_legacy(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    write(tmp_path / "home" / ".pip" / "pip.conf", f"[global]\nindex-url = {USTC}\n")
    assert pip_config(m).index.value == USTC
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    assert pip_config(m).index.value == TUNA


def test_pip_global_file_is_lowest(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    write(tmp_path / "etc" / "xdg" / "pip" / "pip.conf", f"[global]\nindex-url = {USTC}\n")
    assert pip_config(m).index.value == USTC
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    assert pip_config(m).index.value == TUNA


def test_pip_env_var_beats_every_file(tmp_path: Path) -> None:
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    m = make_machine(tmp_path, PIP_INDEX_URL=ALIYUN)
    cfg = pip_config(m)
    assert cfg.index.value == ALIYUN
    assert cfg.index.source == "PIP_INDEX_URL"


def test_pip_config_file_hides_the_user_file(tmp_path: Path) -> None:
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    other = write(tmp_path / "custom.conf", "[global]\ntimeout = 5\n")
    cfg = pip_config(make_machine(tmp_path, PIP_CONFIG_FILE=str(other)))
    assert cfg.index.value == "https://pypi.org/simple"
    hidden = [layer for layer in cfg.layers if layer.where == str(user_pip(tmp_path))]
    assert hidden and not hidden[0].used and "PIP_CONFIG_FILE" in (hidden[0].note or "")


def test_pip_config_file_missing_does_not_hide(tmp_path: Path) -> None:
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    cfg = pip_config(make_machine(tmp_path, PIP_CONFIG_FILE=str(tmp_path / "absent.conf")))
    assert cfg.index.value == TUNA


def test_pip_config_file_devnull_disables_all_files(tmp_path: Path) -> None:
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    write(tmp_path / "venv" / "pip.conf", f"[global]\nindex-url = {USTC}\n")
    cfg = pip_config(make_machine(tmp_path, PIP_CONFIG_FILE=os.devnull))
    assert cfg.index.source == "default"
    assert not any(layer.used for layer in cfg.layers)


def test_pip_env_file_beats_site(tmp_path: Path) -> None:
    write(tmp_path / "venv" / "pip.conf", f"[global]\nindex-url = {USTC}\n")
    env_file = write(tmp_path / "env.conf", f"[global]\nindex-url = {TUNA}\n")
    assert pip_config(make_machine(tmp_path, PIP_CONFIG_FILE=str(env_file))).index.value == TUNA


def test_pip_install_section_beats_global_from_any_file(tmp_path: Path) -> None:
    write(user_pip(tmp_path), f"[install]\nindex_url = {USTC}\n")
    write(tmp_path / "venv" / "pip.conf", f"[global]\nindex-url = {TUNA}\n")
    cfg = pip_config(make_machine(tmp_path))
    assert cfg.index.value == USTC


def test_pip_extra_settings_and_dead_mirror_finding(tmp_path: Path) -> None:
    write(
        user_pip(tmp_path),
        "[global]\nindex-url = http://pypi.douban.com/simple\n"
        "extra-index-url =\n    https://a.example/simple\n    https://b.example/simple\n"
        "[install]\ntrusted-host = pypi.douban.com\n",
    )
    cfg = pip_config(make_machine(tmp_path))
    assert cfg.index.mirror == "dead:douban"
    assert [s.value for s in cfg.settings if s.key == "extra-index-url"] == [
        "https://a.example/simple",
        "https://b.example/simple",
    ]
    assert any(f.code == "dead-mirror" and f.level == "error" for f in cfg.findings)


def test_pip_unparsable_file_is_reported_not_raised(tmp_path: Path) -> None:
    write(user_pip(tmp_path), "index-url = no section header\n")
    cfg = pip_config(make_machine(tmp_path))
    assert any(f.code == "unreadable-config" for f in cfg.findings)
    assert cfg.index.source == "default"


def test_pip_bom_file_is_flagged_not_read(tmp_path: Path) -> None:
    # pip 23.2.1 fails on it: "Configuration file could not be loaded. File contains no
    # section headers." The CRLF line ends alone would be fine.
    conf = write(
        user_pip(tmp_path), b"\xef\xbb\xbf[global]\r\nindex-url = " + TUNA.encode() + b"\r\n"
    )
    cfg = pip_config(make_machine(tmp_path))
    assert cfg.index.source == "default"
    assert [f.code for f in cfg.findings] == ["unreadable-config"]
    assert str(conf) in cfg.findings[0].message and "BOM" in cfg.findings[0].message
    write(conf, b"[global]\r\nindex-url = " + TUNA.encode() + b"\r\n")
    assert pip_config(make_machine(tmp_path)).index.value == TUNA


def test_pip_empty_index_url_hides_an_earlier_file_and_is_ignored(tmp_path: Path) -> None:
    # pip 23.2.1: the empty user value replaces the global one when the files are merged,
    # then pip skips it, so pip install goes to pypi.org.
    write(tmp_path / "etc" / "xdg" / "pip" / "pip.conf", f"[global]\nindex-url = {TUNA}\n")
    user = write(user_pip(tmp_path), "[global]\nindex-url =\n")
    cfg = pip_config(make_machine(tmp_path))
    assert cfg.index.source == "default"
    assert any(f.code == "empty-index-url" and str(user) in f.message for f in cfg.findings)


# --- conda -------------------------------------------------------------------------


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


# --- uv ----------------------------------------------------------------------------


def user_uv(tmp_path: Path) -> Path:
    return tmp_path / "home" / ".config" / "uv" / "uv.toml"


def test_uv_ignores_pip_and_says_so(tmp_path: Path) -> None:
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    configs = effective_configs(make_machine(tmp_path, PIP_INDEX_URL=ALIYUN))
    assert configs["uv"].index.source == "default"
    assert any(f.code == "uv-ignores-pip" for f in configs["uv"].findings)


def test_uv_user_then_project_then_env(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    write(user_uv(tmp_path), f'[[index]]\nurl = "{TUNA}"\ndefault = true\n')
    assert uv_config(m).index.value == TUNA
    (tmp_path / "work" / "sub").mkdir(parents=True)
    write(
        tmp_path / "work" / "pyproject.toml",
        f'[project]\nname = "x"\n[tool.uv]\nindex-url = "{USTC}"\n',
    )
    m2 = dataclasses.replace(make_machine(tmp_path), cwd=tmp_path / "work" / "sub")
    # The project's deprecated index-url loses to the user's [[index]] default (uv 0.13.9).
    cfg = uv_config(m2)
    assert cfg.index.value == TUNA and cfg.index.source == str(user_uv(tmp_path))
    assert [f.code for f in cfg.findings] == ["uv-index-beats-index-url"]
    write(
        tmp_path / "work" / "pyproject.toml",
        f'[project]\nname = "x"\n[[tool.uv.index]]\nurl = "{USTC}"\ndefault = true\n',
    )
    cfg = uv_config(m2)
    assert cfg.index.value == USTC and cfg.index.source.endswith("pyproject.toml")
    m3 = make_machine(tmp_path, UV_INDEX_URL=ALIYUN)
    assert uv_config(m3).index.source == "UV_INDEX_URL"
    m4 = make_machine(tmp_path, UV_INDEX_URL=ALIYUN, UV_DEFAULT_INDEX=USTC)
    assert uv_config(m4).index.source == "UV_DEFAULT_INDEX"


def test_uv_system_file_and_no_config(tmp_path: Path) -> None:
    write(tmp_path / "etc" / "xdg" / "uv" / "uv.toml", f'index-url = "{USTC}"\n')
    assert uv_config(make_machine(tmp_path)).index.value == USTC
    assert uv_config(make_machine(tmp_path, UV_NO_CONFIG="1")).index.source == "default"


def test_uv_config_file_replaces_discovery(tmp_path: Path) -> None:
    write(user_uv(tmp_path), f'[[index]]\nurl = "{TUNA}"\ndefault = true\n')
    other = write(tmp_path / "other.toml", "native-tls = true\n")
    assert uv_config(make_machine(tmp_path, UV_CONFIG_FILE=str(other))).index.source == "default"


def test_uv_bad_toml_is_reported(tmp_path: Path) -> None:
    write(user_uv(tmp_path), "[[index]\nurl=\n")
    cfg = uv_config(make_machine(tmp_path))
    assert any(f.code == "unreadable-config" for f in cfg.findings)


def test_uv_explicit_default_index_means_no_index_for_unpinned_packages(tmp_path: Path) -> None:
    write(
        user_uv(tmp_path),
        f'index-url = "{USTC}"\n[[index]]\nname = "t"\nurl = "{TUNA}"\n'
        "explicit = true\ndefault = true\n",
    )
    cfg = uv_config(make_machine(tmp_path))
    assert cfg.index.value == "" and cfg.index.source == str(user_uv(tmp_path))
    assert any(f.level == "error" and f.code == "uv-explicit-default-index" for f in cfg.findings)
    # A variable still gives uv an index, and then nothing is wrong.
    cfg = uv_config(make_machine(tmp_path, UV_DEFAULT_INDEX=ALIYUN))
    assert cfg.index.value == ALIYUN and not cfg.findings
