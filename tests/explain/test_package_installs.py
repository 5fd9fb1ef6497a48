"""A well-known package missing from the interpreter (families/package_installs.py)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_a_missing_package_inside_pips_isolated_build_is_not_the_users_environment() -> None:
    text = (
        "Collecting pycocotools==2.0.0\n  Getting requirements to build wheel ... error\n"
        '    File "/tmp/pip-build-env-abc/overlay/lib/python3.10/site-packages/setuptools/x.py"\n'
        "    ModuleNotFoundError: No module named 'numpy'\n"
    )
    assert all(r.code != "package-not-installed" for r in explain(text))
    (plain,) = explain("ModuleNotFoundError: No module named 'numpy'")
    assert plain.code == "package-not-installed"
