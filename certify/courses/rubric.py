"""The rubric evaluators score a submitted course against: a few criteria, each 1 to 4."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    question: str


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "coverage",
        "Coverage of the competencies",
        "Does the content teach every competency of the set, as the map claims?",
    ),
    Criterion(
        "assessment",
        "Assessment",
        "Do the assessments show that a learner can do what each competency describes?",
    ),
    Criterion(
        "instruction",
        "Instruction and instructors",
        "Are the instructors qualified, and do the format and pace suit library support staff?",
    ),
    Criterion(
        "currency",
        "Currency and clarity",
        "Is the content current and accurate, and the syllabus clear about what is expected?",
    ),
)
CRITERION_KEYS = tuple(c.key for c in CRITERIA)
SCORES: tuple[tuple[int, str], ...] = (
    (1, "1 · Not evident"),
    (2, "2 · Partly evident"),
    (3, "3 · Meets the standard"),
    (4, "4 · Exceeds the standard"),
)
