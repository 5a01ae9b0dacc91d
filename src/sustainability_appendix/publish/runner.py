"""Executing chapter notebooks: kernels that start side by side safely, and start early.

The build executes notebooks in threads of one process, each with papermill
against a kernel this module starts. What that saves over running the
``papermill`` and ``jupyter nbconvert`` command lines per notebook:

- papermill and nbclient are imported once per build, not once per
  notebook (and the notebook JSON-schema validator is imported without the IRI
  grammar it never uses, see :func:`import_execution_libraries`);
- kernels use the IPC transport (Unix sockets in a private folder, via
  :class:`IPCKernelManager`), so kernels started at the same moment cannot
  collide on TCP ports (papermill issues #239 and #511); a kernel that does not
  become ready is replaced, up to :data:`START_ATTEMPTS` times;
- kernels are forked from a fork server (:mod:`.zygote`) that has imported
  ipykernel and the package's notebook helpers (pandas, matplotlib) once, so a
  kernel skips the interpreter start and those imports; where fork is not
  available, or the server fails, a kernel is started as a process of its own
  that imports the helpers during its start-up (``IPKernelApp.exec_lines``).
  Every notebook gets a fresh kernel of its own either way;
- the next kernel is started while the current notebooks run: a notebook finds
  a kernel ready instead of waiting for it;
- kernels are stopped immediately (no interrupt-then-wait shutdown);
- the HTML page is made in-process from the executed notebook
  (``chapter_pages.export_chapter_html``, the site's own template).

Kernels run in ``notebooks/`` (their working directory) with the build's
environment, so a notebook behaves as it does in JupyterLab.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

KERNEL_NAME = "python3"
START_ATTEMPTS = 3
START_TIMEOUT = 120  # seconds for a kernel to answer, on a loaded machine
# what every notebook imports (pandas, matplotlib and the package's helpers), and a first figure drawn
# (loading the CJK font); a module only some notebooks import (seaborn) is imported by their kernels,
# not by every build's first kernel
WARM_MODULES = ("sustainability_appendix.present.notebook", "sustainability_appendix.present.plotting:warm_up")
INJECTED_CELL_ID = "injected-parameters"
ENGINE = "appendix"  # the papermill engine registered below
# what jsonschema imports, if installed, only to check string formats (none in the notebook schemas)
FORMAT_CHECKERS = ("rfc3987_syntax", "rfc3987", "rfc3986_validator", "rfc3339_validator", "isoduration", "fqdn",
                   "webcolors", "jsonpointer", "uri_template")


def import_execution_libraries() -> None:
    """Import papermill and nbclient, and register the papermill engine (the page template and
    the Markdown renderer are made ready while the notebooks run).

    ``jsonschema`` (which nbformat imports) imports the libraries that check string
    formats (``iri``, ``duration``, ``color`` ...) when they are installed;
    ``rfc3987_syntax`` alone builds a grammar at import and costs about 1.4 s. The
    notebook format's schemas use no string format, so they are kept out of this
    process (:data:`FORMAT_CHECKERS`).
    """
    if "jsonschema" not in sys.modules:
        for name in FORMAT_CHECKERS:
            sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    import logging

    import papermill  # noqa: F401
    from jupyter_client.manager import AsyncKernelManager  # noqa: F401
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.iorw import write_ipynb

    class KeepingEngine(NBClientEngine):
        """papermill's engine, which also writes the notebook as far as it got when
        the kernel dies (papermill itself writes it only for an error in a cell,
        unless it saves after every cell)."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, keep_on_failure=None, **kwargs):
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            except Exception:
                if keep_on_failure:
                    write_ipynb(nb_man.nb, keep_on_failure)
                raise

    papermill_engines.register(ENGINE, KeepingEngine)
    # the notebook schema's validator is compiled when first used (about 0.1 s): now, not by the first notebook
    from nbformat import v4, validator

    validator.get_validator(version=4, version_minor=v4.nbformat_minor)
    # the failure is reported with its cell; papermill's and nbclient's own lines would repeat it
    for name in ("papermill", "traitlets"):
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False


class KernelStartError(RuntimeError):
    """No kernel became ready after several attempts."""


