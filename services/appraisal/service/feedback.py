"""Continuous feedback (*dialog kinerja*): notes between an employee and their direct superior,
any time, visible to both (and to the superior chain and HR), listed in the appraisal."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja.directory import replica
from kinerja.errors import NotFoundError
from services.appraisal.domain import workflow
from services.appraisal.service.appraisal_records import local_day
from services.appraisal.store.appraisals import FeedbackNoteRow


async def add_feedback_note(
    session: AsyncSession, employee_id: str, *, author_id: str, body: str, now: datetime
) -> FeedbackNoteRow:
    """A note about the employee's performance, by the employee or their direct superior."""
    if await replica.get_employee(session, employee_id) is None:
        raise NotFoundError("employee", employee_id)
    day = local_day(now)
    superior = await replica.supervisor_of(session, employee_id, day)
    workflow.check_feedback_author(
        author_id=author_id, employee_id=employee_id, superior_id=superior
    )
    text = workflow.check_text("body", body)
    assert text is not None  # required
    row = FeedbackNoteRow(
        id=str(uuid.uuid4()),
        employee_id=employee_id,
        author_id=author_id,
        superior_id=superior,
        day=day,
        body=text,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return row
