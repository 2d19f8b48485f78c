"""Snapshots hold every field as JSON can store it, times of day included, so an action on
a record with a TimeField (an activity's hours) writes its audit row without a workaround."""

from __future__ import annotations

import json
from datetime import date, time
from decimal import Decimal

import pytest

from varde.audit.actions import _json_value, diff, record_create, record_update, snapshot
from varde.audit.models import AuditEvent
from varde.regime.models import ActivityOffer

pytestmark = pytest.mark.django_db


def _offer(org) -> ActivityOffer:
    return ActivityOffer.objects.create(
        unit=org.oslo,
        kind="workshop",
        name="Verksted",
        capacity=12,
        starts_at=time(8, 30),
        ends_at=time(15, 0),
        valid_from=date(2025, 1, 6),
    )


def test_snapshot_writes_times_of_day_dates_and_decimals_as_text(org):
    offer = _offer(org)
    values = snapshot(offer)
    assert (values["starts_at"], values["ends_at"]) == ("08:30:00", "15:00:00")
    assert values["valid_from"] == "2025-01-06" and values["valid_to"] is None
    assert json.loads(json.dumps(values)) == values
    offer.starts_at = time(9, 0, 0, 500)  # microseconds survive as ISO text
    assert snapshot(offer)["starts_at"] == "09:00:00.000500"
    assert _json_value(Decimal("1.50")) == "1.50"


def test_create_and_update_of_a_record_with_times_are_audited(org):
    offer = _offer(org)
    record_create(offer, actor=None, action="create_offer", person=None)
    before = snapshot(offer)
    offer.ends_at = time(16, 0)
    offer.save()
    assert diff(before, snapshot(offer)) == {"ends_at": ["15:00:00", "16:00:00"]}
    record_update(offer, before, actor=None, action="change_offer", person=None)
    created, updated = AuditEvent.objects.filter(object_id=str(offer.pk)).order_by("id")
    assert created.changes["starts_at"] == [None, "08:30:00"]
    assert updated.changes == {"ends_at": ["15:00:00", "16:00:00"]}
