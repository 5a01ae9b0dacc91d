#!/usr/bin/env python3
"""Thin entry point: ``python scripts/build.py --year 2025`` is ``appendix build --year 2025``."""

import sys

from sustainability_appendix.cli import run

if __name__ == "__main__":
    sys.exit(run(["build", *sys.argv[1:]]))
