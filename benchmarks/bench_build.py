#!/usr/bin/env python3
"""Build-speed benchmark of one reporting year, in a throw-away copy of the project.

Measures, in one run and on the same notebooks:

(a) naive: for each chapter, the ``papermill`` command line, then
    ``jupyter nbconvert --to html --no-input``, one after the other;
(b) cold: ``appendix build --force`` with no cache (``build/`` removed), with the
    peak memory of the whole process tree (the build, the kernel fork server and
    every kernel), sampled;
(c) no change: ``appendix build`` again, nothing changed (the whole command,
    interpreter start included);
(d) one quantity item changed (``water_discharge_ml`` in ``quantities.csv``, which
    only the water chapter reads), three times: which chapters were executed and
    which chapter-years recalled from the last build, and the median time against
    the cold build.

(b)-(d) build the HTML appendix (``--no-pdf``), what (a) makes too. Then, where
Chromium is installed, what the year's PDF adds: (e) a cold build with the PDF and
(f) the item changed again with the PDF, each with its time, the PDF's seconds and
the peak memory of the process tree (Chromium included).

Targets: (b) at most 0.2 x (a); (c) at most 0.5 s with no kernel; (d) only the
chapters that read the item, in at most 0.25 x (b); peak memory at most 1 GiB.

The package snapshot is byte-compiled first, as an installed package is after its
first run (where ``PYTHONDONTWRITEBYTECODE`` is set, every run would compile it).

Usage: ``.venv/bin/python benchmarks/bench_build.py [--year 2025] [--cold-runs 2]``.
Results go to ``benchmarks/results/`` (JSON and Markdown), not committed.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "results"
CHANGED_ITEM = ("water_discharge_ml", "water")  # the item, and the one chapter that reads it


def copy_project(target: Path) -> Path:
    """Data, notebooks and a snapshot of the package (imported through PYTHONPATH by the
    build and its kernels), so that edits made meanwhile in the checkout do not count."""
    for name in ("data/raw", "data/reference", "data/printed", "notebooks"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "src" / "sustainability_appendix", target / "src" / "sustainability_appendix",
                    ignore=shutil.ignore_patterns("__pycache__"))
    compileall.compile_dir(target / "src", quiet=1)
    return target


class TreeSampler:
    """Peak of the summed resident memory of a process and all its descendants, and the
    CPU time each of them used, sampled (kernels forked by the fork server are not
    children the build waits for, so the operating system does not count them for it)."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.cpu: dict[tuple[int, float], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            total = 0
            for p in procs:
                with contextlib.suppress(psutil.NoSuchProcess):  # it ended meanwhile
                    total += p.memory_info().rss
                    times = p.cpu_times()
                    self.cpu[(p.pid, p.create_time())] = times.user + times.system
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def run(cmd: list[str], env: dict, cwd: Path) -> dict:
    """Run a command; its wall time, the peak memory and CPU time of its process tree, its output."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with TreeSampler(proc.pid) as sampler:
        out, _ = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{out}")
    return {"seconds": seconds, "peak": sampler.peak, "cpu": sampler.cpu_seconds, "out": out}


def naive(project: Path, year: int, chapters: list[str], env: dict) -> dict:
    out = project / "naive"
    times, cpu = {}, 0.0
    for name in chapters:
        executed = out / f"{name}.ipynb"
        executed.parent.mkdir(parents=True, exist_ok=True)
        pm = run([str(BIN / "papermill"), f"{name}.ipynb", str(executed), "-k", "python3", "--no-progress-bar",
                  "-p", "year", str(year), "-p", "output_dir", str(out / "processed"),
                  "-p", "figure_dir", str(out / "figures")], env, project / "notebooks")
        nc = run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)], env, out)
        cpu += pm["cpu"] + nc["cpu"]
        times[name] = {"papermill": round(pm["seconds"], 2), "nbconvert": round(nc["seconds"], 2)}
    total = sum(t["papermill"] + t["nbconvert"] for t in times.values())
    return {"seconds": round(total, 2), "cpu_seconds": round(cpu, 1), "per_chapter": times}


def appendix(project: Path, year: int, env: dict, *extra: str) -> dict:
    summary = project / "summary.json"
    measured = run([str(BIN / "appendix"), "build", "--year", str(year), "--quiet",
                    "--summary-json", str(summary), *extra], env, project)
    data = json.loads(summary.read_text(encoding="utf-8"))
    chapters = data["years"][0]["chapters"]
    return {
        "seconds": round(measured["seconds"], 3),
        "cpu_seconds": round(measured["cpu"], 2),
        "load_average": round(os.getloadavg()[0], 2),
        "peak_tree_rss_mib": round(measured["peak"] / 2**20, 1),
        "executed": [c["chapter"] for c in chapters if c["status"] == "executed"],
        "reused": [c["chapter"] for c in chapters if c["status"] == "reused"],
        "kernels_started": data["kernels_started"],
        "computations": len(data["computes"]),
        "recalled": len(data.get("recalled", [])),
        "most_computations_of_one": max(data["computes"].values(), default=0),
        "chapter_seconds": {c["chapter"]: c["seconds"] for c in chapters if c["status"] == "executed"},
        "pdf": data["years"][0].get("pdf", ""),
        "pdf_seconds": data["years"][0].get("pdf_seconds", 0.0),
    }


def machine() -> dict:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {"platform": platform.platform(), "cpu": model or platform.processor(),
            "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "memory_gib": round(psutil.virtual_memory().total / 2**30, 1), "python": platform.python_version()}


def change_item(project: Path, year: int, item: str) -> str:
    """Add 0.01 to one item of the year's quantities.csv; return the file's path as shown."""
    path = project / "data" / "raw" / str(year) / "quantities.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith(item + ","):
            name, value, rest = line.split(",", 2)
            lines[i] = f"{name},{float(value) + 0.01:.2f},{rest}"
    path.write_text("".join(lines), encoding="utf-8")
    return f"data/raw/{year}/quantities.csv ({item})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=None, help="reporting year (default: the latest)")
    parser.add_argument("--cold-runs", type=int, default=2, help="cold builds to time (the fastest is reported)")
    parser.add_argument("--no-change-runs", type=int, default=5, help="no-change builds to time (the median is reported)")
    parser.add_argument("--change-runs", type=int, default=3, help="one-item rebuilds to time (the median is reported)")
    parser.add_argument("--skip-naive", action="store_true", help="do not time the naive loop")
    parser.add_argument("--skip-pdf", action="store_true", help="do not time the builds with the PDF")
    parser.add_argument("--keep", action="store_true", help="keep the throw-away project")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from sustainability_appendix.chapters import CHAPTERS

    tmp = Path(tempfile.mkdtemp(prefix="appendix-bench-"))
    project = copy_project(tmp / "project")
    env = {**os.environ,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(project / "src"), os.environ.get("PYTHONPATH")]))}
    years = sorted(int(p.name) for p in (project / "data" / "raw").iterdir() if p.name.isdigit())
    year = args.year or years[-1]
    names = [c.name for c in CHAPTERS if c.notebook]
    result = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine(),
              "year": year, "chapters": names, "load_before": round(os.getloadavg()[0], 2)}
    try:
        if not args.skip_naive:
            print(f"(a) naive papermill + nbconvert command lines, {len(names)} notebooks ...", flush=True)
            result["naive"] = naive(project, year, names, env)
            print(f"    {result['naive']['seconds']:.1f} s", flush=True)

        cold = []
        for i in range(args.cold_runs):
            shutil.rmtree(project / "build", ignore_errors=True)
            print(f"(b) cold build, run {i + 1} ...", flush=True)
            cold.append(appendix(project, year, env, "--force", "--no-pdf"))
            print(f"    {cold[-1]['seconds']:.1f} s, peak {cold[-1]['peak_tree_rss_mib']:.0f} MiB", flush=True)
        result["cold_runs"] = cold
        best = min(cold, key=lambda r: r["seconds"])
        result["cold"] = {**best, "peak_tree_rss_mib": max(r["peak_tree_rss_mib"] for r in cold)}

        print("(c) no-change rebuild ...", flush=True)
        nochange = [appendix(project, year, env, "--no-pdf") for _ in range(args.no_change_runs)]
        result["no_change_runs"] = nochange
        result["no_change"] = {"seconds": round(statistics.median(r["seconds"] for r in nochange), 3),
                               "max_seconds": max(r["seconds"] for r in nochange),
                               "executed": sorted({c for r in nochange for c in r["executed"]}),
                               "kernels_started": max(r["kernels_started"] for r in nochange)}

        item, reader = CHANGED_ITEM
        print(f"(d) one quantity item changed ({item}) ...", flush=True)
        changed = []
        for _ in range(args.change_runs):
            shown = change_item(project, year, item)
            changed.append(appendix(project, year, env, "--no-pdf"))
        median = sorted(changed, key=lambda r: r["seconds"])[len(changed) // 2]
        result["one_item_changed_runs"] = changed
        result["one_item_changed"] = {"file": shown, "expected": [reader], **median,
                                      "executed": sorted({c for r in changed for c in r["executed"]})}
        result["one_item_over_cold"] = round(result["one_item_changed"]["seconds"] / result["cold"]["seconds"], 3)
        if not args.skip_pdf:
            shutil.rmtree(project / "build", ignore_errors=True)
            print("(e) cold build with the PDF ...", flush=True)
            result["cold_with_pdf"] = appendix(project, year, env, "--force")
            print(f"(f) the item changed again, with the PDF ({item}) ...", flush=True)
            shown = change_item(project, year, item)
            result["one_item_changed_with_pdf"] = {"file": shown, "expected": [reader],
                                                   **appendix(project, year, env)}
        if "naive" in result:
            result["cold_over_naive"] = round(result["cold"]["seconds"] / result["naive"]["seconds"], 3)
            result["cold_over_naive_cpu"] = round(result["cold"]["cpu_seconds"] / result["naive"]["cpu_seconds"], 3)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                                                 encoding="utf-8")
    report = render(result)
    (RESULTS / f"bench-{stamp}.md").write_text(report, encoding="utf-8")
    print()
    print(report)
    return 0


def render(r: dict) -> str:
    m = r["machine"]
    lines = [f"Benchmark of reporting year {r['year']} ({len(r['chapters'])} chapter notebooks), {r['date']}",
             f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}; "
             f"load average before: {r['load_before']}", ""]
    if "naive" in r:
        lines.append(f"(a) naive papermill + nbconvert CLI loop:   {r['naive']['seconds']:7.1f} s"
                     f"   (CPU {r['naive']['cpu_seconds']:.0f} s)")
    cold = r["cold"]
    lines.append(f"(b) cold build (--force --no-pdf, no cache): {cold['seconds']:6.1f} s"
                 f"   (CPU {cold['cpu_seconds']:.0f} s)"
                 + (f"   = {r['cold_over_naive']:.2f} x naive (target <= 0.2); CPU {r['cold_over_naive_cpu']:.2f} x"
                    if "cold_over_naive" in r else ""))
    lines.append(f"    peak memory of the process tree:        {cold['peak_tree_rss_mib']:7.0f} MiB (target <= 1024)")
    lines.append(f"    computations in the build process:      {cold['computations']} (chapter, year) pairs, "
                 f"each at most {cold['most_computations_of_one']} time(s)")
    nc = r["no_change"]
    lines.append(f"(c) no-change rebuild:                      {nc['seconds']:7.2f} s (median; max {nc['max_seconds']:.2f} s; "
                 f"target <= 0.5 s); executed {nc['executed'] or 'nothing'}, {nc['kernels_started']} kernels")
    d = r["one_item_changed"]
    lines.append(f"(d) one item changed, {d['file']}: {d['seconds']:.1f} s (median) = {r['one_item_over_cold']:.2f} x "
                 f"cold (target <= 0.25); executed {d['executed']} (expected {d['expected']}), reused "
                 f"{len(d['reused'])}; computed {d['computations']} chapter-years, recalled {d['recalled']}")
    for name, key in (("(e) cold build with the PDF:              ", "cold_with_pdf"),
                      ("(f) the item changed again, with the PDF: ", "one_item_changed_with_pdf")):
        if key in r:
            run_ = r[key]
            lines.append(f"{name}{run_['seconds']:7.1f} s; PDF {run_['pdf'] or 'not made'}, "
                         f"{run_['pdf_seconds']:.1f} s; peak memory {run_['peak_tree_rss_mib']:.0f} MiB; "
                         f"executed {len(run_['executed'])} chapter(s)")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
