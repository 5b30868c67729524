"""The directory replica's tables, kept in every service database and fed by identity events.

Each row carries the producer's `version`; an upsert only overwrites an older version, so events
that arrive out of order never roll the replica back.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kinerja.db import new_metadata


class DirectoryBase(DeclarativeBase):
    """Tables of the employee directory replica (a service's local read model of identity)."""

    metadata = new_metadata()


class DirectoryUnit(DirectoryBase):
    """An organisation unit; `path` is a JSON list of ancestor ids, root first, self last."""

    __tablename__ = "directory_unit"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[str | None] = mapped_column(String(36), index=True)
    path: Mapped[str] = mapped_column(Text)
    time_zone: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DirectoryPosition(DirectoryBase):
    """A position (jabatan) in a unit, with its kelas jabatan and the position it reports to."""

    __tablename__ = "directory_position"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(36), index=True)
    title: Mapped[str] = mapped_column(String(300))
    job_type: Mapped[str] = mapped_column(String(50))
    kelas_jabatan: Mapped[int] = mapped_column(Integer)
    reports_to_id: Mapped[str | None] = mapped_column(String(36), index=True)
    active: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DirectoryEmployee(DirectoryBase):
    """An employee (ASN) identified by NIP, the civil-service registration number."""

    __tablename__ = "directory_employee"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    nip: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    asn_type: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(50))
    golongan: Mapped[str | None] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DirectoryAssignment(DirectoryBase):
    """Who holds which position from when to when (end inclusive), definitively or acting."""

    __tablename__ = "directory_assignment"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    position_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
