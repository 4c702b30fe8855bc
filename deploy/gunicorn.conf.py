"""gunicorn settings for the portal: `gunicorn -c deploy/gunicorn.conf.py community.wsgi`."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two workers per core is plenty for a Django app that waits on PostgreSQL.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 30
# Restart workers now and then, so no slow leak grows without bound (0: never).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# Our own middleware writes one JSON line per request with its id; gunicorn adds errors only.
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# The proxy may not move the portal to another path: a SCRIPT_NAME or PATH_INFO header from it is
# ignored (the portal is mounted at / behind nginx; the second-factor gate holds either way).
forwarder_headers = ""
