"""NumPy of another version than a compiled module or the code was made for: the C API
checks' words, Cython's dtype size check, and the names NumPy 1.24 and 2.0 removed."""

from __future__ import annotations

import pytest

from envdoctor.explain import explain


@pytest.mark.parametrize(
    "text",
    [
        "ImportError: numpy.core._multiarray_umath failed to import",
        "ImportError: numpy._core._multiarray_umath failed to import",
        "ImportError: numpy.core.umath failed to import",
    ],
)
def test_numpys_umath_import_checks_are_recognised(text: str) -> None:
    (result,) = explain(text)
    assert result.code == "numpy-abi-mismatch"


def test_old_cythons_dtype_size_warning_is_harmless() -> None:
    text = (
        "scipy/sparse/lil.py:19: RuntimeWarning: numpy.dtype size changed, may indicate binary "
        "incompatibility. Expected 96, got 88"
    )
    assert explain(text) == ()


def test_a_numpy_1_header_on_numpy_2_is_read_from_the_sizes() -> None:
    (result,) = explain(
        "ValueError: numpy.dtype size changed, may indicate binary incompatibility. Expected 96 "
        "from C header, got 88 from PyObject"
    )
    assert result.code == "numpy-abi-mismatch"
    assert result.facts["dtype_size"] == "96/88"
    assert '"numpy<2"' in result.fix[0]
    # Other sizes keep both directions.
    (other,) = explain(
        "ValueError: numpy.dtype size changed, may indicate binary incompatibility. Expected 88 "
        "from C header, got 80 from PyObject"
    )
    assert "dtype_size" not in other.facts and "NumPy 1.x" in other.fix[1]


_NP2 = "AttributeError: `np.{0}` was removed in the NumPy 2.0 release. Use `np.{1}` instead."


@pytest.mark.parametrize(
    ("name", "instead"),
    [("float_", "float64"), ("NaN", "nan"), ("Inf", "inf"), ("unicode_", "str_")],
)
def test_names_numpy_2_removed(name: str, instead: str) -> None:
    text = _NP2.format(name, instead)
    (alone,) = explain(text)
    assert alone.code == "numpy-alias-removed" and alone.facts["removed_in"] == "numpy 2.0"
    assert any('"numpy<2"' in step for step in alone.fix)
    package = (
        'File "/home/u/venv/lib/python3.11/site-packages/oldlib/core.py", line 9, in f\n'
        f"    return np.{name}\n" + text
    )
    (theirs,) = explain(package)
    assert theirs.kind == "environment" and theirs.facts["package"] == "oldlib"
    own = f'File "/home/u/train.py", line 9, in <module>\n    x = np.{name}\n' + text
    (mine,) = explain(own)
    assert mine.kind == "code" and f"np.{instead}" in mine.fix[0]
    assert not any("pip" in step for step in mine.fix)


@pytest.mark.parametrize("alias", ["bool", "long"])
def test_np_bool_and_long_mean_numpy_1_24_to_1_26(alias: str) -> None:
    (result,) = explain(f"AttributeError: module 'numpy' has no attribute '{alias}'")
    assert "1.24 to 1.26" in result.cause
    (other,) = explain("AttributeError: module 'numpy' has no attribute 'float'")
    assert "1.24 or newer" in other.cause


def test_cythons_ndarray_size_check_is_the_same_mismatch() -> None:
    # mmdetection3d's FAQ: a pycocotools binary built on a newer NumPy than the installed one.
    text = (
        "ValueError: numpy.ndarray size changed, may indicate binary incompatibility. "
        "Expected 88 from C header, got 80 from PyObject"
    )
    (result,) = explain(text)
    assert result.code == "numpy-abi-mismatch"
    assert "older than the module needs" in result.cause
