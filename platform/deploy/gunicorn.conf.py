"""gunicorn settings for every web node: `gunicorn -c platform/deploy/gunicorn.conf.py config.wsgi`.

Each value can be changed by an environment variable, so the same image serves a small and a large node
(docs/deployment.md: scaling web nodes, connection pool sizing).
"""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Processes × threads is how many requests a node serves at once; with RAMPWAY_DB_POOL each process holds its
# own pool of at most RAMPWAY_DB_POOL_MAX connections.
workers = int(os.environ.get("GUNICORN_WORKERS", str(min(2 * multiprocessing.cpu_count() + 1, 8))))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# Longer than the slowest page (exports, PDF certificates); a request stuck past it is killed and logged.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle processes now and then so a slow leak never grows without bound; jitter keeps them from all
# restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Access log and errors to stdout/stderr, for the container runtime's log collector.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Only the proxy in front may say the request came over HTTPS (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Import the application once in the master, then fork: faster start, shared memory between processes.
preload_app = os.environ.get("GUNICORN_PRELOAD", "false").lower() == "true"
