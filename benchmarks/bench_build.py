#!/usr/bin/env python3
"""Build-speed benchmark of one reporting year, in a throw-away copy of the project.

Measures, in one run and on the same notebooks:

(a) naive: for each chapter, the ``papermill`` command line, then
    ``jupyter nbconvert --to html --no-input``, one after the other;
(b) cold: ``appendix build --force`` with no cache (``build/`` removed), with the
    peak memory of the whole process tree (the build and every kernel), sampled;
(c) no change: ``appendix build`` again, nothing changed (the whole command,
    interpreter start included);
(d) one input changed that only some chapters read (``water_sites.csv``):
    which chapters were executed, from the build's own summary.

Usage: ``.venv/bin/python benchmarks/bench_build.py [--year 2025] [--cold-runs 2]``.
Results go to ``benchmarks/results/`` (JSON and Markdown), not committed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "results"


def copy_project(target: Path) -> Path:
    """Data, notebooks and a snapshot of the package (imported through PYTHONPATH by the
    build and its kernels), so that edits made meanwhile in the checkout do not count."""
    for name in ("data/raw", "data/printed", "notebooks"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "src" / "sustainability_appendix", target / "src" / "sustainability_appendix",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return target


class TreeMemory:
    """Peak of the summed resident memory of a process and all its descendants, sampled."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.peak_processes = 0
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
                try:
                    total += p.memory_info().rss
                except psutil.NoSuchProcess:
                    pass
            if total > self.peak:
                self.peak, self.peak_processes = total, len(procs)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


CPU = {"seconds": 0.0}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], env: dict, cwd: Path, measure_memory: bool = False) -> tuple[float, int, str]:
    """Run a command; returns wall seconds, peak tree memory, output. CPU["seconds"] gets
    the CPU time of the command and every process it waited for (its kernels)."""
    cpu = children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    if measure_memory:
        with TreeMemory(proc.pid) as mem:
            out, _ = proc.communicate()
        peak = mem.peak
    else:
        out, _ = proc.communicate()
    seconds = time.perf_counter() - start
    CPU["seconds"] = children_cpu() - cpu
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{out}")
    return seconds, peak, out


def naive(project: Path, year: int, chapters: list[str], env: dict) -> dict:
    out = project / "naive"
    times = {}
    cpu = 0.0
    for name in chapters:
        executed = out / f"{name}.ipynb"
        executed.parent.mkdir(parents=True, exist_ok=True)
        pm, _, _ = run([str(BIN / "papermill"), f"{name}.ipynb", str(executed), "-k", "python3", "--no-progress-bar",
                        "-p", "year", str(year), "-p", "output_dir", str(out / "processed"),
                        "-p", "figure_dir", str(out / "figures")], env, project / "notebooks")
        cpu += CPU["seconds"]
        nc, _, _ = run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)], env, out)
        cpu += CPU["seconds"]
        times[name] = {"papermill": round(pm, 2), "nbconvert": round(nc, 2)}
    total = sum(t["papermill"] + t["nbconvert"] for t in times.values())
    return {"seconds": round(total, 2), "cpu_seconds": round(cpu, 1), "per_chapter": times}


