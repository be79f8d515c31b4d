"""Background tasks: each takes ids and calls a service."""

from django.tasks import task

from certify.courses.services import imports


@task()
def completion_import_check(import_id: int) -> str:
    imp = imports.completion_import_check(import_id=import_id)
    return f"{imp.get_status_display()}: {imp.rows_done} of {imp.total_rows} rows"


@task()
def completion_import_apply(import_id: int) -> str:
    imp = imports.completion_import_apply(import_id=import_id)
    return f"{imp.get_status_display()}: {imp.created_count} recorded"
