"""The command line: JSON on stdout, French errors on stderr, exit code 2 for a missing file."""

import json
import os
import subprocess
import sys
from pathlib import Path

from mille.texts.scoring import read_labelled

DATA = Path(__file__).resolve().parents[1] / "data" / "texts"


def run(*args: str, hash_seed: str = "0") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mille.texts", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
    )


def test_group_prints_the_groups_as_json(tmp_path):
    path = tmp_path / "atelier.txt"
    path.write_text(
        "La cantine coûte trop cher.\n\nLes devoirs sont durs\nLe prix de la cantine est trop élevé\n",
        encoding="utf-8",
    )
    result = run("group", str(path), "--lang", "fr")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"groups"}
    for group in data["groups"]:
        assert set(group) == {"members", "typical", "label"}
        assert group["typical"] in group["members"]
        assert isinstance(group["label"], str)
    assert sorted(i for g in data["groups"] for i in g["members"]) == [0, 1, 2, 3]
    assert data["groups"][0]["members"] == [0, 3]
    assert data["groups"][-1] == {"members": [1], "typical": 1, "label": ""}


def test_a_missing_file_is_said_in_french_with_exit_code_2(tmp_path):
    result = run("group", str(tmp_path / "absent.txt"))
    assert result.returncode == 2
    assert "Fichier introuvable" in result.stderr
    assert result.stdout == ""


def test_score_prints_the_adjusted_rand_index():
    result = run("score", str(DATA / "contributions_fr_heldout.tsv"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["texts"] == 42 and data["ideas"] == 10
    assert 0 < data["ari"] <= 1


def test_the_command_imports_no_django():
    code = "import sys, mille.texts.cli; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.strip() == "False", result.stderr


def test_the_output_does_not_depend_on_the_process(tmp_path):
    """Same lines, other string hashing: the same JSON, byte for byte."""
    path = tmp_path / "atelier.txt"
    lines = read_labelled(DATA / "contributions_fr_heldout.tsv")[1]
    path.write_text("\n".join(lines), encoding="utf-8")
    outputs = {run("group", str(path), hash_seed=seed).stdout for seed in ("1", "2")}
    assert len(outputs) == 1 and outputs.pop().startswith('{"groups": [')
