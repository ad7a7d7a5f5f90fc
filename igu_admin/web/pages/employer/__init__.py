"""The employer's area: the company's IGU courses ("Mine IGU-forløb"), the
guided agreement, its documents, the schooling plan builder, the steps after
approval, and the bonus claims."""

from igu_admin.web.pages.employer import (
    agreement_flow,
    colleagues,
    documents,
    home,
    next_steps,
    plan_builder,
    withdrawal,
)

bp = home.bp

__all__ = ["agreement_flow", "bp", "colleagues", "documents", "next_steps", "plan_builder", "withdrawal"]
