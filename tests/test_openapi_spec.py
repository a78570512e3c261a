"""The published OpenAPI spec names every shape once and documents the errors each operation can answer.

Two schemas of one name used to collide (the network's and the member portal's MembershipOut, the ledger's and the
reports' PeriodOut): the spec kept one, so six operations claimed a response shape they never send."""

from typing import Any

from django.test import Client
from ninja import Schema
from pydantic import BaseModel

from simpul.api import api


def _models(annotation: Any, seen: set[type]) -> None:
    """Every pydantic model reachable from a type: fields, list items, unions."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, seen)
    for arg in getattr(annotation, "__args__", ()):
        _models(arg, seen)


def _api_models() -> set[type]:
    seen: set[type] = set()
    for operation in api._operations():
        for model in (operation.response_models or {}).values():
            _models(model, seen)
        for model in operation.models:
            _models(model, seen)
    return {m for m in seen if issubclass(m, Schema)}


def test_no_two_api_schemas_share_a_name():
    by_name: dict[str, set[str]] = {}
    for model in _api_models():
        by_name.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: sorted(paths) for name, paths in by_name.items() if len(paths) > 1}
    assert not clashes, f"Rename one of each (by its app): {clashes}"


def _spec() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _response_ref(spec: dict[str, Any], path: str, method: str, status: str) -> str:
    schema = spec["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    return str(schema.get("$ref") or schema.get("items", {}).get("$ref"))


def test_the_six_operations_name_their_own_shapes():
    spec = _spec()
    schemas = spec["components"]["schemas"]
    membership = "/api/v1/networks/{slug}/memberships"
    assert _response_ref(spec, membership, "get", "200").endswith("NetworkMembershipOut")
    assert _response_ref(spec, "/api/v1/me/memberships", "get", "200").endswith("PortalMembershipOut")
    assert "cooperative" in schemas["NetworkMembershipOut"]["properties"]
    assert "total_savings" in schemas["PortalMembershipOut"]["properties"]
    periods = "/api/v1/cooperatives/{slug}/ledger/periods"
    assert _response_ref(spec, periods, "get", "200").endswith("/PeriodOut")
    assert "closed_by" in schemas["PeriodOut"]["properties"]
    assert "closed_by" not in schemas["ReportPeriodOut"]["properties"]


def test_every_operation_documents_its_errors_in_the_one_error_shape():
    spec = _spec()
    assert spec["components"]["schemas"]["Error"]["required"] == ["code", "message", "detail"]
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            statuses = set(operation["responses"])
            assert {"400", "404"} <= statuses, (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in statuses, (method, path)
            if operation.get("requestBody"):
                assert "413" in statuses, (method, path)
            for status in (s for s in statuses if s >= "400"):
                body = operation["responses"][status]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def test_authenticated_operations_document_401_and_403_and_public_ones_do_not():
    paths = _spec()["paths"]
    assert {"401", "403"} <= set(paths["/api/v1/cooperatives/{slug}/ledger/entries"]["post"]["responses"])
    assert {"401", "403"} <= set(paths["/api/v1/me"]["get"]["responses"])
    assert "401" not in paths["/api/v1/regions"]["get"]["responses"]
    assert "409" in paths["/api/v1/cooperatives/{slug}/members/{member_id}/savings/deposits"]["post"]["responses"]


def test_a_body_django_refuses_before_the_api_runs_is_still_a_json_error(db):
    """A multipart body without a boundary fails in a middleware reading request.POST: Django's 400 page was HTML."""
    response = Client().post("/api/v1/auth/tokens", data=b"{}", content_type="multipart/form-data")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "bad_request"
