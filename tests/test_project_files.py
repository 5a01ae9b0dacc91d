"""House rules the repository keeps: paired, stripped, parameterised notebooks; agreeing pins."""

import json
import re
from pathlib import Path

import pytest

from sustainability_appendix.chapters import CHAPTERS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_every_chapter_with_a_page_has_a_notebook_pair():
    for c in (c for c in CHAPTERS if c.notebook):
        assert (ROOT / "notebooks" / f"{c.name}.ipynb").exists(), c.name
        assert (ROOT / "notebooks" / f"{c.name}.py").exists(), c.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stripped_parameterised_and_names_its_kernel(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    source = "".join(tagged[0]["source"])
    assert re.search(r"^year = \d{4}$", source, re.M), "the parameters cell holds a literal year"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_and_its_script_agree(path):
    import jupytext

    from_script = jupytext.read(path.with_suffix(".py"))
    from_notebook = jupytext.read(path)
    assert [c.source for c in from_script.cells] == [c.source for c in from_notebook.cells]


def test_environment_yml_has_the_pins_of_requirements_txt():
    pins = {line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
            if line.strip() and not line.startswith("#")}
    env = {line.strip()[2:] for line in (ROOT / "environment.yml").read_text().splitlines()
           if line.strip().startswith("- ") and "==" in line}
    assert pins == env
    assert all("==" in p for p in pins)
