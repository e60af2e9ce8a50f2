"""What the models of every domain share: the `Model` base, `utcnow`, request bounds and the
validators several domains use (e-mail, language, tags, E.164 phones, list sizes, the rules of
`…Changes` fields). The domain models are in backends/<domain>/models.py; see
docs/ARCHITECTURE.md.

Stored records (`Customer`, `Ticket`, …) carry an `id` and a `version`; inputs that create a
record are `…Draft`; partial edits are `…Changes` (only the fields set are applied).
Validation messages are written for a person: they say what is wrong, not a type name.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, ValidationError

from backends.checks import (  # noqa: F401  (re-exported for the input models)
    EMAIL_SHAPE,
    LANGUAGE_SHAPE,
    MAX_LANGUAGES,
    MAX_LINKED_TICKETS,
    MAX_PHONES,
    MAX_TAGS,
    TAG_MAX_LENGTH,
    check_e164_list,
    check_email,
    check_language,
    check_phones,
    check_tags,
    phone_error_to_value_error,
    utcnow,
)
from backends.record import Record


class Model(BaseModel):
    # defer_build: schemas are built on first use, which keeps the console's start-up short
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True,
                              defer_build=True)


def at_most(limit: int) -> Any:
    """A before-validator refusing a list of more than `limit` items, before any item is
    validated (pydantic's own max_length counts after validating every item)."""

    def check(cls: Any, value: Any) -> Any:
        if isinstance(value, list | tuple | set | frozenset | dict) and len(value) > limit:
            from backends.i18n import _

            raise ValueError(_("holds {count} items; at most {limit} are allowed").format(
                count=len(value), limit=limit))
        return value

    return classmethod(check)


def refuse_none(value: Any) -> Any:
    """For a `…Changes` field the record cannot lack: an explicit None is an error, not a no-op
    (it used to bump the version and change nothing). Unset fields are never validated."""
    if value is None:
        from backends.i18n import _

        raise ValueError(_("cannot be empty"))
    return value


def none_is_empty(empty: Any) -> Any:
    """For a `…Changes` field that may be empty: an explicit None clears it to `empty()`."""
    return classmethod(lambda cls, v: empty() if v is None else v)


M = TypeVar("M", bound=BaseModel)
R = TypeVar("R", bound="BaseModel | Record")


def revalidate(model: R) -> R:
    """Check an input model (or a record given as one) again: callers may build one without
    validation (`model_construct`); a service never acts on what the model would refuse."""
    from backends.errors import invalid_from_validation

    kind: Any = type(model)
    try:
        checked: R = kind.model_validate(model.model_dump(exclude_unset=True))
        return checked
    except ValidationError as exc:
        raise invalid_from_validation(exc) from None


def revalidate_flat(models: list[M]) -> list[M]:
    """`revalidate` for many models at once (a contact list of 10,000): each is validated
    from its attributes (`__dict__`) rather than from a dump, which took two thirds of
    revalidate's time. Only for a model class none of whose fields can hold another model
    (checked once per class; another is revalidated whole), so no nested model is taken
    unchecked. Defaults given explicitly are validated too."""
    from backends.errors import invalid_from_validation

    checked: list[M] = []
    for model in models:
        if not _flat(type(model)):
            checked.append(revalidate(model))
            continue
        try:
            checked.append(type(model).model_validate(model.__dict__))
        except ValidationError as exc:
            raise invalid_from_validation(exc) from None
    return checked


@lru_cache(maxsize=64)
def _flat(cls: type[BaseModel]) -> bool:
    """Whether no field of `cls` can hold a model (in its type, or any type argument)."""
    def holds_model(annotation: Any) -> bool:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return True
        return any(holds_model(arg) for arg in get_args(annotation))

    return not any(holds_model(f.annotation) for f in cls.model_fields.values())
