"""Adjusted Rand index of mille.texts on the labelled French sets, across its main options.

    .venv/bin/python scripts/texts_sweep.py

Choose on `contributions_fr.tsv`; `contributions_fr_heldout.tsv` is there to check the choice.
"""

import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mille.texts import adjusted_rand_index, group_texts  # noqa: E402
from mille.texts.grouping import DEFAULT_OPTIONS  # noqa: E402
from mille.texts.scoring import group_of_each, read_labelled  # noqa: E402

DATA = ROOT / "tests" / "data" / "texts"
SETS = {
    name: read_labelled(DATA / name)
    for name in ("contributions_fr.tsv", "contributions_fr_heldout.tsv")
}


def main() -> None:
    print("shared  words  threshold   ARI set (groups)   ARI held-out (groups)")
    for shared in (0.0, 0.3, 0.5):
        for words in (0.5, 0.7, 0.85):
            for threshold in (0.82, 0.84, 0.86, 0.88, 0.90, 0.92):
                options = replace(
                    DEFAULT_OPTIONS,
                    shared_neighbours=shared,
                    word_weight=words,
                    threshold=threshold,
                )
                cells = []
                for labels, texts in SETS.values():
                    groups = group_texts(texts, "fr", options)
                    ari = adjusted_rand_index(labels, group_of_each(groups, len(texts)))
                    cells.append(f"{ari:.3f} ({len(groups):3d})")
                mark = "  <- default" if options == DEFAULT_OPTIONS else ""
                print(
                    f"{shared:6.1f} {words:6.2f} {threshold:10.2f}   {cells[0]:>16}   {cells[1]:>16}{mark}"
                )


if __name__ == "__main__":
    main()
