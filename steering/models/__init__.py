from steering.models.activities import FIGURE_FIELDS, KIND_FIGURES, Activity, ActivityKind
from steering.models.committees import Agency, AgencyKind, Committee, CommitteeDecision, MemberRole, Membership, Person
from steering.models.documents import DocumentIssuer, DocumentSequence, IssuedDocument, RecipientList
from steering.models.monitoring import MonitoringAssignment, MonitoringVisit
from steering.models.plans import (
    ContentArea,
    LeadKind,
    Plan,
    PlanAttachment,
    PlanTask,
    Recurrence,
    TaskEvidence,
    TaskStatus,
    TaskUpdate,
)
from steering.models.units import (
    KIND_BELOW,
    AdministrativeUnit,
    DivisionType,
    UnitKind,
    UnitSuccession,
    division_types_of_kind,
    unit_kind_of,
)
from steering.models.users import Role, User

__all__ = [
    "FIGURE_FIELDS",
    "KIND_FIGURES",
    "Activity",
    "ActivityKind",
    "AgencyKind",
    "UnitKind",
    "UnitSuccession",
    "KIND_BELOW",
    "division_types_of_kind",
    "unit_kind_of",
    "ContentArea",
    "LeadKind",
    "MonitoringAssignment",
    "MonitoringVisit",
    "Plan",
    "PlanAttachment",
    "PlanTask",
    "Recurrence",
    "TaskEvidence",
    "TaskStatus",
    "TaskUpdate",
    "AdministrativeUnit",
    "Agency",
    "Committee",
    "CommitteeDecision",
    "DivisionType",
    "DocumentIssuer",
    "DocumentSequence",
    "IssuedDocument",
    "RecipientList",
    "MemberRole",
    "Membership",
    "Person",
    "Role",
    "User",
]