def appendix(project: Path, year: int, env: dict, *extra: str, memory: bool = False) -> dict:
    summary = project / "summary.json"
    seconds, peak, _ = run([str(BIN / "appendix"), "build", "--year", str(year), "--quiet",
                            "--summary-json", str(summary), *extra], env, project, measure_memory=memory)
    data = json.loads(summary.read_text(encoding="utf-8"))
    chapters = data["years"][0]["chapters"]
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(CPU["seconds"], 2),
        "load_average": round(os.getloadavg()[0], 2),
        "peak_tree_rss_mib": round(peak / 2**20, 1) if memory else None,
        "executed": [c["chapter"] for c in chapters if c["status"] == "executed"],
        "reused": [c["chapter"] for c in chapters if c["status"] == "reused"],
        "kernels_started": data["kernels_started"],
        "chapter_seconds": {c["chapter"]: c["seconds"] for c in chapters if c["status"] == "executed"},
    }


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"platform": platform.platform(), "cpu": model or platform.processor(),
            "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "memory_gib": round(psutil.virtual_memory().total / 2**30, 1), "python": platform.python_version()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=None, help="reporting year (default: the latest)")
    parser.add_argument("--cold-runs", type=int, default=2, help="cold builds to time (the fastest is reported)")
    parser.add_argument("--no-change-runs", type=int, default=3, help="no-change builds to time (the median is reported)")
    parser.add_argument("--skip-naive", action="store_true", help="do not time the naive loop")
    parser.add_argument("--keep", action="store_true", help="keep the throw-away project")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from sustainability_appendix.chapters import CHAPTERS

    tmp = Path(tempfile.mkdtemp(prefix="appendix-bench-"))
    project = copy_project(tmp / "project")
    env = {**os.environ, "APPENDIX_ROOT": str(project),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(project / "src"), os.environ.get("PYTHONPATH")]))}
    years = sorted(int(p.name) for p in (project / "data" / "raw").iterdir() if p.name.isdigit())
    year = args.year or years[-1]
    names = [c.name for c in CHAPTERS]
    result = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
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
            cold.append(appendix(project, year, env, "--force", memory=True))
            print(f"    {cold[-1]['seconds']:.1f} s, peak {cold[-1]['peak_tree_rss_mib']:.0f} MiB", flush=True)
        result["cold_runs"] = cold
        best = min(cold, key=lambda r: r["seconds"])
        result["cold"] = {"seconds": best["seconds"], "cpu_seconds": best["cpu_seconds"],
                          "peak_tree_rss_mib": max(r["peak_tree_rss_mib"] for r in cold),
                          "executed": best["executed"], "kernels_started": best["kernels_started"]}

        print("(c) no-change rebuild ...", flush=True)
        nochange = [appendix(project, year, env) for _ in range(args.no_change_runs)]
        result["no_change_runs"] = nochange
        result["no_change"] = {"seconds": round(statistics.median(r["seconds"] for r in nochange), 3),
                               "max_seconds": max(r["seconds"] for r in nochange),
                               "executed": sorted({c for r in nochange for c in r["executed"]}),
                               "kernels_started": max(r["kernels_started"] for r in nochange)}

        print("(d) one input changed (water_sites.csv) ...", flush=True)
        sites = project / "data" / "raw" / str(year) / "water_sites.csv"
        sites.write_text(sites.read_text(encoding="utf-8").replace("6 號", "8 號", 1), encoding="utf-8")
        result["one_input_changed"] = {"file": f"data/raw/{year}/water_sites.csv",
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
    lines = [f"Benchmark of reporting year {r['year']} ({len(r['chapters'])} chapters), {r['date']}",
             f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}; "
             f"load average before: {r['load_before']}", ""]
    if "naive" in r:
        lines.append(f"(a) naive papermill + nbconvert CLI loop:   {r['naive']['seconds']:7.1f} s"
                     f"   (CPU {r['naive']['cpu_seconds']:.0f} s)")
    lines.append(f"(b) cold build (--force, no cache):         {r['cold']['seconds']:7.1f} s"
                 f"   (CPU {r['cold']['cpu_seconds']:.0f} s)"
                 + (f"   = {r['cold_over_naive']:.2f} x naive (target <= 0.3); CPU {r['cold_over_naive_cpu']:.2f} x"
                    if "cold_over_naive" in r else ""))
    lines.append(f"    peak memory of the process tree:        {r['cold']['peak_tree_rss_mib']:7.0f} MiB (target <= 1024)")
    nc = r["no_change"]
    lines.append(f"(c) no-change rebuild:                      {nc['seconds']:7.2f} s (median; max {nc['max_seconds']:.2f} s; "
                 f"target <= 1 s); executed {nc['executed'] or 'nothing'}, {nc['kernels_started']} kernels")
    d = r["one_input_changed"]
    lines.append(f"(d) after changing {d['file']}: {d['seconds']:.1f} s; executed {d['executed']}, "
                 f"reused {len(d['reused'])}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
