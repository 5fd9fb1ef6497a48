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


# Set by main(); importing this file (tests) changes no descriptor.
_STATE = {"channel": None}


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


def emit(stage, data):
    line = (MARK + json.dumps({"stage": stage, "data": data}) + "\n").encode("utf-8")
    channel = _STATE["channel"]
    if channel is None:
        sys.stdout.write("\n" + line.decode("utf-8"))
        sys.stdout.flush()
        return
    while line:
        line = line[os.write(channel, line) :]


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
    try:
        emit("torch-libraries", loaded_libraries())
    except Exception as exc:
        emit("torch-libraries", {"error": "%s: %s" % (type(exc).__name__, exc)})


# The CUDA libraries worth knowing the origin of: the driver's libcuda and what torch's
# wheels bring (a copy from elsewhere that the loader finds first shadows them).
_CUDA_LIB_PREFIXES = ("libcuda.", "libcudart", "libcublas", "libcudnn", "libnccl", "libnvrtc")
_SYSTEM_LIB_DIRS = (
    "/usr/local/cuda*/lib64",
    "/usr/local/cuda*/targets/*/lib",
    "/usr/local/cuda*/compat",
    "/usr/lib/x86_64-linux-gnu",
    "/usr/lib/aarch64-linux-gnu",
    "/usr/lib64",
    "/opt/cuda/lib64",
)


def _is_cuda_lib(name):
    return name.startswith(_CUDA_LIB_PREFIXES) and ".so" in name


def _ld_conf_dirs(path="/etc/ld.so.conf", depth=0):
    # {directory: the ld.so.conf file that lists it}; includes followed a few levels deep.
    import glob

    found = {}
    if depth > 4:
        return found
    try:
        with open(path) as fh:
            lines = fh.read().splitlines()
    except (OSError, ValueError):
        return found
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("include"):
            pattern = line[len("include") :].strip()
            if not os.path.isabs(pattern):
                pattern = os.path.join(os.path.dirname(path), pattern)
            for inc in sorted(glob.glob(pattern)):
                for d, f in _ld_conf_dirs(inc, depth + 1).items():
                    found.setdefault(d, f)
        else:
            found.setdefault(os.path.realpath(line), path)
    return found


def _via(path, ld_path_entries, conf_dirs):
    # What put this file's directory on the loader's path: an LD_LIBRARY_PATH entry (as
    # written), or the ld.so.conf file naming it; None when neither (RPATH, a default dir).
    folder = os.path.dirname(path)
    for entry in ld_path_entries:
        if entry and os.path.realpath(entry) == folder:
            return "LD_LIBRARY_PATH", entry
    conf = conf_dirs.get(folder)
    if conf:
        return conf, folder
    return None, None


def mapped_cuda_paths(lines):
    # /proc/self/maps: "address perms offset dev inode pathname"; the path may hold spaces.
    paths = []
    for line in lines:
        parts = line.rstrip("\n").split(None, 5)
        if len(parts) < 6:
            continue
        path = parts[5]
        if path.endswith(" (deleted)"):
            path = path[: -len(" (deleted)")]
        if path.startswith("/") and _is_cuda_lib(os.path.basename(path)) and path not in paths:
            paths.append(path)
    return paths


def loaded_libraries(maps=None, environ=None, ld_conf="/etc/ld.so.conf", system_dirs=None):
    if maps is None:
        if not sys.platform.startswith("linux"):
            return {"unavailable": sys.platform}
        with open("/proc/self/maps") as fh:
            maps = fh.read().splitlines()
    paths = mapped_cuda_paths(maps)
    environ = os.environ if environ is None else environ
    entries = [e for e in environ.get("LD_LIBRARY_PATH", "").split(":") if e]
    conf_dirs = _ld_conf_dirs(ld_conf)
    loaded = []
    for path in paths:
        via, via_dir = _via(path, entries, conf_dirs)
        loaded.append({"path": path, "via": via, "via_dir": via_dir})
    import glob

    system = []
    seen = set()
    for pattern in _SYSTEM_LIB_DIRS if system_dirs is None else system_dirs:
        for folder in sorted(glob.glob(pattern)):
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                continue
            for name in names:
                if not name.startswith(("libcudnn.so.", "libcudart.so.", "libcuda.so.")):
                    continue
                full = os.path.join(folder, name)
                real = os.path.realpath(full)
                if os.path.islink(full) or real in seen:
                    continue
                seen.add(real)
                via, via_dir = _via(real, entries, conf_dirs)
                system.append({"path": real, "via": via, "via_dir": via_dir})
    return {"loaded": loaded, "system": system[:40]}


def main():
    _STATE["channel"] = _own_channel()
    _die_with_parent()
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


# `python -c` runs this as __main__; tests import it to call the pure helpers.
if __name__ == "__main__":
    main()
