"""Production across processes: two gunicorn app servers, each with its own local folder, and one
task worker, on one PostgreSQL database and one Redis (docs/deploy.md). Real HTTP proves that a
session, the rate limits, an uploaded voice and a vote's results are the same whichever server
answers, and the open data the worker writes are served by both.

The servers run the production settings (DEBUG=0, not the test settings) on a database cloned
from this run's migrated test database, created here and dropped at the end. It runs when the
suite runs on PostgreSQL (CI's second pass), and skips with a message otherwise.
"""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from mille.workshops import codes
from mille.workshops.views.participate import DEVICE_LIMIT
from tests.workshops import samples

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS = ("127.0.0.1", 6379)


def _unreachable() -> str:
    """Why the stack cannot run here, or "" when PostgreSQL and Redis both answer."""
    try:
        import psycopg

        psycopg.connect(dbname="postgres", connect_timeout=3, **POSTGRES).close()
    except Exception as error:  # any failure means: not here
        return f"PostgreSQL unreachable at 127.0.0.1:5432 (user postgres): {error}"
    try:
        import redis

        redis.Redis(*REDIS, socket_connect_timeout=3).ping()
    except Exception as error:
        return f"Redis unreachable at 127.0.0.1:6379: {error}"
    return ""


WHY_NOT = _unreachable()
pytestmark = [
    pytest.mark.skipif(
        bool(WHY_NOT), reason=f"two app servers need PostgreSQL and Redis: {WHY_NOT}"
    ),
    # Has the run set up its test database, which the servers' database is cloned from.
    pytest.mark.django_db,
]

# Run by the servers' own Python (manage.py shell): a group coordinated by Nadia, one workshop in
# its peer phase (voices) and one in its crossing (votes). Prints what the HTTP side needs.
SETUP = """
import json
from mille.territories.models import Commune, Departement
from mille.territories.reference import load_reference
from mille.workshops import services
from mille.workshops.models import Phase
from tests.factories import PASSWORD, UserFactory, make_group

if not Commune.objects.exists():  # a flushed test database has lost its reference data
    load_reference(Departement, Commune)
nadia = UserFactory(email="nadia@example.org", display_name="Nadia Multiserveur")
group = make_group(coordinator=nadia, name="Parents de Fives")
peers = services.workshop_create(group=group, actor=nadia, blueprint="croisement")
services.workshop_phase_change(workshop=peers, actor=nadia, phase=Phase.PEER_WORK)
crossing = services.workshop_create(group=group, actor=nadia, blueprint="croisement")
services.workshop_phase_change(workshop=crossing, actor=nadia, phase=Phase.CROSSING)
statement = services.statement_create(
    workshop=crossing, actor=nadia, text="Les parents sont bienvenus dans l'école."
)
def general(workshop):
    return workshop.join_codes.get(peer_group__isnull=True).code
print(json.dumps({
    "email": nadia.email, "password": PASSWORD, "group": group.slug,
    "peers": {"pk": peers.pk, "code": general(peers),
              "peer_group": peers.peer_groups.first().pk,
              "question": peers.questions.first().pk},
    "crossing": {"pk": crossing.pk, "code": general(crossing),
                 "peer_group": crossing.peer_groups.first().pk, "statement": statement.pk},
}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(args: list[str], env: dict) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _stop(process: subprocess.Popen) -> None:
    """End a process we started, and the workers it started (its own process group)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@dataclass
class Stack:
    a: str
    b: str
    data: dict
    worker_env: dict  # the worker's environment, with its own folder


