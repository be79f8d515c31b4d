"""Where uploaded files (syllabi, certificates, completion CSVs, proofs) are stored."""

import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models name these functions, so they cannot be imported at run time
    from certify.courses.models.completions import CompletionImport, CourseCompletion
    from certify.courses.models.courses import Course
    from certify.courses.models.programmes import ProgrammeClaim


def _private_path(folder: str, extension: str) -> str:
    # Stored names never come from the user: a random id and an extension decided by content.
    return f"{folder}/{uuid.uuid4().hex}{extension}"


def syllabus_path(instance: "Course", filename: str) -> str:
    return _private_path(f"syllabi/{instance.provider_id}", instance.syllabus_extension)


def certificate_path(instance: "CourseCompletion", filename: str) -> str:
    return _private_path(f"completions/{instance.course_id}", instance.certificate_extension)


def import_path(instance: "CompletionImport", filename: str) -> str:
    return _private_path(f"completion-imports/{instance.provider_id}", ".csv")


def proof_path(instance: "ProgrammeClaim", filename: str) -> str:
    return _private_path(f"programme-proofs/{instance.programme_id}", instance.proof_extension)
