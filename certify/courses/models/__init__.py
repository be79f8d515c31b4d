"""Providers, their courses and approvals, completions, and recognised college programmes.

Every model is imported here, so Django and the rest of the code find them all as
`certify.courses.models.<Name>`.
"""

from certify.courses.models.completions import (
    CompletionImport,
    CourseCompletion,
    UnmatchedCompletion,
)
from certify.courses.models.consents import ProviderConsent
from certify.courses.models.courses import (
    Course,
    CourseApproval,
    CourseCompetency,
    CourseEvaluation,
    CourseTransition,
    CriterionScore,
)
from certify.courses.models.files import certificate_path, import_path, proof_path, syllabus_path
from certify.courses.models.programmes import ProgrammeClaim, RecognisedProgramme
from certify.courses.models.providers import Provider, ProviderApiKey, ProviderMembership

__all__ = [
    "CompletionImport",
    "Course",
    "CourseApproval",
    "CourseCompetency",
    "CourseCompletion",
    "CourseEvaluation",
    "CourseTransition",
    "CriterionScore",
    "ProgrammeClaim",
    "Provider",
    "ProviderApiKey",
    "ProviderConsent",
    "ProviderMembership",
    "RecognisedProgramme",
    "UnmatchedCompletion",
    "certificate_path",
    "import_path",
    "proof_path",
    "syllabus_path",
]
