from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "certify.casework"
    label = "casework"
    verbose_name = "Casework: staff notes, assignment and saved filters"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from certify.casework.models import SavedFilter
        from certify.casework.selectors import filters_changed

        # A staff member's kept saved filters (selectors.saved_filter_rows_for).
        for signal in (post_save, post_delete):
            signal.connect(filters_changed, sender=SavedFilter, dispatch_uid="saved-filters")
