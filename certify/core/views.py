import csv

from django.core.paginator import Paginator
from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from certify.core import selectors, zones
from certify.core.decorators import permission_required
from certify.core.forms import AuditFilterForm
from certify.core.spreadsheets import formula_safe


class _Echo:
    def write(self, value: str) -> str:
        return value


@permission_required("core.view_auditevent")
def audit(request: HttpRequest) -> HttpResponseBase:
    """Days and times in the programs' time zone when they share one, else the site's, or the
    zone chosen among them; the page and the CSV say which (`core.zones`)."""
    programs = zones.program_zones()
    default = zones.zone_for_all(programs)
    choices = zones.zone_choices(programs)
    choices.sort(key=lambda z: z.name != default.name)  # the default first
    form = AuditFilterForm(request.GET or None, zones=choices)
    filters = form.cleaned_data if form.is_valid() else {}
    zone = form.chosen_zone(default)
    filters = {k: v for k, v in filters.items() if v and k != "zone"}
    events = selectors.audit_search(**filters, zone=zone.tzinfo)
    if request.GET.get("format") == "csv":
        writer = csv.writer(_Echo())
        rows = (
            writer.writerow([formula_safe(v) for v in row])
            for row in [
                [
                    f"when ({zone.name})",
                    "who",
                    "action",
                    "target",
                    "target id",
                    "reason",
                    "details",
                ],
                *(
                    [
                        timezone.localtime(e.created_at, zone.tzinfo).isoformat(),
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
    with timezone.override(zone.tzinfo):  # the rows' times, in the zone the page names
        return render(request, "core/audit.html", {"form": form, "page": page, "zone": zone})
