"""Loading a checkpoint: a GPU checkpoint on a machine without CUDA, torch.load's
weights_only default (PyTorch 2.6), a state_dict that does not fit the model — bugs in the
loading code, kind "code" — and a damaged file (kind "runtime": neither code nor install).
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.explain.steps import CODE_NOT_INSTALL
from envdoctor.i18n import N_, _

FAMILY = Family("user_code_checkpoints")


@FAMILY.entry(
    code="cuda-checkpoint-on-cpu",
    kind=ErrorKind.CODE,
    keywords=("deserialize object on", "in _cuda_deserialize"),
    title=N_("Loading a GPU checkpoint without map_location"),
    patterns=(
        rx(
            # (A quote may begin inside the sentence: "deserialize object on a CUDA device".)
            r"(?:Attempting to )?deserialize object on a CUDA device but "
            r"torch\.cuda\.is_available\(\) is False"
        ),
        # A traceback cut at its last frame: torch.load restoring a GPU tensor.
        rx(r"serialization\.py\"?, line \d+, in _cuda_deserialize(?P<cut>)[^\n]{0,120}?\s*$"),
        rx(
            r"Attempting to deserialize object on CUDA device (?P<dev>\d+) but "
            r"torch\.cuda\.device_count\(\) is (?P<count>\d+)"
        ),
        # Its head alone, as an issue title cuts it (TreB1eN/InsightFace_Pytorch#113).
        rx(r"Attempting to deserialize object on a CUDA(?! device but)(?P<head>)"),
    ),
)
def _advise_map_location(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    facts: dict[str, object] = {}
    if groups.get("dev") is not None:
        facts.update({"saved_on_gpu": int(groups["dev"]), "gpus_here": int(groups["count"])})
        cause = _(
            "The checkpoint was saved from GPU {dev}, and this process sees only {count} "
            "GPU(s). torch.load puts tensors back on the device they were saved from "
            "unless map_location says otherwise."
        ).format(dev=groups["dev"], count=groups["count"])
        fix: tuple[str, ...] = (
            _("Load it onto a GPU that exists: torch.load(path, map_location='cuda:0')."),
        )
    elif groups.get("cut") is not None:
        cause = _(
            "The traceback ends where torch.load restores a tensor saved on a GPU "
            "(_cuda_deserialize): that fails when this process has no usable CUDA, not that "
            "GPU index, or no room on it. The code must say where to load the tensors."
        )
        fix = (
            _(
                "Load onto the CPU: torch.load(path, map_location='cpu') (or "
                "map_location=device, the device the model will use)."
            ),
        )
    else:
        cause = _(
            "The checkpoint holds tensors saved on a GPU, and torch.load restores them onto "
            "the GPU, but CUDA is not available in this process. The code must say where to "
            "load them."
        )
        fix = (
            _(
                "Load onto the CPU: torch.load(path, map_location='cpu') (or "
                "map_location=device, the device the model will use)."
            ),
        )
        if k.local and k.torch_is_cpu_only:
            cause += sep() + _(
                "The torch here is a CPU-only build; if this machine has an NVIDIA GPU you "
                "meant to use, that is a separate problem: `envdoctor check` shows it."
            )
    return Advice(cause, fix, facts, used_local_facts=k.local)


_UNSUPPORTED_GLOBAL = re.compile(r"Unsupported global: GLOBAL (?P<g>[\w.]{1,200})")


@FAMILY.entry(
    code="torch-load-weights-only",
    kind=ErrorKind.CODE,
    keywords=("weights only load failed", "weightsunpickler error"),
    title=N_("torch.load refused a checkpoint with Python objects (weights_only)"),
    patterns=(
        rx(r"Weights only load failed"),
        rx(r"WeightsUnpickler error: Unsupported (?:global|class|operand)"),
    ),
)
def _advise_weights_only(_m: re.Match[str], ctx: Context) -> Advice:
    facts: dict[str, object] = {}
    cause = _(
        "torch.load ran with weights_only=True (the default since PyTorch 2.6), which loads "
        "only tensors and plain containers, and the checkpoint also holds pickled Python "
        "objects (a whole model, a NumPy value, a config class). The code that calls "
        "torch.load was written for the old default; the installation is fine."
    )
    found = ctx.near(_UNSUPPORTED_GLOBAL, "unsupported global", before=0)
    if found:
        facts["global"] = found.group("g").rstrip(".")
        cause += sep() + _("The first object it refused: {name}.").format(name=facts["global"])
    fix = (
        _(
            "If you trust the file: torch.load(path, weights_only=False) where the "
            "checkpoint is loaded."
        ),
        _(
            "Safer: allow just the listed classes, torch.serialization.add_safe_globals([...]) "
            "or `with torch.serialization.safe_globals([...]):` around the call (also works "
            "around a torch.load inside a library)."
        ),
        _(
            "For your own checkpoints: save model.state_dict() instead of the model object, "
            "then they load with weights_only=True."
        ),
    )
    return Advice(cause, fix, facts)


_MODULE_PREFIX = re.compile(
    r"(?:(?:Unexpected|Missing) key\(s\) in state_dict: \"|(?:unexpected|missing) keys? "
    r"[\"'{]{1,2})module\."
)


@FAMILY.entry(
    code="state-dict-mismatch",
    kind=ErrorKind.CODE,
    keywords=("in loading state_dict", "copying a param with shape", "in state_dict"),
    title=N_("Checkpoint does not fit the model (state_dict keys or shapes)"),
    patterns=(
        rx(r"Error\(s\) in loading state_dict for (?P<model>[\w.]+)"),
        # PyTorch 0.x: 'unexpected key "module.features.conv0.weight" in state_dict',
        # 'missing keys in state_dict: "{...}"'.
        rx(
            r"(?P<old>unexpected key|missing keys?) [\"'{]{1,2}(?P<key>[\w.]{1,200})[\"'}]{0,2} in state_dict"
        ),
        rx(r"(?P<old>missing keys) in state_dict: "),
        rx(
            r"size mismatch for (?P<key>[\w.]+): copying a param with shape "
            r"(?P<saved>torch\.Size\(\[[\d, ]*\]\)) from checkpoint, the shape in current model "
            r"is (?P<model_shape>torch\.Size\(\[[\d, ]*\]\))"
        ),
    ),
)
def _advise_state_dict(m: re.Match[str], ctx: Context) -> Advice:
    facts = {k: v for k, v in m.groupdict().items() if v is not None}
    window = ctx.text[m.start() : m.start() + 4000]
    sizes = "size mismatch for" in window
    missing = "Missing key(s)" in window
    unexpected = "Unexpected key(s)" in window
    facts.update({"size_mismatch": sizes, "missing_keys": missing, "unexpected_keys": unexpected})
    cause = _(
        "load_state_dict() got a checkpoint that was saved from a different model: keys "
        "are missing or unexpected, or parameters have other shapes."
    )
    fix: list[str] = []
    if _MODULE_PREFIX.search(window):
        facts["module_prefix"] = True
        cause += sep() + _(
            "The keys differ by a 'module.' prefix: the checkpoint was saved from a model "
            "wrapped in DataParallel/DistributedDataParallel (or the model is wrapped now)."
        )
        fix.append(
            _(
                "Strip the prefix: state = {k.removeprefix('module.'): v for k, v in "
                "state.items()}, or save model.module.state_dict() in the first place."
            )
        )
    if sizes:
        cause += sep() + _(
            "Shapes differ: the model is configured differently from the checkpoint "
            "(number of classes, vocabulary size, model size or variant)."
        )
        fix.append(
            _(
                "Build the model with the checkpoint's configuration; to fine-tune with "
                "another number of classes, drop the mismatching head weights before "
                "loading (transformers: ignore_mismatched_sizes=True)."
            )
        )
    fix.append(
        _(
            "Check that checkpoint and code belong together (same architecture, version of "
            "the repository and config file)."
        )
    )
    fix.append(
        _(
            "Only when the missing or extra keys are expected (a new head, an optimizer "
            "entry): load_state_dict(state, strict=False) and read the keys it returns."
        )
    )
    return Advice(cause + sep() + _(CODE_NOT_INSTALL), tuple(fix), facts)


@FAMILY.entry(
    code="checkpoint-file-corrupt",
    kind=ErrorKind.RUNTIME,
    keywords=(
        "pytorchstreamreader failed",
        "invalid load key",
        "ran out of input",
        "the file might be corrupted",
    ),
    title=N_("The checkpoint file is damaged or not a checkpoint"),
    patterns=(
        # torch.load's zip reader (PyTorch 1.6+ format) on a truncated file.
        rx(r"PytorchStreamReader failed reading zip archive: failed finding central directory"),
        rx(r"unexpected EOF, expected \d+ more bytes\. The file might be corrupted"),
        # pickle on a file that is not a checkpoint: a Git LFS pointer ("version https://
        # git-lfs..."), an HTML page ("<!DOCTYPE"), or an empty file.
        rx(r"invalid load key, '(?P<key>[^']{1,6})'"),
        rx(r"EOFError: Ran out of input"),
    ),
)
def _advise_corrupt(m: re.Match[str], ctx: Context) -> Advice | None:
    if "Ran out of input" in m.group(0) and (
        ctx.has("spawn.py", "reduction.py", "multiprocessing")
        or not ctx.has("serialization.py", "torch.load", "pickle.load")
    ):
        # Also what a DataLoader worker on Windows says when its dataset cannot be pickled:
        # only a load of a file is this entry's case.
        return None
    key = m.groupdict().get("key")
    facts: dict[str, object] = {"load_key": key} if key else {}
    cause = _(
        "The file given to torch.load is not a whole checkpoint: the download was cut off, "
        "or the file is something else saved under the model's name. The code and the "
        "installation are fine."
    )
    if key == "v":
        cause += sep() + _(
            "It starts with 'v': a Git LFS pointer file (\"version https://git-lfs...\"), "
            "cloned without Git LFS, not the weights."
        )
    elif key == "<":
        cause += sep() + _(
            "It starts with '<': an HTML page (a login, error or redirect page) was saved "
            "instead of the file."
        )
    fix = (
        _(
            "Compare the file's size with the size the download page states (`ls -l`), "
            "delete it and download it again; for Git repositories, `git lfs install && git "
            "lfs pull`."
        ),
        _(
            "Cached downloads are reused: delete the broken copy from ~/.cache/torch/hub/"
            "checkpoints or ~/.cache/huggingface/hub so it is fetched again."
        ),
        _(
            "If the file was written by your own training, it was saved while being read, or "
            "the disk filled up: save to a new name and check free space."
        ),
    )
    return Advice(cause, fix, facts, key=key or "zip")


@FAMILY.entry(
    code="map-location-not-callable",
    kind=ErrorKind.CODE,
    keywords=("object is not callable",),
    title=N_("torch.load's map_location given a value it cannot use (an int)"),
    patterns=(
        # torch/serialization.py restore_location calls a map_location that is not a str,
        # dict or torch.device (Det3D#45 passed the GPU index as an int).
        rx(
            r"result = map_location\(storage, location\)\s*TypeError: '(?P<type>\w+)' "
            r"object is not callable"
        ),
    ),
    specificity=3,
)
def _advise_map_location_type(m: re.Match[str], _ctx: Context) -> Advice:
    facts: dict[str, object] = {"map_location_type": m.group("type")}
    cause = _(
        "torch.load's map_location was given a {type}: it takes a device string "
        "('cuda:0', 'cpu'), a torch.device, a dict of device names, or a function; any "
        "other value is called as a function and fails. The installation is fine."
    ).format(type=m.group("type"))
    fix = (
        _(
            "Pass a device: torch.load(path, map_location='cuda:0') (the index inside the "
            "string) or map_location=torch.device('cpu'), not the GPU index itself."
        ),
    )
    return Advice(cause, fix, facts)


__all__ = ["FAMILY"]
