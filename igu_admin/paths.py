"""Where the project's non-Python folders live.

The required layout keeps locale/, migrations/ and pdf_templates/ at the top
level, beside the package: a working copy (installed in editable mode) finds
them relative to the project root. A wheel carries them inside the package,
in bundled/ (scripts/bundle.py, run by the build hook in setup.py), and that
copy is taken when it is there.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
BUNDLED_DIR = PACKAGE_DIR / "bundled"


def _top_level(name: str) -> Path:
    bundled = BUNDLED_DIR / name
    return bundled if bundled.is_dir() else PROJECT_ROOT / name


LOCALE_DIR = _top_level("locale")
MIGRATIONS_DIR = _top_level("migrations")
PDF_TEMPLATES_DIR = _top_level("pdf_templates")
# The only folder a PDF may load files from (images, fonts): see igu_admin/documents/fetcher.py.
PDF_ASSETS_DIR = PDF_TEMPLATES_DIR / "assets"
RULES_DIR = PACKAGE_DIR / "rules"
WAGE_RATES_FILE = "wage-rates.toml"
DE_MINIMIS_FILE = "de-minimis.toml"
DATA_DIR = PACKAGE_DIR / "data"
AMU_COURSES_FILE = "amu-courses.toml"
# The pages' own static files (Flask's static folder); the PDFs share a stylesheet from it.
STATIC_DIR = PACKAGE_DIR / "static"
