"""Use cases: load records, ask the domain, write records and audit events.

Each use case runs as one unit of work (services.unit_of_work): it commits
once at its end or rolls back entirely; helpers only add and flush.
"""