@pytest.fixture
def stack(request, django_db_blocker, tmp_path_factory):
    import psycopg
    import redis
    from django.conf import settings
    from django.db import connection, connections

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip(
            "two app servers run when the suite runs on PostgreSQL "
            "(DATABASE_URL=postgres://postgres@127.0.0.1:5432/test): its migrated test database "
            "is their template"
        )
    request.getfixturevalue("django_db_setup")
    source = connection.settings_dict
    name = f"mille_multiserver_{secrets.token_hex(4)}"
    prefix = f"mille-multiserver-{secrets.token_hex(4)}"
    admin = psycopg.connect(
        dbname="postgres",
        host=source["HOST"] or "127.0.0.1",
        port=int(source["PORT"] or 5432),
        user=source["USER"],
        password=source["PASSWORD"] or None,
        autocommit=True,
    )
    folder = tmp_path_factory.mktemp("multiserver")
    password = f":{source['PASSWORD']}" if source["PASSWORD"] else ""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "MEDIA_", "SESSION_", "GUNICORN_", "MILLE_"))
    }
    base.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_URL="dummy://",
        DATABASE_URL=(
            f"postgres://{source['USER']}{password}@{source['HOST'] or '127.0.0.1'}:"
            f"{source['PORT'] or 5432}/{name}"
        ),
        CACHE_URL=f"redis://{REDIS[0]}:{REDIS[1]}/0?prefix={prefix}",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",  # plain HTTP on the loopback: the proxy does TLS in production
        SECURE_HSTS_SECONDS="0",
        MFA_REQUIRED_FOR_NATIONAL="0",
        CROSSING_ANALYSIS_BATCH_SECONDS="0.2",
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="4",
    )
    processes: list[subprocess.Popen] = []
    logs: list[Path] = []

    def start(role: str, args: list[str], **extra) -> subprocess.Popen:
        """A process with its own folder (MILLE_VAR_DIR), its output in role.log."""
        var = folder / role
        var.mkdir()
        if "GUNICORN_BIND" in extra:  # the static files, collected once for both servers
            (var / "static").symlink_to(folder / "collectstatic" / "static")
        log = folder / f"{role}.log"
        logs.append(log)
        with open(log, "wb") as out:
            processes.append(
                subprocess.Popen(
                    args,
                    cwd=ROOT,
                    env={**base, "MILLE_VAR_DIR": str(var), **extra},
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        return processes[-1]

    try:
        with django_db_blocker.unblock():
            connections.close_all()  # a template database must have no one connected
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source["NAME"]}"')
        manage = [sys.executable, "manage.py"]
        # Compressing the static files is the slowest step: it runs while the database is set up.
        collect = start("collectstatic", [*manage, "collectstatic", "--noinput", "-v0"])
        setup_env = {**base, "MILLE_VAR_DIR": str(folder / "setup")}
        _run(["migrate", "--noinput", "-v0"], setup_env)
        out = _run(["shell", "--no-imports", "-c", SETUP], setup_env)
        data = json.loads(out.strip().splitlines()[-1])
        start("worker", [*manage, "db_worker", "--no-reload", "--interval", "0.2"])
        assert collect.wait(timeout=300) == 0, (folder / "collectstatic.log").read_text()
        processes.remove(collect)
        # Each app server has its own folder, hence its own media folder, which nobody shares.
        # MEDIA_STORAGE=database is said outright here; the setup and the worker get it as the
        # default on PostgreSQL with DEBUG=0.
        ports = {"a": _free_port(), "b": _free_port()}
        for role, port in ports.items():
            start(
                role,
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"]
                + ["config.wsgi:application"],
                GUNICORN_BIND=f"127.0.0.1:{port}",
                MEDIA_STORAGE="database",
            )
        urls = {role: f"http://127.0.0.1:{port}" for role, port in ports.items()}
        deadline = time.monotonic() + 60
        for url in urls.values():
            while True:
                try:
                    if requests.get(f"{url}/sante/", timeout=5).status_code == 200:
                        break
                except requests.RequestException:  # not listening yet, or still loading
                    pass
                assert time.monotonic() < deadline, "an app server did not start"
                assert all(p.poll() is None for p in processes), "a process stopped"
                time.sleep(0.2)
        worker_env = {**base, "MILLE_VAR_DIR": str(folder / "worker")}
        yield Stack(a=urls["a"], b=urls["b"], data=data, worker_env=worker_env)
        assert all(p.poll() is None for p in processes), "a process stopped during the tests"
    finally:
        for process in processes:
            _stop(process)
        for log in logs:  # shown by pytest when a test failed
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        cache = redis.Redis(*REDIS)
        for key in cache.scan_iter(f"{prefix}:*"):
            cache.delete(key)


def _csrf(session: requests.Session, url: str) -> dict:
    """Load a page with a form (it sets the CSRF cookie); the header Django checks on a POST."""
    assert session.get(url, timeout=10).status_code == 200
    return {"X-CSRFToken": session.cookies["csrftoken"]}


def _phone(stack: Stack, server: str, workshop: dict, nickname: str) -> requests.Session:
    """A participant's phone joining a workshop with its code, through `server`."""
    phone = requests.Session()
    join = f"{server}/rejoindre/{workshop['code']}/"
    response = phone.post(
        join,
        {"peer_group": workshop["peer_group"], "nickname": nickname},
        headers=_csrf(phone, join),
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:2000]
    return phone


def _a_session_begun_on_one_server_continues_on_the_other(stack: Stack) -> None:
    browser = requests.Session()
    login = f"{stack.a}/accounts/login/"
    members = f"/groupes/{stack.data['group']}/membres/"
    assert browser.get(stack.b + members, allow_redirects=False, timeout=10).status_code == 302
    response = browser.post(
        login,
        {"login": stack.data["email"], "password": stack.data["password"]},
        headers=_csrf(browser, login),
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302 and "sessionid" in browser.cookies
    page = browser.get(stack.b + members, allow_redirects=False, timeout=10)
    assert page.status_code == 200
    assert "Nadia Multiserveur" in page.text


def _rate_limits_are_counted_across_both_servers(stack: Stack) -> None:
    known = {stack.data["peers"]["code"], stack.data["crossing"]["code"]}
    window = DEVICE_LIMIT.window
    if window - time.time() % window < 15:  # the counters restart with each window
        time.sleep(window - time.time() % window + 1)

    def refused_at(servers: list[str]) -> int:
        """Wrong join codes from one phone, in turn through `servers`, until one is refused."""
        phone = requests.Session()
        headers = _csrf(phone, f"{servers[0]}/rejoindre/")
        for attempt in range(1, 3 * DEVICE_LIMIT.attempts):
            code = codes.new_code(codes.JOIN_CODE_LENGTH)
            while code in known:
                code = codes.new_code(codes.JOIN_CODE_LENGTH)
            server = servers[attempt % len(servers)]
            response = phone.post(
                f"{server}/rejoindre/", {"code": code}, headers=headers, timeout=10
            )
            if response.status_code == 429:
                return attempt
            assert response.status_code == 200, response.text[:2000]
            assert "Ce code ne correspond à aucun atelier" in response.text
        raise AssertionError("never refused")

    alone = refused_at([stack.a])
    assert alone == DEVICE_LIMIT.attempts + 1
    assert refused_at([stack.a, stack.b]) == alone


def _a_voice_sent_through_one_server_is_heard_through_the_other(stack: Stack) -> None:
    workshop = stack.data["peers"]
    phone = _phone(stack, stack.a, workshop, "Amina")
    question = f"/atelier/{workshop['pk']}/questions/{workshop['question']}/"
    voice = samples.webm(6)
    response = phone.post(
        stack.a + question,
        data={"text": "Ma voix"},
        files={"audio": ("voix.webm", voice, "audio/webm")},
        headers={"X-CSRFToken": phone.cookies["csrftoken"]},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:2000]
    wall = phone.get(stack.b + question, timeout=10)
    assert wall.status_code == 200
    audio = re.search(rf'src="(/atelier/{workshop["pk"]}/contributions/\d+/audio/)"', wall.text)
    assert audio, "the voice is not on the wall served by the other server"
    heard = phone.get(stack.b + audio.group(1), timeout=10)
    assert heard.status_code == 200 and heard.headers["Content-Type"] == "audio/webm"
    assert heard.content == voice
    assert requests.get(stack.b + audio.group(1), timeout=10).status_code == 403  # not for all


def _a_vote_through_one_server_moves_the_results_of_the_other(stack: Stack) -> None:
    workshop = stack.data["crossing"]
    phone = _phone(stack, stack.a, workshop, "Bruno")
    results = f"{stack.b}/atelier/{workshop['pk']}/resultats/"
    assert "1 / 0 / 0" not in phone.get(results, timeout=10).text
    response = phone.post(
        f"{stack.a}/atelier/{workshop['pk']}/voter/",
        {"statement": workshop["statement"], "value": "1"},
        headers={"X-CSRFToken": phone.cookies["csrftoken"]},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    # The worker analyses the votes; the other server shows its figures once stored.
    deadline = time.monotonic() + 20
    while True:
        page = phone.get(results, timeout=10).text
        if "1 / 0 / 0" in page and "Des votes viennent d" not in page:
            break
        assert time.monotonic() < deadline, "the worker's analysis never reached the other server"
        time.sleep(0.3)


def _open_data_written_on_the_worker_is_served_by_both_servers(stack: Stack) -> None:
    """The daily export runs where the worker runs, with its own folder."""
    _run(["opendata_export"], stack.worker_env)
    through_a = requests.get(f"{stack.a}/donnees/groupes-locaux.csv", timeout=10)
    through_b = requests.get(f"{stack.b}/donnees/groupes-locaux.csv", timeout=10)
    assert through_a.status_code == through_b.status_code == 200
    assert through_a.content == through_b.content
    assert through_b.content.decode().startswith("nom")


# One test, so that a parallel run (pytest -n) starts the servers once, on one of its workers.
def test_two_app_servers_and_a_worker_serve_as_one(stack):
    _a_session_begun_on_one_server_continues_on_the_other(stack)
    _rate_limits_are_counted_across_both_servers(stack)
    _a_voice_sent_through_one_server_is_heard_through_the_other(stack)
    _a_vote_through_one_server_moves_the_results_of_the_other(stack)
    _open_data_written_on_the_worker_is_served_by_both_servers(stack)
