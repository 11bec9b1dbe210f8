"""python -m mille.texts group FILE [--lang fr]   (one contribution per line; JSON on stdout)
python -m mille.texts score TSV [--lang fr]      (adjusted Rand index against a labelled set)

Messages for people are in French; the JSON keys are English, like the rest of the API."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import replace

from .grouping import DEFAULT_OPTIONS, group_texts
from .model import Group


def to_json(groups: Sequence[Group]) -> dict:
    return {
        "groups": [
            {"members": list(g.members), "typical": g.typical, "label": g.label} for g in groups
        ]
    }


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except FileNotFoundError:
        raise SystemExit(_fail(f"Fichier introuvable : {path}")) from None
    except IsADirectoryError:
        raise SystemExit(_fail(f"C'est un dossier, pas un fichier : {path}")) from None
    except UnicodeDecodeError:
        raise SystemExit(_fail(f"Le fichier n'est pas en UTF-8 : {path}")) from None
    except OSError as error:
        raise SystemExit(_fail(f"Lecture impossible de {path} : {error.strerror}")) from None


def _fail(message: str) -> int:
    print(f"Erreur : {message}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mille.texts",
        description="Regroupe des contributions d'atelier par idée.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    group = commands.add_parser("group", help="regrouper les lignes d'un fichier (JSON en sortie)")
    group.add_argument("file", help="une contribution par ligne, en UTF-8")
    group.add_argument("--lang", default="fr", help="fr, en, tr, ar (défaut : fr)")
    group.add_argument("--threshold", type=float, default=DEFAULT_OPTIONS.threshold)
    score = commands.add_parser("score", help="comparer au classement d'un fichier étiqueté")
    score.add_argument("file", help="TSV avec en-tête : label, text")
    score.add_argument("--lang", default="fr")
    score.add_argument("--threshold", type=float, default=DEFAULT_OPTIONS.threshold)
    args = parser.parse_args(argv)
    options = replace(DEFAULT_OPTIONS, threshold=args.threshold)
    content = _read(args.file)

    if args.command == "group":
        lines = content.splitlines()
        json.dump(to_json(group_texts(lines, args.lang, options)), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0

    from .scoring import adjusted_rand_index, group_of_each, parse_labelled

    try:
        labels, texts = parse_labelled(content)
    except ValueError:
        return _fail(f"Chaque ligne doit avoir deux colonnes (label, text) : {args.file}")
    start = time.perf_counter()
    groups = group_texts(texts, args.lang, options)
    seconds = time.perf_counter() - start
    ari = adjusted_rand_index(labels, group_of_each(groups, len(texts)))
    result = {
        "texts": len(texts),
        "ideas": len(set(labels)),
        "groups": len(groups),
        "ari": round(ari, 4),
        "seconds": round(seconds, 3),
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0
