"""The versions eventmedia claims are the versions its test matrix (noxfile.py) runs."""

import ast
import tomllib

from tests.paths import ROOT


def cells() -> dict:
    """noxfile.py's ``CELLS``, read without importing nox."""
    tree = ast.parse((ROOT / "noxfile.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [ast.unparse(target) for target in node.targets] == ["CELLS"]:
            return ast.literal_eval(node.value)
    raise AssertionError("noxfile.py defines no CELLS")


def test_the_classifiers_name_exactly_what_the_matrix_runs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    classifiers = project["classifiers"]
    pythons = {
        c.rsplit(" :: ", 1)[1] for c in classifiers if c.startswith("Programming Language :: Python :: 3.")
    }
    djangos = {c.rsplit(" :: ", 1)[1] for c in classifiers if c.startswith("Framework :: Django :: ")}
    matrix = cells()
    assert pythons == {python for python, _django, _overrides, _summary in matrix.values()}
    assert djangos == {django for _python, django, _overrides, _summary in matrix.values()}
    lowest_python = min(
        (python for python, *_rest in matrix.values()), key=lambda v: tuple(map(int, v.split(".")))
    )
    assert project["requires-python"] == f">={lowest_python}"
    assert any(
        overrides is None for _python, _django, overrides, _summary in matrix.values()
    )  # the lowest cell
    assert "Django>=5.2,<7" in project["dependencies"]