class ForkServer:
    """The client of a :mod:`.zygote` process: asks it for kernels, one at a time."""

    def __init__(self, warm_modules: tuple[str, ...], cwd: str):
        self._lock = threading.Lock()
        self.broken = ""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sustainability_appendix.publish.zygote", *warm_modules],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd)
        self._ready = False

    def _reply(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise OSError("the kernel fork server stopped")
        return json.loads(line)

    def spawn(self, argv: list[str], cwd: str, log: str) -> int:
        """A new kernel process running ``ipykernel_launcher <argv>``; its process id."""
        with self._lock:
            if not self._ready:
                self._reply()  # {"ready": true}, once its imports are done
                self._ready = True
            self.process.stdin.write(json.dumps({"argv": argv, "cwd": cwd, "log": log}).encode() + b"\n")
            self.process.stdin.flush()
            return int(self._reply()["pid"])

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.process.stdin.close()
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.wait(timeout=10)


class ForkedProcess:
    """A kernel forked by the fork server, with the part of Popen the kernel manager uses.
    The server reaps it; it is gone once signal 0 finds no such process."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode = None

    def poll(self):
        try:
            os.kill(self.pid, 0)
            return None
        except ProcessLookupError:
            self.returncode = 0
            return 0

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("kernel", timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


@functools.lru_cache(maxsize=1)
def _kernel_client_class():
    import queue

    from jupyter_client.asynchronous import AsyncKernelClient

    class ReadyClient(AsyncKernelClient):
        """A client that knows the kernel is ready as soon as it is.

        jupyter_client's ``wait_for_ready`` ends by reading IOPub until it has been
        silent for 0.2 s, and a notebook's kernel is waited for twice (by the pool,
        then by nbclient). Here the kernel is ready once it has answered a
        ``kernel_info`` request on the shell channel and published, on IOPub, that it
        is idle again after it: both channels work, and nothing of the request is
        left to read.
        """

        async def wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.monotonic() + (START_TIMEOUT if timeout is None else timeout)
            while True:
                msg_id = self.kernel_info()
                try:
                    reply = await self.shell_channel.get_msg(timeout=1)
                except queue.Empty:
                    reply = None
                if (reply is not None and reply["msg_type"] == "kernel_info_reply"
                        and reply["parent_header"].get("msg_id") == msg_id):
                    self._handle_kernel_info_reply(reply)
                    if await self._idle_after(msg_id, wait=1.0):
                        return
                if not await self.is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

        async def _idle_after(self, msg_id: str, wait: float) -> bool:
            """Whether IOPub says the kernel is idle after the request ``msg_id`` within ``wait`` seconds."""
            end = time.monotonic() + wait
            while (left := end - time.monotonic()) > 0:
                try:
                    msg = await self.iopub_channel.get_msg(timeout=left)
                except queue.Empty:
                    return False
                if (msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle"
                        and msg["parent_header"].get("msg_id") == msg_id):
                    return True
            return False

    return ReadyClient


def _kernel_manager_class():
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        """A kernel that talks over Unix sockets in a private temporary folder.

        No TCP ports are chosen, so parallel start-ups cannot race for them; the
        folder also holds the connection file and the kernel's own log.
        """

        def __init__(self, **kwargs):
            if os.name != "nt":
                kwargs.setdefault("transport", "ipc")
            super().__init__(**kwargs)
            self.client_factory = _kernel_client_class()
            self.private_dir = tempfile.mkdtemp(prefix="appendix-kernel-")
            self.connection_file = os.path.join(self.private_dir, "kernel.json")
            if self.transport == "ipc":
                self.ip = os.path.join(self.private_dir, "ipc")
            self.log_path = os.path.join(self.private_dir, "kernel.log")
            self.clients: list = []
            self.fork_server: ForkServer | None = None

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            """Fork the kernel from the fork server when there is one and the kernel is
            ipykernel's, else start it as its own process."""
            server = self.fork_server
            if server is None or server.broken or kernel_cmd[1:3] != ["-m", "ipykernel_launcher"]:
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            try:
                pid = server.spawn(kernel_cmd[3:], str(kw.get("cwd") or os.getcwd()), self.log_path)
            except (OSError, ValueError) as exc:  # the server is gone: every later kernel starts on its own
                server.broken = str(exc)
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            provisioner = self.provisioner
            provisioner.process = ForkedProcess(pid)
            provisioner.pid, provisioner.pgid = pid, pid
            provisioner.cwd = kw.get("cwd")
            self._reconcile_connection_info(provisioner.connection_info)

        async def _async_wait(self, pollinterval: float = 0.1) -> None:
            """Wait for a stopped kernel to be gone, looking every 10 ms (a killed kernel is gone
            within milliseconds; jupyter_client looks every 100 ms)."""
            await super()._async_wait(pollinterval=min(pollinterval, 0.01))

        def client(self, **kwargs):
            """A client, remembered so its channels can be closed with the kernel
            (nbclient leaves them open on a kernel manager it was given)."""
            kc = super().client(**kwargs)
            self.clients.append(kc)
            return kc

        def close_clients(self) -> None:
            for kc in self.clients:
                with contextlib.suppress(Exception):  # a channel already closed
                    kc.stop_channels()
            self.clients.clear()

        def remove_private_dir(self) -> None:
            shutil.rmtree(self.private_dir, ignore_errors=True)

    return IPCKernelManager


