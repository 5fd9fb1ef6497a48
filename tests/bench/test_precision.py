from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch

from envdoctor.bench.precision import tf32


@pytest.mark.torch
def test_new_api_is_set_and_restored() -> None:
    matmul, conv = torch.backends.cuda.matmul, torch.backends.cudnn.conv
    before = (matmul.fp32_precision, conv.fp32_precision)
    with tf32(torch, matmul=True, conv=False):
        assert (matmul.fp32_precision, conv.fp32_precision) == ("tf32", "ieee")
    assert (matmul.fp32_precision, conv.fp32_precision) == before
    with tf32(torch, matmul=False):
        assert matmul.fp32_precision == "ieee"
        assert conv.fp32_precision == before[1]  # None: left alone
    # The legacy flag is never read, so PyTorch's "mixed API" RuntimeError cannot fire.
    assert matmul.fp32_precision == before[0]


def test_legacy_flags_on_older_torch() -> None:
    old = SimpleNamespace(
        backends=SimpleNamespace(
            cuda=SimpleNamespace(matmul=SimpleNamespace(allow_tf32=False)),
            cudnn=SimpleNamespace(allow_tf32=True),
        )
    )
    with pytest.raises(KeyError), tf32(old, matmul=True, conv=False):
        assert old.backends.cuda.matmul.allow_tf32 is True
        assert old.backends.cudnn.allow_tf32 is False
        raise KeyError("restored even when the block fails")
    assert old.backends.cuda.matmul.allow_tf32 is False
    assert old.backends.cudnn.allow_tf32 is True
