"""envdoctor/explain/pasted.py: a message survives what copying does to it.

Every real fixture (tests/fixtures/errors) is put through the transformations pastes go
through — HTML escaping, a JSON string, a notebook's traceback list with colour codes,
timestamped or numbered log lines, a terminal's hard wrap in the middle of words — and
must get the same first explanation as the original; healthy reports must stay quiet.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from explain.errortext import fixture_names, fixture_text

from envdoctor.explain import explain, normalise
from envdoctor.explain.pasted import json_strings, rejoined_hard_wraps, undo_escapes

PASTES = Path(__file__).resolve().parents[1] / "fixtures" / "pastes"


def _hard_wrap(width: int) -> Callable[[str], str]:
    def wrap(text: str) -> str:
        return "\n".join(
            "\n".join(line[i : i + width] for i in range(0, max(len(line), 1), width))
            for line in text.splitlines()
        )

    return wrap


def _notebook(text: str) -> str:
    lines = ["\u001b[0;31m" + line + "\u001b[0m" for line in text.splitlines()]
    return json.dumps({"output_type": "error", "ename": "RuntimeError", "traceback": lines})


TRANSFORMS: dict[str, Callable[[str], str]] = {
    "html-escaped": lambda t: html.escape(t, quote=True),
    "json-string": lambda t: json.dumps({"log": t}),
    "json-lines": lambda t: "\n".join(json.dumps({"msg": line}) for line in t.splitlines()),
    "notebook": _notebook,
    "ci-timestamps": lambda t: "\n".join(
        f"2024-05-01T12:00:{i % 60:02d}.1234567Z {line}" for i, line in enumerate(t.splitlines())
    ),
    "python-logging": lambda t: "\n".join(
        f"2024-05-01 12:00:00,123 - train - ERROR - {line}" for line in t.splitlines()
    ),
    "numbered": lambda t: "\n".join(f"{i:>5} | {line}" for i, line in enumerate(t.splitlines(), 1)),
    "logging-level-only": lambda t: "\n".join(
        f"2024-05-01 12:00:00,123 - ERROR - {line}" for line in t.splitlines()
    ),
    "logging-bracketed": lambda t: "\n".join(
        f"[2024-05-01 12:00:00,123] INFO {line}" for line in t.splitlines()
    ),
    "logging-basic-config": lambda t: "\n".join(f"ERROR:root:{line}" for line in t.splitlines()),
    "loguru": lambda t: "\n".join(
        f"2024-05-01 12:00:00.123 | ERROR    | __main__:<module>:3 - {line}"
        for line in t.splitlines()
    ),
    "markdown-fence": lambda t: "```python\n" + t + "\n```",
    "github-details": lambda t: (
        "<details><summary>Log</summary>\n\n```\n" + t + "\n```\n</details>"
    ),
    "zero-width-spaces": lambda t: t.replace("\n", "\u200b\n"),
    "docker-compose": lambda t: "\n".join(f"trainer-1  | {line}" for line in t.splitlines()),
    "dmesg": lambda t: "\n".join(
        f"[ {i + 10}.123456] {line}" for i, line in enumerate(t.splitlines())
    ),
    "wrapped-at-60": _hard_wrap(60),
    "wrapped-at-80": _hard_wrap(80),
    "wrapped-at-120": _hard_wrap(120),
}


@pytest.mark.parametrize("how", sorted(TRANSFORMS))
def test_every_fixture_keeps_its_explanation(how: str) -> None:
    transform = TRANSFORMS[how]
    lost = []
    for name in fixture_names():
        text = fixture_text(name)
        before = explain(text)
        after = [e.code for e in explain(transform(text))]
        if not before:
            continue
        # A wrap found on one line only may have been a line's natural end: both readings
        # are reported, the wrapped one second, so the explanation must be there, not first.
        single_wrap = how.startswith("wrapped") and _one_wrap(transform(text))
        kept = before[0].code in after if single_wrap else after[:1] == [before[0].code]
        if not kept:
            lost.append((name, before[0].code, after[:2]))
    assert lost == []


def _one_wrap(text: str) -> bool:
    rewrapped = rejoined_hard_wraps(text)
    return rewrapped is not None and not rewrapped[1]


@pytest.mark.parametrize("how", sorted(TRANSFORMS))
def test_healthy_reports_stay_quiet(how: str) -> None:
    for path in sorted(PASTES.rglob("*healthy*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        before = [e.code for e in explain(text)]
        assert [e.code for e in explain(TRANSFORMS[how](text))] == before, path.name


def test_html_entities_are_decoded_only_where_present() -> None:
    assert undo_escapes("No module named &#39;torch&#39;") == "No module named 'torch'"
    assert undo_escapes("a &quot;b&quot; &lt;c&gt;") == 'a "b" <c>'
    assert undo_escapes("R&D team: loss & accuracy") == "R&D team: loss & accuracy"


def test_a_windows_path_is_not_taken_for_json_escapes() -> None:
    text = 'File "C:\\new\\torch\\nn\\modules\\module.py", line 1\nOSError: [WinError 126]'
    assert undo_escapes(text) == text


def test_an_escaped_log_string_gets_its_lines_back() -> None:
    text = 'Traceback (most recent call last):\\n  File \\"x.py\\"\\nRuntimeError: boom\\n'
    assert (
        undo_escapes(text)
        == 'Traceback (most recent call last):\n  File "x.py"\nRuntimeError: boom\n'
    )


def test_json_documents_and_json_lines_give_their_strings() -> None:
    doc = json.dumps({"a": ["line one\n", "line two"], "n": 3, "b": {"c": "three"}})
    assert json_strings(doc) == "line one\nline two\nthree"
    jsonl = '{"msg": "first"}\n{"msg": "second", "level": "ERROR"}\nplain text'
    assert json_strings(jsonl) == "first\nsecond\nERROR\nplain text"
    assert json_strings("{not json at all\nreally not") is None
    assert json_strings("RuntimeError: x") is None


def test_only_lines_of_the_full_width_are_joined() -> None:
    width = 60
    first = "RuntimeError: CUDA error: no kernel image is available for e"
    assert len(first) == width
    text = first + "\nxecution on the device\nshort line\nanother one"
    assert rejoined_hard_wraps(text) == (
        "RuntimeError: CUDA error: no kernel image is available for execution on the device"
        "\nshort line\nanother one",
        False,  # one line of the widest length may also have ended there
    )
    three = "a" * width + "\n" + "b" * width + "\n" + "c" * 10 + "\nnext"
    assert rejoined_hard_wraps(three) == ("a" * width + "b" * width + "c" * 10 + "\nnext", True)
    natural = "x" * (width - 1) + ".\nTraceback (most recent call last):"
    assert rejoined_hard_wraps(natural) == (
        "x" * (width - 1) + ".Traceback (most recent call last):",
        False,
    )
    assert rejoined_hard_wraps("x" * 40 + "\ny") is None  # narrower than any terminal
    assert rejoined_hard_wraps("one line only") is None


def test_the_wrapped_reading_adds_no_second_copy_of_a_code() -> None:
    text = "ERROR: torch-1.0.0-cp37-cp37m-linux_x86_64.whl is not a supported wheel on this pla\ntform."
    codes = [e.code for e in explain(text)]
    assert codes.count("wheel-not-supported") == 1


# Where cutting the message at the title length falls inside the words that identify it
# (a wheel name filling the line, a path before the message): nothing is left to know it by.
_CUT_TOO_EARLY = frozenset(
    {
        "conda-package-not-found__openvoice83",  # cut before the package's name
        "conda-package-not-found__3ddfa133",
        # The importing package is named only by the traceback above the ImportError.
        "package-versions-out-of-step__distrifuser24",
        # The reporter's version line comes first; the loader's message follows it.
        "paddle-library-missing__paddlenlp2980",
        "glibc-version-missing__pirender",  # a path fills the first 80 characters
        "gpu-too-old-for-feature__gollie5",  # cut before ptxas names the instruction
        # A socket's "read operation timed out" is pip's only beside pip's traceback.
        "download-timed-out__pytorch124566",
        "download-timed-out__sdwebui15554",
        "flash-attn-missing__emu3_21",  # cut before the package's name
        "flash-attn-missing__deepseekmoe24",
        "torch-device-type-unknown__rasbtnotes",  # the device list fills 80 characters
        # Cut to "[Errno 28] No space left on device": which disk ran full (pip's) is told
        # by the words before it, which the title loses.
        "install-disk-full__vllm2216",
        # The shell's "Killed" ends pip's download line; a title keeps only its start.
        "pip-killed__pytorch1022",
        "pip-killed__kernl293",
        # Whose HTTPS request failed (pip's or the program's own) is told by the words
        # around the certificate error, which a title loses.
        "download-certificate-failed__pytorch33292",
        # dkms says "Bad return status" for any module; the make.log path after it names
        # NVIDIA's, and a title is cut before it.
        "driver-module-not-built__fedora635",
        # The mangled libc++ symbol fills 80 characters; "Expected in: /usr/lib/libc++"
        # (the system's own runtime, so the macOS is too old) comes after it.
        "macos-too-old-for-binary__codon72",
        # The channel URL (which mirror answered 404) is cut off by the title.
        "conda-channel-not-mirrored__acezero28",
        # apt names the repository after 80 characters; only NVIDIA's is ours.
        "apt-nvidia-source-conflict__cloudnativedocs",
        # The $env: command fills the first 80 characters; cmd's complaint comes after it.
        "posix-env-syntax-on-windows__privategpt1291",
        # The System32 prompt and the .bat's command fill the first 80 characters; cmd's
        # "cannot find the path" comes after them.
        "bat-run-from-system32__fooocus1354",
        # "X is not installed" alone may be a notice that runs on; the error's own words
        # (ImportError:, "Please install") come before or after it.
        "library-requires-missing-package__accelerate369",
        # "requires `tqdm` to be installed" alone may name a program (ffmpeg), not a Python
        # package; "ImportError" and "pip install" are outside the matched words.
        "library-requires-missing-package__acceleratetqdm",
        # uv's chain that starts with another package's requirement: only its conclusion
        # ("... requirements are unsatisfiable"), after 80 characters, says it is uv's.
        "uv-requirements-unsatisfiable__pixiconstraint",
        # The library's path fills the first 80 characters; the loader's words follow it.
        "static-tls-exhausted__cumlci",
        # wsl is named first ("run `wsl --version`; if the command throws ..."); the
        # rejected option, which says which WSL step failed, comes after 80 characters.
        "wsl-setup-failed__wslsystemd",
        # The library's path fills the first 80 characters; "file too short" follows it.
        "shared-library-file-broken__neuronnxdt",
    }
)


def test_a_message_cut_to_an_issue_title_keeps_its_explanation() -> None:
    # Issue titles and first lines are what many people paste: the words that identify an
    # error come first, the numbers after them are facts that may be missing.
    lost = []
    for name in fixture_names():
        results = explain(fixture_text(name))
        if not results or results[0].kind != "environment":
            continue
        title = results[0].matched[:80]
        if not any(r.code == results[0].code for r in explain(title)[:1]):
            lost.append(name)
    assert sorted(set(lost) - _CUT_TOO_EARLY) == []


@pytest.mark.parametrize(
    "text",
    [
        'This is NOT the "no kernel image is available for execution on the device" problem.',
        "- If you get `RuntimeError: CUDA error: no kernel image is available for execution "
        "on the device`, reinstall PyTorch.",
        'Q: What does "CUDA driver version is insufficient for CUDA runtime version" mean?',
        '# Fixes "ImportError: libcudnn_cnn_infer.so.8: cannot open shared object file"',
        "- #8821 [closed] RuntimeError: CUDA error: no kernel image is available for "
        "execution on the device",
        # A changelog line, and a README's advice.
        "Fixed: `ImportError: cannot import name 'cached_download' from 'huggingface_hub'` "
        "when using newer hub (#1234)",
        "If pip fails with error: externally-managed-environment on Ubuntu 24.04, create a "
        "venv first",
    ],
)
def test_a_message_only_mentioned_is_not_explained(text: str) -> None:
    assert [r for r in explain(text) if r.kind == "environment"] == []


def test_a_message_reported_in_a_sentence_is_still_explained() -> None:
    text = (
        'I get "RuntimeError: CUDA error: no kernel image is available for execution on the device"'
    )
    assert [r.code for r in explain(text)] == ["no-kernel-image"]


def test_still_not_fixed_before_an_error_is_a_report() -> None:
    text = (
        "Tried the suggestion from #1234, still not fixed:\nRuntimeError: CUDA error: no "
        "kernel image is available for execution on the device"
    )
    assert [r.code for r in explain(text)] == ["no-kernel-image"]


def test_padded_wraps_are_joined() -> None:
    # A terminal that pads each wrapped row: a fixed-width piece, a run of spaces, the rest.
    from envdoctor.explain.pasted import rejoined_hard_wraps

    row = "x" * 60
    line = row + " " * 70 + row + " " * 70 + "tail"
    assert rejoined_hard_wraps(line) == (row + row + "tail", True)
    # Columns of a table are no wrap: their pieces differ in width.
    table = "name" + " " * 50 + "value" + " " * 45 + "more"
    assert rejoined_hard_wraps(table) is None


@pytest.mark.parametrize(
    ("last_line", "code"),
    [
        # The last line of torch's sm_XX warning: the GPU it names is looked up.
        (
            "If you want to use the NVIDIA GeForce RTX 5060 Ti GPU with PyTorch, please check "
            "the instructions at https://pytorch.org/get-started/locally/",
            "gpu-arch-not-in-build",
        ),
        (
            "PyTorch (12.4). Please make sure to use the same CUDA versions.",
            "cuda-version-mismatch-build",
        ),
        (
            "this error is to ensure PyTorch can find the bundled cuDNN.one possibility is that "
            "there is a conflicting cuDNN in LD_LIBRARY_PATH.",
            "cudnn-version-mismatch",
        ),
        ("Invalid handle. Cannot load symbol cudnnCreateTensorDescriptor", "cudnn-library-missing"),
        (
            "[Advise: This indicates that the installed NVIDIA CUDA driver is older than the CUDA "
            "runtime library. This is not a supported configuration.",
            "cuda-driver-insufficient",
        ),
        ("function 'cadam32bit_grad_fp32' not found", "bitsandbytes-no-gpu"),
        (
            "WARNING: No libcudart.so found! Install CUDA or the cudatoolkit package (anaconda)!",
            "bitsandbytes-no-gpu",
        ),
        (
            "[Hint: cudnn_dso_handle should not be null.] (at /paddle/phi/backends/dynload/cudnn.cc:64)",
            "paddle-library-missing",
        ),
        ("NVML library version: 570.86", "nvml-driver-library-mismatch"),
        (
            "Alternatively, go to: https://pytorch.org to install\na PyTorch version that has "
            "been compiled with your version\nof the CUDA driver.",
            "driver-too-old",
        ),
        (
            "NumPy 2.0.0 as it may crash. To support both 1.x and 2.x\nversions of NumPy, "
            "modules must be compiled with NumPy 2.0.",
            "numpy-abi-mismatch",
        ),
        (
            "CUDA versions. PyTorch has CUDA Version=11.7 and torchvision has CUDA \n"
            "Version=11.8. Please reinstall the torchvision that matches your PyTorch",
            "torch-companion-cuda-mismatch",
        ),
        (
            "NVRM: make sure that this kernel module and all NVIDIA driver\n"
            "NVRM: components have the same version.",
            "nvml-driver-library-mismatch",
        ),
        ("cudaGetDeviceCount returned 30\n-> unknown error", "cuda-unknown-error"),
        (
            "1. CUDA driver not installed\n2. CUDA not installed\n3. You have multiple "
            "conflicting CUDA libraries",
            "bitsandbytes-no-gpu",
        ),
        (
            "Otherwise, `uv pip install torch` into the environment and re-run with "
            "`--no-build-isolation`.",
            "torch-not-found",
        ),
    ],
)
def test_a_paste_cut_to_its_last_line_is_still_read(last_line: str, code: str) -> None:
    (result,) = explain(last_line)
    assert result.code == code
    assert "apex" not in result.cause


def test_the_last_line_of_a_gpu_the_matrix_does_not_know_gets_no_answer() -> None:
    assert not explain("If you want to use the Foo 9000 GPU with PyTorch, please check the")


def test_deeply_nested_brackets_are_no_crash() -> None:
    assert explain("[" * 5000) == ()


def test_cudnn_9s_loader_and_the_dispatcher_line_are_answered_once_as_cudnn_9() -> None:
    text = (
        "Unable to load any of {libcudnn_ops.so.9.1.0, libcudnn_ops.so.9.1, libcudnn_ops.so.9, "
        "libcudnn_ops.so}\nInvalid handle. Cannot load symbol cudnnCreateTensorDescriptor"
    )
    (result,) = explain(text)
    assert result.facts["cudnn_major"] == 9
    # Alone, the dispatcher line names no major: cuDNN 8 and 9 print it alike.
    (alone,) = explain("Invalid handle. Cannot load symbol cudnnCreateTensorDescriptor")
    assert "cudnn_major" not in alone.facts


def test_one_table_row_is_no_compose_log() -> None:
    assert normalise("sm_80 | A100\nok") == "sm_80 | A100 ok"


@pytest.mark.parametrize(
    "whole",
    [
        "The NVIDIA driver on your system is too old (found version 11040). Please update your "
        "GPU driver by downloading and installing a new version from the URL: "
        "http://www.nvidia.com/Download/index.aspx Alternatively, go to: https://pytorch.org to "
        "install a PyTorch version that has been compiled with your version of the CUDA driver.",
        "A module that was compiled using NumPy 1.x cannot be run in\nNumPy 2.0.0 as it may "
        "crash. To support both 1.x and 2.x\nversions of NumPy, modules must be compiled with "
        "NumPy 2.0.",
        "[ 7386.259769] NVRM: API mismatch: the client has the version 515.48.07, but\n"
        "               NVRM: this kernel module has the version 510.73.05.  Please\n"
        "               NVRM: make sure that this kernel module and all NVIDIA driver\n"
        "               NVRM: components have the same version.",
        "RuntimeError: cuDNN version incompatibility: PyTorch was compiled  against (9, 1, 0) "
        "but found runtime version (8, 9, 2). PyTorch already comes bundled with cuDNN. One "
        "option to resolving this error is to ensure PyTorch can find the bundled cuDNN.",
    ],
)
def test_a_whole_message_is_answered_once_though_its_tail_is_read_alone(whole: str) -> None:
    assert len(explain(whole)) == 1


def test_a_percent_encoded_message_is_decoded_and_a_url_in_a_log_line_is_not() -> None:
    from envdoctor.explain.pasted import undo_escapes

    assert undo_escapes("libcudart.so.12:%20cannot%20open%20shared%20object%20file") == (
        "libcudart.so.12: cannot open shared object file"
    )
    line = "Downloading https://example.com/my%20model/weights.bin to the cache folder now"
    assert undo_escapes(line) == line
    (result,) = explain("libcudart.so.12:%20cannot%20open%20shared%20object%20file")
    assert result.code == "cuda-library-missing"


def test_breaks_inside_words_at_ragged_widths_are_joined() -> None:
    # A window (a browser, an editor) wrapped the copy wherever it was, at another width on
    # each line: a line of terminal width ending in a letter, the next starting lower-case.
    first = "RuntimeError: cuDNN version incompatibility: PyTorch was comp"
    text = (
        first + "\niled  against (8, 9, 2) but found runtime version (8, 5, 0). PyTorch already com"
        "es bundled with cuDNN.\nTraceback (most recent call last):\n" + "y" * 120
    )
    rewrapped = rejoined_hard_wraps(text)
    assert rewrapped is not None
    assert rewrapped[1] is False  # read after the ordinary reading, never before it
    assert "PyTorch was compiled  against (8, 9, 2)" in rewrapped[0]
    assert "\nTraceback (most recent call last):" in rewrapped[0]  # a capital starts a line
    # A short line, or one ending in punctuation, is a line's natural end.
    assert rejoined_hard_wraps("a short line\nanother one") is None
    assert rejoined_hard_wraps("x" * 60 + ".\nnext sentence\n" + "y" * 70) is None


def test_a_message_wrapped_at_ragged_widths_is_answered() -> None:
    # TensorFlow's cuDNN check (stream_executor/cuda/cuda_dnn.cc), broken inside words at
    # two different widths.
    text = (
        "2021-03-02 11:20:09.012345: E tensorflow/stream_executor/cuda/cuda_dnn.cc:336] Loaded r\n"
        "untime CuDNN library: 8.0.4 but source was compiled with: 8.1.0.  CuDNN library needs to"
        " have matching major version and equal or higher minor vers\nion."
    )
    codes = [e.code for e in explain(text)]
    assert codes == ["cudnn-version-mismatch"]
    facts = explain(text)[0].facts
    assert facts == {"built_cudnn": "8.1.0", "loaded_cudnn": "8.0.4"}
