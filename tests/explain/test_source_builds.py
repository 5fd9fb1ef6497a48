"""Packages built from source (explain.families.source_builds)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain


def test_a_missing_gcc_names_the_package_being_built() -> None:
    text = (
        "Building wheel for pysha3 (setup.py) ... error\n"
        "error: command 'x86_64-linux-gnu-gcc' failed: No such file or directory"
    )
    (result,) = explain(text)
    assert result.code == "c-compiler-missing"
    assert result.facts == {"compiler": "x86_64-linux-gnu-gcc", "package": "pysha3"}
    assert "build-essential" in result.fix[0]


def test_distutils_on_an_old_debian_python_is_its_split_package() -> None:
    text = (
        'File "/usr/lib/python3.8/site-packages/pip/_internal/locations/__init__.py"\n'
        "ModuleNotFoundError: No module named 'distutils.util'"
    )
    (result,) = explain(text)
    assert result.code == "distutils-removed"
    assert "python3-distutils" in result.fix[0]


def test_distutils_on_a_new_python_is_pep_632() -> None:
    text = (
        'File "/x/lib/python3.12/site-packages/setuptools/__init__.py", line 9\n'
        "    import distutils.core\nModuleNotFoundError: No module named 'distutils'"
    )
    (result,) = explain(text)
    assert "PEP 632" in result.cause


def test_distutils_missing_off_debian_is_an_incomplete_python() -> None:
    text = (
        'File "C:\\\\Python310\\\\lib\\\\site-packages\\\\pip\\\\__init__.py"\n'
        "ModuleNotFoundError: No module named 'distutils'\nPython 3.10 on Windows"
    )
    results = explain(text)
    assert results and not any("apt" in step for step in results[0].fix)


def test_a_setuptools_only_distutils_submodule_is_not_debians() -> None:
    assert explain("ModuleNotFoundError: No module named 'distutils._msvccompiler'") == ()


_BLIND = Path(__file__).resolve().parents[1] / "fixtures"


def test_impimporter_in_a_pip_build_env_is_an_old_pinned_release_on_python_312() -> None:
    # project-chip/connectedhomeip#34324: old numpy/pandas built from source on 3.12.
    text = (_BLIND / "errors_blind85/env__pip_connectedhomeip34324.txt").read_text("utf-8")
    (e,) = explain(text)
    assert e.code == "pkgutil-impimporter-removed" and "3.12" in e.cause
    assert "newer release" in e.fix[0] and "3.11" in e.fix[1]


def test_rust_compiler_missing_names_the_package_and_the_pip_upgrade() -> None:
    text = (_BLIND / "errors_blind85/env__rust_parrot41.txt").read_text("utf-8")
    (e,) = explain(text)
    assert e.code == "rust-compiler-missing" and e.facts["package"] == "tokenizers"
    assert "--upgrade pip" in e.fix[0] and "rustup" in e.fix[2]


def test_use_2to3_is_setuptools_58_and_pins_it_in_the_build_env() -> None:
    # databio/peppro#86: the old `piper` package's setup uses use_2to3.
    text = (_BLIND / "errors_blind88/env__setuptools_peppro86.txt").read_text("utf-8")
    (e,) = explain(text)
    assert e.code == "setuptools-use-2to3-removed" and e.kind == "environment"
    assert e.facts == {"package": "piper"}
    assert "58.0.0" in e.cause
    assert any("--no-build-isolation piper" in step for step in e.fix)
    # pip 26.2 (NEWS.rst, pypa/pip#14094): constraints files no longer reach isolated build
    # environments; --build-constraint (pip 25.3+) leads, PIP_CONSTRAINT is for older pip.
    step = next(step for step in e.fix if "setuptools<58" in step)
    assert "--build-constraint c.txt piper" in step and "PIP_BUILD_CONSTRAINT" in step
    assert step.index("--build-constraint") < step.index("PIP_CONSTRAINT")
    assert "older than 25.3" in step


def test_invalid_version_of_an_installed_package_is_setuptools_66() -> None:
    # accumulator/charge-lnd#93: Ubuntu's distro-info after `pip install -U setuptools`.
    text = (_BLIND / "errors_blind88/env__setuptools_chargelnd93.txt").read_text("utf-8")
    (e,) = explain(text)
    assert e.code == "setuptools-invalid-version"
    assert e.facts == {"package": "distro-info", "version": "0.23ubuntu1"}
    assert "66.0.0" in e.cause
    assert any("setuptools<66" in step for step in e.fix)


def test_invalid_version_on_its_own_is_the_programs_business() -> None:
    text = "packaging.version.InvalidVersion: Invalid version: 'v1-beta'"
    assert explain(text) == ()


def test_a_missing_cython_output_in_cocoapi_is_cython_not_installed() -> None:
    # cocodataset/cocoapi#172: the Makefile's python had no Cython.
    text = (_BLIND / "errors_blind88/env__cython_cocoapi172.txt").read_text("utf-8")
    (e,) = explain(text)
    assert e.code == "cython-source-not-generated" and e.kind == "environment"
    assert e.facts == {"source": "pycocotools/_mask.c"}
    assert "cython" in e.fix[0] and "pycocotools" in e.fix[1]


def test_a_missing_c_file_needs_cython_in_the_paste() -> None:
    # kivy/cymunk#51-style line without any Cython word: a path or checkout problem.
    assert explain("gcc: error: src/foo.c: No such file or directory\nmake: *** Error 1") == ()
    text = (
        "Compiling cortex/openctm.pyx because it changed.\n[1/2] Cythonizing cortex/openctm.pyx\n"
        "gcc: error: cortex/openctm.c: No such file or directory"
    )
    (e,) = explain(text)
    assert e.code == "cython-source-not-generated" and "pycocotools" not in " ".join(e.fix)
