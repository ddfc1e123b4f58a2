"""Every error code and variant the package's source names is in the catalog (``eventmedia.problems``).

Read from the source, so not run under ``make mutate`` (its mutants rewrite the source's strings).
"""

from __future__ import annotations

import ast

from eventmedia import problems
from tests.paths import ROOT


def raised_codes() -> set[str]:
    """Codes given as a literal to ``Refusal(...)`` or ``Problem(...)`` anywhere in the package."""
    codes = set()
    for path in (ROOT / "eventmedia").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("Refusal", "Problem")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                codes.add(node.args[0].value)
    return codes


def test_every_code_the_source_raises_is_in_the_catalog():
    raised = raised_codes()
    assert {"server_busy", "type_conflict", "not_an_upload", "instagram_throttled"} <= raised
    assert raised <= set(problems.catalog())


def test_every_variant_the_source_names_exists():
    named = set()
    for path in (ROOT / "eventmedia").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Refusal" and node.args:
                for keyword in node.keywords:
                    if keyword.arg == "variant" and isinstance(keyword.value, ast.Constant):
                        named.add((node.args[0].value, keyword.value.value))
    assert ("file_too_large", "request") in named
    for code, variant in named:
        assert variant in problems.problem(code).variants, (code, variant)
    needs_extra = problems.refusal_of(problems.MediaError("unsupported_format", extra="heif"))
    assert "heif" in needs_extra.message
