"""Any module the interpreter cannot find, when no entry knows it (families/missing_modules.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_a_tool_missing_from_the_interpreter_that_runs_it() -> None:
    # cibuildwheel's FAQ: `python3 -m twine` with a python3 other than the one it went into.
    (result,) = explain(_read("errors_blind131/env__nomodule_cibw1.txt"))
    assert result.code == "module-not-found"
    assert result.facts == {"module": "twine"}
    assert "sys.executable" in result.fix[0]
    assert any("-m pip install <package>" in step for step in result.fix)


def test_a_build_only_module_is_the_builds_dependency_and_rust() -> None:
    (result,) = explain(_read("errors_blind130/env__nomodule_whisper1.txt"))
    assert result.facts["package"] == "setuptools-rust"
    assert any("--no-build-isolation" in step for step in result.fix)
    assert any("~/.cargo/bin" in step for step in result.fix)


def test_any_module_missing_inside_an_isolated_build() -> None:
    # uv's build-failures docs: chumpy's setup.py imports pip, undeclared.
    (result,) = explain(_read("errors_blind78/env__buildisolation_uv4.txt"))
    assert result.code == "module-not-found"
    assert any("--no-build-isolation-package" in step for step in result.fix)


@pytest.mark.parametrize(
    ("module", "package"),
    [("apt_pkg", "python3-apt"), ("gi", "python3-gi"), ("tkinter", "python3-tk")],
)
def test_modules_only_the_system_provides(module: str, package: str) -> None:
    (result,) = explain(f"ModuleNotFoundError: No module named '{module}'")
    assert result.facts["system_package"] == package
    assert not any("pip install" in step for step in result.fix)


@pytest.mark.parametrize(("module", "dev"), [("_ctypes", "libffi-dev"), ("_lzma", "liblzma-dev")])
def test_standard_modules_a_python_was_built_without(module: str, dev: str) -> None:
    (result,) = explain(f"ModuleNotFoundError: No module named '{module}'")
    assert result.facts["build_package"] == dev
    assert any("pyenv install --force" in step for step in result.fix)


def test_a_private_compiled_module_names_the_source_tree_and_the_build() -> None:
    # lmdeploy's FAQ: _turbomind, not installed, or run from lmdeploy's source root.
    (result,) = explain(_read("errors_blind128/env__nomodule_lmdeploy2.txt"))
    assert result.title == "A package's compiled module is missing"
    assert "source" in result.fix[0]


def test_the_projects_own_module_gets_pythonpath() -> None:
    (result,) = explain(_read("errors/module-not-found__icefall.txt"))
    assert any("PYTHONPATH" in step for step in result.fix)


@pytest.mark.parametrize(
    "text",
    [
        # Entries that know the name answer alone.
        "ModuleNotFoundError: No module named 'numpy'",
        "ModuleNotFoundError: No module named 'foo_bar_cuda'",
        "ModuleNotFoundError: No module named 'distutils'",
        "/usr/bin/python3: No module named pip",
    ],
)
def test_it_yields_to_any_entry_that_knows_more(text: str) -> None:
    assert "module-not-found" not in [r.code for r in explain(text)]
    assert explain(text)


@pytest.mark.parametrize(
    "text",
    [
        # Submodules, relative imports, checkpoints' classes.
        "ModuleNotFoundError: No module named 'models.yolo'",
        "ModuleNotFoundError: No module named '__main__.utils'; '__main__' is not a package",
        "ModuleNotFoundError: No module named 'distutils._msvccompiler'",
        '  File "/usr/lib/python3.10/pickle.py", line 1, in find_class\n'
        "ModuleNotFoundError: No module named 'models'",
        # vLLM logs its optional ops' import failure and runs on.
        "WARNING Failed to import from vllm._C with ModuleNotFoundError(\"No module named 'x'\")",
    ],
)
def test_what_it_cannot_tell_stays_unanswered(text: str) -> None:
    assert "module-not-found" not in [r.code for r in explain(text)]


def test_a_file_named_like_the_package_shadows_it() -> None:
    # triton-windows' README: a test script named triton.py.
    (result,) = explain(_read("errors_blind133/env__nomodule_tritonwin1.txt"))
    assert result.code == "module-not-found" and result.kind == "environment"
    assert result.facts == {"module": "triton.language", "imported_from_file": "triton"}
    assert "Rename your triton.py" in result.fix[1]
    assert not any("pip install" in step for step in result.fix)


def test_any_package_shadowed_by_a_file_of_that_name() -> None:
    # CPython 3.11's words, for any name.
    (result,) = explain(
        "ModuleNotFoundError: No module named 'utils.general'; 'utils' is not a package"
    )
    assert result.code == "module-not-found" and "utils.py" in result.cause
    assert "print(utils.__file__)" in result.fix[0]


def test_a_function_imported_as_a_submodule_is_the_codes() -> None:
    (result,) = explain(
        "ModuleNotFoundError: No module named 'torch.nn.functional.relu'; "
        "'torch.nn.functional' is not a package"
    )
    assert result.kind == "code"
    assert result.fix == (
        "Import the name from the module: `from torch.nn.functional import relu`.",
    )


def test_python2_dotted_name_is_its_first_package_missing() -> None:
    # NVIDIA DeepLearningExamples' MaskRCNN troubleshooting: maskrcnn_benchmark not installed.
    (result,) = explain(_read("errors_blind132/env__nomodule_dle2.txt"))
    assert result.code == "module-not-found"
    assert result.facts == {"module": "maskrcnn_benchmark", "imported": "maskrcnn_benchmark.config"}
    assert "python -m pip install -e ." in " ".join(result.fix)


def test_python3_dotted_names_stay_unanswered_here() -> None:
    # Python 3 quotes the name; `python -m a.b` prints it bare without "ImportError:".
    assert not explain("ModuleNotFoundError: No module named 'maskrcnn_benchmark.config'")
    assert not explain("/usr/bin/python3: No module named maskrcnn_benchmark.config")


def test_python2_dotted_well_known_package_is_not_a_version_mismatch() -> None:
    (result,) = explain("ImportError: No module named torch.utils.cpp_extension")
    assert result.code != "package-module-missing"


def test_a_packages_compiled_submodule_is_the_source_tree_or_a_build_without_it() -> None:
    path = FIXTURES / "errors_blind137/env__nomodule_tritonserver2.txt"
    (result,) = explain(path.read_text())
    assert result.code == "module-not-found"
    assert result.facts["module"] == "tensorrt_llm.bindings"
    assert "source checkout" in result.fix[0]
    # A pure-Python submodule of the project is no compiled part.
    assert explain("ModuleNotFoundError: No module named 'myproj.utils'") == ()


def test_an_earlier_finished_build_does_not_make_a_runtime_import_a_build_dependency() -> None:
    text = (
        "Processing /home/u/proj\n"
        "  Preparing metadata (pyproject.toml) ... done\n"
        "Successfully installed proj-0.1\n"
        "$ python train.py\n"
        "Traceback (most recent call last):\n"
        '  File "/home/u/proj/train.py", line 3, in <module>\n'
        "    import wandbx\n"
        "ModuleNotFoundError: No module named 'wandbx'\n"
    )
    (result,) = explain(text)
    assert result.code == "module-not-found"
    assert "package" not in result.facts
    assert not any("--no-build-isolation" in step for step in result.fix)


def test_the_projects_own_private_module_is_not_a_packages_compiled_part() -> None:
    text = (
        "Traceback (most recent call last):\n"
        '  File "/home/u/proj/run.py", line 1, in <module>\n'
        "    from _settings import cfg\n"
        "ModuleNotFoundError: No module named '_settings'\n"
    )
    (result,) = explain(text)
    assert result.title != "A package's compiled module is missing"
    assert any("PYTHONPATH" in step for step in result.fix)
    # Imported by an installed package's code, it is that package's compiled part.
    installed = text.replace("/home/u/proj/run.py", "/venv/lib/python3.11/site-packages/x/a.py")
    (result,) = explain(installed)
    assert result.title == "A package's compiled module is missing"


def test_a_name_that_contains_pickle_is_no_unpickling() -> None:
    text = (
        "Traceback (most recent call last):\n"
        '  File "/home/u/proj/run.py", line 1, in <module>\n'
        "    import _pickle_helper\n"
        "ModuleNotFoundError: No module named '_pickle_helper'\n"
    )
    assert [r.code for r in explain(text)] == ["module-not-found"]
