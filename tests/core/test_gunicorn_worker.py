"""The server's worker: a connection that is open but sends nothing holds no thread. With one
thread, gunicorn's stock threaded worker keeps a second client waiting while the first says nothing
(up to 5 s); ours answers the second client at once."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(worker: str):
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--worker-class",
            worker,
            "--workers",
            "1",
            "--threads",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "tests.core.hello_wsgi:app",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("gunicorn did not start")
    time.sleep(0.5)  # the worker process is up (the probe above reached the arbiter's socket)
    return process, port


def _second_client_wait(worker: str) -> float:
    process, port = _serve(worker)
    try:
        silent = socket.create_connection(("127.0.0.1", port))
        time.sleep(0.3)  # the server has accepted it
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
            client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answer = client.recv(1024)
        waited = time.monotonic() - started
        silent.close()
        assert answer.startswith(b"HTTP/1.1 200")
        return waited
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_silent_connection_does_not_keep_others_waiting():
    assert _second_client_wait("mille.core.gunicorn_worker.PollingThreadWorker") < 2.5
    # The stock worker, in the same situation, holds its only thread for the silent client.
    assert _second_client_wait("gthread") >= 2.5


def test_the_settings_use_it():
    from config import gunicorn

    assert gunicorn.worker_class == "mille.core.gunicorn_worker.PollingThreadWorker"
