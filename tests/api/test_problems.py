"""One catalog of refusals (``eventmedia.problems``): docs/errors.md lists exactly its codes, every code the
source raises is in it, and a refusal answers with the catalog's status, field and message."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from eventmedia import problems
from eventmedia.api.exceptions import as_api_exception
from tests.paths import ROOT

TABLE_HEADER = "| code | status | meaning |"


def documented_codes() -> dict[str, str]:
    """The errors table (wherever the guide keeps it): code -> its status column."""
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text()
        if TABLE_HEADER not in text:
            continue
        rows = text.split(TABLE_HEADER, 1)[1].split("\n\n", 1)[0].splitlines()[2:]
        return {re.search(r"`([a-z0-9_]+)`", row).group(1): row.split("|")[2].strip() for row in rows}
    raise AssertionError("no errors table in the README or docs/")


def test_the_errors_table_lists_exactly_the_catalog_with_its_statuses():
    documented = documented_codes()
    assert set(documented) == set(problems.catalog())
    for code, problem in problems.catalog().items():
        assert str(problem.status) in documented[code], code


def test_a_code_cannot_get_a_second_meaning():
    taken = problems.problem("server_busy")
    problems.register(taken)  # the same meaning again: harmless (an app made ready twice)
    with pytest.raises(ImproperlyConfigured):
        problems.register(problems.Problem("server_busy", 500, "something else"))
    assert problems.problem("server_busy") is taken


def test_an_unknown_code_or_variant_is_a_programming_error():
    with pytest.raises(LookupError):
        problems.Refusal("no_such_code")
    with pytest.raises(LookupError):
        problems.Refusal("server_busy", variant="nope")


@pytest.mark.parametrize(
    "refusal, status, body",
    [
        (problems.Refusal("server_busy"), 503, {"detail": {"code": "server_busy"}}),
        (problems.Refusal("type_conflict"), 409, {"detail": {"code": "type_conflict"}}),
        (
            problems.Refusal("immutable", field="slides_url", variant="slides"),
            400,
            {"slides_url": "immutable"},
        ),
        (problems.Refusal("file_too_large", status=413, variant="request"), 413, {"data": "file_too_large"}),
    ],
)
def test_a_refusal_answers_with_the_catalogs_status_and_shape(refusal, status, body):
    answer = as_api_exception(refusal)
    assert answer.status_code == status
    details = answer.get_full_details()
    ((key, expected),) = body.items()
    if isinstance(expected, dict):
        assert {"detail": details} == {"detail": {**expected, "message": refusal.message}}
    else:
        assert details == {key: [{"message": refusal.message, "code": expected}]}


def test_messages_name_the_sites_limits(settings):
    settings.EVENTMEDIA = {"MAX_UPLOAD_BYTES": 3 * 1024 * 1024, "MAX_FRAMES": 7}
    assert "3 MiB" in problems.Refusal("file_too_large").message  # the unit the setting is written in
    assert "7" in problems.Refusal("too_many_frames").message
