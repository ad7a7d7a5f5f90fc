"""The caseworker's area: the municipality's queue, and each agreement's
page with the review's decisions, the conversation and the audit trail."""

from igu_admin.web.pages.caseworker import agreement_pages, invitations, queue, started

bp = queue.bp

__all__ = ["agreement_pages", "bp", "invitations", "started"]
