"""The production settings in a subprocess: `manage.py check --deploy` with a complete
environment, as docs/deployment.md runs it before the first start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "certify.settings.production",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "certify.example.org",
    "SITE_URL": "https://certify.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_HOST": "smtp.example.org",
}
# What this machine's environment may hold that would change the answer.
_UNSET = ("REDIS_URL", "CACHE_BACKEND", "WEB_CONCURRENCY", "APP_SERVERS")


def production_env(**changes: str | None) -> dict[str, str]:
    """The production environment, changed by `changes` (None removes a variable)."""
    env = {k: v for k, v in os.environ.items() if k not in _UNSET}
    env.update(PRODUCTION)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def deploy_check(*options: str, **changes: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", *options],
        cwd=ROOT,
        env=production_env(**changes),
        capture_output=True,
        text=True,
        check=False,
    )
