from django.apps import AppConfig


class LoadDataConfig(AppConfig):
    """Demo data, load data and the benchmark's helpers: the top layer, free to import any app."""

    name = "certify.loaddata"
    label = "loaddata"
    verbose_name = "Demo and load data"
