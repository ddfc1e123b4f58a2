"""The OpenAPI schema at /v1/schema/ and the interactive docs at /v1/docs/ (served without a CDN)."""

import json

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_is_valid_and_documents_the_contract(client, tmp_path):
    target = tmp_path / "schema.json"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(target)
    )
    schema = json.loads(target.read_text())
    for path in (
        "/v1/upload/image",
        "/v1/upload/files",
        "/v1/events/{event_pk}/images/",
        "/v1/users/me/avatar",
    ):
        assert path in schema["paths"], path
    components = schema["components"]["schemas"]
    for request in ("EventImageRequest", "ImageUploadRequest", "DocumentUploadRequest"):
        data_field = components[request]["properties"]["data"]
        assert data_field["type"] == "string" and "data URI" in data_field["description"], request
        file_field = components[request]["properties"]["file"]  # a file picker in "Try it out"
        assert (file_field["type"], file_field["format"]) == ("string", "binary"), request
    assert components["EventImage"]["properties"]["renditions"]["additionalProperties"] == {
        "$ref": "#/components/schemas/Rendition"
    }
    placeholder = components["EventImage"]["properties"]["placeholder"]
    assert placeholder["allOf"] == [{"$ref": "#/components/schemas/Placeholder"}] and placeholder["nullable"]
    assert set(components["Placeholder"]["properties"]) == {"thumbhash", "color"}
    upload = schema["paths"]["/v1/upload/image"]["post"]["responses"]["201"]
    assert upload["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/UploadedImage"}
    # Every operation documents its errors besides its success, with the codes each status carries.
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            if method in ("post", "put", "patch", "delete"):
                assert {"400", "401", "403", "413", "503"} <= statuses, (method, path)
            if "{" in path:
                assert "404" in statuses, (method, path)
    for path, method in (
        ("/v1/upload/image", "post"),
        ("/v1/upload/files", "post"),
        ("/v1/users/me/avatar", "put"),
    ):
        examples = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["examples"]
        assert [set(example["value"]) for example in examples.values()] == [{"data"}], path  # never both
    upload_errors = schema["paths"]["/v1/upload/image"]["post"]["responses"]
    assert "file_too_large" in upload_errors["413"]["description"]
    assert "storage_unavailable" in upload_errors["503"]["description"]
    assert "not_authenticated" in upload_errors["401"]["description"]
    body = upload_errors["400"]["content"]["application/json"]["schema"]
    assert set(body["properties"]["detail"]["properties"]) == {"message", "code"}
    # Routes Open Event's clients also call as JSON:API document the 422 of refused attributes.
    for path, method in (
        ("/v1/events/", "post"),
        ("/v1/events/{id}/", "patch"),
        ("/v1/events/{event_pk}/slides/", "post"),
    ):
        refused = schema["paths"][path][method]["responses"]["422"]
        errors = refused["content"]["application/vnd.api+json"]["schema"]["properties"]["errors"]
        assert {"status", "code", "detail", "source"} <= set(errors["items"]["properties"]), path
    assert "422" not in schema["paths"]["/v1/upload/image"]["post"]["responses"]  # plain JSON only


def test_schema_and_docs_are_served(client):
    response = client.get("/v1/schema/")
    assert response.status_code == 200
    assert "/v1/upload/image" in yaml.safe_load(response.content)["paths"]
    docs = client.get("/v1/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn.jsdelivr" not in docs and "/static/drf_spectacular_sidecar/" in docs


@pytest.mark.django_db
def test_the_browsable_api_shows_descriptions_without_rst_markup(api):
    page = api.get("/v1/events/", HTTP_ACCEPT="text/html").content.decode()
    assert "/events/: the event model in use" in page and "``" not in page
