"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi:application`.

Threaded workers: phones keep their connections open between two polls of a workshop wall; a sync
worker would sit blocked on such an idle connection, a threaded one serves the others meanwhile.
Idle keep-alive connections wait in the worker's poller and hold no thread; so do new connections
until their first bytes arrive (mille/core/gunicorn_worker.py: the stock gthread worker lets one
wait up to 5 s in a thread, which made a voting room's tail seconds long). Pages are CPU-bound:
more threads than 8 per process only stretch their latency under load (measured with make bench).
Behind a reverse proxy that buffers requests (nginx...), GUNICORN_WORKER_CLASS=sync balances
requests across processes better: a threaded process keeps the connections it accepted.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# gthread, except that new connections wait for their first bytes in the poller, not in a thread
# (mille/core/gunicorn_worker.py): a slow phone no longer holds a thread that others' votes need.
worker_class = os.environ.get(
    "GUNICORN_WORKER_CLASS", "mille.core.gunicorn_worker.PollingThreadWorker"
)
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
keepalive = 10
timeout = 60
# The access log writes each request's path: join codes and invitation tokens are masked.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_secrets": {"()": "mille.core.logfilters.MaskSecrets"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_secrets"],
            "stream": "ext://sys.stderr",
        },
        "access": {
            "class": "logging.StreamHandler",
            "filters": ["mask_secrets"],
            "stream": "ext://sys.stdout",
        },
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
}
