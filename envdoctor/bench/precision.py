"""Switch TF32 for matmul and cuDNN convolutions, and put it back afterwards.

PyTorch 2.9 added `fp32_precision` ("tf32" / "ieee" / "none") next to the older
`allow_tf32` flags, and reading an old flag after the new API was used raises a
RuntimeError. So the new API is used whenever it exists, and only it is read back.
The fp32 figures must be real FP32 (TF32 off); the tf32 figure turns it on.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_NEW = "fp32_precision"
_LEGACY = "allow_tf32"


def _target(torch: Any, which: str) -> Any:
    if which == "matmul":
        return torch.backends.cuda.matmul
    conv = getattr(torch.backends.cudnn, "conv", None)
    return conv if conv is not None and hasattr(conv, _NEW) else torch.backends.cudnn


def _attr(obj: Any) -> str:
    return _NEW if hasattr(obj, _NEW) else _LEGACY


def _value(obj: Any, enabled: bool) -> Any:
    if _attr(obj) == _NEW:
        return "tf32" if enabled else "ieee"
    return enabled


@contextmanager
def tf32(torch: Any, *, matmul: bool | None = None, conv: bool | None = None) -> Iterator[None]:
    """TF32 on/off for matmul and convolutions inside the block (None: leave as is)."""
    saved: list[tuple[Any, str, Any]] = []
    try:
        for which, enabled in (("matmul", matmul), ("conv", conv)):
            if enabled is None:
                continue
            obj = _target(torch, which)
            attr = _attr(obj)
            saved.append((obj, attr, getattr(obj, attr)))
            setattr(obj, attr, _value(obj, enabled))
        yield
    finally:
        for obj, attr, value in reversed(saved):
            setattr(obj, attr, value)


__all__ = ["tf32"]
