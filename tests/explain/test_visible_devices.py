"""The one reader of CUDA_VISIBLE_DEVICES: which values hide every GPU, and the two ways a
paste shows the variable set (the program's code, the command line)."""

from __future__ import annotations

import re

import pytest

from envdoctor.explain import explain
from envdoctor.explain.visible_devices import SET_ON_COMMAND_LINE, hides_every_gpu

_NO_GPUS = "RuntimeError: No CUDA GPUs are available"


@pytest.mark.parametrize(
    ("value", "hidden"), [("", True), (" -1 ", True), ("0", False), (None, False)]
)
def test_an_empty_value_or_minus_one_hides_every_gpu(value: str | None, hidden: bool) -> None:
    assert hides_every_gpu(value) is hidden


def test_a_command_lines_setting_is_read_whole() -> None:
    m = re.search(SET_ON_COMMAND_LINE, "CUDA_VISIBLE_DEVICES=1,2 python train.py")
    assert m is not None
    assert m.group(0) == "CUDA_VISIBLE_DEVICES=1,2"


@pytest.mark.parametrize(
    "command", ['CUDA_VISIBLE_DEVICES="" python', "CUDA_VISIBLE_DEVICES=-1 python"]
)
def test_a_command_that_hides_every_gpu_is_told_so(command: str) -> None:
    (result,) = explain(f"$ {command} train.py\n{_NO_GPUS}")
    assert result.code == "no-cuda-device"
    assert result.facts["CUDA_VISIBLE_DEVICES"] == ""


def test_the_programs_own_setting_is_its_value() -> None:
    (result,) = explain(f"os.environ['CUDA_VISIBLE_DEVICES'] = '2,3'\n{_NO_GPUS}")
    assert result.facts["sets_cuda_visible_devices"] == "2,3"
    assert result.kind == "code"


def test_schedulers_placeholders_hide_every_gpu_as_check_says() -> None:
    from envdoctor.analyse.rules.context import cuda_visibility

    for value in ("NoDevFiles", "none", "-1", ""):
        assert hides_every_gpu(value)
        assert cuda_visibility(value, ()).hidden_all
