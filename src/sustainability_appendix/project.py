"""A checkout of the appendix: its folders, anchored on one root.

The root is always an argument. :meth:`Project.find` finds it the way git finds
a repository: from a folder (the working directory by default) upwards, the
first folder holding ``data/raw/``. So a copy of the project works on its own
files wherever the package is installed from, and a notebook running in
``notebooks/`` finds the project it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MARKER = Path("data") / "raw"


class ProjectNotFound(Exception):
    """No folder holding ``data/raw/`` at or above the starting folder."""


@dataclass(frozen=True)
class Project:
    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root).resolve())

    @classmethod
    def find(cls, start: Path | str | None = None) -> Project:
        """The project containing ``start`` (default: the working directory)."""
        here = Path(start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / MARKER).is_dir():
                return cls(folder)
        raise ProjectNotFound(
            f"no appendix project at or above {here}: no folder there holds {MARKER.as_posix()}/ "
            "(run the command inside the project, or give --root)")

    # --- folders -----------------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def raw_root(self) -> Path:
        return self.data_dir / "raw"

    @property
    def printed_root(self) -> Path:
        return self.data_dir / "printed"

    @property
    def reference_dir(self) -> Path:
        """Tables that hold for every year: item catalogues, vocabularies, audit declarations."""
        return self.data_dir / "reference"

    def raw_dir(self, year: int) -> Path:
        """Inputs an analyst supplies for one reporting year."""
        return self.raw_root / str(year)

    def printed_dir(self, year: int) -> Path:
        """Figures exactly as that year's report printed them; used only to reconcile against."""
        return self.printed_root / str(year)

    def processed_dir(self, year: int) -> Path:
        return self.data_dir / "processed" / str(year)

    def figures_dir(self, year: int) -> Path:
        return self.root / "figures" / str(year)

    def reports_dir(self, year: int | None = None) -> Path:
        base = self.root / "reports"
        return base if year is None else base / str(year)

    @property
    def notebooks_dir(self) -> Path:
        return self.root / "notebooks"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    # --- years -------------------------------------------------------------------------------
    def years(self) -> list[int]:
        """Reporting years that have a raw-data folder, oldest first."""
        if not self.raw_root.is_dir():
            return []
        return sorted(int(p.name) for p in self.raw_root.iterdir()
                      if p.is_dir() and re.fullmatch(r"\d{4}", p.name))

    def has_year(self, year: int) -> bool:
        return self.raw_dir(year).is_dir()

    def latest_year(self) -> int:
        years = self.years()
        if not years:
            raise ProjectNotFound(f"no reporting year folder (data/raw/YYYY) under {self.root}")
        return years[-1]

    def relative(self, path: Path | str) -> str:
        """A path as shown to people: relative to the root where possible, POSIX separators."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
