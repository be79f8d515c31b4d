"""Generated providers, their courses, approvals and competency maps."""

from datetime import timedelta

from certify.accounts.models import Role
from certify.courses.models import (
    Course,
    CourseApproval,
    CourseCompetency,
    Provider,
    ProviderMembership,
)
from certify.loaddata.generator.people import PeopleRows
from certify.loaddata.generator.scale import EMAIL_DOMAIN, LAST
from certify.loaddata.writer import Row


class CourseRows(PeopleRows):  # a provider's staff are generated people
    def courses(self) -> None:
        provider_users = self._people("provider", self.scale.providers, [Role.PROVIDER])
        kinds = [k for k, _ in Provider.Kind.choices]
        providers: list[Row] = []
        for i, user_id in enumerate(provider_users):
            providers.append(
                {
                    "id": self.ids.take(Provider),
                    "name": f"{self.rng.choice(LAST.split())} {kinds[i % len(kinds)]} {i:04d}",
                    "kind": kinds[i % len(kinds)],
                    "contact_email": f"courses{i}@{EMAIL_DOMAIN}",
                    "description": "Courses for library support staff.",
                    "status": Provider.Status.APPROVED,
                    "registered_by_id": user_id,
                    "approved_at": self.now - timedelta(days=900),
                    "approved_by_id": self.staff_ids[0],
                }
            )
        self.write(Provider, providers)
        self.write(
            ProviderMembership,
            (
                {"id": self.ids.take(ProviderMembership), "provider_id": p["id"], "user_id": u}
                for p, u in zip(providers, provider_users, strict=True)
            ),
        )
        topics = ["foundations", "practice", "service", "technology", "communities", "skills"]
        courses: list[Row] = []
        approvals: list[Row] = []
        mappings: list[Row] = []
        formats = [f for f, _ in Course.Format.choices]
        for i in range(self.scale.courses):
            provider = providers[i % len(providers)]
            cset = self.sets[i % len(self.sets)]
            pk = self.ids.take(Course)
            title = f"{cset.name}: {self.rng.choice(topics)} ({i:05d})"
            roll = self.rng.random()
            status = (
                Course.Status.APPROVED
                if roll < 0.9
                else self.rng.choice(
                    [Course.Status.DRAFT, Course.Status.SUBMITTED, Course.Status.RETURNED]
                )
            )
            self_paced = self.rng.random() < 0.3
            start = None if self_paced else self.today + timedelta(days=self.rng.randint(-60, 300))
            description = f"A course on {cset.name.lower()} for library support staff."
            instructors = f"{self._name(i)}, MLIS"
            row: Row = {
                "id": pk,
                "provider_id": provider["id"],
                "program_id": self.program.pk,
                "competency_set_id": cset.pk,
                "title": title,
                "description": description,
                "format": formats[i % len(formats)],
                "self_paced": self_paced,
                "start_date": start,
                "end_date": start + timedelta(days=70) if start else None,
                "cost_cents": self.rng.choice([0, 9900, 19900, 45000]),
                "assessments": "Weekly assignments and a final project.",
                "instructors": instructors,
                "status": status,
                "review_round": 1 if status != Course.Status.DRAFT else 0,
                "search_document": "\n".join(
                    [title, description, provider["name"], cset.name, cset.code, instructors]
                ),
                "created_by_id": provider["registered_by_id"],
                "submitted_at": None if status == Course.Status.DRAFT else self.now,
            }
            if status == Course.Status.APPROVED:
                first = self._days_ago(30, 1800)
                expires = first + timedelta(days=4 * 365 - 1)
                row |= {"first_approved_on": first, "approval_expires_on": expires}
                approvals.append(
                    {
                        "id": self.ids.take(CourseApproval),
                        "course_id": pk,
                        "number": 1,
                        "starts_on": first,
                        "expires_on": expires,
                        "approved_by_id": self.staff_ids[0],
                    }
                )
                if expires >= self.today:
                    self.courses_by_set[cset.pk].append(pk)
            courses.append(row)
            for c in self.competencies[cset.pk]:
                mappings.append(
                    {
                        "id": self.ids.take(CourseCompetency),
                        "course_id": pk,
                        "competency_id": c.pk,
                        "content": f"Unit {c.order + 1}",
                    }
                )
        self.write(Course, courses)
        self.write(CourseApproval, approvals)
        self.write(CourseCompetency, mappings)
