"""The production profile: DJANGO_SETTINGS_MODULE=parkops.settings_production (deploy/'s systemd units set
it). Everything of parkops.settings, behind nginx terminating HTTPS: `parkops check --deploy` passes with no
warning. The server's own values still come from the environment (deploy/parkops.env.example)."""

import os

from django.core.exceptions import ImproperlyConfigured

# Asked before the common settings are read, which would otherwise fall back to a development key when the
# environment also says DEBUG=true.
if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("生产环境必须设置 SECRET_KEY（至少 50 个随机字符），见 deploy/parkops.env.example。")
if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("生产环境必须设置 ALLOWED_HOSTS（用户访问本系统所用的域名），见 deploy/parkops.env.example。")

from parkops.settings import *  # noqa: E402, F403
from parkops.settings import env_bool, env_int  # noqa: E402

# Whatever DEBUG the environment holds: a production server shows no tracebacks.
DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]

# nginx terminates TLS and says so in X-Forwarded-Proto (deploy/nginx-parkops.conf); it alone may set it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# HSTS: browsers that have been here once refuse plain HTTP for a year. Subdomains are those of the
# system's own host name; "preload" only takes effect if someone submits the domain to the browsers' list.
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Pages send the CSRF token themselves (the hx-headers of base.html); no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True
