"""``appendix`` command line: build, validate, new-year.

Exit codes (also in ``appendix --help``):

  0  done (the appendix is published and current; the inputs are valid; the year is scaffolded)
  1  a chapter failed (its notebook, or its calculation): its year is not published (the last good one
     stays); a failing notebook is kept in build/failed/<year>/
  2  the command line is wrong, or new-year was refused (the year exists)
  3  invalid input: every problem is listed with file, row, column and rule; nothing was built
  4  the project's own definitions disagree (e.g. a printed figure names a metric no chapter computes)
  130 interrupted
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import traceback

from sustainability_appendix.errors import ChapterError, ConfigurationError, InputError
from sustainability_appendix.project import Project, ProjectNotFound

OK, CHAPTER_FAILED, USAGE, INVALID_INPUT, CONFIGURATION, INTERRUPTED = 0, 1, 2, 3, 4, 130

EXIT_CODES = """exit codes:
  0    done
  1    a chapter failed (notebook or calculation); its year was not published (the last good appendix is unchanged)
  2    wrong command line, or new-year refused (the year exists)
  3    invalid input (every problem listed; nothing built)
  4    the project's own definitions disagree
  130  interrupted"""


class UsageError(Exception):
    pass


def _years(project: Project, arg: str | None) -> list[int]:
    if not arg:
        return [project.latest_year()]
    if arg == "all":
        years = project.years()
        if not years:
            raise UsageError("no reporting year folder (data/raw/YYYY)")
        return years
    years = []
    for part in arg.split(","):
        part = part.strip()
        if not (part.isdigit() and len(part) == 4):
            raise UsageError(f"--year takes a year, comma-separated years or 'all', not {arg!r}")
        if int(part) not in years:
            years.append(int(part))
    return years


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return value


class TerminalProgress:
    """Chapter by chapter, with timings, then a summary; nothing at all when quiet."""

    def __init__(self, quiet: bool, out=None):
        self.quiet = quiet
        self.out = out or sys.stdout
        self.start = time.perf_counter()

    def _print(self, text: str) -> None:
        if not self.quiet:
            print(text, file=self.out, flush=True)

    def message(self, text: str) -> None:
        self._print(text)

    def notice(self, text: str) -> None:
        print(text.strip() if self.quiet else text, file=sys.stderr if self.quiet else self.out, flush=True)

    def year_planned(self, year, execute, reuse) -> None:
        if execute:
            self._print(f"{year}: {len(execute)} chapter(s) to execute, {len(reuse)} unchanged")
        else:
            self._print(f"{year}: all {len(reuse)} chapters unchanged")

    def chapter_done(self, run) -> None:
        if run.status == "reused":
            return  # listed in the summary; nothing happened
        label = {"executed": "executed", "failed": "FAILED"}[run.status]
        line = f"  {run.year} {run.chapter:<12} {label:<8} {run.seconds:5.1f} s"
        if run.status == "executed" and run.reason:
            line += f"  ({run.reason})"
        if run.status == "failed":
            line += f"  in {run.error}"
        self._print(line)

    def year_done(self, build) -> None:
        if build.failed:
            self._print(f"  {build.year}: NOT published; the appendix of {build.year} is as it was")
        elif build.up_to_date:
            self._print(f"  {build.year}: up to date -> reports/{build.year}/index.html")
        else:
            self._print(f"  {build.year}: published -> reports/{build.year}/index.html")
        for warning in build.warnings:
            self._print(f"  warning: {warning}")

    def summary(self, report) -> None:
        executed, reused, failed = len(report.executed), len(report.reused), len(report.failed)
        years = ", ".join(str(y.year) for y in report.years)
        self._print(f"done in {report.seconds:.1f} s: {years}; {executed} executed, {reused} reused, "
                    f"{failed} failed; {report.kernels_started} kernel(s) started, {report.jobs} job(s)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="appendix", description="Build the sustainability report's calculation appendix.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", metavar="DIR",
                        help="the project (default: the first folder holding data/raw/, from here upwards)")
    parser.add_argument("--debug", action="store_true", help="show the traceback of a failing calculation")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="execute what changed and publish the HTML appendix",
                       epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("--year", help="reporting year, comma-separated years, or 'all' (default: the latest in data/raw)")
    b.add_argument("--jobs", type=_jobs, default=None, help="notebooks executed at once (default: number of cores)")
    b.add_argument("--force", action="store_true", help="execute every chapter, even those unchanged")
    b.add_argument("--show-code", action="store_true", help="keep code cells visible in the HTML (for auditors)")
    b.add_argument("--no-pdf", action="store_true",
                   help="publish the HTML without the year's PDF (made by default where Chromium is installed)")
    b.add_argument("--quiet", action="store_true", help="print nothing but errors (the default when not on a terminal)")
    b.add_argument("--summary-json", metavar="FILE", help="write what was executed, reused or failed, with timings")
    v = sub.add_parser("validate", help="check a year's inputs without building")
    v.add_argument("--year", help="reporting year, comma-separated years, or 'all' (default: the latest in data/raw)")
    v.add_argument("--files", action="store_true", help="also list every file of the year: rows, readers, what it holds")
    sub.add_parser("inputs", help="print the reference of every input file (docs/inputs.md is this text)")
    n = sub.add_parser("new-year", help="create data/raw/YYYY and data/printed/YYYY with templates (never overwrites)")
    n.add_argument("year", help="the new reporting year, e.g. 2026")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        project = Project(args.root) if args.root else Project.find()
        if args.root and not (project.root / "data" / "raw").is_dir():
            raise ProjectNotFound(f"{project.root} holds no data/raw/ folder")
        if args.command == "validate":
            return _validate(project, args)
        if args.command == "new-year":
            return _new_year(project, args)
        if args.command == "inputs":
            return _inputs(project, args)
        return _build(project, args)
    except ProjectNotFound as exc:
        print(f"appendix: error: {exc}", file=sys.stderr)
        return USAGE
    except ChapterError as exc:
        if args.debug:
            traceback.print_exception(exc.exc)
        print(f"error: {exc}" + ("" if args.debug else " (run with --debug for the traceback)"), file=sys.stderr)
        if args.command == "build":
            print("nothing was published; the appendix is as it was", file=sys.stderr)
        return CHAPTER_FAILED
    except UsageError as exc:
        print(f"appendix: error: {exc}", file=sys.stderr)
        return USAGE
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INVALID_INPUT
    except ConfigurationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return CONFIGURATION
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("interrupted: nothing more was published", file=sys.stderr)
        return INTERRUPTED


def _validate(project: Project, args) -> int:
    from sustainability_appendix.chapters.engine import Computation
    from sustainability_appendix.inputs.validate import check_year, describe_year

    problems, failing = [], []
    computation = Computation(project)
    for year in _years(project, args.year):
        found, warnings = check_year(computation, year)
        for warning in warnings:
            print(f"warning: {warning}")
        if found:
            failing.append(year)
            problems.extend(p for p in found if p not in problems)
        else:
            print(f"{year}: inputs are valid")
            if args.files:
                for line in describe_year(computation, year):
                    print(f"  {line}")
    if problems:
        raise InputError(problems)
    return OK


def _inputs(project: Project, args) -> int:
    from sustainability_appendix.inputs.scaffold import input_files_reference

    print(input_files_reference(), end="")
    return OK


def _new_year(project: Project, args) -> int:
    from sustainability_appendix.inputs.scaffold import ScaffoldError, new_year

    if not (args.year.isdigit() and len(args.year) == 4):
        raise UsageError(f"new-year takes a four-digit year, not {args.year!r}")
    try:
        done = new_year(project, int(args.year))
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    for path in done.written:
        print(f"  wrote {project.relative(path)}")
    for path in done.kept:
        print(f"  kept  {project.relative(path)} (exists)")
    print(f"next: fill in data/raw/{done.year}/ as its README.md says, then "
          f"'appendix validate --year {done.year}' and 'appendix build --year {done.year}'")
    return OK


def _build(project: Project, args) -> int:
    from sustainability_appendix.publish.build import build

    quiet = args.quiet or not sys.stdout.isatty()
    progress = TerminalProgress(quiet)
    report = build(project, _years(project, args.year), jobs=args.jobs, show_code=args.show_code, force=args.force,
                   progress=progress, pdf=False if args.no_pdf else None)
    progress.summary(report)
    if args.summary_json:
        with open(args.summary_json, "w", encoding="utf-8") as f:
            json.dump(report.as_dict(project), f, indent=1, ensure_ascii=False)
    failed = [y for y in report.years if y.failed]
    for year in failed:
        print(f"error: {year.failure_message()}", file=sys.stderr)
    return CHAPTER_FAILED if failed else OK


def run(argv: list[str] | None = None) -> int:
    """:func:`main` for a process that ends with it (the ``appendix`` command): what the command made
    is then frozen out of the garbage collector's reach, so that the interpreter's exit does not walk
    it (about 0.2 s after a build)."""
    code = main(argv)
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(run())
