"""The limits of igu-admin's own accounts: product choices, not the law's."""

# A password typed by a person: long enough to resist guessing (NIST SP 800-63B asks for 8;
# the administrators asked for more).
MIN_PASSWORD_LENGTH = 12
# What a personal API token is for, as its owner labels it.
LABEL_MAX = 100
