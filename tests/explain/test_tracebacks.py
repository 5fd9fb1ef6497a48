"""Reading pasted tracebacks (explain.tracebacks): who ran the failing line."""

from __future__ import annotations

from envdoctor.explain.model import Context, Known
from envdoctor.explain.tracebacks import last_frame_package
from envdoctor.matrix.load import load_matrix

MATRIX = load_matrix()


def _ctx(text: str) -> Context:
    return Context(text=text, known=Known(), matrix=MATRIX)


def test_the_last_frame_names_the_installed_package() -> None:
    text = (
        'File "/env/lib/python3.10/site-packages/torch/distributed/run.py", line 3, in main '
        'File "/env/lib/python3.10/site-packages/diffusers/utils/x.py", line 28, in <module> '
        "ImportError: cannot import name 'a' from 'b'"
    )
    assert last_frame_package(_ctx(text), text.index("ImportError")) == "diffusers"


def test_a_program_file_last_is_no_package() -> None:
    text = (
        'File "C:\\\\venv\\\\Lib\\\\site-packages\\\\torch\\\\run.py", line 3, in main '
        'File "train.py", line 2, in <module> ImportError: x'
    )
    assert last_frame_package(_ctx(text), text.index("ImportError")) is None
    assert last_frame_package(_ctx("no frames at all"), 5) is None
