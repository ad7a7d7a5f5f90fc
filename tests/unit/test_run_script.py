"""scripts/run.sh gives the server and the scheduler the same IGU_BASE_URL,
built from IGU_PORT, so the links in e-mails lead to the app as it runs.

The script runs in a copy of the project's layout whose setup.sh and
igu-admin are stand-ins: each call of igu-admin records its command and the
IGU_BASE_URL it was given."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from igu_admin.paths import PROJECT_ROOT

STAND_IN = """#!/usr/bin/env bash
echo "$1 ${IGU_BASE_URL:-unset}" >> "$RECORD"
if [ "$1" = run ]; then
  # The server's stand-in ends only once the scheduler's has recorded its call
  # (run.sh stops the scheduler when the server ends).
  for _ in $(seq 100); do grep -q '^scheduler ' "$RECORD" && exit 0; sleep 0.1; done
fi
"""


def _run(tmp_path: Path, **env: str) -> dict[str, str]:
    (tmp_path / "scripts").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "scripts" / "run.sh", tmp_path / "scripts" / "run.sh")
    (tmp_path / "scripts" / "setup.sh").write_text("#!/usr/bin/env bash\n")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "igu-admin").write_text(STAND_IN)
    for script in (tmp_path / "scripts" / "setup.sh", tmp_path / ".venv" / "bin" / "igu-admin"):
        script.chmod(0o755)
    record = tmp_path / "calls"
    clean = {key: value for key, value in os.environ.items()
             if key not in {"IGU_PORT", "IGU_BASE_URL"}}
    subprocess.run(["bash", str(tmp_path / "scripts" / "run.sh")], check=True, timeout=60,
                   capture_output=True, env={**clean, "RECORD": str(record), **env})
    return dict(line.split(" ", 1) for line in record.read_text().splitlines())


def test_the_server_and_the_scheduler_get_the_base_url_built_from_the_port(
        tmp_path: Path) -> None:
    calls = _run(tmp_path, IGU_PORT="5077")
    assert calls["scheduler"] == calls["run"] == "http://127.0.0.1:5077"
    assert calls["demo-data"] == "http://127.0.0.1:5077"


def test_the_default_port_and_a_base_url_set_by_hand(tmp_path: Path) -> None:
    assert _run(tmp_path / "a")["scheduler"] == "http://127.0.0.1:5000"
    calls = _run(tmp_path / "b", IGU_PORT="5077", IGU_BASE_URL="https://igu.kommune.dk")
    assert calls["scheduler"] == calls["run"] == "https://igu.kommune.dk"
