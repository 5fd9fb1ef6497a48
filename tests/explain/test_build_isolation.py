"""Builds without isolation need the environment's own setuptools (explain.build_isolation)."""

from __future__ import annotations

from envdoctor.explain import explain

_UV_CUT = (
    "error: Failed to build `torch-scatter==2.1.2`\n  Caused by: The build backend returned "
    "an error\n  Caused by: Call to `setuptools.build_meta.__legacy__.get_requires_for_"
    "build_wheel` failed (exit status: 1)\n\n[stderr]\nTraceback (most recent call last):\n"
    "  File \"<string>\", line 8, in <module>\nModuleNotFoundError: No module named 'torch'\n\n"
    "hint: This error likely indicates that `torch-scatter@2.1.2` depends on `torch`, but "
    "doesn't declare it as a build dependency. If `torch-scatter` is a first-party package, "
    "consider adding `torch` to its `build-system.requires`. Otherwise, either add it to "
    "your `pyproject.toml` under:\n\n[tool.uv.extra-build-dependencies]\ntorch-scatter = "
    '["torch"]\n\nor `uv pip install torch` into the environment and re-run with '
    "`--no-build-isolation`."
)


def test_uv_without_isolation_installs_setuptools_with_torch() -> None:
    # uv's environments have no setuptools (docs/concepts/projects/config.md installs
    # `torch setuptools` before building flash-attn without isolation).
    result = next(e for e in explain(_UV_CUT) if e.code == "torch-not-found")
    assert result.facts.get("installer") == "uv"
    assert "uv pip install torch setuptools" in result.fix[0]
    assert "--no-build-isolation torch-scatter" in result.fix[0]


def test_match_runtime_is_dated_to_uv_0_8_5() -> None:
    # changelogs/0.8.x.md: extra-build-dependencies in 0.8.4, match-runtime in 0.8.5.
    result = next(e for e in explain(_UV_CUT) if e.code == "torch-not-found")
    step = next(s for s in result.fix if "match-runtime" in s)
    assert "0.8.5" in step and "0.8.4" not in step


def test_pip_without_isolation_installs_setuptools_too() -> None:
    # Python 3.12's venv no longer installs setuptools (gh-95299).
    text = (
        "  Getting requirements to build wheel ... error\n  error: subprocess-exited-with-"
        'error\n  File "/tmp/pip-build-env-abc123/overlay/lib/python3.12/site-packages/'
        'setuptools/build_meta.py", line 331, in get_requires_for_build_wheel\n'
        '  File "<string>", line 5, in <module>\n      ModuleNotFoundError: No module named '
        "'torch'\n"
    )
    results = [e for e in explain(text) if e.code == "torch-not-found"]
    assert results and results[0].facts.get("isolated_build") is True
    assert any("setuptools wheel" in step for step in results[0].fix)


def test_pdms_build_error_is_its_isolated_build() -> None:
    # errors_blind94 (pdm#2202): tinycudann's setup.py imports torch.
    text = (
        "pdm.exceptions.BuildError: Build backend raised error: Module 'torch' is missing, "
        "please make sure it is specified in the 'build-system.requires' section. If it is "
        "not possible, add it to the project and use '--no-isolation' option."
    )
    first = explain(text)[0]
    assert first.code == "torch-not-found"
    assert first.facts["isolated_build"] is True
    assert first.facts["installer"] == "pdm"
    assert "pdm install --no-isolation" in first.fix[0]
    assert "(flash-attn" not in first.cause  # no package named: none is claimed


def test_pdm_words_for_another_module_are_not_torchs() -> None:
    assert all(
        r.code != "torch-not-found"
        for r in explain("Build backend raised error: Module 'Cython' is missing, please make")
    )


def test_pdms_message_alone_gets_pdms_commands() -> None:
    text = (
        "Module 'torch' is missing, please make sure it is specified in the "
        "'build-system.requires' section. If it is not possible, add it to the project and "
        "use '--no-isolation' option."
    )
    first = explain(text)[0]
    assert first.facts["installer"] == "pdm"
