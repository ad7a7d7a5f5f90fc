"""All models, imported here so that metadata knows every table.

Statuses and roles are the domain's (igu_admin.domain.lifecycle, .roles);
they are re-exported here for convenience.
"""

from igu_admin.domain.lifecycle import AgreementStatus, ClaimStatus, ExtensionStatus, PlanStatus
from igu_admin.domain.roles import Role
from igu_admin.models.agreement import Agreement, AgreementVersion, Comment, Decision
from igu_admin.models.amendment import AgreementAmendment
from igu_admin.models.api_token import ApiToken
from igu_admin.models.audit import AuditEvent
from igu_admin.models.base import Base
from igu_admin.models.certificate import IssuedCertificate
from igu_admin.models.claim import BonusClaim, CalendarFeed, ClaimDaySum, ClaimEvidence
from igu_admin.models.company import Company
from igu_admin.models.course_extension import CourseExtension
from igu_admin.models.course_import import CourseImport
from igu_admin.models.follow_up import CheckIn, FollowUpNote
from igu_admin.models.invitation import Invitation
from igu_admin.models.login_throttle import LoginThrottle
from igu_admin.models.municipality import Municipality
from igu_admin.models.outbox import OutboxMessage
from igu_admin.models.password_reset import PasswordResetToken
from igu_admin.models.review import ApprovedPdf, SignedCopy
from igu_admin.models.schooling import SchoolingPlan, SchoolingPlanItem, SchoolingPlanVersion
from igu_admin.models.trainee import Trainee
from igu_admin.models.user import User, UserSignOn

__all__ = [
    "Agreement",
    "AgreementAmendment",
    "AgreementStatus",
    "AgreementVersion",
    "ApiToken",
    "ApprovedPdf",
    "AuditEvent",
    "Base",
    "BonusClaim",
    "CalendarFeed",
    "CheckIn",
    "ClaimDaySum",
    "ClaimEvidence",
    "ClaimStatus",
    "Comment",
    "Company",
    "CourseExtension",
    "CourseImport",
    "Decision",
    "ExtensionStatus",
    "FollowUpNote",
    "Invitation",
    "IssuedCertificate",
    "LoginThrottle",
    "Municipality",
    "OutboxMessage",
    "PasswordResetToken",
    "PlanStatus",
    "Role",
    "SchoolingPlan",
    "SchoolingPlanItem",
    "SchoolingPlanVersion",
    "SignedCopy",
    "Trainee",
    "User",
    "UserSignOn",
]
