"""``appendix`` command line: build, validate."""

from __future__ import annotations

import argparse
import sys

from .errors import ConfigurationError, InputError
from .paths import available_years, latest_year, relative


def _years(arg: str | None) -> list[int]:
    if not arg:
        return [latest_year()]
    if arg == "all":
        return available_years()
    return [int(y) for y in arg.split(",")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="appendix", description="Build the sustainability report's calculation appendix.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="execute every chapter notebook of a year and publish its HTML appendix")
    b.add_argument("--year", help="reporting year, comma-separated years, or 'all' (default: the latest in data/raw)")
    b.add_argument("--jobs", type=int, default=None, help="notebooks executed at once (default: number of cores)")
    b.add_argument("--show-code", action="store_true", help="keep code cells visible in the HTML (for auditors)")
    v = sub.add_parser("validate", help="check a year's inputs without building")
    v.add_argument("--year", help="reporting year (default: the latest in data/raw)")
    args = parser.parse_args(argv)

    try:
        if args.command == "validate":
            from .validate import validate_year

            for year in _years(args.year):
                validate_year(year)
                print(f"{year}: inputs are valid")
            return 0
        from .build import BuildError, build_year

        for year in _years(args.year):
            print(f"building {year}")
            done = build_year(year, jobs=args.jobs, show_code=args.show_code)
            print(f"{year}: {len(done.runs)} chapters in {done.seconds:.1f} s -> {relative(done.published)}/index.html")
        return 0
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (BuildError, ConfigurationError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
