"""Known vulnerabilities in the locked dependencies (pip-audit on requirements.lock).

Fails when a locked package has a known vulnerability that `docs/security/known-vulnerabilities.md`
does not explain (its identifier, e.g. PYSEC-2026-12 or GHSA-xxxx, written there with the reason).
Without access to the vulnerability database (a machine offline), nothing can be audited: the
script says so plainly and does not pretend the lock is clean.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPLAINED = ROOT / "docs" / "security" / "known-vulnerabilities.md"


def main() -> int:
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "pip-audit"),
            "--requirement",
            str(ROOT / "requirements.lock"),
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print("!! pip-audit gave no report:", result.stderr.strip()[-2000:], file=sys.stderr)
        return 1
    code, lines = judge(report, EXPLAINED.read_text())
    print("\n".join(lines))
    return code


def judge(report: dict, explanations: str) -> tuple[int, list[str]]:
    """(exit code, lines to print) for a pip-audit JSON report and the explanations' text."""
    dependencies = report.get("dependencies", [])
    audited = [dep for dep in dependencies if "skip_reason" not in dep]
    if not audited:
        return 0, [
            "!! vulnerability database unreachable: no package could be audited "
            f"({len(dependencies)} in the lock). Run `make audit` on a machine with Internet access."
        ]
    explained = set(re.findall(r"\b(?:PYSEC|GHSA|CVE|OSV)-[\w-]+", explanations))
    unexplained = []
    for dep in audited:
        for vuln in dep.get("vulns", []):
            ids = {vuln["id"], *vuln.get("aliases", [])}
            if not ids & explained:
                fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
                unexplained.append(
                    f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})"
                )
    skipped = len(dependencies) - len(audited)
    lines = [f"audited {len(audited)} locked packages ({skipped} skipped)"]
    if unexplained:
        return 1, [
            *lines,
            "!! known vulnerabilities, not explained in " + EXPLAINED.name,
            *unexplained,
        ]
    return 0, [*lines, "no known vulnerability left unexplained"]


if __name__ == "__main__":
    sys.exit(main())
