"""The engine on two real Pol.is conversations (CC BY 4.0, The Computational Democracy Project)."""

import csv
import json
from pathlib import Path

import pytest

from mille.opinions import Options, analyse
from mille.opinions.cli import main
from mille.opinions.compare import adjusted_rand_index
from mille.opinions.polis_export import read_export

DATA = Path(__file__).resolve().parents[1] / "data" / "polis"
SEATTLE, BG2050 = DATA / "15-per-hour-seattle", DATA / "bg2050-volunteers"


def run_cli(capsys, *args):
    code = main(["analyse", *map(str, args)])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


def polis_groups(folder):
    with (folder / "participants-votes.csv").open(newline="", encoding="utf-8") as handle:
        return {row["participant"]: row["group-id"] for row in csv.DictReader(handle)}


def test_gic_equals_polis_with_declared_groups(capsys):
    result = run_cli(capsys, BG2050, "--groups", "declared")
    with (BG2050 / "comments.csv").open(newline="", encoding="utf-8") as handle:
        comments = {row["comment-id"]: row for row in csv.DictReader(handle)}
    checked = 0
    for statement in result["statements"]:
        comment = comments[str(statement["id"])]
        if comment["moderated"] == "-1":
            continue
        assert statement["gic"] == pytest.approx(
            float(comment["group-informed-consensus"]), abs=1e-9
        )
        checked += 1
    assert checked == sum(1 for c in comments.values() if c["moderated"] != "-1") == 316
    declared = polis_groups(BG2050)
    by_id = {p["id"]: p["group"] for p in result["participants"]}
    assert by_id[0] == int(declared["0"])
    assert all(by_id[int(pid)] is None for pid, g in declared.items() if g == "")
    assert {g["id"]: g["size"] for g in result["groups"]} == {0: 100, 1: 8}


# bg2050's Pol.is groups are 98 + 8 participants; with groups of at least 5
# people, a lower-inertia 101 + 5 split exists and is what k-means keeps.
@pytest.mark.parametrize(
    ("folder", "floor"), [(SEATTLE, 0.8), (BG2050, 0.6)], ids=["seattle", "bg2050"]
)
def test_from_scratch_finds_polis_groups(capsys, folder, floor):
    result = run_cli(capsys, folder, "--seed", "0")
    theirs = polis_groups(folder)
    ours = {p["id"]: p["group"] for p in result["participants"]}
    ids = [pid for pid, g in theirs.items() if g != ""]
    assert result["k"] == len({theirs[p] for p in ids}) == 2
    # Participants we leave unclustered count as a group of their own: a strict score.
    score = adjusted_rand_index(
        [-1 if ours[int(p)] is None else ours[int(p)] for p in ids], [theirs[p] for p in ids]
    )
    assert score >= floor
    assert 0 < result["silhouette"] <= 1


def test_output_shape_and_ids(capsys):
    result = run_cli(capsys, SEATTLE)
    assert set(result) >= {
        "k",
        "silhouette",
        "participants",
        "groups",
        "statements",
        "consensus",
        "divisive",
    }
    participant = result["participants"][0]
    assert isinstance(participant["id"], int) and set(participant) == {"id", "group", "x", "y"}
    statement = result["statements"][0]
    assert isinstance(statement["id"], int)
    assert {"gic", "agree", "disagree", "pass", "groups", "repness"} <= set(statement)
    active = [s for s in result["statements"] if not s["moderated"]]
    assert all(len(s["repness"]) == result["k"] for s in active)
    assert all(
        s["repness"] == [] and s["priority"] == 0 for s in result["statements"] if s["moderated"]
    )
    moderated = {s["id"] for s in result["statements"] if s["moderated"]}
    assert not moderated & set(
        result["consensus"]["agree"] + result["consensus"]["disagree"] + result["divisive"]
    )
    for group in result["groups"]:
        assert 1 <= len(group["representative"]) <= 5


def test_counts_use_the_latest_vote():
    conversation = read_export(SEATTLE)
    result = analyse(conversation, Options(seed=0))
    with (SEATTLE / "votes.csv").open(newline="", encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: int(r["timestamp"]))
    latest = {(r["voter-id"], r["comment-id"]): int(r["vote"]) for r in rows}
    for figures in result.opinion.statements[:20]:
        values = [v for (p, s), v in latest.items() if s == figures.id]
        assert figures.counts.agree == values.count(1)
        assert figures.counts.disagree == values.count(-1)
        assert figures.counts.passes == values.count(0)


def test_cli_reports_bad_folder(tmp_path, capsys):
    assert main(["analyse", str(tmp_path)]) == 2
    assert "No votes.csv" in capsys.readouterr().err
    (tmp_path / "votes.csv").write_text("timestamp,comment-id,voter-id,vote\n1,0,0,2\n")
    assert main(["analyse", str(tmp_path)]) == 2
    assert "Unknown vote value" in capsys.readouterr().err
