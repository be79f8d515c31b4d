import csv

from django.core.paginator import Paginator
from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from certify.core import selectors
from certify.core.decorators import permission_required
from certify.core.forms import AuditFilterForm
from certify.core.spreadsheets import formula_safe


class _Echo:
    def write(self, value: str) -> str:
        return value


@permission_required("core.view_auditevent")
def audit(request: HttpRequest) -> HttpResponseBase:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_search(**{k: v for k, v in filters.items() if v})
    if request.GET.get("format") == "csv":
        writer = csv.writer(_Echo())
        rows = (
            writer.writerow([formula_safe(v) for v in row])
            for row in [
                ["when", "who", "action", "target", "target id", "reason", "details"],
                *(
                    [
                        e.created_at.isoformat(),
                        e.actor.email if e.actor else "system",
                        e.verb,
                        e.target_repr,
                        f"{e.target_type}:{e.target_id}",
                        e.reason,
                        e.data,
                    ]
                    for e in events.iterator(chunk_size=2000)
                ),
            ]
        )
        response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="certify-audit.csv"'
        return response
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"form": form, "page": page})
