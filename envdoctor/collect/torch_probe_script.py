# Runs INSIDE the target interpreter (`python -c <this file's text>`), which may be any
# Python from 3.6 on, with or without a working torch. So: standard library only, no
# envdoctor imports, old-Python syntax, and every step guarded. It writes one JSON
# record per stage, each prefixed with a marker, flushing after each, so that when
# `import torch` segfaults or hangs the stages before it are still in the pipe.
import json
import os
import sys

MARK = "@@ENVDOCTOR@@ "


def _own_channel():
    # The records must not share a stream with what the user's interpreter prints: a torch,
    # a sitecustomize or a plugin banner that prints without a newline would otherwise glue
    # its text to a record and hide it. So the pipe envdoctor reads (our stdout, fd 1) is
    # moved to a private descriptor, and fd 1 / sys.stdout are pointed at stderr for
    # everybody else, C libraries included. The private descriptor is not inheritable,
    # so torch's own subprocesses never see it either.
    try:
        fd = os.dup(1)
        sys.stdout.flush()
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        # Text printed before this script ran (sitecustomize, .pth files) may sit in the
        # pipe without a newline: start on a fresh line so the first record is whole.
        os.write(fd, b"\n")
        return fd
    except (OSError, ValueError, AttributeError):
        return None


_CHANNEL = _own_channel()


def _die_with_parent():
    # envdoctor kills this process on every exit path it sees; a `kill -9` of envdoctor
    # leaves it no chance, and a hung CUDA init must not keep holding the GPU as an orphan.
    # Linux: the kernel sends SIGKILL when the parent dies. Elsewhere: a thread notices
    # that the parent changed and ends this process group (this process leads it).
    try:
        envdoctor = int(os.environ.pop("ENVDOCTOR_PARENT_PID", ""))
    except ValueError:
        return
    if os.name != "posix":
        return  # Windows does not re-parent orphans; nothing to watch for
    # Our parent is envdoctor, or a launcher shim in between; watch whichever it is.
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL
        except Exception:
            pass
    if parent != envdoctor:
        try:
            os.kill(envdoctor, 0)
        except ProcessLookupError:
            os._exit(1)  # envdoctor died before the lines above took effect
        except OSError:
            pass
    try:
        import threading
        import time

        def watch():
            while os.getppid() == parent:
                time.sleep(0.5)
            try:
                os.killpg(os.getpgrp(), 9)
            except Exception:
                os._exit(1)

        thread = threading.Thread(target=watch, name="envdoctor-watchdog")
        thread.daemon = True
        thread.start()
    except Exception:
        pass


_die_with_parent()


def emit(stage, data):
    line = (MARK + json.dumps({"stage": stage, "data": data}) + "\n").encode("utf-8")
    if _CHANNEL is None:
        sys.stdout.write("\n" + line.decode("utf-8"))
        sys.stdout.flush()
        return
    while line:
        line = line[os.write(_CHANNEL, line) :]


def python_facts():
    import platform
    import struct
    import sysconfig

    facts = {
        "executable": sys.executable,
        "version": "%d.%d.%d" % sys.version_info[:3],
        "implementation": platform.python_implementation(),
        "prefix": sys.prefix,
        "base_prefix": getattr(sys, "base_prefix", sys.prefix),
        "platform_tag": sysconfig.get_platform(),
        "pointer_bits": struct.calcsize("P") * 8,
        "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "conda": os.path.isdir(os.path.join(sys.prefix, "conda-meta")),
        "uv": False,
        "has_pip": False,
    }
    facts["glibc"] = None
    try:
        # Instant where available; platform.libc_ver() scans the interpreter binary.
        libc = os.confstr("CS_GNU_LIBC_VERSION") or ""
        if libc.startswith("glibc "):
            facts["glibc"] = libc.split(" ", 1)[1]
    except (AttributeError, ValueError, OSError):
        try:
            libc, ver = platform.libc_ver()
            facts["glibc"] = ver if libc == "glibc" and ver else None
        except Exception:
            pass
    cfg = os.path.join(sys.prefix, "pyvenv.cfg")
    try:
        with open(cfg) as fh:
            facts["uv"] = any(line.split("=")[0].strip() == "uv" for line in fh)
    except Exception:
        pass
    try:
        import importlib.util

        facts["has_pip"] = importlib.util.find_spec("pip") is not None
    except Exception:
        pass
    return facts


