"""The layers of `pyproject.toml`, checked by import-linter, and their coverage of every app."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _contracts() -> list[dict]:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["tool"]["importlinter"]["contracts"]


def test_every_contract_is_kept():
    linter = Path(sys.executable).with_name("lint-imports")
    completed = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert f"{len(_contracts())} kept, 0 broken" in completed.stdout


def test_every_app_has_its_place_in_the_layers():
    """A new app arrives with its contract: an app missing from the layers would escape them."""
    (layers,) = [c for c in _contracts() if c["type"] == "layers"]
    placed = {name for layer in layers["layers"] for name in re.split(r"[|:]", layer)}
    placed = {name.strip() for name in placed}
    apps = {path.parent.name for path in (ROOT / "mille").glob("*/__init__.py")}
    assert apps == placed


def test_the_opinion_engine_imports_no_django():
    (pure,) = [c for c in _contracts() if c.get("source_modules") == ["mille.opinions"]]
    assert "django" in pure["forbidden_modules"]
