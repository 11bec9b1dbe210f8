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


def strict_ari(result, folder):
    """ARI over the participants Pol.is clustered; those we leave unclustered
    count as a group of their own (a strict score)."""
    theirs = polis_groups(folder)
    ours = {p["id"]: p["group"] for p in result["participants"]}
    ids = [pid for pid, g in theirs.items() if g != ""]
    assert result["k"] == len({theirs[p] for p in ids}) == 2
    return adjusted_rand_index(
        [-1 if ours[int(p)] is None else ours[int(p)] for p in ids], [theirs[p] for p in ids]
    )


# Floors a little under what each procedure reaches (ARI against Pol.is's group-id):
#                     ours (mille)   Pol.is's (polis, the command's default)
#   seattle              0.884          0.499
#   bg2050               0.617          0.932 (1.0 on the participants both cluster)
# bg2050's Pol.is groups are 100 + 8 participants: Pol.is's start finds them;
# with groups of at least 5 people, our best-of-40 k-means keeps a lower-inertia
# 101 + 5 split. Seattle's groups are one of many near-equal local optima: Pol.is's
# own procedure lands on them or not depending on the order of the participants
# (0.28 to 0.94 over 30 random orders), so no start-from-scratch run can promise them.
@pytest.mark.parametrize(
    ("folder", "procedure", "floor"),
    [
        (SEATTLE, "mille", 0.85),
        (BG2050, "mille", 0.6),
        (SEATTLE, "polis", 0.45),
        (BG2050, "polis", 0.9),
    ],
    ids=["seattle-mille", "bg2050-mille", "seattle-polis", "bg2050-polis"],
)
def test_from_scratch_finds_polis_groups(capsys, folder, procedure, floor):
    result = run_cli(capsys, folder, "--seed", "0", "--procedure", procedure)
    assert strict_ari(result, folder) >= floor
    assert 0 < result["silhouette"] <= 1


def test_polis_procedure_is_the_default_and_finds_bg2050_exactly(capsys):
    result = run_cli(capsys, BG2050)
    assert result == run_cli(capsys, BG2050, "--procedure", "polis")
    theirs = polis_groups(BG2050)
    ours = {str(p["id"]): p["group"] for p in result["participants"]}
    both = [p for p, g in theirs.items() if g != "" and ours[p] is not None]
    # Pol.is also clusters participant 7 (4 votes), whom its greedy rule took in
    # when the conversation began; every other participant is in Pol.is's group.
    assert [p for p, g in theirs.items() if g != "" and ours[p] is None] == ["7"]
    assert adjusted_rand_index([ours[p] for p in both], [theirs[p] for p in both]) == 1.0
    assert sorted(g["size"] for g in result["groups"]) == [8, 99]


def test_polis_procedure_does_not_depend_on_the_seed():
    conversation = read_export(BG2050)
    first = analyse(conversation, Options.polis(seed=0))
    second = analyse(conversation, Options.polis(seed=5))
    assert adjusted_rand_index(first.group, second.group) == 1.0


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
