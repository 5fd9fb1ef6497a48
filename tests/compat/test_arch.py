"""Which toolkits build code for which compute capability (envdoctor.compat.arch)."""

from __future__ import annotations

from envdoctor.compat.arch import build_cuda_ceiling, last_cuda_for
from envdoctor.matrix.load import load_matrix


def test_a_member_dropped_before_its_family_has_its_own_last_toolkit() -> None:
    m = load_matrix()
    # CUDA 11.0 dropped sm_30/sm_32; CUDA 12.0 the rest of Kepler (sm_35, sm_37).
    assert last_cuda_for(m, 3, 0) == "10.2"
    assert last_cuda_for(m, 3, 7) == "11.8"
    assert last_cuda_for(m, 8, 6) is None  # still built
    assert build_cuda_ceiling(m, ("sm_30", "sm_50")) == (10, 2)
    assert build_cuda_ceiling(m, ("sm_37", "sm_50")) == (11, 8)
