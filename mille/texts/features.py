"""From contributions to vectors: words, stems, synonyms and TF-IDF.

Each text gives two bags of features: word stems (after stop words and synonyms) and character
n-grams of those words without accents, which catch what the stemmer misses (`dorment` and
`dormir`, spelling slips). Each bag is weighted by TF-IDF within the workshop's own texts:

    tf(t, d) = 1 + log(count of t in d),  idf(t) = log((1 + n) / (1 + df(t))) + 1

and every row is scaled to unit length, so a dot product is a cosine similarity.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from .lexicon import STEMMERS, STOP_PHRASES, STOP_WORDS, SYNONYMS

_APOSTROPHES = re.compile(r"['’ʼ`´]")
_WORD = re.compile(r"[^\W\d_]+")
# Arabic short vowels and other marks, and the tatweel (a stretching stroke with no meaning).
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})


def _lower(text: str, lang: str) -> str:
    if lang == "tr":
        # Turkish dotted and dotless i: `I` lowers to `ı`, `İ` to `i`.
        text = text.replace("I", "ı").replace("İ", "i")
    text = text.lower()
    if lang == "ar":
        text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    return text


def words(text: str, lang: str) -> list[str]:
    """The lower-cased words of a text; apostrophes separate (`l'école` gives `l`, `école`)."""
    return _WORD.findall(_APOSTROPHES.sub(" ", unicodedata.normalize("NFC", _lower(text, lang))))


def fold_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


class Analyzer:
    """Turns a text into stems and n-grams for one language (unknown: no stemming, no lists)."""

    def __init__(self, lang: str, ngram: tuple[int, int] = (3, 5)) -> None:
        self.lang = lang
        self.ngram = ngram
        self.stop_words = STOP_WORDS.get(lang, frozenset())
        name = STEMMERS.get(lang)
        if name is None:
            self._stem: Callable[[str], str] = str
        else:
            import snowballstemmer

            self._stem = lru_cache(maxsize=None)(snowballstemmer.stemmer(name).stemWord)
        self.phrases: dict[tuple[str, ...], str] = {}
        self.stem_synonyms: dict[str, str] = {}
        for canonical, variants in SYNONYMS.get(lang, {}).items():
            for variant in (canonical, *variants):
                tokens = tuple(words(variant, lang))
                if len(tokens) > 1:
                    self.phrases[tokens] = canonical
                else:
                    self.stem_synonyms[self._stem(tokens[0])] = self._stem(canonical)
        for phrase in STOP_PHRASES.get(lang, ()):
            self.phrases[tuple(words(phrase, lang))] = ""
        self.longest_phrase = max((len(p) for p in self.phrases), default=1)

    def stems(self, text: str) -> list[str]:
        """Content words of `text`, stemmed, synonyms replaced by their canonical stem."""
        tokens = words(text, self.lang)
        kept: list[str] = []
        i = 0
        while i < len(tokens):
            for size in range(min(self.longest_phrase, len(tokens) - i), 1, -1):
                canonical = self.phrases.get(tuple(tokens[i : i + size]))
                if canonical is not None:
                    if canonical:
                        kept.append(self._stem(canonical))
                    i += size
                    break
            else:
                token = tokens[i]
                i += 1
                if len(token) > 1 and token not in self.stop_words:
                    stem = self._stem(token)
                    kept.append(self.stem_synonyms.get(stem, stem))
        return kept

    def ngrams(self, stems: Sequence[str]) -> list[str]:
        """Character n-grams of each stem, accents folded, with word boundaries marked."""
        low, high = self.ngram
        grams: list[str] = []
        for stem in stems:
            padded = f" {fold_accents(stem)} "
            for n in range(low, high + 1):
                grams.extend(padded[k : k + n] for k in range(len(padded) - n + 1))
        return grams


def tfidf(bags: Sequence[Sequence[str]]) -> np.ndarray:
    """Unit-length TF-IDF rows, one per bag (a bag with no feature gives a zero row).

    Features found in a single bag cannot make two texts alike: they count in the row's length
    but get no column, which keeps the matrix small."""
    n = len(bags)
    counts = [Counter(bag) for bag in bags]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    idf = {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}
    columns = {t: k for k, t in enumerate(sorted(t for t, d in df.items() if d > 1))}
    matrix = np.zeros((n, len(columns)))
    for row, c in enumerate(counts):
        norm2 = 0.0
        for t, count in c.items():
            weight = (1.0 + math.log(count)) * idf[t]
            norm2 += weight * weight
            k = columns.get(t)
            if k is not None:
                matrix[row, k] = weight
        if norm2 > 0:
            matrix[row] /= math.sqrt(norm2)
    return matrix
