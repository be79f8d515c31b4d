#!/usr/bin/env python3
"""`make bench-profile`: where each benched page's time goes, without wrk.

Starts the benchmark's kept PostgreSQL cluster (var/bench/, made by `make bench`) and a
throwaway Redis, then runs `manage.py bench_profile` with the production settings: each page
served in-process, CPU ms / wall ms / SQL ms / queries per request. Arguments go to
bench_profile (e.g. --pages "reviewer queue" --cprofile).
"""

import subprocess
import sys

import run
from pg import Cluster, free_port


def main() -> int:
    cluster = Cluster(run.VAR / "pg")
    if not cluster.exists or not (run.VAR / "loaded.json").exists():
        sys.exit("bench: no benchmark database yet: run `make bench` once")
    redis_port = free_port()
    redis = run.start_redis(redis_port)
    run.REDIS = f"redis://127.0.0.1:{redis_port}"
    cluster.start()
    try:
        cluster.wait_ready()
        env = run.django_env(cluster.url(run.DB))
        # The kept data gains what migrations added since it was made (as `make bench` does).
        run.manage(env, "migrate", "--no-input", "-v0")
        run.collect_static(env)  # the production settings need the manifest of static files
        subprocess.run(
            [run.PY, "manage.py", "bench_profile", *sys.argv[1:]], cwd=run.ROOT, env=env, check=True
        )
    finally:
        cluster.stop()
        run.stop_process(redis)
    return 0


if __name__ == "__main__":
    sys.exit(main())
