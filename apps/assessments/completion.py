"""The completion event: a learner's result in an offering became final, or a final result changed (a
correction, a re-sit). Assessments publishes it, with the grade already computed; the apps built on top of
assessments (certificates) subscribe in their AppConfig.ready and act in the same transaction, so that nothing
here knows them. A subscriber that fails rolls the completion back."""

from dataclasses import dataclass
from enum import StrEnum

from django.dispatch import Signal

from apps.enrolments.models import Enrolment

from .grading import GradeResult


class CompletionKind(StrEnum):
    FINALISED = "finalised"  # the offering's results were made final
    CORRECTED = "corrected"  # a final score was corrected, with a reason
    RESIT = "resit"  # the one re-sit of an FX was recorded


@dataclass(frozen=True)
class Completion:
    enrolment: Enrolment
    result: GradeResult
    kind: CompletionKind
    acting_user: object | None  # the assessor who finalised, corrected or recorded the re-sit
    reason: str = ""  # a correction's reason, in the words of whoever corrected

    @property
    def is_first(self) -> bool:
        """The offering's results were made final just now; otherwise a final result changed."""
        return self.kind == CompletionKind.FINALISED


# Receivers take `completion` (a Completion); sent with `send`, never `send_robust`, so that a failing
# subscriber fails the transaction that completes.
completed = Signal()


def publish(completion: Completion) -> None:
    completed.send(sender=Completion, completion=completion)
