"""Where the project's non-Python folders live.

The required layout keeps locale/, migrations/ and pdf_templates/ at the top
level, beside the package, so the app is installed in editable mode and finds
them relative to the project root.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
LOCALE_DIR = PROJECT_ROOT / "locale"
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
PDF_TEMPLATES_DIR = PROJECT_ROOT / "pdf_templates"
# The only folder a PDF may load files from (images, fonts): see igu_admin/documents/fetcher.py.
PDF_ASSETS_DIR = PDF_TEMPLATES_DIR / "assets"
RULES_DIR = PACKAGE_DIR / "rules"
WAGE_RATES_FILE = "wage-rates.toml"
DATA_DIR = PACKAGE_DIR / "data"
AMU_COURSES_FILE = "amu-courses.toml"
# The pages' own static files (Flask's static folder); the PDFs share a stylesheet from it.
STATIC_DIR = PACKAGE_DIR / "static"
