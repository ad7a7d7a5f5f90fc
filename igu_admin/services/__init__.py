"""Use cases: load records, ask the domain, write records and audit events.

Each public function owns its transaction: it commits or rolls back.
"""
