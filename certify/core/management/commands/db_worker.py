"""`manage.py db_worker`: django-tasks-db's worker, with a heartbeat, handing back the tasks of
workers that died (`certify/core/workers.py`). Certify's apps come before django_tasks_db in
INSTALLED_APPS, so this command is the one `db_worker` runs; its options are the library's."""

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker as library

from certify.core.workers import heartbeat


class Command(library.Command):
    help = (
        "Run a database background worker; it says it is alive, and tasks left running by a "
        "worker that died are run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The reloader's parent only watches files and starts the child that runs tasks.
            super().handle(*args, **options)
            return
        with heartbeat(worker_id=options["worker_id"]):
            super().handle(*args, **options)
