# mypy: disable-error-code="untyped-decorator"
# (strawberry.field/mutation with arguments are untyped to mypy; the resolvers themselves are typed)
"""The standard activity catalogue (*norma waktu*) in the graph: list, create, update, import.

Anyone who may view a unit reads its catalogue; its unit admins, HR and the system admin edit
it. A unit the caller may not edit is reported exactly like a missing one.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import strawberry

from kinerja.errors import NotFoundError
from kinerja.graphql import (
    Conflict,
    Connection,
    Error,
    Info,
    NotFound,
    ValidationFailed,
    build_connection,
    decode_cursor,
    mutation_errors,
    validate_page_size,
)
from services.activity.domain.catalogue import check_entry
from services.activity.schema import guard
from services.activity.service import catalogue
from services.activity.store import catalogue as store
from services.activity.store.catalogue import StandardActivityRow, catalogue_cursor


@strawberry.type(description="A standard activity of a unit (*norma waktu*).")
class StandardActivity:
    """What the activity is called, how long it takes by the norm, and what it produces."""

    id: strawberry.ID
    unit_id: strawberry.ID
    code: str
    name: str
    standard_minutes: int
    output_unit: str
    active: bool
    updated_at: datetime

    @classmethod
    def from_row(cls, row: StandardActivityRow) -> StandardActivity:
        """The type from its row."""
        return cls(
            id=strawberry.ID(row.id),
            unit_id=strawberry.ID(row.unit_id),
            code=row.code,
            name=row.name,
            standard_minutes=row.standard_minutes,
            output_unit=row.output_unit,
            active=row.active,
            updated_at=row.updated_at,
        )


@strawberry.input(description="A new standard activity in a unit's catalogue.")
class CreateStandardActivityInput:
    """The unit and the entry."""

    unit_id: strawberry.ID
    code: str
    name: str
    standard_minutes: int
    output_unit: str


@strawberry.input(description="Changes to a standard activity (omitted fields stay).")
class UpdateStandardActivityInput:
    """The entry and what changes."""

    id: strawberry.ID
    code: str | None = None
    name: str | None = None
    standard_minutes: int | None = None
    output_unit: str | None = None
    active: bool | None = None


@strawberry.input(description="A catalogue CSV file for a unit (see services/activity/samples).")
class ImportStandardActivitiesInput:
    """The unit and the file's text."""

    unit_id: strawberry.ID
    content: str = strawberry.field(description="The CSV file as UTF-8 text.")


@strawberry.type(description="A problem in one row of a standard activity file.")
class StandardActivityRowError:
    """Row 1 is the header, data rows count from 2, row 0 means the file as a whole."""

    row: int
    column: str | None
    message: str


@strawberry.type(description="The standard activity file has bad rows; nothing was imported.")
class StandardActivityImportFailed(Error):
    """Every problem found, row by row."""

    errors: list[StandardActivityRowError]


@strawberry.type
class StandardActivityPayload:
    """The entry as it is after the change."""

    standard_activity: StandardActivity


@strawberry.type(description="The entries of an imported file.")
class ImportStandardActivitiesPayload:
    """The imported entries, in file order."""

    standard_activities: list[StandardActivity]
    created: int = strawberry.field(description="How many codes were new to the unit.")
    updated: int = strawberry.field(description="How many known codes were updated.")


StandardActivityResult = Annotated[
    StandardActivityPayload | NotFound | ValidationFailed | Conflict,
    strawberry.union("StandardActivityResult"),
]
ImportStandardActivitiesResult = Annotated[
    ImportStandardActivitiesPayload
    | StandardActivityImportFailed
    | NotFound
    | ValidationFailed
    | Conflict,
    strawberry.union("ImportStandardActivitiesResult"),
]


async def _require_editor(info: Info, unit_id: str) -> None:
    if not await guard.may_edit_unit(info, unit_id):
        raise NotFoundError("org unit", unit_id)


async def _entry_unit(info: Info, entry_id: str) -> str:
    async with info.context.read() as session:
        row = await store.get_standard_activity(session, entry_id)
    if row is None or not await guard.may_edit_unit(info, row.unit_id):
        raise NotFoundError("standard activity", entry_id)
    return row.unit_id


@strawberry.type
class CatalogueQuery:
    """Reading standard activity catalogues."""

    @strawberry.field(description="A unit's standard activities by code (empty when not visible).")
    async def standard_activities(
        self, info: Info, unit_id: strawberry.ID, first: int | None = None, after: str | None = None
    ) -> Connection[StandardActivity]:
        """A page of the unit's own catalogue, active and inactive entries."""
        size = validate_page_size(first)
        rows: list[StandardActivityRow] = []
        if await guard.may_view_unit(info, str(unit_id)):
            async with info.context.read() as session:
                rows = await store.list_unit_catalogue(
                    session, str(unit_id), first=size, after=decode_cursor(after)
                )
        return build_connection(
            rows,
            first=size,
            cursor_of=catalogue_cursor,
            node_of=StandardActivity.from_row,
            after=after,
        )


@strawberry.type
class CatalogueMutation:
    """Editing standard activity catalogues."""

    @strawberry.mutation(description="Add a standard activity to a unit's catalogue.")
    @mutation_errors
    async def create_standard_activity(
        self, info: Info, input: CreateStandardActivityInput
    ) -> StandardActivityResult:
        """The new, active entry."""
        unit_id = str(input.unit_id)
        await _require_editor(info, unit_id)
        draft = check_entry(
            code=input.code,
            name=input.name,
            standard_minutes=input.standard_minutes,
            output_unit=input.output_unit,
        )
        async with info.context.transaction() as session:
            row = await catalogue.create_standard_activity(
                session, unit_id, draft, entry_id=str(uuid.uuid4()), now=info.context.now()
            )
        return StandardActivityPayload(standard_activity=StandardActivity.from_row(row))

    @strawberry.mutation(description="Change or deactivate a standard activity.")
    @mutation_errors
    async def update_standard_activity(
        self, info: Info, input: UpdateStandardActivityInput
    ) -> StandardActivityResult:
        """The entry after the change."""
        await _entry_unit(info, str(input.id))
        changes = catalogue.StandardActivityChanges(
            code=input.code,
            name=input.name,
            standard_minutes=input.standard_minutes,
            output_unit=input.output_unit,
            active=input.active,
        )
        async with info.context.transaction() as session:
            row = await catalogue.update_standard_activity(
                session, str(input.id), changes, now=info.context.now()
            )
        return StandardActivityPayload(standard_activity=StandardActivity.from_row(row))

    @strawberry.mutation(description="Import a CSV file into a unit's catalogue: all or nothing.")
    @mutation_errors
    async def import_standard_activities(
        self, info: Info, input: ImportStandardActivitiesInput
    ) -> ImportStandardActivitiesResult:
        """Every row (new codes added, known codes updated) or, when any row is bad, none."""
        unit_id = str(input.unit_id)
        await _require_editor(info, unit_id)
        try:
            async with info.context.transaction() as session:
                outcome = await catalogue.import_standard_activities(
                    session, unit_id, input.content, now=info.context.now()
                )
        except catalogue.CatalogueFileError as exc:
            errors = [
                StandardActivityRowError(row=e.row, column=e.column, message=e.message)
                for e in exc.errors
            ]
            return StandardActivityImportFailed(message=exc.message, errors=errors)
        return ImportStandardActivitiesPayload(
            standard_activities=[StandardActivity.from_row(row) for row in outcome.rows],
            created=outcome.created,
            updated=outcome.updated,
        )
