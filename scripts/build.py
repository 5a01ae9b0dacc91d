#!/usr/bin/env python3
"""Thin entry point: ``python scripts/build.py --year 2025`` is ``appendix build --year 2025``."""

import sys

from sustainability_appendix.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
