"""The overview's and the benchmark's period (and municipality) as input,
for the API's query strings (and their OpenAPI schema) and the pages'
forms. Shapes only; the service judges who may see which municipality."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from igu_admin.inputs.types import IsoDate, refuse_null

# A municipality's official code (three digits), or "all" (administrators).
MUNICIPALITY_PATTERN = r"^([0-9]{3}|all)$"


class PeriodQuery(BaseModel):
    """[from, to], both days included."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: Annotated[date, IsoDate("The period's first day."), Field(alias="from")]
    to: Annotated[date, IsoDate("The period's last day (on or after `from`).")]

    @field_validator("*", mode="before")
    @classmethod
    def _no_null(cls, value: Any) -> Any:
        return refuse_null(value)

    @field_validator("to")
    @classmethod
    def _not_before_from(cls, value: date, info: ValidationInfo) -> date:
        first = info.data.get("from_")
        if first is not None and value < first:
            raise PydanticCustomError("period_reversed", "period_reversed")
        return value


class OverviewQuery(PeriodQuery):
    municipality: Annotated[str, Field(
        pattern=MUNICIPALITY_PATTERN, max_length=3,
        description="A municipality's code (three digits), or all (administrators: the "
                    "instance's totals).")]
