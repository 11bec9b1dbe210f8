"""Searching from many threads at once (gunicorn's threaded workers): stemming is safe."""

import sys
import threading

from mille.library import search


def test_stems_from_many_threads_at_once():
    words = [f"parentalités{i}x" if i % 2 else f"écoles{i}aux" for i in range(6000)]
    expected = {word: search._stem_word(word) for word in words[:50]}
    search.stem.cache_clear()
    errors = []

    def work(chunk):
        try:
            for word in chunk:
                search.stem(word)
        except Exception as error:  # noqa: BLE001 — any error is the failure this test looks for
            errors.append(repr(error))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=work, args=(words[k::8],)) for k in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert all(search.stem(word) == stemmed for word, stemmed in expected.items())
