from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "certify.courses"
    label = "courses"
    verbose_name = "Courses, providers and recognized programs"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from certify.courses import (  # noqa: F401  (invitations, staff home, fees, reminders)
            colleagues,
            fees,
            reminders,
            staff_work,
        )
        from certify.courses.catalogue_cache import catalogue_changed
        from certify.courses.models import Course, Provider
        from certify.programs.models import CompetencySet, Program

        # What the public catalogue page shows: its kept copies go stale when one changes.
        for model in (Course, Provider, CompetencySet, Program):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(
                    catalogue_changed,
                    sender=model,
                    dispatch_uid=f"catalogue-cache-{model.__name__}-{name}",
                )

        from certify.accounts.api import password_changed_signal
        from certify.courses.services.providers import api_keys_stop_on_password_change

        # A new password, however set, stops the API keys the person made (ADR 0023).
        password_changed_signal.connect(
            api_keys_stop_on_password_change, dispatch_uid="courses.keys_after_password"
        )

        from certify.courses.services.revocation_mend import after_migrate

        # Providers revoked before a revocation ended their courses under first review get its
        # consequences after `migrate`, against today's schema (ADR 0009).
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="courses.revocation_mend")
