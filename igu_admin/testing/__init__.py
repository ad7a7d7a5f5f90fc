"""Record factories shared by tests/ and bench/ (installed with the package;
tests/ is not)."""
