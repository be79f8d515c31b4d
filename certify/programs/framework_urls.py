"""Program staff's framework screens (ADR 0056), under /staff/programs/<slug>/framework/."""

from django.urls import path

from certify.programs import framework_views as views

F = "staff/programs/<slug:slug>/framework/"
V = F + "<int:number>/"
urlpatterns = [
    path("staff/programs/frameworks/", views.framework_programs, name="framework_programs"),
    path(F, views.version_list, name="framework_versions"),
    path(V, views.version_detail, name="framework_version"),
    path(V + "sets/<int:set_id>/", views.set_edit, name="framework_set"),
    path(V + "sets/<int:set_id>/remove/", views.set_delete, name="framework_set_delete"),
    path(V + "competencies/<int:comp_id>/", views.competency_edit, name="framework_competency"),
    path(
        V + "competencies/<int:comp_id>/remove/",
        views.competency_delete,
        name="framework_competency_delete",
    ),
    path(
        V + "competencies/<int:comp_id>/move/",
        views.competency_move,
        name="framework_competency_move",
    ),
    path(V + "import/", views.case_import, name="framework_import"),
    path(V + "case.json", views.case_export, name="framework_export"),
    path(V + "compare/", views.compare, name="framework_compare"),
    path(V + "publish/", views.publish, name="framework_publish"),
]
