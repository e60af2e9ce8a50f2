"""Customers over HTTP: create, read (by id, by code), edit with If-Match, search, by phone.

One router per domain (docs/ARCHITECTURE.md); it talks to the backend's `customers`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from backends.customers.api import Customers
from backends.customers.inputs import CustomerChanges, CustomerDraft
from backends.customers.models import Customer
from backends.server.deps import Reader, backend, guard, once, respond, versioned
from backends.server.errors import ERROR_RESPONSES
from backends.server.params import Id
from backends.server.policy import Identity
from backends.wire.customers import PhoneLookup
from backends.wire.search import SearchRequest

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES, tags=["customers"])
CustomerWriter = Annotated[Identity, guard("customer.write")]


def customers(request: Request) -> Customers:
    return backend(request).customers


@router.post("/customers", status_code=201, response_model=Customer)
async def create_customer(draft: CustomerDraft, request: Request,
                          who: CustomerWriter) -> Response:
    return await once(request, who, lambda: customers(request).create_customer(draft), 201,
                      lambda c: f"/v1/customers/{c.id}")


@router.get("/customers/{customer_id}", response_model=Customer)
async def get_customer(customer_id: Id, request: Request, who: Reader) -> Response:
    return respond(await customers(request).get_customer(customer_id))


@router.get("/customers/by-code/{code}", response_model=Customer)
async def get_customer_by_code(code: Annotated[str, Path(max_length=40)], request: Request,
                               who: Reader) -> Response:
    return respond(await customers(request).get_customer_by_code(code))


@router.patch("/customers/{customer_id}", response_model=Customer)
async def update_customer(customer_id: Id, changes: CustomerChanges, request: Request,
                          who: CustomerWriter) -> Response:
    store = customers(request)
    return await once(request, who, lambda: versioned(
        request, lambda v: store.update_customer(customer_id, v, changes),
        lambda: store.get_customer(customer_id)))


@router.post("/customers/search", response_model=list[Customer])
async def search_customers(body: SearchRequest, request: Request,
                           who: Reader) -> Response:
    return respond(await customers(request).search_customers(body.q, body.limit))


@router.post("/customers/by-phone", response_model=list[Customer])
async def find_customers_by_phone(body: PhoneLookup, request: Request,
                                  who: Reader) -> Response:
    return respond(await customers(request).find_customers_by_phone(body.number))
