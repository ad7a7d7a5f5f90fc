"""The scheduler process and its jobs. Jobs pass ids only, never personal data."""
