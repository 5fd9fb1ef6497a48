"""How a program was started on Windows: a .bat run as administrator starts in System32."""

from __future__ import annotations

from envdoctor.explain import explain


def test_a_relative_program_not_found_after_a_system32_prompt() -> None:
    # lurkbbs/e621dl#12's form, with the program in a folder of its own.
    text = (
        "C:\\WINDOWS\\system32>tools\\e621dl.exe\n"
        "'tools\\e621dl.exe' is not recognized as an internal or external command,\n"
        "operable program or batch file.\n\nC:\\WINDOWS\\system32>pause\n"
    )
    (result,) = explain(text)
    assert result.code == "bat-run-from-system32"
    assert result.kind == "environment"
    assert result.facts["path"] == "tools\\e621dl.exe"
    assert any("Run as administrator" in step for step in result.fix)
    assert any('cd /d "%~dp0"' in step for step in result.fix)
    assert "pip install" not in " ".join(result.fix)


def test_chinese_windows_and_cd_into_a_relative_folder() -> None:
    text = "C:\\Windows\\system32>cd ComfyUI_windows_portable\\ComfyUI\n系统找不到指定的路径。"
    (result,) = explain(text)
    assert result.code == "bat-run-from-system32"
    assert result.facts["path"] == "ComfyUI_windows_portable\\ComfyUI"


def test_python_cannot_open_a_script_under_system32() -> None:
    # OneDragon-Anything/StarRailOneDragon#64: the .bat's relative script, resolved in System32.
    text = (
        "C:\\Program Files\\Python311\\python.exe: can't open file "
        "'C:\\\\Windows\\\\System32\\\\src\\\\gui\\\\app.py': [Errno 2] No such file or directory"
    )
    (result,) = explain(text)
    assert result.code == "bat-run-from-system32"
    assert result.facts["path"] == "src\\gui\\app.py"


def test_absolute_paths_and_programs_on_path_are_not_this() -> None:
    # An absolute path that is gone, and a bare name looked up on PATH, say nothing of the
    # folder the prompt is in.
    absolute = (
        'C:\\Windows\\System32>"D:\\Fooocus\\python_embeded\\python.exe" -s entry.py\n'
        "The system cannot find the path specified."
    )
    assert "bat-run-from-system32" not in [r.code for r in explain(absolute)]
    bare = (
        "C:\\Windows\\system32>nvidia-smi\n"
        "'nvidia-smi' is not recognized as an internal or external command,"
    )
    assert "bat-run-from-system32" not in [r.code for r in explain(bare)]
    elsewhere = (
        "D:\\Fooocus>.\\python_embeded\\python.exe -s Fooocus\\entry_with_update.py\n"
        "The system cannot find the path specified."
    )
    assert "bat-run-from-system32" not in [r.code for r in explain(elsewhere)]
