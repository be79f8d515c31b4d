#!/usr/bin/env python3
"""`make bench-replica`: Certify past one machine, on loopback.

Starts, with the machine's PostgreSQL binaries, a primary and a streaming replica
(`pg_basebackup -R`), two gunicorn app processes (production settings, DATABASE_REPLICA_URL
set) and nginx in front of them (its config in a temporary folder, run in the foreground of a
child process, never installed). Then it shows:

1. both databases answer (`/health/ready/` through nginx) and the replica is in recovery;
2. a read-only page (certificate verification) is served from the replica: its queries appear
   in the replica's statement log, not in the primary's;
3. a write through the app (staff suspend the certificate through the API) lands on the
   primary, and the replica shows it moments later (the public page says "suspended");
4. nginx spread the requests over both app processes.

Everything stops and is deleted at the end. Requests go to 127.0.0.1 only.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pgcluster
from pg import Cluster, owned_dir, run_as_server
from run import django_env, log, manage, start_gunicorn, stop_process

DB = "certify_demo"


def get(url: str, *, data: dict | None = None, token: str = "") -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = None
    if data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def count_in(path: Path, needle: str) -> int:
    """Statements in a server log (log_statement=all) that name `needle`."""
    if not path.exists():
        return 0
    lines = path.read_text(errors="replace").splitlines()
    return sum(1 for line in lines if "statement: " in line and needle in line)


NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    log_format upstream '$request $status via $upstream_addr';
    access_log {tmp}/access.log upstream;
    upstream certify {{
        server 127.0.0.1:{app1};
        server 127.0.0.1:{app2};
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://certify;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for tool in ("nginx",):
        if shutil.which(tool) is None:
            sys.exit(f"bench-replica: {tool} is missing: run `make system-packages` (as root)")
    home = Path(tempfile.mkdtemp(prefix="certify-replica-"))
    if os.geteuid() == 0:
        shutil.chown(home, user="postgres", group="postgres")
    primary = Cluster(home / "primary")
    replica = Cluster(home / "replica")
    processes: list[subprocess.Popen] = []
    nginx_dir = Path(tempfile.mkdtemp(prefix="certify-nginx-"))
    try:
        log(f"primary on 127.0.0.1:{primary.port}")
        primary.init()
        logging = {"logging_collector": "off", "log_statement": "all"}
        primary.start({"wal_level": "replica", "max_wal_senders": "5", **logging})
        primary.wait_ready()
        primary.psql(f"CREATE DATABASE {DB}")
        env = django_env(primary.url(DB))
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "generate_load_data", "--candidates", "200", "--no-progress", capture=True)

        log(f"replica on 127.0.0.1:{replica.port} (pg_basebackup -R, streaming)")
        owned_dir(replica.data)
        run_as_server(
            [replica.tool("pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port)]
            + ["-U", "postgres", "-D", str(replica.data), "-R", "-X", "stream"],
            stdout=subprocess.DEVNULL,
        )
        replica.start({"hot_standby": "on", **logging})
        replica.wait_ready()
        print("  replica in recovery:", replica.psql("SELECT pg_is_in_recovery()"))
        print(
            "  replication:",
            primary.psql(
                "SELECT application_name || ' ' || state || ' (' || sync_state || ')' "
                "FROM pg_stat_replication"
            ),
        )

        app_ports = [pgcluster.free_port(), pgcluster.free_port()]
        port = pgcluster.free_port()
        app_env = dict(
            django_env(primary.url(DB), site=f"http://127.0.0.1:{port}"),
            DATABASE_REPLICA_URL=replica.url(DB),
        )
        manage(app_env, "collectstatic", "--no-input", "-v0")
        for app_port in app_ports:
            processes.append(start_gunicorn(app_env, app_port, workers=1))
        log(f"two app processes on {app_ports}, nginx on 127.0.0.1:{port}")
        (nginx_dir / "nginx.conf").write_text(
            NGINX_CONF.format(tmp=nginx_dir, app1=app_ports[0], app2=app_ports[1], port=port)
        )
        nginx = subprocess.Popen(
            ["nginx", "-p", str(nginx_dir), "-c", str(nginx_dir / "nginx.conf")]
            + ["-g", "daemon off;"],
            start_new_session=True,
        )
        processes.append(nginx)
        base = f"http://127.0.0.1:{port}"
        for _ in range(40):
            try:
                if get(base + "/health/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.25)

        print("\n1. Both databases answer:")
        print("  GET /health/ready/ ->", *get(base + "/health/ready/"))

        number, pk = (
            manage(
                env,
                "shell",
                "-c",
                "from certify.certificates.models import Certificate as C; "
                "c = C.objects.filter(status='valid').order_by('pk').first(); "
                "print(c.number, c.pk)",
                capture=True,
            )
            .splitlines()[-1]
            .split()
        )
        print(f"\n2. A read-only page is served from the replica (certificate {number}):")
        needle = "certificates_certificate"
        before = count_in(replica.log, needle), count_in(primary.log, needle)
        for _ in range(4):
            status, _ = get(f"{base}/verify/{number}/")
        after = count_in(replica.log, needle), count_in(primary.log, needle)
        print(f"  4 x GET /verify/{number}/ -> {status}")
        print(
            f"  statements reading certificates_certificate: replica +{after[0] - before[0]}, "
            f"primary +{after[1] - before[1]}"
        )

        print("\n3. A write lands on the primary and then shows on the replica:")
        token = (
            manage(
                env,
                "shell",
                "-c",
                "from certify.accounts.models import User, Role; "
                "from certify.accounts.tokens import token_create; "
                "u = User.objects.filter(role_assignments__role=Role.PROGRAM_STAFF).first(); "
                "print(token_create(user=u, name='replica demo', scopes=['staff']).secret)",
                capture=True,
            )
            .splitlines()[-1]
            .strip()
        )
        started = time.monotonic()
        status, _ = get(
            f"{base}/api/v1/staff/certificates/{pk}/actions",
            data={"action": "suspend", "reason": "Replica demo"},
            token=token,
        )
        print(f"  POST /api/v1/staff/certificates/{pk}/actions (suspend) -> {status}")
        print(
            "  on the primary:",
            primary.psql(f"SELECT status FROM certificates_certificate WHERE id = {pk}", db=DB),
        )
        seen = ""
        while time.monotonic() - started < 10:
            seen = json.loads(get(f"{base}/api/v1/certificates/{number}")[1]).get("status", "")
            if seen == "suspended":
                break
            time.sleep(0.05)
        print(
            f"  GET /api/v1/certificates/{number} (read from the replica) -> status {seen!r} "
            f"after {time.monotonic() - started:.2f} s"
        )
        print(
            "  replica's copy:",
            replica.psql(f"SELECT status FROM certificates_certificate WHERE id = {pk}", db=DB),
        )

        print("\n4. nginx spread the requests over both app processes:")
        lines = (nginx_dir / "access.log").read_text().splitlines()
        for app_port in app_ports:
            served = sum(1 for line in lines if line.endswith(f":{app_port}"))
            print(f"  127.0.0.1:{app_port} served {served} requests")
        return 0
    finally:
        for process in reversed(processes):
            stop_process(process)
        replica.stop()
        primary.stop()
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(nginx_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
