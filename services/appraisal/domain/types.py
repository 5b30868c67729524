"""The vocabulary of appraisal (DOMAIN.md §4): regimes, ratings, predicates, workflow states."""

from __future__ import annotations

from enum import StrEnum


class Regime(StrEnum):
    """The scoring regime of an SKP period (chosen in targets, carried by the SKP)."""

    PP46_2011 = "PP46_2011"
    PERMENPANRB_8_2021 = "PERMENPANRB_8_2021"
    PERMENPANRB_6_2022 = "PERMENPANRB_6_2022"


class Direction(StrEnum):
    """Whether more output is better (most indicators) or less (complaints, days late)."""

    HIGHER_IS_BETTER = "HIGHER_IS_BETTER"
    LOWER_IS_BETTER = "LOWER_IS_BETTER"


class Expectation(StrEnum):
    """PermenPANRB 6/2022 rating of results or behaviour: below / as / above expectation."""

    BELOW = "BELOW"
    AS_EXPECTED = "AS_EXPECTED"
    ABOVE = "ABOVE"


class Predicate(StrEnum):
    """A performance predicate. PP46 uses SANGAT_BAIK…BURUK (with CUKUP); PP30/8-2021 uses
    SANGAT_BAIK…SANGAT_KURANG (with CUKUP); 6/2022 uses SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN,
    KURANG, SANGAT_KURANG."""

    SANGAT_BAIK = "SANGAT_BAIK"
    BAIK = "BAIK"
    CUKUP = "CUKUP"
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN"
    KURANG = "KURANG"
    SANGAT_KURANG = "SANGAT_KURANG"
    BURUK = "BURUK"


class UnitRating(StrEnum):
    """An organisation unit's rating for a period, by the head of the level above."""

    ISTIMEWA = "ISTIMEWA"
    BAIK = "BAIK"
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN"
    KURANG = "KURANG"
    SANGAT_KURANG = "SANGAT_KURANG"


class AppraisalKind(StrEnum):
    """Periodic (monthly, quarterly or semester, per the organisation's setting) or annual."""

    PERIODIC = "PERIODIC"
    ANNUAL = "ANNUAL"


class Frequency(StrEnum):
    """How often periodic appraisals happen (an organisation setting)."""

    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"
    SEMESTER = "SEMESTER"


class AppraisalStatus(StrEnum):
    """Where an appraisal is in its workflow.

    OPEN → SELF_ASSESSED → RATED → ACKNOWLEDGED | OBJECTED → (OBJECTED →) DECIDED → FINALIZED.
    Self-assessment is optional (the appraiser may rate an OPEN appraisal); a RATED appraisal
    whose objection window has passed may be finalised without an acknowledgement.
    """

    OPEN = "OPEN"
    SELF_ASSESSED = "SELF_ASSESSED"
    RATED = "RATED"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    OBJECTED = "OBJECTED"
    DECIDED = "DECIDED"
    FINALIZED = "FINALIZED"


class RaterRole(StrEnum):
    """Who gave a behaviour rating. The SUPERIOR's rating decides; the others are inputs."""

    SUPERIOR = "SUPERIOR"
    SELF = "SELF"
    PEER = "PEER"
    SUBORDINATE = "SUBORDINATE"


class RecommendationKind(StrEnum):
    """Follow-up of an appraisal (DOMAIN.md §4)."""

    REWARD = "REWARD"
    COACHING = "COACHING"
    DEVELOPMENT = "DEVELOPMENT"
    CREDIT_POINTS = "CREDIT_POINTS"


class AppraisalRuleError(ValueError):
    """Input or a step that breaks an appraisal rule; `field` names the input, if any.

    Also raised when the caller may see the record but the step is not theirs (rating one's
    own appraisal, objecting to someone else's): the message says so plainly.
    """

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
