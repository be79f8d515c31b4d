from django.db.models import QuerySet

from certify.appeals.models import Appeal


def appeal_list(*, open_only: bool = True) -> QuerySet[Appeal]:
    qs = Appeal.objects.select_related("appellant", "program", "decided_by", "subject_type")
    if open_only:
        qs = qs.filter(status__in=[Appeal.Status.NOTICE_GIVEN, Appeal.Status.GROUNDS_SUBMITTED])
    return qs.order_by("notice_at", "id")
