from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "certify.programs"
    label = "programs"
    verbose_name = "Programs and competencies"
