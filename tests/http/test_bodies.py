"""Bad bodies get a clear 4xx naming the problem, never a 500 or a traceback."""

from __future__ import annotations

from collections.abc import AsyncIterator

from backends.people.models import Role
from tests.http.conftest import Site

LIMIT = 1024 * 1024


async def test_oversized_body_is_413(site: Site) -> None:
    big = b'{"name": "' + b"a" * LIMIT + b'"}'
    async with site.client(Role.OPERATOR) as http:
        sized = await http.post("/v1/customers", content=big,
                                headers={"Content-Type": "application/json"})

        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
            for start in range(0, len(big), 64 * 1024):
                yield big[start:start + 64 * 1024]

        streamed = await http.post("/v1/customers", content=chunks(),
                                   headers={"Content-Type": "application/json"})
        after = await http.post("/v1/customers/search", json={"q": ""})
    for response in (sized, streamed):
        assert response.status_code == 413
        assert response.json()["field"] == "body"
        assert str(LIMIT) in response.json()["message"]
    assert after.status_code == 200 and after.json() == []  # nothing was stored


async def test_malformed_json_is_400_naming_the_body(site: Site) -> None:
    async with site.client(Role.OPERATOR) as http:
        response = await http.post("/v1/customers", content=b'{"name": "Rossi",',
                                   headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["field"] == "body" and "JSON" in response.json()["message"]


async def test_invalid_field_is_422_naming_it(site: Site) -> None:
    async with site.client(Role.OPERATOR) as http:
        email = await http.post("/v1/customers", json={"name": "Rossi", "email": "not-mail"})
        phone = await http.post("/v1/customers", json={"name": "Rossi", "phones": ["12"]})
        extra = await http.post("/v1/customers", json={"name": "Rossi", "shoe_size": 44})
        nested = await http.post("/v1/customers", json={"name": "R",
                                                        "consent": {"marketing": "maybe"}})
        text = await http.post("/v1/customers", content=b"name=Rossi",
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
        path = await http.get("/v1/customers/abc")
        huge = await http.get("/v1/customers/99999999999999999999999")
    assert (email.status_code, email.json()["field"]) == (422, "email")
    assert "email address" in email.json()["message"]
    assert (phone.status_code, phone.json()["field"]) == (422, "phones")
    assert (extra.status_code, extra.json()["field"]) == (422, "shoe_size")
    assert (nested.status_code, nested.json()["field"]) == (422, "consent.marketing")
    assert (text.status_code, text.json()["field"]) == (422, "body")
    assert "application/json" in text.json()["message"]
    assert (path.status_code, path.json()["field"]) == (422, "customer_id")
    assert huge.status_code == 422


async def test_unknown_route_and_method_use_the_error_shape(site: Site) -> None:
    async with site.client(Role.OPERATOR) as http:
        missing = await http.get("/v1/nothing-here")
        method = await http.delete("/v1/customers/1")
        record = await http.get("/v1/tickets/424242")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    assert (method.status_code, method.json()["code"]) == (405, "invalid")
    assert (record.status_code, record.json()["code"]) == (404, "not_found")
    assert record.json()["message"]
