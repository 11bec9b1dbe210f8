"""make bench: time the grouping of contributions (mille.texts) at workshop sizes, in process and as
the command line, on the labelled sets padded with shuffled, shortened copies of their lines."""

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mille.texts import group_texts  # noqa: E402
from mille.texts.scoring import read_labelled  # noqa: E402

DATA = ROOT / "tests" / "data" / "texts"


def contributions(count: int) -> list[str]:
    texts = read_labelled(DATA / "contributions_fr.tsv")[1]
    texts += read_labelled(DATA / "contributions_fr_heldout.tsv")[1]
    rng = random.Random(1)
    base = list(texts)
    while len(texts) < count:
        words = rng.choice(base).split()
        rng.shuffle(words)
        texts.append(" ".join(words[: max(3, len(words) - 2)]))
    return texts[:count]


def main() -> None:
    print("== grouping contributions (mille.texts), median of 7 runs")
    for count in (60, 200, 500, 1000):
        texts = contributions(count)
        laps = []
        for _ in range(7):
            start = time.perf_counter()
            groups = group_texts(texts)
            laps.append(time.perf_counter() - start)
        print(
            f"{count:5d} contributions: {statistics.median(laps) * 1000:7.1f} ms "
            f"(max {max(laps) * 1000:.1f} ms), {len(groups)} groups"
        )
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write("\n".join(contributions(500)) + "\n")
    laps = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mille.texts", "group", handle.name],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        laps.append(time.perf_counter() - start)
    print(f"command line, 500 lines, as a process: median {statistics.median(laps) * 1000:.0f} ms")
    Path(handle.name).unlink()


if __name__ == "__main__":
    main()
