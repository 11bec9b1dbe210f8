import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mille.workshops import audio
from tests.workshops import samples


@pytest.mark.parametrize(
    ("make", "container"),
    [(samples.webm, "webm"), (samples.ogg_opus, "ogg"), (samples.mp4, "mp4")],
)
@pytest.mark.parametrize("seconds", [1, 45, 119.5])
def test_accepts_recordings_up_to_two_minutes(make, container, seconds):
    info = audio.inspect(make(seconds))
    assert info.container == container
    assert info.content_type == f"audio/{container}"
    assert info.seconds == pytest.approx(seconds, abs=0.6)


@pytest.mark.parametrize("make", [samples.webm, samples.ogg_opus, samples.mp4])
def test_refuses_recordings_over_two_minutes(make):
    with pytest.raises(audio.AudioError) as error:
        audio.inspect(make(150))
    assert error.value.code == "length"


def test_refuses_what_is_not_audio():
    for data in (
        b"%PDF-1.7 not audio",
        b"<script>alert(1)</script>",
        b"\x89PNG\r\n\x1a\n" + b"0" * 50,
    ):
        with pytest.raises(audio.AudioError) as error:
            audio.inspect(data)
        assert error.value.code == "type"


HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


@pytest.mark.parametrize(
    "disguised",
    [
        b"OggS" + HTML,
        samples.ogg_opus(5) + HTML,
        b"\x1a\x45\xdf\xa3" + HTML,
        b"\x00\x00\x00\x14ftypM4A " + HTML,
        samples.mp4(5) + HTML,
    ],
    ids=["ogg-magic", "ogg-then-html", "webm-magic", "mp4-magic", "mp4-then-html"],
)
def test_refuses_a_web_page_behind_audio_magic_bytes(disguised):
    # Served back from our own origin, such a file must never pass for audio.
    with pytest.raises(audio.AudioError) as error:
        audio.inspect(disguised)
    assert error.value.code == "type"


def test_refuses_empty_and_oversized_files():
    with pytest.raises(audio.AudioError) as error:
        audio.inspect(b"")
    assert error.value.code == "empty"
    with pytest.raises(audio.AudioError) as error:
        audio.inspect(samples.webm(10) + b"\x00" * audio.MAX_BYTES)
    assert error.value.code == "size"


def test_untimed_container_is_bounded_by_size():
    # An MP4 without a movie duration (fragmented) is judged by its size.
    untimed = samples.mp4(0)
    assert audio.inspect(untimed).seconds is None
    with pytest.raises(audio.AudioError) as error:
        audio.inspect(samples.mp4(0, media_bytes=audio.UNTIMED_MAX_BYTES))
    assert error.value.code == "length"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_never_crashes_on_garbage(data):
    for prefix in (b"", b"\x1a\x45\xdf\xa3", b"OggS", b"\x00\x00\x00\x14ftyp"):
        try:
            audio.inspect(prefix + data)
        except audio.AudioError:
            pass
