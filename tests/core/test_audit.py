"""The dependency audit's verdict on pip-audit's report."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "audit", Path(__file__).resolve().parents[2] / "scripts" / "audit.py"
)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

VULNERABLE = {
    "dependencies": [
        {"name": "django", "version": "5.2.1", "vulns": []},
        {
            "name": "pillow",
            "version": "11.0.0",
            "vulns": [{"id": "PYSEC-2026-1", "aliases": ["CVE-2026-1000"], "fix_versions": ["12"]}],
        },
    ]
}


def test_an_unexplained_vulnerability_fails():
    code, lines = audit.judge(VULNERABLE, "")
    assert code == 1
    assert "pillow 11.0.0: PYSEC-2026-1 (fixed in 12)" in lines


def test_an_explained_one_by_any_of_its_names_passes():
    code, lines = audit.judge(
        VULNERABLE, "| CVE-2026-1000 | pillow | not reachable: we never decode TIFF |"
    )
    assert code == 0 and lines[-1] == "no known vulnerability left unexplained"


def test_offline_it_says_nothing_was_audited():
    offline = {"dependencies": [{"name": "django", "skip_reason": "not found"}]}
    code, lines = audit.judge(offline, "")
    assert code == 0 and "unreachable" in lines[0]
