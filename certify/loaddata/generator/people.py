"""Generated people: candidates, staff and reviewers, with their roles and e-mail addresses."""

from allauth.account.models import EmailAddress

from certify.accounts.models import Role, RoleAssignment, User
from certify.loaddata.generator.base import GeneratorBase
from certify.loaddata.generator.scale import EMAIL_DOMAIN, LAST
from certify.loaddata.writer import Row
from certify.portfolios.models import (
    ReviewerProfile,
)


class PeopleRows(GeneratorBase):
    def _people(self, kind: str, count: int, roles: list[str]) -> list[int]:
        ids: list[int] = []
        users: list[Row] = []
        for i in range(count):
            pk = self.ids.take(User)
            ids.append(pk)
            users.append(
                {
                    "id": pk,
                    "email": f"{kind}{i:06d}@{EMAIL_DOMAIN}",
                    "full_name": self._name(i),
                    "password": self.password,
                    "is_active": True,
                    "is_staff": False,
                    "is_superuser": False,
                    "date_joined": self._moment(self._days_ago(30, 2000)),
                }
            )
        self.write(User, users)
        self.write(
            EmailAddress,
            (
                {"id": self.ids.take(EmailAddress), "user_id": u["id"], "email": u["email"]}
                | {"verified": True, "primary": True}
                for u in users
            ),
        )
        self.write(
            RoleAssignment,
            (
                {"id": self.ids.take(RoleAssignment), "user_id": pk, "role": role}
                for pk in ids
                for role in roles
            ),
        )
        return ids

    def people(self) -> list[int]:
        self.staff_ids = self._people("staff", self.scale.staff, [Role.PROGRAM_STAFF])
        self.reviewer_ids = self._people("reviewer", self.scale.reviewers, [Role.REVIEWER])
        profiles = []
        expertise = []
        through = ReviewerProfile.expertise.through
        for pk in self.reviewer_ids:
            profile_id = self.ids.take(ReviewerProfile)
            profiles.append(
                {
                    "id": profile_id,
                    "user_id": pk,
                    "capacity": self.rng.choice([5, 10, 20]),
                    "employer": f"{self.rng.choice(LAST.split())} Public Library",
                    "active": True,
                }
            )
            for s in self.rng.sample(self.sets, 4):
                expertise.append(
                    {
                        "id": self.ids.take(through),
                        "reviewerprofile_id": profile_id,
                        "competencyset_id": s.pk,
                    }
                )
        self.write(ReviewerProfile, profiles)
        self.write(through, expertise)
        return self._people("candidate", self.scale.candidates, [Role.CANDIDATE])
