"""For `make bench`: send a newsletter issue to 10,000 addresses through the background worker.

A local SMTP sink (a thread of this command, on 127.0.0.1) receives the messages as a mail server
would: it refuses a few addresses for good (550: bounces) and a few once (451: tried again later).
The issue is sent as the coordination sends it (`issue_send`: one delivery per address, batches
queued in the database); then `manage.py db_worker` runs in its own process until every address
has an outcome. Reported: the time to queue, the time to send, messages per second, the outcomes,
the worker's peak memory (VmHWM) and what the sink received. The bench's addresses and issue are
deleted afterwards.
"""

from __future__ import annotations

import os
import secrets
import socketserver
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from mille.accounts.models import User
from mille.library.models import LibraryItemPage
from mille.network.models import (
    Delivery,
    Event,
    EventStatus,
    Issue,
    IssueStatus,
    Subscriber,
    SubscriberStatus,
)
from mille.network.services import newsletter

PREFIX = "bench-lettre-"


class Sink:
    """What the SMTP sink saw."""

    def __init__(self, refused: dict[str, int]):
        self.refused = refused
        self.tries: Counter = Counter()
        self.messages = 0
        self.bytes = 0
        self.connections = 0
        self.lock = threading.Lock()


def _handler(sink: Sink):
    class SMTPHandler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write((line + "\r\n").encode())

        def handle(self) -> None:
            with sink.lock:
                sink.connections += 1
            self.reply("220 sink.mille ESMTP")
            recipients: list[str] = []
            while line := self.rfile.readline():
                command = line.decode(errors="replace").strip()
                verb = command[:4].upper()
                if verb in ("EHLO", "HELO"):
                    self.reply("250-sink.mille")
                    self.reply("250 8BITMIME")
                elif verb == "MAIL":
                    recipients = []
                    self.reply("250 OK")
                elif verb == "RCPT":
                    address = command.split(":", 1)[1].strip().strip("<>").lower()
                    code = sink.refused.get(address.split("@")[0].rsplit("-", 1)[0], 0)
                    with sink.lock:
                        sink.tries[address] += 1
                        tries = sink.tries[address]
                    if code == 550:
                        self.reply("550 5.1.1 Mailbox unknown")
                    elif code == 451 and tries == 1:
                        self.reply("451 4.7.1 Try again later")
                    else:
                        recipients.append(address)
                        self.reply("250 OK")
                elif verb == "DATA":
                    self.reply("354 End data with <CR><LF>.<CR><LF>")
                    size = 0
                    while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                        size += len(chunk)
                    with sink.lock:
                        sink.messages += 1
                        sink.bytes += size
                    self.reply("250 OK queued")
                elif verb == "RSET" or verb == "NOOP":
                    self.reply("250 OK")
                elif verb == "QUIT":
                    self.reply("221 Bye")
                    return
                else:
                    self.reply("502 Command not implemented")

    return SMTPHandler


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def _memory_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Command(BaseCommand):
    help = "Send a newsletter issue to 10,000 addresses through the worker, to a local SMTP sink."

    def add_arguments(self, parser):
        parser.add_argument("--addresses", type=int, default=10_000)
        parser.add_argument("--bounces", type=int, default=20, help="addresses refused for good")
        parser.add_argument("--busy", type=int, default=20, help="addresses refused once (451)")
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--timeout", type=int, default=900)

    def _clean(self) -> None:
        Issue.objects.filter(subject__startswith="[bench]").delete()
        Subscriber.objects.filter(email__startswith=PREFIX).delete()

    def handle(self, *args, addresses, bounces, busy, workers, timeout, **options):
        self._clean()
        national, _created = User.objects.get_or_create(
            email="bench-coordination@example.org",
            defaults={"display_name": "Coordination (bench)", "is_national_coordinator": True},
        )
        now = time.time()
        stamp = timezone.now()
        kinds = ["rebond"] * bounces + ["occupee"] * busy
        kinds += ["lecteur"] * (addresses - len(kinds))
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"{PREFIX}{kind}-{number}@example.org",
                    status=SubscriberStatus.CONFIRMED,
                    key=secrets.token_hex(8),
                    consent_text=str(newsletter.CONSENT_TEXT),
                    consent_version=newsletter.CONSENT_VERSION,
                    consented_at=stamp,
                    confirmed_at=stamp,
                    source="bench",
                )
                for number, kind in enumerate(kinds)
            ],
            batch_size=2000,
        )
        others = Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED).exclude(
            email__startswith=PREFIX
        )
        if others.exists():
            self.stderr.write(
                f"Note: {others.count()} other confirmed addresses get the issue too."
            )
        self.stdout.write(
            f"  {addresses:,} confirmed addresses created in {time.time() - now:.1f} s"
        )

        sink = Sink({f"{PREFIX}rebond": 550, f"{PREFIX}occupee": 451})
        server = Server(("127.0.0.1", 0), _handler(sink))
        port = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()

        issue = newsletter.issue_create(actor=national)

        newsletter.issue_compose(
            issue=issue,
            actor=national,
            subject=f"[bench] La lettre du réseau n° {issue.number}",
            intro="Bonjour à toutes et à tous ! " * 20,
            library_pages=list(LibraryItemPage.objects.live().order_by("-first_published_at")[:4]),
            events=list(
                Event.objects.filter(status=EventStatus.PUBLISHED).order_by("starts_at")[:3]
            ),
        )
        started = time.time()
        count = newsletter.issue_send(issue=issue, actor=national)
        queued = time.time() - started
        batches = -(-count // max(settings.NEWSLETTER_BATCH_SIZE, 1))
        self.stdout.write(
            f"  issue queued: {count:,} deliveries in {batches} batches of "
            f"{settings.NEWSLETTER_BATCH_SIZE} ({queued:.2f} s)"
        )
        connection.close()

        env = {
            **os.environ,
            "EMAIL_URL": f"smtp://127.0.0.1:{port}",
            "NEWSLETTER_RETRY_SECONDS": "1",
        }
        manage = Path(settings.BASE_DIR) / "manage.py"
        command = [
            sys.executable,
            str(manage),
            "db_worker",
            "--no-startup-delay",
            "--interval",
            "0.1",
        ]
        processes = [
            subprocess.Popen(  # noqa: S603 — our own manage.py, fixed arguments
                command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            for _ in range(workers)
        ]
        peak = {process.pid: 0 for process in processes}
        sending_started = time.time()
        status = IssueStatus.SENDING
        while time.time() - sending_started < timeout:
            for process in processes:
                peak[process.pid] = max(peak[process.pid], _memory_kb(process.pid, "VmHWM"))
            status = Issue.objects.filter(pk=issue.pk).values_list("status", flat=True).get()
            connection.close()
            if status == IssueStatus.SENT or any(p.poll() is not None for p in processes):
                break
            time.sleep(0.25)
        elapsed = time.time() - sending_started
        for process in processes:
            peak[process.pid] = max(peak[process.pid], _memory_kb(process.pid, "VmHWM"))
            process.terminate()
        errors = b""
        for process in processes:
            try:
                _out, err = process.communicate(timeout=20)
                errors += err or b""
            except subprocess.TimeoutExpired:
                process.kill()
        server.shutdown()
        outcomes = Counter(Delivery.objects.filter(issue=issue).values_list("status", flat=True))
        tries = Counter(Delivery.objects.filter(issue=issue).values_list("attempts", flat=True))
        self.stdout.write(
            f"  sent by {workers} worker(s): {elapsed:.1f} s, "
            f"{outcomes.get('sent', 0) / max(elapsed, 1e-9):.0f} messages/s; issue {status}"
        )
        self.stdout.write(
            "  outcomes: "
            + ", ".join(
                f"{name} {outcomes.get(name, 0):,}"
                for name in ("sent", "bounced", "failed", "retry", "queued")
            )
            + f"; attempts: {dict(sorted(tries.items()))}"
        )
        self.stdout.write(
            "  worker peak memory (VmHWM): "
            + ", ".join(f"{kb / 1024:.0f} MB" for kb in peak.values())
            + f"; sink: {sink.messages:,} messages, {sink.bytes / 1e6:.1f} MB, "
            f"{sink.connections} connections"
        )
        if status != IssueStatus.SENT:
            self.stderr.write(errors.decode(errors="replace")[-3000:])
        self._clean()
