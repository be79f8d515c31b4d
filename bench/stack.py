"""The production stack on loopback for `make soak` and `make drills`: a throwaway PostgreSQL
cluster, a Redis, gunicorn (production settings, 2+ workers) and nginx in front, each on a free
port chosen at run time, with a modest generated dataset. Built from bench/run.py's and
bench/pg.py's helpers; nginx's configuration is the one bench/replica_demo.py uses too.

Everything lives in a temporary folder and is stopped and deleted by `stop()`.
"""

import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import run
from pg import Cluster, free_port

NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    client_max_body_size {max_body};
    log_format upstream '$request $status via $upstream_addr';
    access_log {tmp}/access.log upstream;
    upstream certify {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://certify;
            proxy_next_upstream off;
            proxy_read_timeout 120s;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


def staff_token(shell: Callable[[str], str]) -> str:
    """A staff API token, made through `shell` (runs `manage.py shell -c` code, returns its last
    line) as a staff member makes one: with 2FA set up first (staff tokens need it)."""
    return shell(
        "from certify.accounts.models import User, Role; "
        "from certify.accounts.tokens import token_create; "
        "from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret; "
        "u = User.objects.filter(role_assignments__role=Role.PROGRAM_STAFF).first(); "
        "TOTP.activate(u, generate_totp_secret()); "
        "print(token_create(user=u, name='bench', scopes=['staff']).secret)"
    )


def start_nginx(
    folder: Path, port: int, app_ports: list[int], *, max_body: str = "1m"
) -> subprocess.Popen:
    """nginx in the foreground of a child process, proxying 127.0.0.1:port to the app servers
    (its configuration in `folder`, never installed); returns once it answers /health/."""
    # Run as root, nginx's workers are `nobody`: they must reach the folder to buffer large
    # request bodies to disk (or nginx itself answers 500).
    os.chmod(folder, 0o755)  # noqa: S103 - a temporary folder of config and logs
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in app_ports)
    (folder / "nginx.conf").write_text(
        NGINX_CONF.format(tmp=folder, port=port, servers=servers, max_body=max_body)
    )
    process = subprocess.Popen(
        ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
        start_new_session=True,
    )
    wait_for(f"http://127.0.0.1:{port}/health/", 20, what="nginx")
    return process


def status_of(url: str, timeout: float = 10) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for(url: str, seconds: float, *, what: str, status: int = 200) -> float:
    """Seconds until `url` answers `status`; RuntimeError past `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            if status_of(url, timeout=5) == status:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{what} did not answer {status} at {url} within {seconds:.0f} s")


class Stack:
    """PostgreSQL + Redis + gunicorn (production settings) + nginx, with generated data."""

    def __init__(self, *, workers: int = 2, candidates: int = 200, say=print) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="certify-stack-"))
        if os.geteuid() == 0:
            shutil.chown(self.home, user="postgres", group="postgres")
        self.nginx_dir = Path(tempfile.mkdtemp(prefix="certify-nginx-"))
        self.workers = workers
        self.candidates = candidates
        self.say = say
        self.cluster = Cluster(self.home / "pg")
        self.db = "certify_stack"
        self.redis_port = free_port()
        self.redis: subprocess.Popen | None = None
        self.gunicorn: subprocess.Popen | None = None
        self.nginx: subprocess.Popen | None = None
        self.app_port = free_port()
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"  # through nginx
        self.env: dict[str, str] = {}

    def start(self, *, nginx: bool = True, max_body: str = "10m") -> None:
        self.start_redis()
        self.say(f"Redis on 127.0.0.1:{self.redis_port}")
        self.cluster.init()
        self.start_database()
        self.cluster.psql(f"CREATE DATABASE {self.db}")
        self.say(f"PostgreSQL on 127.0.0.1:{self.cluster.port}")
        self.env = self.app_env()
        run.manage(self.env, "migrate", "--no-input", "-v0")
        self.say(f"generating {self.candidates} candidates of load data")
        run.manage(
            self.env,
            "generate_load_data",
            "--candidates",
            str(self.candidates),
            "--no-progress",
            capture=True,
        )
        run.collect_static(self.env)
        self.gunicorn = run.start_gunicorn(self.env, self.app_port, self.workers)
        self.say(f"gunicorn, {self.workers} workers, on 127.0.0.1:{self.app_port}")
        if nginx:
            self.nginx = start_nginx(self.nginx_dir, self.port, [self.app_port], max_body=max_body)
            self.say(f"nginx on {self.base}")
        else:
            self.base = f"http://127.0.0.1:{self.app_port}"

    def app_env(self) -> dict[str, str]:
        """Production settings as deployed: the real rate limits (not the bench's), the nginx in
        front trusted as the only proxy."""
        run.REDIS = f"redis://127.0.0.1:{self.redis_port}"
        env = run.django_env(self.cluster.url(self.db), site=f"http://127.0.0.1:{self.port}")
        for name in run.BENCH_RATES:
            env.pop(name, None)
        env["TRUSTED_PROXIES"] = "127.0.0.1"
        env["MEDIA_ROOT"] = str(self.home / "media")
        env["PRIVATE_MEDIA_ROOT"] = str(self.home / "private")
        return env

    def start_redis(self) -> None:
        self.redis = run.start_redis(self.redis_port)

    def stop_redis(self) -> None:
        if self.redis is not None:
            run.stop_process(self.redis)
            self.redis = None

    def start_database(self) -> None:
        self.cluster.start({"shared_buffers": "128MB", "effective_cache_size": "512MB"})
        self.cluster.wait_ready()

    def database_up(self) -> bool:
        return (self.cluster.data / "postmaster.pid").exists()

    def stop_database(self) -> None:
        self.cluster.stop()

    def manage(self, *args: str, capture: bool = False) -> str:
        return run.manage(self.env, *args, capture=capture)

    def shell(self, code: str) -> str:
        """Run Python in `manage.py shell` on the stack's database; its last printed line."""
        return self.manage("shell", "-c", code, capture=True).strip().splitlines()[-1]

    def shell_json(self, code: str) -> dict:
        return json.loads(self.shell(code))

    def sql(self, query: str) -> str:
        return self.cluster.psql(query, db=self.db)

    def stop(self) -> None:
        for process in (self.nginx, self.gunicorn):
            if process is not None:
                run.stop_process(process)
        self.stop_redis()
        self.cluster.stop()
        shutil.rmtree(self.home, ignore_errors=True)
        shutil.rmtree(self.nginx_dir, ignore_errors=True)
