"""nvidia-smi output (the table, `-L`, its failures) and `lshw -C display` sections."""

from __future__ import annotations

import re

from envdoctor.collect.readers.text import Document
from envdoctor.evidence import Observation
from envdoctor.tool_formats import GPU_NAME_START, SMI_HEADER, gpu_list_entry

# `|   0  NVIDIA GeForce RTX 3090     Off |  00000000:01:00.0  On |` (and the
# Windows `WDDM`/`TCC` form); the name may be cut off with "...".
_ROW = re.compile(
    rf"^\|?\s*(?P<index>\d{{1,2}})\s{{1,6}}(?P<name>{GPU_NAME_START}[\w .()/-]*?)"
    r"\s+(?:On|Off|WDDM|TCC)\s*\|\s*[0-9A-Fa-f]{4,8}:[0-9A-Fa-f]{2}:"
)
# `nvidia-smi -L`: the UUID it always prints tells its lines from other "GPU 0:" lines.
_LIST = re.compile("^" + gpu_list_entry(uuid=True))
_LSHW_PRODUCT = re.compile(r"^product:\s*(?P<product>.+)$")
_LSHW_VENDOR = re.compile(r"^vendor:\s*(?P<vendor>.+)$")
_LSHW_CONFIG = re.compile(r"^configuration:.*?\bdriver=(?P<driver>\S+)")


def read_nvidia_smi(doc: Document) -> list[Observation]:
    obs: list[Observation] = []
    seen_header = False
    for i, line in enumerate(doc.lines):
        if "Driver Version" in line and not seen_header:
            m = SMI_HEADER.search(line)
            if m is not None:
                seen_header = True
                q = doc.quote(i)
                obs.append(Observation("driver.version", m.group("driver"), q, "nvidia-smi", 3))
                cuda = m.group("cuda")
                if cuda and cuda != "N/A":
                    obs.append(Observation("driver.cuda", cuda, q, "nvidia-smi", 3))
            continue
        if line.startswith("|") or line[:1].isdigit():
            m = _ROW.match(line)
            if m is not None:
                name = m.group("name").rstrip(". ")
                obs.append(Observation("gpu", name, doc.quote(i), "nvidia-smi", 3))
                continue
        if line.startswith("GPU "):
            m = _LIST.match(line)
            if m is not None:
                obs.append(Observation("gpu", m.group("name"), doc.quote(i), "nvidia-smi", 3))
    return obs


def read_lshw(doc: Document) -> list[Observation]:
    """`*-display` sections: an NVIDIA product and whether a driver claims it."""
    obs: list[Observation] = []
    in_display = False
    product: tuple[int, str] | None = None
    nvidia = False
    for i, line in enumerate(doc.lines):
        if line.startswith("*-"):
            in_display = line.startswith("*-display")
            product, nvidia = None, False
            continue
        if not in_display:
            continue
        m = _LSHW_PRODUCT.match(line)
        if m is not None:
            product = (i, m.group("product"))
            continue
        m = _LSHW_VENDOR.match(line)
        if m is not None:
            nvidia = "nvidia" in m.group("vendor").lower()
            if nvidia and product is not None:
                bracket = re.search(r"\[([^\]]+)\]", product[1])
                name = bracket.group(1) if bracket else product[1]
                obs.append(Observation("gpu", name, doc.quote(product[0]), "lshw", 2))
            continue
        m = _LSHW_CONFIG.match(line)
        if m is not None and nvidia:
            obs.append(Observation("lshw.driver", m.group("driver"), doc.quote(i), "lshw", 2))
    return obs


__all__ = ["read_lshw", "read_nvidia_smi"]
