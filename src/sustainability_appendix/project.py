"""Every path of the project, anchored on one root.

The root is the checkout this package lives in, unless ``APPENDIX_ROOT`` names
another folder with the same layout (tests build throw-away copies that way).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def project_root() -> Path:
    override = os.environ.get("APPENDIX_ROOT")
    return Path(override).resolve() if override else _PACKAGE_ROOT


def raw_dir(year: int) -> Path:
    """Inputs an analyst supplies for one reporting year."""
    return project_root() / "data" / "raw" / str(year)


def printed_dir(year: int) -> Path:
    """Figures exactly as the report printed them; used only to reconcile against."""
    return project_root() / "data" / "printed" / str(year)


def processed_dir(year: int) -> Path:
    return project_root() / "data" / "processed" / str(year)


def figures_dir(year: int) -> Path:
    return project_root() / "figures" / str(year)


def reports_dir(year: int | None = None) -> Path:
    base = project_root() / "reports"
    return base if year is None else base / str(year)


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def available_years() -> list[int]:
    """Reporting years that have a raw-data folder, oldest first."""
    base = project_root() / "data" / "raw"
    if not base.is_dir():
        return []
    return sorted(int(p.name) for p in base.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name))


def latest_year() -> int:
    years = available_years()
    if not years:
        raise FileNotFoundError(f"no reporting year folder (data/raw/YYYY) under {project_root()}")
    return years[-1]


def relative(path: Path) -> str:
    """A path as shown to people: relative to the project root where possible."""
    try:
        return Path(path).resolve().relative_to(project_root()).as_posix()
    except ValueError:
        return str(path)
