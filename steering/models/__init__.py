from steering.models.committees import Agency, Committee, CommitteeDecision, MemberRole, Membership, Person
from steering.models.documents import DocumentIssuer, DocumentSequence
from steering.models.units import AdministrativeUnit, DivisionType
from steering.models.users import Role, User

__all__ = [
    "AdministrativeUnit",
    "Agency",
    "Committee",
    "CommitteeDecision",
    "DivisionType",
    "DocumentIssuer",
    "DocumentSequence",
    "MemberRole",
    "Membership",
    "Person",
    "Role",
    "User",
]
