"""Issue 11.8: `mirrors --restore` error paths tell the truth and exit 1 or 2, never 3.

What already holds is tested in tests/mirrors (no user byte lost on `kill -9` during
--apply/--restore: test_apply.py and test_review_cases.py; byte-exact restore:
test_cli.py::test_apply_then_restore). These are the paths the audit found wrong.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from envdoctor.cli import app

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["mirrors", *args])


def _apply(home: Path) -> tuple[Path, Path, Path]:
    pip_conf = home / ".config" / "pip" / "pip.conf"
    pip_conf.parent.mkdir(parents=True)
    pip_conf.write_bytes(b"# mine\n[global]\ntimeout = 7\n")
    condarc = home / ".condarc"
    condarc.write_bytes(b"channels:\n  - defaults\n")
    result = run("--mirror", "tuna", "--apply", "--json")
    assert result.exit_code == 0, result.output
    backup = Path(json.loads(result.stdout)["backup"])
    return pip_conf, condarc, backup


def test_hand_edit_after_apply_is_kept_exit_1_with_the_original(isolated_env: Path) -> None:
    pip_conf, condarc, backup = _apply(isolated_env)
    pip_conf.write_text("[global]\nindex-url = https://edited.example/simple\n")
    conda_after = condarc.read_bytes()
    result = run("--restore")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    message = " ".join(result.output.split())
    assert "your edit is kept" in message
    kept = next(p for p in backup.iterdir() if p.name.endswith("pip.conf"))
    assert str(kept) in message.replace(" ", "") or str(kept) in result.output.replace("\n", "")
    assert kept.read_bytes() == b"# mine\n[global]\ntimeout = 7\n"
    # All or nothing: nothing else was touched.
    assert "edited.example" in pip_conf.read_text()
    assert condarc.read_bytes() == conda_after


def test_hand_edit_json_is_an_error_envelope_exit_1(isolated_env: Path) -> None:
    pip_conf, _condarc, _backup = _apply(isolated_env)
    pip_conf.write_text("[global]\n")
    result = run("--restore", "--json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["exit_code"] == 1 and "your edit is kept" in doc["error"]["message"]


def test_dry_run_tells_the_truth_per_file(isolated_env: Path) -> None:
    pip_conf, _condarc, backup = _apply(isolated_env)
    pip_conf.write_text("[global]\nindex-url = https://edited.example/simple\n")
    uv_toml = isolated_env / ".config" / "uv" / "uv.toml"
    result = run("--restore", "--dry-run", "--json")
    assert result.exit_code == 1, result.output
    actions = {Path(r["path"]).name: r["action"] for r in json.loads(result.stdout)["restored"]}
    assert actions == {"pip.conf": "edited", ".condarc": "restore", uv_toml.name: "delete"}
    text = run("--restore", "--dry-run")
    assert text.exit_code == 1
    flat = " ".join(text.output.split())
    assert "your edit would be kept" in flat and "would delete it" in flat
    assert "would restore the original" in flat
    # A dry run changes nothing.
    assert "edited.example" in pip_conf.read_text() and uv_toml.exists()
    assert backup.is_dir()


def test_tool_is_honoured(isolated_env: Path) -> None:
    pip_conf, condarc, _backup = _apply(isolated_env)
    pip_conf.write_text("[global]\nindex-url = https://edited.example/simple\n")
    # The edited pip file blocks a full restore, but conda alone can go back.
    result = run("--restore", "--tool", "conda")
    assert result.exit_code == 0, result.output
    assert condarc.read_bytes() == b"channels:\n  - defaults\n"
    assert "edited.example" in pip_conf.read_text()
    assert (isolated_env / ".config" / "uv" / "uv.toml").exists()  # uv not touched
    # Done for conda: nothing more to restore for it.
    again = run("--restore", "--tool", "conda")
    assert again.exit_code == 0 and "Nothing to restore for conda" in " ".join(again.output.split())
    # uv still restorable on its own; pip still refused.
    assert run("--restore", "--tool", "uv").exit_code == 0
    assert not (isolated_env / ".config" / "uv" / "uv.toml").exists()
    assert run("--restore", "--tool", "pip").exit_code == 1


def test_dry_run_honours_tool(isolated_env: Path) -> None:
    _apply(isolated_env)
    result = run("--restore", "--dry-run", "--tool", "conda", "--json")
    assert result.exit_code == 0
    names = [Path(r["path"]).name for r in json.loads(result.stdout)["restored"]]
    assert names == [".condarc"]


def _damage(backup: Path, how: str) -> None:
    manifest = backup / "manifest.json"
    data = manifest.read_bytes()
    damaged = {
        "truncated": data[: len(data) // 2],
        "empty": b"",
        "binary": b"\x00\xff" * 50,
        "wrong-shape": b'{"entries": "nope", "created": 1, "status": "applied"}',
        "wrong-types": re.sub(rb'"mode": \d+', b'"mode": "rw"', data),
        "list": b"[]",
    }[how]
    manifest.write_bytes(damaged)


def test_corrupt_manifest_says_so_and_where_the_originals_are(isolated_env: Path) -> None:
    for how in ("truncated", "empty", "binary", "wrong-shape", "wrong-types", "list"):
        home = isolated_env
        pip_conf = home / ".config" / "pip" / "pip.conf"
        if pip_conf.exists():
            pip_conf.unlink()
        for name in (".condarc",):
            (home / name).unlink(missing_ok=True)
        (home / ".config" / "uv" / "uv.toml").unlink(missing_ok=True)
        if pip_conf.parent.exists():
            pip_conf.parent.rmdir()
        _pip, _conda, backup = _apply(home)
        _damage(backup, how)
        for args in (("--restore",), ("--restore", "--dry-run"), ("--restore", "--json")):
            result = run(*args)
            assert result.exit_code in (1, 2), (how, args, result.output)
            assert "Nothing to restore" not in result.output
            assert "Traceback" not in result.output and "internal error" not in result.output
            assert str(backup) in result.output.replace("\n", "") or str(backup) in " ".join(
                result.output.split()
            ), (how, result.output)
        # Put it aside so the next variant starts from its own apply.
        backup.rename(backup.with_name(backup.name + "-seen"))
        (backup.with_name(backup.name + "-seen") / "manifest.json").write_text(
            json.dumps({"entries": [], "created": "x", "status": "restored"})
        )
