from django.urls import path, register_converter

from certify.reports import views


class FormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

app_name = "reports"


def _dashboard(prefix: str, name: str, dashboard: str) -> list:
    kwargs = {"dashboard": dashboard}
    sep = "_" if name else ""
    return [
        path(prefix, views.page, kwargs, name=name or "dashboard"),
        path(f"{prefix}charts/<slug:key>.svg", views.chart, kwargs, name=f"{name}{sep}chart"),
        path(f"{prefix}tables/<slug:key>.<fmt:fmt>", views.table, kwargs, name=f"{name}{sep}table"),
        path(f"{prefix}export.<fmt:fmt>", views.export, kwargs, name=f"{name}{sep}export"),
    ]


urlpatterns = [
    *_dashboard("staff/reports/", "", "staff"),
    *_dashboard("reports/sponsor/", "sponsor", "sponsor"),
    *_dashboard("reports/provider/", "provider", "provider"),
]
