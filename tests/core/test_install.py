"""The README promises two commands on a machine with nothing but Python and its own pip.

CI (`.ci/run`) installs with a PATH where every other installer is a decoy that fails; these tests
say why at once when the Makefile or the lock drift."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OTHER_INSTALLERS = re.compile(r"\b(uv|uvx|poetry|pipx|pdm|pipenv|conda|mamba)\b")


def _dry_run(target: str) -> str:
    """The commands `make` would run for `target`, forced, without running them."""
    result = subprocess.run(
        ["make", "-n", "-B", target, "PYTHON=python3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.parametrize(
    ("target", "lock"),
    [("install", "requirements.lock"), ("bench-opinions", "requirements-bench.lock")],
)
def test_one_install_route_python_and_pip_from_the_lock(target, lock):
    commands = _dry_run(target)
    installs = [
        line
        for line in commands.splitlines()
        if "pip install" in line and not line.startswith("echo")
    ]
    assert installs, commands
    for line in installs:
        assert "-m pip install" in line and "--require-hashes" in line and "--no-deps" in line
    assert any(f"-r {lock}" in line for line in installs)
    assert "pip check" in commands, "the lock's completeness is checked after installing"
    assert not OTHER_INSTALLERS.search(commands), (
        "the install must not look for another tool: " + OTHER_INSTALLERS.search(commands)[0]
    )


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-bench.lock"])
def test_every_locked_requirement_is_pinned_and_hashed_without_extras(lock):
    text = (ROOT / lock).read_text()
    requirements = re.findall(r"^([A-Za-z0-9][^\s\\;]*)", text, flags=re.MULTILINE)
    assert len(requirements) > 50
    for requirement in requirements:
        assert re.fullmatch(r"[A-Za-z0-9._-]+==[A-Za-z0-9.+!-]+", requirement), requirement
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert all("--hash=sha256:" in block for block in blocks if block.strip())


def test_the_installed_environment_is_complete():
    """`--no-deps` installs the lock as it is: pip must find nothing missing."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "check", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
