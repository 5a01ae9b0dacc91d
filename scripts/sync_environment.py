#!/usr/bin/env python3
"""Regenerate environment.yml from requirements.txt, so conda users get the same pins."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def render() -> str:
    pins = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
            if line.strip() and not line.startswith("#")]
    lines = [
        "# Generated from requirements.txt by scripts/sync_environment.py; edit requirements.txt instead.",
        "name: sustainability-appendix",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
        *[f"      - {pin}" for pin in pins],
        "      - -e .",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    (ROOT / "environment.yml").write_text(render())