def _sync(coroutine_function):
    from jupyter_core.utils import run_sync

    return run_sync(coroutine_function)


class KernelPool:
    """Starts kernels ahead of need, hands each out once, and stops them immediately.

    ``total`` is the number of notebooks to execute; no more kernels are started
    than that (plus replacements of kernels that failed to start). ``spare`` is
    how many kernels are kept starting beyond those executing.
    """

    def __init__(self, total: int, cwd: Path, spare: int = 1, warm_modules: tuple[str, ...] = WARM_MODULES,
                 fork: bool = True):
        self.remaining = total
        self.cwd = str(cwd)
        self.spare = spare
        self.warm_modules = warm_modules
        self.started = 0
        self.replaced = 0
        self._idle: list = []
        self._live: set = set()
        self._lock = threading.Lock()
        self._closed = False
        self.fork_server = ForkServer(warm_modules, self.cwd) if fork and hasattr(os, "fork") and total else None

    def _start(self):
        cls = _kernel_manager_class()
        km = cls(kernel_name=KERNEL_NAME)
        km.fork_server = self.fork_server
        args = ["--HistoryManager.hist_file=:memory:"]
        if self.warm_modules and (self.fork_server is None or self.fork_server.broken):
            imports = "; ".join(f"import {m.partition(':')[0]} as _warm_up" for m in self.warm_modules)
            args.append(f"--IPKernelApp.exec_lines={imports}; del _warm_up")
        with open(km.log_path, "ab") as log:
            _sync(km.start_kernel)(cwd=self.cwd, extra_arguments=args, stdout=log, stderr=log)
        self.started += 1
        self._live.add(km)
        return km

    @property
    def closed(self) -> bool:
        """The build is stopping (interrupted): failures now are not the notebooks' own."""
        return self._closed

    def prestart(self, count: int) -> None:
        """Start up to ``count`` kernels now (they boot while the caller goes on)."""
        with self._lock:
            while len(self._idle) < min(count, self.remaining) and not self._closed:
                self._idle.append(self._start())

    def acquire(self):
        """A ready kernel for one notebook; starts the next one in the background."""
        with self._lock:
            if self._closed:
                raise KernelStartError("the build is stopping")
            km = self._idle.pop(0) if self._idle else self._start()
            self.remaining -= 1
            while len(self._idle) < min(self.spare, self.remaining):
                self._idle.append(self._start())
        errors = []
        for attempt in range(START_ATTEMPTS):
            try:
                _wait_ready(km)
                return km
            except Exception as exc:  # a kernel that died or never answered: replace it
                errors.append(f"{type(exc).__name__}: {exc}{_log_tail(km)}")
                self.release(km)
                if attempt + 1 == START_ATTEMPTS:
                    break
                with self._lock:
                    if self._closed:
                        break
                    km = self._start()
                    self.replaced += 1
        raise KernelStartError(f"no kernel became ready after {len(errors)} attempts: " + "; ".join(errors))

    def release(self, km) -> None:
        """Stop a kernel at once and remove its files."""
        try:
            _sync(km.shutdown_kernel)(now=True)
        except Exception:
            pass
        finally:
            km.close_clients()
            km.remove_private_dir()
            with self._lock:
                self._live.discard(km)

    def close(self) -> None:
        """Stop every kernel still running (idle ones, and busy ones when interrupted), and the fork server."""
        with self._lock:
            self._closed = True
            kernels = list(self._live)
            self._idle.clear()
        for km in kernels:
            self.release(km)
        if self.fork_server is not None:
            self.fork_server.close()


