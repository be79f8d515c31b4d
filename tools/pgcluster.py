#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL 15 cluster: `pgcluster.py -- pytest ...`.

Creates a cluster in a temporary folder from the machine's server binaries, starts it on a free
loopback port (as the unprivileged `postgres` user when run as root: the server refuses root),
runs the command with DATABASE_URL pointing at it, then stops the server and deletes the folder.
The folder is in memory (/dev/shm) when the machine has one with room (docs/testing.md); set
PGCLUSTER_DIR to choose another parent folder.

Without the binaries the run is skipped with a printed reason, unless REQUIRE_POSTGRES=1, when it
fails. Set PG_BINDIR to choose the binaries.
"""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile

WANTED_MAJOR = "15"


def find_bindir() -> str | None:
    candidates = [os.environ.get("PG_BINDIR", "")]
    candidates += sorted(glob.glob(f"/usr/lib/postgresql/{WANTED_MAJOR}/bin"))
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    which = shutil.which("pg_ctl")
    if which:
        candidates.append(os.path.dirname(os.path.realpath(which)))
    for bindir in candidates:
        if (
            bindir
            and os.access(os.path.join(bindir, "pg_ctl"), os.X_OK)
            and os.access(os.path.join(bindir, "initdb"), os.X_OK)
        ):
            return bindir
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# A cluster of the whole suite holds a few hundred megabytes (its databases and write-ahead log);
# /dev/shm is used only with this much free.
MEMORY_FOLDER = "/dev/shm"  # noqa: S108 - mkdtemp makes a private folder of a random name in it
MEMORY_FOLDER_FREE = 2 * 1024**3


def parent_folder() -> str | None:
    """Where the cluster's folder goes: PGCLUSTER_DIR, else /dev/shm (memory) when it is there
    with room, else the temporary folder (None). PostgreSQL gives each table and index files of
    its own, and the tests make and delete thousands: every TRUNCATE after a transactional test
    gives each table and index a new file, and each test database is a copy of the template's.
    On a disk's file system creating so many files cost about a sixth of the server's CPU
    (ext4 looking for a free inode); in memory it costs next to nothing. The server behaves the
    same whatever holds its files, and with fsync off they never had to outlive a crash."""
    chosen = os.environ.get("PGCLUSTER_DIR")
    if chosen:
        return chosen
    try:
        if shutil.disk_usage(MEMORY_FOLDER).free >= MEMORY_FOLDER_FREE and os.access(
            MEMORY_FOLDER, os.W_OK
        ):
            return MEMORY_FOLDER
    except OSError:
        pass
    return None


def as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        sys.exit("pgcluster: running as root and there is no unprivileged 'postgres' user.")
    return ["runuser", "-u", "postgres", "--", *cmd]


def server_cpu_seconds(datadir: str) -> float | None:
    """CPU the server used (the postmaster and the backends that have ended), where /proc tells."""
    try:
        with open(os.path.join(datadir, "postmaster.pid")) as pidfile:
            pid = pidfile.readline().strip()
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime, stime, cutime, cstime: fields 14-17 of proc(5), counted after the command name.
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        sys.exit("usage: pgcluster.py -- COMMAND [ARGS...]")
    required = os.environ.get("REQUIRE_POSTGRES") == "1"
    bindir = find_bindir()
    if bindir is None:
        reason = "no PostgreSQL server binaries (pg_ctl, initdb) were found; install postgresql-15"
        if required:
            print(f"pgcluster: FAILED: REQUIRE_POSTGRES=1 but {reason}.", file=sys.stderr)
            return 1
        print(f"pgcluster: SKIPPED the PostgreSQL run: {reason}.", file=sys.stderr)
        return 0

    version = subprocess.run(
        [os.path.join(bindir, "pg_ctl"), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    if f" {WANTED_MAJOR}." not in version:
        print(f"pgcluster: warning: expected PostgreSQL {WANTED_MAJOR}, found {version}")

    workdir = tempfile.mkdtemp(prefix="certify-pg-", dir=parent_folder())
    datadir = os.path.join(workdir, "data")
    logfile = os.path.join(workdir, "server.log")
    if os.geteuid() == 0:
        shutil.chown(workdir, user="postgres")
    os.chmod(workdir, 0o700)
    port = free_port()
    pg_ctl = os.path.join(bindir, "pg_ctl")
    started = False
    try:
        subprocess.run(
            as_server_user(
                [
                    os.path.join(bindir, "initdb"),
                    "-D",
                    datadir,
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "--no-sync",
                    "-E",
                    "UTF8",
                    "--locale",
                    "C",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        subprocess.run(
            as_server_user([pg_ctl, "-D", datadir, "-l", logfile, "-o", options, "-w", "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        started = True
        print(f"pgcluster: {version} on 127.0.0.1:{port}", flush=True)
        # PG_BINDIR: the cluster's own pg_dump and pg_restore (tests/dbcache.py).
        env = dict(
            os.environ,
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/certify",
            PG_BINDIR=bindir,
        )
        return subprocess.call(argv, env=env)
    except subprocess.CalledProcessError as error:
        print(f"pgcluster: could not start PostgreSQL: {error}", file=sys.stderr)
        with contextlib.suppress(OSError), open(logfile) as log:
            print(log.read()[-3000:], file=sys.stderr)
        return 1
    finally:
        if started:
            cpu = server_cpu_seconds(datadir)
            if cpu is not None:
                print(f"pgcluster: the server used {cpu:.1f} s of CPU", flush=True)
            subprocess.run(
                as_server_user([pg_ctl, "-D", datadir, "-m", "immediate", "stop"]),
                stdout=subprocess.DEVNULL,
                check=False,
            )
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
