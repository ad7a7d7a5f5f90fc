"""The employer's area: the company's IGU courses ("Mine IGU-forløb"), the
guided agreement, its documents, the schooling plan builder, the steps after
approval, and the bonus claims."""

from igu_admin.web.pages.employer import (
    agreement_flow,
    documents,
    home,
    next_steps,
    plan_builder,
    withdrawal,
)

bp = home.bp

__all__ = ["agreement_flow", "bp", "documents", "next_steps", "plan_builder", "withdrawal"]
