"""PostgreSQL clusters for the benchmark and the replica demo, kept under var/bench/.

Uses the machine's server binaries through tools/pgcluster.py's helpers (as the unprivileged
`postgres` user when run as root). The bench scripts import tools/ only through this module,
which puts tools/ on sys.path: `make` runs them as `python bench/<script>.py`. Unlike
pgcluster.py, a cluster here outlives the run, so a generated database is reused: generating
100,000 candidates takes minutes.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import pgcluster  # noqa: E402


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    return pgcluster.free_port()


def bindir() -> str:
    found = pgcluster.find_bindir()
    if found is None:
        sys.exit(
            "bench: no PostgreSQL server binaries (install postgresql-15: make system-packages)"
        )
    return found


def run_as_server(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess:
    return subprocess.run(pgcluster.as_server_user(cmd), check=True, **kwargs)  # type: ignore[call-overload]


def owned_dir(path: Path) -> Path:
    """A folder the server user owns (the server refuses to run as root)."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(path, user="postgres", group="postgres")
    os.chmod(path, 0o700)
    return path


class Cluster:
    def __init__(self, home: Path, *, port: int | None = None) -> None:
        self.home = owned_dir(home)
        self.data = home / "data"
        self.log = home / "server.log"
        self.port = port or pgcluster.free_port()
        self.bin = bindir()

    def tool(self, name: str) -> str:
        return os.path.join(self.bin, name)

    @property
    def exists(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def init(self) -> None:
        run_as_server(
            [self.tool("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"]
            + ["-E", "UTF8", "--locale", "C"],
            stdout=subprocess.DEVNULL,
        )

    def start(self, settings: dict[str, str] | None = None) -> None:
        options = {
            "port": str(self.port),
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": str(self.home),
            "max_connections": "100",
            "shared_buffers": "1GB",
            "effective_cache_size": "4GB",
            "work_mem": "16MB",
            "maintenance_work_mem": "512MB",
            "synchronous_commit": "off",
            "max_wal_size": "4GB",
            **(settings or {}),
        }
        flags = " ".join(f"-c {k}={v}" for k, v in options.items())
        self.stop()  # a server left by an interrupted run
        run_as_server(
            [self.tool("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", flags]
            + ["-w", "-t", "120", "start"],
            stdout=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            run_as_server(
                [self.tool("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
                stdout=subprocess.DEVNULL,
            )

    def psql(self, sql: str, *, db: str = "postgres") -> str:
        result = subprocess.run(
            [self.tool("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
            + ["-d", db, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql],
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip()

    def url(self, db: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            probe = subprocess.run(
                [self.tool("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                capture_output=True,
                check=False,
            )
            if probe.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL on port {self.port} did not start: see {self.log}")
            time.sleep(0.5)
