from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "certify.casework"
    label = "casework"
    verbose_name = "Casework: staff notes, assignment and saved filters"
