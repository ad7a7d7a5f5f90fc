"""All models, imported here so that metadata knows every table."""

from igu_admin.models.audit import AuditEvent
from igu_admin.models.base import Base
from igu_admin.models.claim import BonusClaim, ClaimStatus
from igu_admin.models.company import Company
from igu_admin.models.contract import COUNTS_AS_IGU, Contract, ContractStatus
from igu_admin.models.login_throttle import LoginThrottle
from igu_admin.models.municipality import Municipality
from igu_admin.models.schooling import SchoolingPlan, SchoolingPlanItem
from igu_admin.models.trainee import Trainee
from igu_admin.models.user import Role, User

__all__ = [
    "COUNTS_AS_IGU",
    "AuditEvent",
    "Base",
    "BonusClaim",
    "ClaimStatus",
    "Company",
    "Contract",
    "ContractStatus",
    "LoginThrottle",
    "Municipality",
    "Role",
    "SchoolingPlan",
    "SchoolingPlanItem",
    "Trainee",
    "User",
]
