"""The caseworker's area: the municipality's queue, and each agreement's
page with the review's decisions, the conversation and the audit trail; the
import of courses (its own blueprint: administrators use it too)."""

from igu_admin.web.pages.caseworker import agreement_pages, imports, invitations, queue, started

bp = queue.bp
import_bp = imports.bp

__all__ = ["agreement_pages", "bp", "import_bp", "imports", "invitations", "started"]
