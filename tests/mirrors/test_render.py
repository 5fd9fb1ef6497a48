from __future__ import annotations

import io
from pathlib import Path

from envdoctor.i18n import set_language
from envdoctor.mirrors.apply import Scope, make_plan
from envdoctor.mirrors.catalog import load_catalog, resolve_mirror
from envdoctor.mirrors.effective import effective_configs
from envdoctor.mirrors.probe import ProbeResult, Verdict
from envdoctor.render.console import make_console
from envdoctor.render.mirrors import (
    probe_progress,
    render_applied,
    render_probe,
    render_show,
)
from envdoctor.render.mirrors_result import ApplyResult
from envdoctor.serde import to_json_data
from tests.mirrors.conftest import make_machine, write


def _console() -> tuple[io.StringIO, object]:
    buf = io.StringIO()
    console = make_console(file=buf)
    console.width = 200  # long findings on one line, so phrases can be searched for
    return buf, console


def test_show_names_the_file_each_setting_comes_from(tmp_path: Path) -> None:
    conf = write(
        tmp_path / "home" / ".config" / "pip" / "pip.conf",
        "[global]\nindex-url = https://mirrors.ustc.edu.cn/pypi/simple\n",
    )
    buf, console = _console()
    render_show(console, effective_configs(make_machine(tmp_path)), load_catalog())  # type: ignore[arg-type]
    out = buf.getvalue()
    assert "https://mirrors.ustc.edu.cn/pypi/simple" in out
    assert str(conf) in out and "ustc" in out
    assert "uv never reads pip.conf" in out


def test_show_says_uv_has_no_index_when_the_default_one_is_explicit(tmp_path: Path) -> None:
    write(
        tmp_path / "home" / ".config" / "uv" / "uv.toml",
        '[[index]]\nname = "t"\nurl = "https://x.example/simple"\n'
        "explicit = true\ndefault = true\n",
    )
    buf, console = _console()
    render_show(console, effective_configs(make_machine(tmp_path), ("uv",)), load_catalog())  # type: ignore[arg-type]
    out = buf.getvalue()
    assert "none for unpinned packages" in out
    assert "both default = true and explicit = true" in out


def test_show_in_chinese(tmp_path: Path) -> None:
    set_language("zh_CN")
    buf, console = _console()
    render_show(console, effective_configs(make_machine(tmp_path)), load_catalog())  # type: ignore[arg-type]
    assert "各工具实际使用的软件包索引" in buf.getvalue()
    assert "内置默认值" in buf.getvalue()
    assert "清华大学 TUNA 协会" in buf.getvalue()  # mirror names come from the data file


def test_probe_table_and_recommendation() -> None:
    ok = ProbeResult("nju", "u", Verdict.OK, latency_s=0.08, throughput_bps=12 * 1024 * 1024)
    bad = ProbeResult("tuna", "u", Verdict.BLOCKED, http_status=403, detail="HTTP 403")
    buf, console = _console()
    render_probe(console, [ok, bad], ok)  # type: ignore[arg-type]
    out = buf.getvalue()
    assert "80 ms" in out and "12.0 MB/s" in out and "blocked (403)" in out
    assert "envdoctor mirrors --mirror nju --apply" in out


def test_progress_callback_runs_when_enabled() -> None:
    with probe_progress(2, 5, enabled=True) as on_done:
        on_done(ProbeResult("a", "u", Verdict.OK))
        on_done(ProbeResult("b", "u", Verdict.TIMEOUT))


def test_apply_with_everything_skipped_says_nothing_written(tmp_path: Path) -> None:
    plan = make_plan(
        make_machine(tmp_path), resolve_mirror("http://10.0.0.1/s"), ("conda",), Scope.USER
    )
    buf, console = _console()
    render_applied(console, plan, None, [])  # type: ignore[arg-type]
    assert "Nothing was written" in buf.getvalue()
    payload = to_json_data(ApplyResult.of(plan, dry_run=False, session=None, warnings=[]))
    assert payload["skipped"][0]["tool"] == "conda" and payload["changes"] == []
