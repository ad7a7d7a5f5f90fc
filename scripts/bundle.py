"""What a built igu-admin carries beside its Python code, made from the
repository: the DKFDS files the pages use (from the npm package, never
committed), the compiled catalogues, the migrations and the PDF templates.

scripts/setup.sh uses `dkfds` for the working copy; the wheel's build hook
(setup.py) uses all of it for the wheel. Standard library and Babel only:
it runs in the build backend's environment, where igu-admin's own
dependencies are not installed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DKFDS_FILES = ROOT / "scripts" / "dkfds_files.txt"
DKFDS_DIST = ROOT / "node_modules" / "dkfds" / "dist"
# The folders the product keeps at the top level, carried inside the package
# in a wheel (igu_admin/paths.py looks there first).
TOP_LEVEL_FOLDERS = ("migrations", "pdf_templates")


def dkfds(target: Path) -> None:
    """The DKFDS files named in scripts/dkfds_files.txt copied into `target`
    (the static folder's vendor/dkfds), installing the npm package pinned by
    package-lock.json first when it is missing."""
    if not DKFDS_DIST.is_dir():
        # Without the development packages (the tests' OpenID Provider).
        subprocess.run(["npm", "ci", "--omit=dev", "--no-audit", "--no-fund", "--ignore-scripts",
                        "--silent"], cwd=ROOT, check=True)
    shutil.rmtree(target, ignore_errors=True)
    for line in DKFDS_FILES.read_text(encoding="utf-8").splitlines():
        relative = line.strip()
        if not relative:
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DKFDS_DIST / relative, destination)


def catalogues(target: Path) -> None:
    """Each language's catalogues (messages.po, and trainee.po of the
    trainee's copy) compiled into `target`/<lang>/LC_MESSAGES/<domain>.mo."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        mo = target / po.relative_to(ROOT / "locale").with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source:
            catalogue = read_po(source)
        with mo.open("wb") as compiled:
            write_mo(compiled, catalogue)


def bundle(package: Path) -> None:
    """Everything above, into a built copy of the igu_admin package."""
    dkfds(package / "static" / "vendor" / "dkfds")
    bundled = package / "bundled"
    shutil.rmtree(bundled, ignore_errors=True)
    catalogues(bundled / "locale")
    for name in TOP_LEVEL_FOLDERS:
        shutil.copytree(ROOT / name, bundled / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


if __name__ == "__main__":
    # `python scripts/bundle.py dkfds <target>`: scripts/setup.sh's step.
    if len(sys.argv) != 3 or sys.argv[1] != "dkfds":
        sys.exit("usage: bundle.py dkfds TARGET")
    dkfds(Path(sys.argv[2]))
