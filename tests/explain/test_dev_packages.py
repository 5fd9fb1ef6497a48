"""A library's development files a build asks pkg-config for."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_pkg_config_search_path() -> None:
    # k2-fsa/sherpa-onnx's FFmpeg notes: libavdevice-dev is missing.
    text = (FIXTURES / "errors_blind130/env__pkgconfig_sherpaonnx1.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert (result.code, result.facts["pc_package"]) == (
        "pkg-config-package-missing",
        "libavdevice",
    )
    assert "PKG_CONFIG_PATH" in result.fix[-1]


def test_pkgconf_hint_and_requirement_lines() -> None:
    # pkgconf's libpkgconf/pkg.c: the hint alone, and the line per missing package.
    (hint,) = explain(
        "Perhaps you should add the directory containing `gtk+-3.0.pc'\n"
        "to the PKG_CONFIG_PATH environment variable"
    )
    assert hint.facts["pc_package"] == "gtk+-3.0"
    (required,) = explain("Package 'libavutil', required by 'libavcodec', not found")
    assert required.facts == {"pc_package": "libavutil", "required_by": "libavcodec"}
    (virtual,) = explain("Package 'zlib', required by 'virtual:world', not found")
    assert "required_by" not in virtual.facts


def test_macos_gets_homebrew_first() -> None:
    (result,) = explain(
        "/Users/me/src/app\nPackage portaudio-2.0 was not found in the pkg-config search path."
    )
    assert "brew" in result.fix[0]


def test_cmake_find_module_failure() -> None:
    # Tencent/ncnn's FAQ: Protobuf's development package is missing.
    text = (FIXTURES / "errors_blind134/env__cmakedep_ncnn2.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert (result.code, result.facts["cmake_package"]) == ("cmake-package-not-found", "Protobuf")
    assert result.facts["missing"] == "Protobuf_INCLUDE_DIR"
    assert "libprotobuf-dev" in result.fix[0]
    # Under CMake's error heading, and the version form of FindPackageHandleStandardArgs.
    (error,) = explain(
        "CMake Error at /usr/share/cmake-3.22/Modules/FindPackageHandleStandardArgs.cmake:230 "
        "(message):\n  Could NOT find ZLIB (missing: ZLIB_LIBRARY ZLIB_INCLUDE_DIR)\n"
    )
    assert error.facts["cmake_package"] == "ZLIB"
    (old,) = explain(
        'Could NOT find Boost: Found unsuitable version "1.65.1", but required is at least '
        '"1.70" (found /usr/include)'
    )
    assert (old.facts["found_version"], old.facts["required_version"]) == ("1.65.1", "1.70")


def test_cmake_optional_package_is_no_error() -> None:
    # A status line of a configuration that goes on, and a config-mode warning.
    assert explain("-- Could NOT find OpenMP_C (missing: OpenMP_C_FLAGS OpenMP_C_LIB_NAMES)") == ()
    assert (
        explain(
            "CMake Warning at CMakeLists.txt:12 (find_package):\n  By not providing "
            '"FindFoo.cmake" in CMAKE_MODULE_PATH this project has asked CMake to find a\n  '
            'package configuration file provided by "Foo", but CMake did not find one.\n\n  '
            'Could not find a package configuration file provided by "Foo" with any of\n'
        )
        == ()
    )


def test_cmake_torch_config() -> None:
    (result,) = explain(
        "CMake Error at CMakeLists.txt:4 (find_package):\n  Could not find a package "
        'configuration file provided by "Torch" with any of the following names:\n'
    )
    assert result.facts["cmake_package"] == "Torch"
    assert "cmake_prefix_path" in result.fix[0]


def test_find_python3_missing_numpy_names_the_python_not_a_config_dir() -> None:
    text = (
        "CMake Error at /usr/share/cmake-3.22/Modules/FindPackageHandleStandardArgs.cmake:230 "
        "(message):\n  Could NOT find Python3 (missing: Python3_NumPy_INCLUDE_DIRS NumPy) "
        '(found version "3.10.12")'
    )
    (result,) = explain(text)
    assert result.code == "cmake-package-not-found"
    steps = " ".join(result.fix)
    assert "python3-dev" in steps
    assert "pip install numpy" in steps
    assert "-DPython3_EXECUTABLE=" in steps
    assert "_DIR" not in steps


def test_a_find_modules_could_not_find_gets_root_not_dir() -> None:
    (result,) = explain("CMake Error: Could NOT find ZLIB (missing: ZLIB_LIBRARY ZLIB_INCLUDE_DIR)")
    assert "-DZLIB_ROOT=<prefix>" in " ".join(result.fix)
    assert "-DZLIB_DIR" not in " ".join(result.fix)


def test_the_linker_finds_no_opengl_library() -> None:
    # openai/mujoco-py#763's cause: libGL.so.1 is there, the unversioned libGL.so is not.
    text = (
        "/home/u/miniconda3/envs/rl/bin/../lib/gcc/x86_64-conda-linux-gnu/11.2.0/../../../../"
        "x86_64-conda-linux-gnu/bin/ld: cannot find -lOSMesa\n"
        "collect2: error: ld returned 1 exit status\n"
        "Cython.Compiler.Errors.CompileError: /home/u/mujoco-py/mujoco_py/cymj.pyx"
    )
    (result,) = explain(text)
    assert result.code == "gl-library-link-missing"
    assert result.facts == {"library": "libOSMesa.so"}
    steps = " ".join(result.fix)
    assert "libosmesa6-dev" in steps and "mesa-libOSMesa-devel" in steps
    assert "$CONDA_PREFIX/lib/libOSMesa.so" in steps  # the conda linker's own folder
    lld = explain("ld.lld: error: unable to find library -lEGL")
    assert [r.code for r in lld] == ["gl-library-link-missing"]
    assert "libegl1-mesa-dev" in " ".join(lld[0].fix)
    chinese = explain("/usr/bin/ld: 找不到 -lGLU\ncollect2: error: ld returned 1 exit status")
    assert chinese[0].facts == {"library": "libGLU.so"}


def test_other_libraries_named_like_gl_are_not_opengl() -> None:
    for text in ("/usr/bin/ld: cannot find -lglfw", "/usr/bin/ld: cannot find -lGLX_nvidia"):
        assert "gl-library-link-missing" not in [r.code for r in explain(text)]
