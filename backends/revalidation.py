"""`revalidate` for the services, which are loaded at start-up when pydantic is not: the input
models' module (backends/model_base.py) is imported on the first call, by which time an input
model exists and pydantic is loaded anyway. See backends/record.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

    from backends.record import Record

M = TypeVar("M", bound="BaseModel")
R = TypeVar("R", bound="BaseModel | Record")


def revalidate(model: R) -> R:
    """backends.model_base.revalidate: check an input model again before acting on it. A
    record given as an input (an operator, a trainee's action) is checked without pydantic
    (backends/record_check.py)."""
    from backends.record import Record

    if isinstance(model, Record):
        from backends.record_check import read

        checked: R = read(type(model), model)
        return checked
    from backends import model_base

    return model_base.revalidate(model)


def revalidate_flat(models: list[M]) -> list[M]:
    """backends.model_base.revalidate_flat, for many input models at once."""
    from backends import model_base

    return model_base.revalidate_flat(models)
