"""Generated notifications."""

from collections.abc import Iterator
from datetime import timedelta

from certify.loaddata.generator.base import GeneratorBase
from certify.loaddata.writer import Row
from certify.notifications.models import Notification


class NotificationRows(GeneratorBase):
    def notifications(self, candidate_ids: list[int]) -> None:
        events = [
            ("application.submitted", "We received your application"),
            ("application.accepted", "Your application is accepted"),
            ("portfolio.reviewed", "Your portfolio was reviewed"),
        ]

        def rows() -> Iterator[Row]:
            for pk in candidate_ids:
                for k, (event, title) in enumerate(events):
                    yield {
                        "id": self.ids.take(Notification),
                        "recipient_id": pk,
                        "event": event,
                        "title": title,
                        "body": "",
                        "link": "/plan/",
                        "created_at": self.now - timedelta(days=30 * (3 - k)),
                        "read_at": None if k == 2 else self.now,
                    }

        self.write(Notification, rows())
