"""Typed, strict reading of a parsed TOML table (the rule files and the
catalogues shipped as data): every error names the file and the field, and a
key nobody read is an error, so a misspelt key cannot pass unnoticed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any


class RuleSetError(ValueError):
    """A rule file is malformed; the message names the file and the field."""


class TableReader:
    """Typed access to a parsed TOML table, with errors naming file and field."""

    def __init__(self, file: str, data: dict[str, Any], prefix: str = "",
                 family: list[TableReader] | None = None) -> None:
        self.file, self.data, self.prefix = file, data, prefix
        self.used: set[str] = set()
        # Every reader of one file, so unknown (e.g. misspelt) keys are found.
        self.family = family if family is not None else []
        self.family.append(self)

    def reject_unknown_keys(self) -> None:
        for reader in self.family:
            unknown = sorted(set(reader.data) - reader.used)
            if unknown:
                raise reader.fail(unknown[0], "unknown field (misspelt?)")

    def fail(self, key: str, problem: str) -> RuleSetError:
        return RuleSetError(f"{self.file}: field '{self.prefix}{key}': {problem}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "missing")
            return default
        value = self.data[key]
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(key, "must not be true/false")
        if not isinstance(value, kind):
            raise self.fail(key, f"expected {getattr(kind, '__name__', kind)}")
        return value

    def table(self, key: str) -> TableReader:
        return TableReader(self.file, self.get(key, dict), f"{self.prefix}{key}.", self.family)

    def text(self, key: str) -> str:
        value = self.get(key, str)
        if not value.strip():
            raise self.fail(key, "must not be empty")
        return value

    def count(self, key: str, minimum: int = 0) -> int:
        value = self.get(key, int)
        if value < minimum:
            raise self.fail(key, f"must be at least {minimum}")
        return value

    def day(self, key: str) -> date:
        value = self.optional_day(key)
        if value is None:
            raise self.fail(key, "missing")
        return value

    def optional_day(self, key: str) -> date | None:
        value = self.get(key, date, None)
        # TOML datetimes are dates too (a subclass), but compare with neither.
        if value is not None and type(value) is not date:
            raise self.fail(key, "expected a date (YYYY-MM-DD), not a date and time")
        return value

    def codes(self, key: str, vocabulary: tuple[str, ...]) -> frozenset[str]:
        values = self.get(key, list)
        unknown = [v for v in values if v not in vocabulary]
        if unknown or not all(isinstance(v, str) for v in values):
            raise self.fail(key, f"unknown values {unknown}; allowed: {', '.join(vocabulary)}")
        return frozenset(values)

    def optional_text(self, key: str) -> str | None:
        if key not in self.data:
            self.used.add(key)
            return None
        return self.text(key)

    def choice(self, key: str, vocabulary: tuple[str, ...]) -> str:
        value = self.text(key)
        if value not in vocabulary:
            raise self.fail(key, f"must be one of {', '.join(vocabulary)}")
        return value

    def flag(self, key: str) -> bool:
        return bool(self.get(key, bool))

    def amount(self, key: str) -> Decimal:
        raw = self.get(key, str)
        try:
            value = Decimal(raw)
        except InvalidOperation as exc:
            raise self.fail(key, "expected an amount as a string, e.g. \"20000.00\"") from exc
        if not value.is_finite():
            raise self.fail(key, "must be a finite amount")
        if value < 0:
            raise self.fail(key, "must not be negative")
        return value
