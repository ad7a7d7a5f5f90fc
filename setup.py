"""The wheel's build hook (the rest of the packaging is in pyproject.toml): a
built igu-admin carries the DKFDS files, the compiled catalogues, the
migrations and the PDF templates (scripts/bundle.py). An editable install
(scripts/setup.sh) reads them from the working copy instead."""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

sys.path.insert(0, str(Path(__file__).resolve().parent / "scripts"))
from bundle import bundle


class BuildWithBundle(build_py):
    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            bundle(Path(self.build_lib) / "igu_admin")


setup(cmdclass={"build_py": BuildWithBundle})
