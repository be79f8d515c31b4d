from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "certify.applications"
    label = "applications"
    verbose_name = "Applications and eligibility"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from certify.accounts.api import (
            person_program_lookup,
            person_reference_lookup,
            person_references_lookup,
        )
        from certify.applications import (  # noqa: F401  (declared events, appeal hooks, task list)
            events,
            handlers,
            staff_work,
            task_list,
        )
        from certify.applications.models import Application
        from certify.applications.selectors import (
            libraries_of_people,
            program_of_person,
            queue_counts_changed,
        )
        from certify.core import duties

        duties.libraries_lookup(libraries_of_people)  # where people work, for declared conflicts
        person_program_lookup(program_of_person)  # the zone of the person's account e-mails
        # What staff pages title a closed account by (its candidate number).
        person_reference_lookup(handlers.candidate_number_of_person)
        person_references_lookup(handlers.candidate_numbers_of_people)  # a list's, at once

        # The staff queue's kept counts per status (selectors.queue_counts).
        for signal in (post_save, post_delete):
            signal.connect(queue_counts_changed, sender=Application, dispatch_uid="queue-counts")
