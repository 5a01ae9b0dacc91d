"""A kernel fork server: one process that imports what every notebook imports, once,
and forks a fresh kernel from itself for each notebook.

Started by :class:`sustainability_appendix.publish.runner.KernelPool` as
``python -m sustainability_appendix.publish.zygote <module> ...``: it imports
ipykernel and the named modules (the package's notebook helpers, which import
pandas and matplotlib) and calls the functions named ``module:function`` (one
that draws a figure, so the CJK font is loaded), then reads one JSON request per line on its standard
input, ``{"argv": [...], "cwd": ..., "log": ...}``, and answers each with the
process id of a child that runs ``ipykernel_launcher <argv>`` in ``cwd``, its
output in ``log``. A kernel started this way is a new process with nothing of
any other notebook, as with a normal start; what it skips is the interpreter
start and the imports, about two seconds of CPU per notebook.

Nothing in this process starts a thread or opens a socket before it forks: the
kernel's own threads and sockets are made in the child, as in a normal start.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys


def _child(request: dict) -> None:
    """Become the kernel: never returns."""
    code = 1
    try:
        os.setsid()  # its own process group, which the kernel manager signals
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        log = os.open(request["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(null)
        os.close(log)
        os.chdir(request["cwd"])
        # the kernel stops when the server does (the server stops when the build does)
        sys.argv = ["ipykernel_launcher", *request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        # a notebook run by the build is never debugged: without debugpy the kernel skips loading the
        # debugger (ipykernel then reports it unavailable, as when debugpy is not installed)
        sys.modules["debugpy"] = None  # type: ignore[assignment]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except BaseException:  # noqa: BLE001 - whatever happens, the child must not return into the server's loop
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


def main(argv: list[str]) -> None:
    # as ipykernel_launcher does: the working directory is not an import path of the kernel
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    # what a kernel sets before anything imports matplotlib
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    import ipykernel.kernelapp  # noqa: F401

    for name in argv:  # "module", or "module:function" to call once imported
        module, _, function = name.partition(":")
        loaded = importlib.import_module(module)
        if function:
            getattr(loaded, function)()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # exited kernels are reaped by the system
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    replies.write(b'{"ready": true}\n')
    replies.flush()
    for line in requests:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(request)
        replies.write(json.dumps({"pid": pid}).encode() + b"\n")
        replies.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