def _wait_ready(km) -> None:
    kc = km.client()
    kc.start_channels()
    try:
        _sync(kc.wait_for_ready)(timeout=START_TIMEOUT)
    finally:
        kc.stop_channels()


def _log_tail(km, lines: int = 5) -> str:
    try:
        text = Path(km.log_path).read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return (" (kernel log: " + " | ".join(text[-lines:]) + ")") if text else ""


@dataclass
class Execution:
    """The outcome of executing one notebook."""

    seconds: float
    error: str | None = None


def execute_notebook(pool: KernelPool, source: Path, executed: Path, parameters: dict) -> Execution:
    """Execute ``source`` with ``parameters`` into ``executed`` on a kernel from ``pool``.

    Never raises for a failing notebook: the error names the cell (its index,
    execution count and first line) and the exception.
    """
    import papermill as pm

    start = time.perf_counter()
    executed.parent.mkdir(parents=True, exist_ok=True)
    try:
        km = pool.acquire()
    except KernelStartError as exc:
        return Execution(time.perf_counter() - start, f"could not start a kernel: {exc}")
    try:
        pm.execute_notebook(
            str(source), str(executed), parameters=parameters, km=km, kernel_name=KERNEL_NAME,
            engine_name=ENGINE, keep_on_failure=str(executed),
            progress_bar=False, log_output=False, request_save_on_cell_execute=False,
            start_timeout=START_TIMEOUT,
        )
        error = None
    except Exception as exc:  # the notebook failed: papermill's error carries the cell
        error = describe_failure(exc, km, executed)
    finally:
        pool.release(km)
    if executed.exists():
        _stable_cell_ids(executed)
    return Execution(time.perf_counter() - start, error)


def _first_line(source: str) -> str:
    return next((line.strip()[:80] for line in str(source).splitlines() if line.strip()), "")


def describe_failure(exc: Exception, km=None, executed: Path | None = None) -> str:
    """Where and why a notebook failed, in one line: the cell (index, execution count,
    first line of its code) and the exception."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        first = _first_line(exc.source)
        where = f"cell {exc.cell_index} (execution count {exc.exec_count}"
        where += f": {first})" if first else ")"
        return f"{where}: {exc.ename}: {exc.evalue}"
    where = ""
    if executed is not None and executed.exists():  # the last cell papermill started
        try:
            cells = json.loads(executed.read_text(encoding="utf-8")).get("cells", [])
        except ValueError:
            cells = []
        started = [i for i, c in enumerate(cells) if c.get("cell_type") == "code"
                   and c.get("metadata", {}).get("papermill", {}).get("status", "pending") != "pending"]
        if started:
            cell = cells[started[-1]]
            where = f"cell {started[-1]} ({_first_line(''.join(cell.get('source', '')))}): "
    name = type(exc).__name__
    if name == "DeadKernelError":
        return f"{where}the kernel died{_log_tail(km) if km is not None else ''}"
    if name == "CellTimeoutError":
        return f"{where}timed out: {exc}"
    return f"{where}{name}: {exc}"


def _stable_cell_ids(path: Path) -> None:
    """Give papermill's injected-parameters cell a fixed id (papermill draws a random
    one), so that executing the same notebook twice gives the same HTML."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    changed = False
    for cell in nb.get("cells", []):
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []) and cell.get("id") != INJECTED_CELL_ID:
            cell["id"] = INJECTED_CELL_ID
            changed = True
    if changed:
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