def torch_distribution(origin):
    # The installed distribution's version, read from the dist-info folder next to the
    # package (one directory listing; importlib.metadata would scan every distribution).
    if origin:
        site = os.path.dirname(os.path.dirname(origin))
        try:
            for entry in os.listdir(site):
                if entry.startswith("torch-") and entry.endswith(".dist-info"):
                    return entry[len("torch-") : -len(".dist-info")]
        except OSError:
            pass
    try:
        from importlib import metadata

        return metadata.version("torch")
    except Exception:
        return None


def torch_facts():
    import importlib.util
    import warnings

    spec = importlib.util.find_spec("torch")
    if spec is None:
        emit("torch-missing", {"distribution": torch_distribution(None)})
        return
    dist = torch_distribution(getattr(spec, "origin", None))
    emit("torch-found", {"distribution": dist, "origin": getattr(spec, "origin", None)})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import torch

    facts = {
        "version": str(getattr(torch, "__version__", "")) or None,
        "file": getattr(torch, "__file__", None),
        "cuda": getattr(getattr(torch, "version", None), "cuda", None),
        "hip": getattr(getattr(torch, "version", None), "hip", None),
        "import_warnings": [str(w.message) for w in caught][:5],
    }
    emit("torch-imported", facts)
    info = {}
    try:
        info["cudnn_raw"] = torch.backends.cudnn.version()
    except Exception as exc:
        info["cudnn_error"] = "%s: %s" % (type(exc).__name__, exc)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            info["cuda_available"] = bool(torch.cuda.is_available())
        except Exception as exc:
            info["cuda_available"] = False
            info["cuda_error"] = "%s: %s" % (type(exc).__name__, exc)
    info["cuda_warnings"] = [str(w.message) for w in caught][:10]
    emit("torch-cuda", info)
    details = {"devices": []}
    if info.get("cuda_available"):
        try:
            details["arch_list"] = list(torch.cuda.get_arch_list())
        except Exception as exc:
            details["arch_error"] = "%s: %s" % (type(exc).__name__, exc)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                count = torch.cuda.device_count()
                details["device_count"] = count
                for i in range(count):
                    props = torch.cuda.get_device_properties(i)
                    details["devices"].append(
                        {
                            "index": i,
                            "name": props.name,
                            "capability": "%d.%d" % (props.major, props.minor),
                            "total_memory_mib": int(props.total_memory) // (1024 * 1024),
                        }
                    )
            except Exception as exc:
                details["device_error"] = "%s: %s" % (type(exc).__name__, exc)
        details["device_warnings"] = [str(w.message) for w in caught][:10]
    elif facts["cuda"] or facts["hip"]:
        # A CUDA build that cannot use CUDA: ask torch why (it raises with the reason).
        try:
            details["device_count"] = torch.cuda.device_count()
        except Exception:
            details["device_count"] = None
        try:
            details["arch_list"] = list(torch.cuda.get_arch_list())
        except Exception:
            pass
        try:
            torch.cuda.init()
        except Exception as exc:
            details["init_error"] = "%s: %s" % (type(exc).__name__, exc)
    emit("torch-devices", details)


def main():
    try:
        emit("python", python_facts())
    except Exception as exc:
        emit("python-error", {"error": "%s: %s" % (type(exc).__name__, exc)})
    if os.environ.get("ENVDOCTOR_PROBE_SKIP_TORCH"):
        emit("done", {})
        return
    try:
        torch_facts()
    except BaseException as exc:  # ImportError, OSError (libcudnn), SystemExit from odd inits
        import traceback

        emit(
            "torch-error",
            {
                "type": type(exc).__name__,
                "message": str(exc),
                "traceback": traceback.format_exc()[-4000:],
            },
        )
    emit("done", {})


main()
