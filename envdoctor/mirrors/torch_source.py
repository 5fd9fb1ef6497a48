"""Where `pip install torch` should fetch a given build variant from, on a given mirror.

Used by `check` and `install`: they know the variant (cu126, cpu, rocm6.4, ...), the
user picked a mirror, this turns both into pip arguments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from envdoctor.errors import UsageError
from envdoctor.i18n import _
from envdoctor.mirrors.catalog import Layout, resolve_mirror

# The variant names download.pytorch.org uses as directory names.
_VARIANT = re.compile(r"^(cpu|cu\d{2,3}|rocm\d+\.\d+(\.\d+)?|xpu)$")


@dataclass(frozen=True)
class TorchSource:
    pip_args: tuple[str, ...]
    note: str | None


def torch_source(mirror: str, variant: str | None) -> TorchSource | None:
    """pip arguments that make `pip install torch==X` fetch `variant` from `mirror`.

    `variant` is 'cu126', 'cpu', 'rocm6.4', ... or None for the plain PyPI default build;
    `mirror` is a known mirror name or a URL. Returns None when that mirror cannot serve
    that variant (TUNA has no PyTorch wheel index). Raises UsageError for an unknown or
    dead mirror name, or a malformed variant.
    """
    m = resolve_mirror(mirror)
    if variant is None:
        return TorchSource(pip_args=("--index-url", m.pypi), note=None)
    if not _VARIANT.match(variant):
        raise UsageError(
            _(
                "unknown PyTorch build variant {variant!r} (expected e.g. cu126, cpu, rocm6.4)"
            ).format(variant=variant)
        )
    if m.pytorch is None:
        # A custom URL or a mirror without a PyTorch wheel index cannot serve CUDA builds.
        return None
    url = m.pytorch.url(variant)
    if m.pytorch.layout is Layout.FLAT:
        flat_note = _(
            "{mirror} serves PyTorch wheels as a flat file list: pip takes torch from it "
            "with -f and still fetches torch's dependencies from your normal index"
        ).format(mirror=m.name)
        return TorchSource(pip_args=("-f", url), note=flat_note)
    note: str | None = None
    if m.pytorch.confidence != "documented":
        note = _("{mirror}'s PyTorch index is known only from community reports").format(
            mirror=m.name
        )
    return TorchSource(pip_args=("--index-url", url), note=note)


__all__ = ["TorchSource", "torch_source"]
