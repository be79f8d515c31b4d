from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "certify.programs"
    label = "programs"
    verbose_name = "Programs and competencies"

    def ready(self) -> None:
        from certify.core import zones
        from certify.programs.days import program_zone_list

        zones.program_zones_lookup(program_zone_list)  # pages over every program (audit trail)
