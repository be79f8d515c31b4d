from django.urls import path

from certify.portfolios import check_views, review_views, staff_views, step_views, views

app_name = "portfolios"
urlpatterns = [
    path("portfolios/<int:planned_id>/", views.portfolio, name="portfolio"),
    path(
        "portfolios/<int:planned_id>/competencies/<str:code>/",
        step_views.competency,
        name="competency",
    ),
    path("portfolios/<int:planned_id>/start/", views.start, name="start"),
    path("portfolios/<int:planned_id>/statement/", views.statement_save, name="statement"),
    path(
        "portfolios/<int:planned_id>/responses/<int:response_id>/",
        views.response_save,
        name="response",
    ),
    path(
        "portfolios/<int:planned_id>/responses/<int:response_id>/evidence/",
        views.evidence_add,
        name="evidence_add",
    ),
    path(
        "portfolios/<int:planned_id>/evidence/<int:item_id>/remove/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path(
        "portfolios/<int:planned_id>/evidence/<int:item_id>/remove/confirm/",
        check_views.evidence_remove_confirm,
        name="evidence_remove_confirm",
    ),
    path("portfolios/<int:planned_id>/preview/", views.preview, name="preview"),
    path("portfolios/<int:planned_id>/check/", check_views.check, name="check"),
    path("portfolios/<int:planned_id>/submit/", views.submit, name="submit"),
    path("portfolios/<int:planned_id>/appeal/", views.appeal_notice, name="appeal_notice"),
    path(
        "portfolios/<int:planned_id>/appeal/confirm/",
        check_views.appeal_notice_confirm,
        name="appeal_notice_confirm",
    ),
    path("evidence/<int:item_id>/", views.evidence_download, name="evidence"),
    path("evidence/<int:item_id>/view/", review_views.evidence_view, name="evidence_view"),
    path("attest/<str:token>/", views.attest, name="attest"),
    path("review/", review_views.review_queue, name="review_queue"),
    path("review/<int:pk>/", review_views.review_assess, name="assess"),
    path("review/<int:pk>/ratings/<int:competency_id>/", views.rating_save, name="rating"),
    path("review/<int:pk>/complete/", review_views.review_complete, name="complete"),
    path("staff/portfolios/", staff_views.staff_submissions, name="staff_submissions"),
    path("staff/portfolios/reviewers/", review_views.staff_reviewers, name="staff_reviewers"),
    path("staff/portfolios/<int:pk>/", staff_views.staff_submission, name="staff_submission"),
    path(
        "staff/portfolios/<int:pk>/reviewers/automatic/",
        staff_views.staff_assign_automatic,
        name="staff_assign_automatic",
    ),
]
