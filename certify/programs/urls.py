from django.urls import path

from certify.programs import framework_urls, views, views_setup

app_name = "programs"
urlpatterns = [
    path("", views.home, name="home"),
    path("programs/", views.programs, name="list"),
    path("programs/<slug:slug>/", views.overview, name="overview"),
    path("programs/<slug:slug>/competencies/", views.competencies, name="competencies"),
    path("programs/<slug:slug>/competencies/<str:code>/", views.set_detail, name="set_detail"),
    path("programs/<slug:slug>/ways-to-show-competence/", views.ways, name="ways"),
    path("programs/<slug:slug>/who-can-apply/", views.who_can_apply, name="who_can_apply"),
    path("programs/<slug:slug>/costs/", views.costs, name="costs"),
    path("programs/<slug:slug>/faq/", views.faq, name="faq"),
    path(
        "programs/<slug:slug>/job-requirements/",
        views.job_requirements,
        name="job_requirements",
    ),
    # Program setup for program staff (ADR 0055).
    path("staff/programs/", views_setup.setup_list, name="setup_list"),
    path("staff/programs/new/", views_setup.setup_new, name="setup_new"),
    path("staff/programs/<slug:slug>/settings/", views_setup.setup_settings, name="setup_settings"),
    path(
        "staff/programs/<slug:slug>/settings/publish/",
        views_setup.setup_publish,
        name="setup_publish",
    ),
    path(
        "staff/programs/<slug:slug>/settings/preview/<str:page>/",
        views_setup.setup_preview,
        name="setup_preview",
    ),
    path(
        "staff/programs/<slug:slug>/settings/faq/",
        views_setup.setup_faq_add,
        name="setup_faq_add",
    ),
    path(
        "staff/programs/<slug:slug>/settings/faq/<int:entry_id>/",
        views_setup.setup_faq_edit,
        name="setup_faq_edit",
    ),
    path(
        "staff/programs/<slug:slug>/settings/faq/<int:entry_id>/move/",
        views_setup.setup_faq_move,
        name="setup_faq_move",
    ),
    path(
        "staff/programs/<slug:slug>/settings/faq/<int:entry_id>/publish/",
        views_setup.setup_faq_publish,
        name="setup_faq_publish",
    ),
    path(
        "staff/programs/<slug:slug>/settings/<str:section>/",
        views_setup.setup_section,
        name="setup_section",
    ),
]

# Program staff's framework screens (ADR 0056).
urlpatterns += framework_urls.urlpatterns
