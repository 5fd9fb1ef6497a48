"""The Pythons a release has wheels for, per platform where the matrix records it."""

from __future__ import annotations

from envdoctor.compat.python import newest_python, python_platforms
from envdoctor.matrix.load import load_matrix


def test_torch_2_5_has_python_3_13_wheels_on_linux_x86_64_only() -> None:
    # astral-sh/uv#8746 lists torch 2.5.1's files: cp313 only as manylinux1_x86_64.
    release = load_matrix().release("2.5")
    assert release is not None
    assert python_platforms(release, "3.13.1") == ("linux-x86_64",)
    assert python_platforms(release, "3.12") is None
    assert newest_python(release) == "3.12"
    assert newest_python(release, "linux-x86_64") == "3.13"
