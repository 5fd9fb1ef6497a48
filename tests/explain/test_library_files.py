"""Shared libraries whose file is damaged (envdoctor/explain/families/library_files.py)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_an_empty_library_in_a_jetson_container_names_the_nvidia_runtime_first() -> None:
    text = (
        "./detectnet: error while loading shared libraries: "
        "/usr/lib/aarch64-linux-gnu/libcudnn.so.8: file too short"
    )
    (result,) = explain(text)
    assert result.code == "shared-library-file-broken"
    assert result.facts["jetson"] is True
    assert "--runtime nvidia" in result.fix[0]


def test_an_empty_library_elsewhere_is_reinstalled_not_a_jetson() -> None:
    (result,) = explain("OSError: /opt/app/lib/libclntsh.so: file too short")
    assert "jetson" not in result.facts
    assert "ls -l /opt/app/lib/libclntsh.so" in result.fix[0]


def test_a_file_that_is_no_elf_library_points_at_git_lfs() -> None:
    (result,) = explain("OSError: weights/libplugin.so: invalid ELF header")
    assert result.code == "shared-library-file-broken"
    assert "git lfs pull" in " ".join(result.fix)


def test_ldconfigs_empty_driver_libraries_beside_libdxcore_are_wsls_placeholders() -> None:
    text = (
        "/sbin/ldconfig.real: File /usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1 is empty, "
        "not checked.\n/sbin/ldconfig.real: File /usr/lib/x86_64-linux-gnu/libdxcore.so is "
        "empty, not checked."
    )
    result = explain(text)[0]
    assert result.facts["wsl_placeholders"] is True
    assert "-empty" in result.fix[0]


def test_ldconfigs_empty_library_elsewhere_is_a_damaged_file() -> None:
    (result,) = explain("ldconfig: File /opt/lib/libfoo.so.2 is empty, not checked.")
    assert "wsl_placeholders" not in result.facts
