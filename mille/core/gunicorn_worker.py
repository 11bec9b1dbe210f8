"""gunicorn's threaded worker, with one change: a new connection waits for its first bytes in the
worker's poller, as a kept-alive connection does, not in a thread.

The stock worker hands each new connection to a thread, which waits up to 5 s for the request to
arrive. A phone on a bad network that connects and then sends slowly, or a browser that opens a
connection ahead of time, holds one of the process's few threads meanwhile: in a room voting at
once, the other phones' votes queue behind it for seconds (`make bench`, the room vote). Here a
thread is taken only once there is something to read; a connection that sends nothing is closed
after the keep-alive delay, like an idle kept-alive one."""

from __future__ import annotations

import errno
import selectors
import time
from functools import partial

from gunicorn.workers.gthread import TConn, ThreadWorker

IDLE_NEW_CONNECTION_SECONDS = 10


class PollingThreadWorker(ThreadWorker):
    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())  # non-blocking
        conn.timeout = time.monotonic() + max(self.cfg.keepalive, IDLE_NEW_CONNECTION_SECONDS)
        self.pending_conns.append(conn)
        self.poller.register(
            conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn)
        )
