from django.urls import path

from certify.programs import framework_urls, views

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
]

# Program staff's framework screens (ADR 0056).
urlpatterns += framework_urls.urlpatterns
