"""torch missing inside pip's isolated build when the traceback is cut (blind round 33)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_a_cut_build_traceback_retold_in_the_title() -> None:
    # imoneoi/openchat#8: flash-attn's setup.py in pip's isolated build env.
    text = (FIXTURES / "errors_blind33/env__nomodule_openchat1.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "torch-not-found"
    assert result.facts == {"isolated_build": True, "package": "flash-attn"}
    assert any("--no-build-isolation flash-attn" in step for step in result.fix)


def test_a_torch_too_old_for_the_code_gets_the_older_driver_and_python_commands() -> None:
    (result,) = explain("AttributeError: module 'torch' has no attribute 'compile'")
    # The newest build first, then what runs on an older driver and an older Python.
    assert any("with an older driver use" in step for step in result.fix)
    assert any("needs Python" in step for step in result.fix)


def test_a_pip_older_than_the_wheels_manylinux_tag_is_named() -> None:
    # errors_blind74 (PyMuPDF): pip 9 and a manylinux2010 wheel (pypa/manylinux: pip 19.0).
    text = (
        "$ pip3 install --user PyMuPDF-1.16.7-cp36-cp36m-manylinux2010_x86_64.whl\n"
        "PyMuPDF-1.16.7-cp36-cp36m-manylinux2010_x86_64.whl is not a supported wheel on this "
        "platform.\n$ pip3 --version\npip 9.0.1 from /usr/lib/python3/dist-packages (python 3.6)"
    )
    (result,) = explain(text)
    assert result.facts["pip_needed"] == "19.0.0"
    assert "--upgrade pip" in result.fix[0]
    # A pip new enough for the tag leaves the usual tag answer.
    newer = explain(text.replace("pip 9.0.1", "pip 24.0"))
    assert "pip_needed" not in newer[0].facts


def test_the_pip_that_ran_is_the_last_one_printed_before_the_refusal() -> None:
    text = (
        "$ pip --version\npip 19.0.3 from /home/u/venv/lib/python3.9/site-packages/pip "
        "(python 3.9)\n$ pip install -U pip\nSuccessfully installed pip-24.0\n$ pip --version\n"
        "pip 24.0 from /home/u/venv/lib/python3.9/site-packages/pip (python 3.9)\n"
        "ERROR: xformers-0.0.26-cp39-cp39-manylinux2014_x86_64.whl is not a supported wheel "
        "on this platform."
    )
    (result,) = explain(text)
    assert "pip_needed" not in result.facts


def test_a_wheel_for_another_python_is_not_blamed_on_an_old_pip() -> None:
    text = (
        "pip 20.0.2 from /usr/lib/python3/dist-packages/pip (python 3.8)\n"
        "ERROR: onnxruntime_gpu-1.18.0-cp310-cp310-manylinux_2_27_x86_64.whl is not a "
        "supported wheel on this platform."
    )
    (result,) = explain(text)
    assert "pip_needed" not in result.facts


def test_a_refused_manylinux_wheel_names_the_glibc_its_tag_needs() -> None:
    # turboderp/exllama#300: a manylinux_2_31 wheel on CentOS 7 (glibc 2.17).
    text = (
        "ERROR: llama_cpp_python_cuda-0.2.7+cu117-cp310-cp310-manylinux_2_31_x86_64.whl is "
        "not a supported wheel on this platform."
    )
    (e,) = explain(text)
    assert "glibc 2.31" in e.cause and e.facts["glibc_needed"] == "2.31"
    # With a Python that fits the cp310 tag, the glibc comes first.
    (e,) = explain("Python 3.10.12\n" + text)
    assert e.cause.startswith("Its platform tag manylinux_2_31_x86_64 needs glibc 2.31")


def test_uv_isolated_build_of_a_package_importing_torch_with_the_traceback_cut() -> None:
    # astral-sh/uv#5041: torch-scatter in uv's builds-v0 environment, cut before the error.
    text = (FIXTURES / "errors_blind88/env__buildiso_uv5041.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "torch-not-found" and result.kind == "environment"
    assert result.facts == {"isolated_build": True, "package": "torch-scatter", "installer": "uv"}
    assert "isolated" in result.title
    assert "uv pip install --no-build-isolation torch-scatter" in result.fix[0]
    assert "no-build-isolation-package" in result.fix[1]
    assert "extra-build-dependencies" in result.fix[1]
    assert "data.pyg.org" in result.fix[2]


def test_uv_without_isolation_is_not_claimed_to_be_isolated() -> None:
    text = (
        "error: Failed to build `torch-scatter==2.1.2`\n  Caused by: The build backend "
        "returned an error\n  Caused by: Call to `setuptools.build_meta.get_requires_for_"
        "build_wheel` failed (exit status: 1)\n(ran with --no-build-isolation)"
    )
    assert not any(e.code == "torch-not-found" for e in explain(text))


def test_pip_setup_py_importing_torch_stays_install_torch_first() -> None:
    # weify627/4D-Rotor-Gaussians#3: tiny-cuda-nn's setup.py, legacy egg_info.
    text = (FIXTURES / "errors_blind89/env__nomodule_rotorgs3.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "torch-not-found"
    assert result.facts == {"setup_imports_torch": True}
    assert any("--no-build-isolation" in step for step in result.fix)


def test_a_macos_11_wheel_refused_by_a_python_that_fits_names_the_10_16_report() -> None:
    # apple/tensorflow_macos#46: a venv's Python 3.8 and pip 20.3 on Big Sur.
    text = (FIXTURES / "errors_blind99" / "env__wheel_tfmacos46.txt").read_text()
    (result,) = explain(text)
    assert result.code == "wheel-not-supported"
    assert result.facts["macos_tag"] == "macosx_11_0_x86_64"
    assert result.facts["pip_version"] == "20.3"
    assert "10.16" in result.cause and result.cause.startswith("Its platform tag")
    assert "SYSTEM_VERSION_COMPAT=0" in " ".join(result.fix)


def test_a_macos_11_wheel_with_nothing_else_known_still_names_it() -> None:
    # https://github.com/apple/tensorflow_macos/issues/61
    (result,) = explain(
        "ERROR: numpy-1.18.5-cp38-cp38-macosx_11_0_x86_64.whl is not a supported wheel on "
        "this platform."
    )
    assert "10.16" in result.cause


def test_an_arm64_macos_wheel_is_left_to_the_interpreter_check() -> None:
    # An x86_64 Python (Anaconda) on an M1 Mac, quoted from
    # https://medium.com/gft-engineering/macbook-m1-tensorflow-on-jupyter-notebooks-6171e1f48060
    (result,) = explain(
        "ERROR: tensorflow_macos-0.1a3-cp38-cp38-macosx_11_0_arm64.whl is not a supported "
        "wheel on this platform."
    )
    assert "10.16" not in result.cause
    assert "Rosetta" in result.fix[0]


def test_a_pip_older_than_macos_11s_tags_is_named() -> None:
    # pip 20.2.4 predates the macOS 11 tags (pip 20.3 NEWS, pip#9138); the refusal as
    # apple/tensorflow_macos#61 printed it.
    (result,) = explain(
        "$ pip --version\npip 20.2.4 from /Users/me/venv/lib/python3.8/site-packages/pip "
        "(python 3.8)\nERROR: numpy-1.18.5-cp38-cp38-macosx_11_0_x86_64.whl is not a "
        "supported wheel on this platform."
    )
    assert result.facts["pip_version"] == "20.2.4"
    assert "older than 20.3" in result.cause


def test_a_wheel_refused_by_a_system_pythons_pip_says_so() -> None:
    # errors_blind107 (comfyui-reactor-node#29): pip's "Defaulting to user installation"
    # came first, and pip's own "ERROR:" is no negation of it.
    text = Path("tests/fixtures/errors_blind107/env__wheel_reactor29.txt").read_text(
        encoding="utf-8"
    )
    (result,) = explain(text)
    assert result.code == "wheel-not-supported"
    assert result.facts["other_pip"] is True
    assert "-m pip install insightface-0.7.3-cp311-cp311-win_amd64.whl" in result.fix[0]


def test_pip_building_an_sdist_that_imports_torch_cut_before_the_import_error() -> None:
    # errors_blind112 (audiocraft#179): xformers' sdist in pip's isolated build.
    text = Path("tests/fixtures/errors_blind112/env__nomodule_audiocraft179.txt").read_text(
        encoding="utf-8"
    )
    (result,) = explain(text)
    assert result.code == "torch-not-found"
    assert result.facts["package"] == "xformers"
