from __future__ import annotations

import pytest

from envdoctor.fsio import ConfigFileError
from envdoctor.mirrors.editors import Target, edit_condarc, edit_pip, edit_uv, needs_trusted_host

T = Target(
    pypi="https://m.example/simple",
    default_channels=("https://m.example/a/pkgs/main", "https://m.example/a/pkgs/r"),
    custom_channels=(("conda-forge", "https://m.example/a/cloud"),),
)


def test_trusted_host_only_for_remote_plain_http() -> None:
    assert needs_trusted_host("http://10.0.0.1:8080/simple") == "10.0.0.1"
    assert needs_trusted_host("https://mirrors.aliyun.com/pypi/simple/") is None
    assert needs_trusted_host("http://127.0.0.1:9/simple") is None
    assert needs_trusted_host("http://localhost/simple") is None


def test_pip_unchanged_returns_the_same_text() -> None:
    text = "[global]\nindex-url = https://m.example/simple\n"
    assert edit_pip(text, T).text is text


def test_pip_appends_to_a_multiline_trusted_host_list() -> None:
    text = "[global]\ntrusted-host =\n    a.example\n    b.example\n"
    out = edit_pip(text, Target("http://c.example/simple", None, ())).text
    assert "trusted-host =\n    a.example\n    b.example\n    c.example\n" in out


def test_pip_new_global_section_is_separated() -> None:
    out = edit_pip("[install]\nuser = true", T).text
    assert out == "[install]\nuser = true\n\n[global]\nindex-url = https://m.example/simple\n"


def test_pip_unparsable_raises() -> None:
    with pytest.raises(ConfigFileError, match="cannot parse"):
        edit_pip("index-url = x\n", T)


def test_condarc_keeps_zero_indent_lists() -> None:
    out = edit_condarc("channels:\n- conda-forge\n", T).text
    assert out.startswith("channels:\n- conda-forge\n")
    assert "default_channels:\n- https://m.example/a/pkgs/main\n" in out


def test_condarc_removes_pkgs_free_and_reports_it() -> None:
    edited = edit_condarc("channels:\n  - https://x/anaconda/pkgs/free/\n", T)
    assert "pkgs/free" not in edited.text
    assert "  - defaults" in edited.text
    assert edited.notes


def test_condarc_leaves_default_channels_alone_for_community_only_mirrors() -> None:
    text = "default_channels:\n  - https://repo.anaconda.com/pkgs/main\n"
    out = edit_condarc(
        text, Target("https://u/simple", None, (("conda-forge", "https://u/c"),))
    ).text
    assert "https://repo.anaconda.com/pkgs/main" in out and "conda-forge: https://u/c" in out


def test_condarc_rejects_a_list_document() -> None:
    with pytest.raises(ConfigFileError, match="not a mapping"):
        edit_condarc("- a\n- b\n", T)


def test_uv_marks_an_existing_entry_default_instead_of_duplicating() -> None:
    text = '[[index]]\nname = "m"\nurl = "https://m.example/simple"\n'
    out = edit_uv(text, T).text
    assert out.count("[[index]]") == 1 and "default = true" in out


def test_uv_updates_pip_section_and_rejects_a_non_table_index() -> None:
    out = edit_uv('[pip]\nindex-url = "https://old/simple"\n', T)
    assert 'index-url = "https://m.example/simple"' in out.text and out.notes
    with pytest.raises(ConfigFileError, match="array of tables"):
        edit_uv('index = "x"\n', T)
    with pytest.raises(ConfigFileError, match="cannot parse"):
        edit_uv("[[index]\n", T)


def test_uv_inline_index_array_is_edited_in_place() -> None:
    import tomlkit

    text = 'index = [{ name = "corp", url = "https://corp.example/simple" }]\n'
    out = edit_uv(text, T).text
    doc = tomlkit.parse(out).unwrap()
    assert doc["index"] == [
        {"name": "corp", "url": "https://corp.example/simple"},
        {"url": "https://m.example/simple", "default": True},
    ]
    assert edit_uv(out, T).text is out


def test_uv_appended_index_after_other_tables_stays_valid_toml() -> None:
    import tomlkit

    text = (
        '[[index]]\nname = "corp"\nurl = "https://corp.example/simple"\n\n[pip]\nno-build = true\n'
    )
    out = edit_uv(text, T).text
    assert out.startswith(text)
    doc = tomlkit.parse(out).unwrap()
    assert [i["url"] for i in doc["index"]] == [
        "https://corp.example/simple",
        "https://m.example/simple",
    ]
    assert doc["pip"] == {"no-build": True}


def test_uv_explicit_default_entry_loses_default_and_the_mirror_is_appended() -> None:
    import tomlkit

    text = (
        '[[index]]\nname = "pinned"\nurl = "https://m.example/simple"\n'
        "explicit = true\ndefault = true\n"
    )
    out = edit_uv(text, T)
    doc = tomlkit.parse(out.text).unwrap()
    assert doc["index"] == [
        {"name": "pinned", "url": "https://m.example/simple", "explicit": True},
        {"url": "https://m.example/simple", "default": True},
    ]
    assert any("explicit" in n for n in out.notes)
    assert edit_uv(out.text, T).text is out.text


def test_uv_legacy_index_url_is_kept_and_an_index_default_added() -> None:
    import tomlkit

    out = edit_uv('index-url = "https://old/simple"\n', T).text
    doc = tomlkit.parse(out).unwrap()
    assert doc["index-url"] == "https://m.example/simple"
    assert doc["index"] == [{"url": "https://m.example/simple", "default": True}]


def test_pip_trusted_host_goes_into_the_spelling_pip_uses() -> None:
    text = "[global]\ntrusted-host = a.example\ntrusted_host = b.example\n"
    out = edit_pip(text, Target("http://m.example/simple", None, ())).text
    assert "trusted-host = a.example\n" in out
    assert "trusted_host = b.example m.example\n" in out


def test_condarc_untouched_keys_keep_their_own_layout_and_comments() -> None:
    text = (
        "# my condarc\n"
        "channels:\n"
        "- https://x/anaconda/pkgs/free/\n"
        "- conda-forge\n"
        "# where envs go\n"
        "envs_dirs:\n"
        "    -   /data/envs   # big disk\n"
        "pkgs_dirs: [/data/pkgs]\n"
    )
    out = edit_condarc(text, T).text
    assert "# where envs go\nenvs_dirs:\n    -   /data/envs   # big disk\n" in out
    assert "pkgs_dirs: [/data/pkgs]\n" in out
    assert out.startswith("# my condarc\nchannels:\n- conda-forge\n")  # edited, same style
    assert "pkgs/free" not in out
    assert edit_condarc(out, T).text is out
