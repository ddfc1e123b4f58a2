"""The direction of imports the design promises, read from the source (docs/layout.md).

- the core (everything in ``eventmedia`` outside ``contrib``) imports nothing of ``eventmedia.contrib``:
  add-ons plug in through ``eventmedia.extensions``;
- the imaging core and the downloader import no Django, and the Instagram client touches no models;
- services never import the tasks that call them (they ask through ``eventmedia.signals``);
- nothing in the installed package imports the demo project or the tests (the Instagram stand-in is
  a development tool in ``project/``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.paths import PACKAGE


def imported_modules(path: Path, tree: ast.AST | None = None) -> set[str]:
    """Absolute names of the modules ``path`` (or ``tree``, a part of it) imports (relative imports
    resolved), at any depth."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    names = set()
    for node in ast.walk(tree if tree is not None else ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            names.add(prefix)
            names.update(f"{prefix}.{alias.name}" for alias in node.names)
    return names


def sources(*, under: str = "", outside: str | None = None) -> list[Path]:
    files = sorted((PACKAGE / under).rglob("*.py"))
    if outside:
        files = [f for f in files if not f.is_relative_to(PACKAGE / outside)]
    return files


def offenders(files: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for path in files:
        bad = sorted(
            name
            for name in imported_modules(path)
            if any(name == f or name.startswith(f + ".") for f in forbidden)
        )
        if bad:
            found[str(path.relative_to(PACKAGE.parent))] = bad
    return found


def test_the_reader_resolves_relative_imports():
    # The checks below are only as good as this: a core module's "from ..contrib" must be seen.
    names = imported_modules(PACKAGE / "api" / "urls.py")
    assert "eventmedia.extensions" in names and "eventmedia.api.views" in names


def test_the_core_imports_nothing_of_the_contrib_apps():
    assert offenders(sources(outside="contrib"), ("eventmedia.contrib",)) == {}


@pytest.mark.parametrize(
    "under, forbidden",
    [
        ("imaging", ("django", "eventmedia.models", "eventmedia.services", "eventmedia.conf")),
        # Tasks call services; services ask for background work through signals, never the tasks.
        ("services", ("eventmedia.tasks", "eventmedia.contrib", "eventmedia.api", "rest_framework")),
        ("contrib/instagram/services.py", ("eventmedia.tasks", "eventmedia.contrib.instagram.tasks")),
        (
            "contrib/instagram/client.py",
            ("django.db", "eventmedia.models", "eventmedia.contrib.instagram.models"),
        ),
        ("download.py", ("django", "eventmedia.models", "eventmedia.conf", "eventmedia.contrib")),
    ],
)
def test_pure_layers_stay_pure(under, forbidden):
    files = [PACKAGE / under] if under.endswith(".py") else sources(under=under)
    assert offenders(files, forbidden) == {}


def test_the_admin_imports_nothing_of_the_api_layer():
    # Upload reading and error messages live in the core (reading, problems), shared by both.
    admin_modules = [PACKAGE / "admin.py", PACKAGE / "admin_media.py"]
    assert offenders(admin_modules, ("eventmedia.api", "rest_framework")) == {}


def code_names(path: Path) -> set[str]:
    """The identifiers and the identifier-like strings (no spaces: a field name, a dotted path, a code)
    of ``path``'s code; docstrings, comments and messages to people are left out."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
        and ast.get_docstring(node) is not None
    }
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if not any(character.isspace() for character in node.value):
                names.add(node.value)
    return names


def test_the_core_names_no_add_on_in_its_code():
    # An add-on plugs in (a source, its problems, its panel); the core's code never spells its name.
    named = {
        str(path.relative_to(PACKAGE.parent))
        for path in sources(outside="contrib")
        if any("instagram" in name.lower() for name in code_names(path))
    }
    assert named == set()


def test_the_use_cases_are_small_modules_by_aggregate():
    # One module an aggregate around the unit of work; a module over this is doing two jobs.
    sizes = {path.name: len(path.read_text().splitlines()) for path in sources(under="services")}
    assert {"unit_of_work.py", "event_images.py", "uploads.py", "avatars.py", "slides.py"} <= set(sizes)
    assert {name: lines for name, lines in sizes.items() if lines > 350} == {}


def test_the_package_imports_neither_the_demo_nor_the_tests():
    assert offenders(sources(), ("project", "tests")) == {}


def test_the_stored_form_of_renditions_is_read_only_through_the_typed_values():
    # models.py hands the JSON columns to eventmedia.renditions; no other module reads them.
    readers = {
        str(path.relative_to(PACKAGE.parent))
        for path in sources()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and node.attr in ("rendition_data", "preview_data")
    }
    assert readers == {"eventmedia/models.py"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def top_level_imports(path: Path) -> set[str]:
    """The package's modules ``path`` imports when it is imported (not inside functions)."""
    tree = ast.parse(path.read_text())
    statements = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    return imported_modules(path, ast.Module(body=statements, type_ignores=[]))


def test_no_import_cycles_between_the_packages_modules():
    known = {module_name(path): path for path in sources() if "migrations" not in path.parts}
    graph = {
        name: {n for n in top_level_imports(path) if n in known and n != name} for name, path in known.items()
    }
    # A package's __init__ re-exporting its own modules is not a cycle of the layers.
    graph = {name: {n for n in deps if not name.startswith(n + ".")} for name, deps in graph.items()}
    cycles, state = [], {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for dependency in sorted(graph[name]):
            if state.get(dependency) == "open":
                cycles.append(trail[trail.index(dependency) :] + [dependency])
            elif dependency not in state:
                visit(dependency, [*trail, dependency])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


# Imports a function body may make: optional extras a site may not have installed.
OPTIONAL_IMPORTS = {"eventmedia.download", "pypdfium2", "resource"}


def test_no_imports_hidden_in_function_bodies():
    # An import inside a function usually hides a cycle; apps' ready() is where Django wants them.
    hidden = []
    for path in sources():
        for function in ast.walk(ast.parse(path.read_text())):
            if not isinstance(function, ast.FunctionDef) or function.name == "ready":
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom):
                    name = ("." * node.level) + (node.module or "")
                elif isinstance(node, ast.Import):
                    name = node.names[0].name
                else:
                    continue
                if (
                    name.lstrip(".")
                    not in {n.split("eventmedia.")[-1] for n in OPTIONAL_IMPORTS} | OPTIONAL_IMPORTS
                ):
                    hidden.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {name}")
    assert hidden == []


def test_the_package_never_writes_djangos_settings():
    writes = []
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text())):
            targets = node.targets if isinstance(node, ast.Assign) else []
            attributes = [t for t in targets if isinstance(t, ast.Attribute)]
            if any(getattr(target.value, "id", "") == "settings" for target in attributes):
                writes.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "setattr" and node.args:
                if getattr(node.args[0], "id", "") == "settings":
                    writes.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert writes == []


def test_migrations_read_the_event_model_setting_with_a_default():
    # makemigrations writes settings.EVENTMEDIA_EVENT_MODEL for a swappable foreign key; a site that
    # does not swap has no such setting, so a new migration must read it as 0001 does (getattr).
    offending = [
        path.name
        for path in (PACKAGE / "migrations").glob("*.py")
        if "settings.EVENTMEDIA_EVENT_MODEL" in path.read_text()
    ]
    assert offending == []
