"""What the models of every domain share: the `Model` base, `utcnow`, request bounds and the
validators several domains use (e-mail, language, tags, E.164 phones, list sizes, the rules of
`…Changes` fields). The domain models are in backends/<domain>/models.py; see
docs/ARCHITECTURE.md.

Stored records (`Customer`, `Ticket`, …) carry an `id` and a `version`; inputs that create a
record are `…Draft`; partial edits are `…Changes` (only the fields set are applied).
Validation messages are written for a person: they say what is wrong, not a type name.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, ValidationError

from backends import phones

EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LANGUAGE_SHAPE = re.compile(r"^[a-z]{2}$")

# Bounds on what one request may carry (docs/ARCHITECTURE.md). A list's length is checked
# before any of its items is looked at, and duplicates are found with dicts, so a body within
# the server's size limit is validated in well under a millisecond: 100,000 tags once held a
# server worker (and every request queued behind it) for 99 s.
MAX_TAGS = 50  # tags of one customer or ticket
TAG_MAX_LENGTH = 40
MAX_PHONES = 20  # phone numbers of one customer (each parsed by phonenumbers: ~20 us)
MAX_LANGUAGES = 20  # languages one operator speaks
MAX_LINKED_TICKETS = 100  # tickets linked to one call in one edit


def utcnow() -> datetime:
    return datetime.now(UTC)


class Model(BaseModel):
    # defer_build: schemas are built on first use, which keeps the console's start-up short
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True,
                              defer_build=True)


def check_email(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if len(value) > 254 or not EMAIL_SHAPE.match(value):
        raise ValueError(f"'{value}' is not an email address (expected name@domain.tld)")
    return value.lower()


def check_language(value: str) -> str:
    value = value.lower()
    if not LANGUAGE_SHAPE.match(value):
        raise ValueError(f"'{value}' is not a two-letter language code such as it, hu, ro, en")
    return value


def check_tags(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}  # a dict: linear, and it keeps the first-seen order
    for tag in values:
        tag = tag.strip()
        if not tag:
            continue
        if len(tag) > TAG_MAX_LENGTH:
            raise ValueError(f"tag '{tag[:TAG_MAX_LENGTH]}…' is longer than "
                             f"{TAG_MAX_LENGTH} characters")
        seen[tag] = None
    return list(seen)


def check_e164_list(values: list[str]) -> list[str]:
    """Stored phones must already be E.164; drafts normalise with a region first."""
    return list(dict.fromkeys(phones.normalize(raw) for raw in values))


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


def phone_error_to_value_error(func: Any) -> Any:
    def wrapper(values: list[str]) -> list[str]:
        from backends.errors import Invalid

        try:
            return func(values)
        except Invalid as exc:
            raise ValueError(exc.reason) from None

    return wrapper


check_phones = phone_error_to_value_error(check_e164_list)


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


def revalidate(model: M) -> M:
    """Check an input model again: callers may build one without validation
    (`model_construct`); a service never acts on what the model would refuse."""
    from backends.errors import invalid_from_validation

    try:
        return type(model).model_validate(model.model_dump(exclude_unset=True))
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
