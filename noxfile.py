"""The test matrix: eventmedia's suite on the Pythons and Djangos sites run (`make matrix`, or `nox`).

Cells (sessions):

- ``pinned``: Python 3.11, Django 5.2 LTS and every other package as requirements*.txt pin them (what
  `make test` installs);
- ``django60``: Python 3.12, the newest Django 6.0.x, the other pins as they are;
- ``newest``: Python 3.13, the newest Django 6.x, the other pins as they are;
- ``lowest``: Python 3.11, every dependency pyproject.toml bounds from below (Django, DRF, Pillow,
  django-storages, django-tasks and the extras') at that bound, so the ranges it declares are true.

Each cell runs the suite without the browser tests (`make test` runs those, on the pinned set);
arguments after ``--`` replace that selection (``nox -s newest -- tests/api``). Deprecation warnings
are errors in every run (pyproject.toml's ``filterwarnings``). Interpreters are found on PATH, or
under pyenv's versions when PATH has only its shims.

nox rather than tox: each cell's requirements are derived from the pinned files and pyproject.toml
in Python (the ``lowest`` cell reads the bounds), which tox's ini would need a plugin for.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import nox
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).parent
NON_BROWSER = ["-m", "not browser"]

nox.options.default_venv_backend = "venv"
nox.options.error_on_missing_interpreters = True  # a cell that cannot run is a failure, not a skip


def with_pyenv_interpreters(*versions: str) -> None:
    """Put pyenv's newest install of each of ``versions`` first on PATH: its shims run only the
    versions selected for this directory, and refuse the others."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    for version in versions:
        releases = [
            bin for bin in root.glob(f"versions/{version}.*/bin") if re.fullmatch(r"[\d.]+", bin.parent.name)
        ]
        installs = sorted(releases, key=lambda bin: Version(bin.parent.name))
        if installs:
            os.environ["PATH"] = f"{installs[-1]}{os.pathsep}{os.environ['PATH']}"


with_pyenv_interpreters("3.11", "3.12", "3.13")


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lower_bounds() -> dict[str, str]:
    """``{package: "package==X"}`` for every requirement of pyproject.toml with a ``>=X`` bound."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        declared += extra
    bounds = {}
    for line in declared:
        requirement = Requirement(line)
        for spec in requirement.specifier:
            if spec.operator == ">=":
                bounds[normalized(requirement.name)] = f"{requirement.name}=={spec.version}"
    return bounds


def requirement_lines(path: Path) -> list[str]:
    """The requirement lines of ``path``, with the files it includes (``-r``) inlined."""
    lines = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("-r "):
            lines += requirement_lines(path.parent / line[3:].strip())
        elif line and not line.startswith("#"):
            lines.append(line)
    return lines


def install(session: nox.Session, overrides: dict[str, str]) -> None:
    """The pinned test set with ``overrides`` (``{package: requirement}``) in place of their pins,
    then eventmedia itself (editable, without dependencies: they are all there)."""
    lines = []
    for line in requirement_lines(ROOT / "requirements-test.txt"):
        name = normalized(re.split(r"[=<>!~\[; ]", line, maxsplit=1)[0])
        lines.append(overrides.get(name, line))
    wanted = Path(session.create_tmp()) / "requirements.txt"
    wanted.write_text("\n".join(lines) + "\n")
    session.install("--upgrade", "pip")
    session.install("-r", str(wanted))
    session.install("--no-deps", "-e", str(ROOT))
    session.run("python", "-m", "pip", "check")  # the set installed is consistent as a whole
    session.run(
        "python",
        "-c",
        "import django, rest_framework, PIL; print('Django', django.get_version(), "
        "'DRF', rest_framework.VERSION, 'Pillow', PIL.__version__)",
    )


def run_suite(session: nox.Session) -> None:
    session.run("python", "-m", "pytest", "-p", "no:cacheprovider", *(session.posargs or NON_BROWSER))


# name: (Python, the Django release it runs, what it installs instead of the pins, what it is).
# pyproject.toml's classifiers name exactly these Pythons and Djangos (tests/site/test_matrix.py).
CELLS = {
    "pinned": ("3.11", "5.2", {}, "Python 3.11, Django 5.2 LTS: the pinned set."),
    "django60": ("3.12", "6.0", {"django": "Django>=6.0,<6.1"}, "Python 3.12 and the newest Django 6.0.x."),
    "newest": ("3.13", "6.1", {"django": "Django>=6,<7"}, "Python 3.13 and the newest Django 6.x."),
    "lowest": ("3.11", "5.2", None, "Python 3.11 and the lowest version pyproject.toml allows of each."),
}


def cell(name: str, python: str, django: str, overrides: dict | None, summary: str):
    def run(session: nox.Session) -> None:
        install(session, lower_bounds() if overrides is None else overrides)
        # A newer Django than the cell says (6.2 released, say) fails here: add it to CELLS and to
        # pyproject.toml's classifiers, then it is a promise.
        check = (
            "import django, sys; found = django.get_version(); "
            f"sys.exit(None if found.startswith({django + '.'!r}) or found == {django!r} else "
            f"f'Django {{found}} installed where the cell runs {django}: update CELLS and the classifiers')"
        )
        session.run("python", "-c", check)
        run_suite(session)

    run.__doc__ = summary
    return nox.session(name=name, python=python)(run)


for _name, (_python, _django, _overrides, _summary) in CELLS.items():
    cell(_name, _python, _django, _overrides, _summary)
