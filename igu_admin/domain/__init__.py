"""Rules of the law in plain Python: no Flask, no SQLAlchemy, no I/O."""
