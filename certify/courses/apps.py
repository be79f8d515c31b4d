from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "certify.courses"
    label = "courses"
    verbose_name = "Courses, providers and recognised programmes"
