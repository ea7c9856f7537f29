"""gunicorn for ParkOps behind nginx (deploy/nginx-parkops.conf): `gunicorn -c deploy/gunicorn.conf.py
parkops.wsgi:application`, as deploy/parkops-web.service runs it."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Requests mostly wait on the database; reports and deliveries run in the worker, not here.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# An import's preview of a large ledger is the longest request (nginx waits as long: proxy_read_timeout).
timeout = 300
graceful_timeout = 30
# A worker is replaced now and then, so that a slow leak cannot grow for months.
max_requests = 2000
max_requests_jitter = 200
# Only nginx on this machine may say a request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
errorlog = "-"
limit_request_line = 8190
