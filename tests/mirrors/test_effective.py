"""All three tools together: the notes that need two of them at once."""

from __future__ import annotations

from pathlib import Path

from envdoctor.mirrors.effective import effective_configs
from tests.mirrors.conftest import ALIYUN, TUNA, make_machine, user_pip, write


def test_uv_ignores_pip_and_says_so(tmp_path: Path) -> None:
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    configs = effective_configs(make_machine(tmp_path, PIP_INDEX_URL=ALIYUN))
    assert configs["uv"].index.source == "default"
    assert any(f.code == "uv-ignores-pip" for f in configs["uv"].findings)
