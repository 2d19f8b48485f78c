"""Pure rules for ND phases (ND-forskriften § 7; strl § 39), EK equipment (fsg § 7-5), the
EK schedule (fsg §§ 7-4, 7-6), breach responses per kind and the contacts that fulfil the
reporting duty: worked examples and hypothesis properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from varde.community import rules
from varde.community.choices import (
    BreachResponse,
    CaseKind,
    ContactKind,
    EkTechnology,
    EquipmentEventKind,
    NdPhase,
    SchedulePurpose,
)

# --- ND phases -------------------------------------------------------------------------------

PHASE = {
    "kind": CaseKind.ND_PROGRAMME,
    "is_open": True,
    "current": NdPhase.IMPLEMENTATION,
    "to_phase": NdPhase.STABILISATION,
    "decided_on": date(2025, 5, 1),
    "start": date(2025, 1, 1),
    "last_change_on": None,
    "today": date(2025, 5, 2),
    "reason": "",
    "heard": True,
}


def test_nd_next_phase_after_hearing_the_convicted():
    """ND-forskriften § 7 second and third para."""
    assert rules.nd_phase_change_problem(**PHASE) is None
    assert "annet ledd" in rules.nd_phase_change_problem(**PHASE | {"heard": False})


def test_nd_phases_cannot_be_skipped():
    problem = rules.nd_phase_change_problem(**PHASE | {"to_phase": NdPhase.RESPONSIBILITY})
    assert "hoppes over" in problem and "stabiliseringsfasen" in problem


def test_nd_back_to_earlier_phase_only_with_reasons():
    """strl § 39 first para: the court changes the conditions by ruling."""
    back = PHASE | {"current": NdPhase.RESPONSIBILITY, "to_phase": NdPhase.IMPLEMENTATION}
    assert "§ 39" in rules.nd_phase_change_problem(**back)
    assert rules.nd_phase_change_problem(**back | {"reason": "Nye brudd", "heard": False}) is None


def test_nd_phase_dates_and_kind():
    assert "fram i tid" in rules.nd_phase_change_problem(**PHASE | {"today": date(2025, 4, 30)})
    assert "før saken startet" in rules.nd_phase_change_problem(
        **PHASE | {"decided_on": date(2024, 12, 31)}
    )
    assert "forrige faseendring" in rules.nd_phase_change_problem(
        **PHASE | {"last_change_on": date(2025, 5, 2), "today": date(2025, 5, 3)}
    )
    assert "allerede" in rules.nd_phase_change_problem(
        **PHASE | {"to_phase": NdPhase.IMPLEMENTATION}
    )
    assert "narkotikaprogram" in rules.nd_phase_change_problem(
        **PHASE | {"kind": CaseKind.COMMUNITY_SENTENCE}
    )
    assert "avsluttet" in rules.nd_phase_change_problem(**PHASE | {"is_open": False})
    last = PHASE | {"current": NdPhase.CONTINUATION, "to_phase": NdPhase.CONTINUATION}
    assert "allerede" in rules.nd_phase_change_problem(**last)


@given(
    current=st.sampled_from(rules.ND_PHASES),
    target=st.sampled_from(rules.ND_PHASES),
)
def test_nd_forward_only_to_the_next_phase(current, target):
    """Property: with the convicted heard and no reason given, a change is allowed exactly
    when it goes to the next phase."""
    problem = rules.nd_phase_change_problem(
        **PHASE | {"current": current, "to_phase": target, "reason": ""}
    )
    assert (problem is None) == (target == rules.next_nd_phase(current))


@given(days=st.integers(min_value=-30, max_value=3000))
def test_days_in_phase_is_never_negative(days):
    since = date(2025, 1, 1)
    assert rules.days_in_phase(since, since + timedelta(days=days)) == max(days, 0)


# --- EK equipment ----------------------------------------------------------------------------

NOW = datetime(2025, 5, 2, 12, 0, tzinfo=UTC)
EQUIPMENT = {
    "kind": CaseKind.EK_FULL,
    "is_open": True,
    "event_kind": EquipmentEventKind.MOUNTED,
    "technology": EkTechnology.RADIO_FREQUENCY,
    "device_id": "RF-1001",
    "mounted": {},
    "at": NOW - timedelta(hours=2),
    "now": NOW,
    "start": date(2025, 5, 1),
    "last_change_at": None,
    "note": "",
    "informed": True,
}


def test_mounting_radio_frequency():
    assert rules.equipment_problem(**EQUIPMENT) is None
    assert "åttende ledd" in rules.equipment_problem(**EQUIPMENT | {"informed": False})
    assert "serienummer" in rules.equipment_problem(**EQUIPMENT | {"device_id": " "})
    mounted = {EkTechnology.RADIO_FREQUENCY: "RF-1"}
    assert "allerede montert" in rules.equipment_problem(**EQUIPMENT | {"mounted": mounted})


def test_other_technology_only_with_reason():
    """fsg § 7-5 third para: only when radio frequency is not enough."""
    gps = EQUIPMENT | {"technology": EkTechnology.TRACKING, "device_id": "GPS-7"}
    assert "tredje ledd" in rules.equipment_problem(**gps)
    assert rules.equipment_problem(**gps | {"note": "Kontaktforbud, fornærmede"}) is None


def test_replace_remove_fault_need_a_mounted_device():
    mounted = {EkTechnology.RADIO_FREQUENCY: "RF-1"}
    for kind in (
        EquipmentEventKind.REPLACED,
        EquipmentEventKind.REMOVED,
        EquipmentEventKind.FAULT,
        EquipmentEventKind.ALARM,
    ):
        assert "ikke montert" in rules.equipment_problem(**EQUIPMENT | {"event_kind": kind})
    replace = EQUIPMENT | {"event_kind": EquipmentEventKind.REPLACED, "mounted": mounted}
    assert rules.equipment_problem(**replace | {"device_id": "RF-2"}) is None
    assert "samme ID" in rules.equipment_problem(**replace | {"device_id": "RF-1"})
    remove = EQUIPMENT | {"event_kind": EquipmentEventKind.REMOVED, "mounted": mounted}
    assert rules.equipment_problem(**remove | {"device_id": ""}) is None
    assert "ikke RF-9" in rules.equipment_problem(**remove | {"device_id": "RF-9"})
    alarm = EQUIPMENT | {"event_kind": EquipmentEventKind.ALARM, "mounted": mounted}
    assert "Beskriv" in rules.equipment_problem(**alarm | {"device_id": ""})
    assert rules.equipment_problem(**alarm | {"device_id": "", "note": "Ute 23:10"}) is None


def test_equipment_times_and_closed_cases():
    assert "fram i tid" in rules.equipment_problem(**EQUIPMENT | {"at": NOW + timedelta(1)})
    assert "før saken startet" in rules.equipment_problem(
        **EQUIPMENT | {"at": NOW - timedelta(days=3)}
    )
    assert "rekkefølge" in rules.equipment_problem(**EQUIPMENT | {"last_change_at": NOW})
    assert "elektronisk kontroll" in rules.equipment_problem(
        **EQUIPMENT | {"kind": CaseKind.PAROLE}
    )
    closed = EQUIPMENT | {"is_open": False}
    assert "Bare demontering" in rules.equipment_problem(**closed)
    removal = closed | {
        "event_kind": EquipmentEventKind.REMOVED,
        "mounted": {EkTechnology.RADIO_FREQUENCY: "RF-1"},
        "device_id": "",
    }
    assert rules.equipment_problem(**removal) is None


def test_mounted_devices_follow_the_events():
    rf, gps = EkTechnology.RADIO_FREQUENCY, EkTechnology.TRACKING
    events = [
        (EquipmentEventKind.MOUNTED, rf, "RF-1"),
        (EquipmentEventKind.MOUNTED, gps, "GPS-1"),
        (EquipmentEventKind.FAULT, rf, "RF-1"),
        (EquipmentEventKind.REPLACED, rf, "RF-2"),
        (EquipmentEventKind.REMOVED, gps, "GPS-1"),
    ]
    assert rules.mounted_devices(events) == {rf: "RF-2"}
    assert rules.completion_equipment_problem({rf: "RF-2"}).startswith(
        "Utstyret er fortsatt montert: Radiofrekvens"
    )
    assert rules.completion_equipment_problem({}) is None


# --- EK schedule -----------------------------------------------------------------------------

SCHEDULE = {
    "kind": CaseKind.EK_PARTIAL,
    "is_open": True,
    "weekday": 0,
    "start": 7 * 60 + 30,
    "end": 16 * 60,
    "purpose": SchedulePurpose.WORK,
    "note": "",
    "others": [],
}


def test_clock_texts():
    assert rules.parse_clock("07:30") == 450
    assert rules.parse_clock("7.30") == 450
    assert rules.parse_clock("24:00") == 1440
    for bad in ("24:01", "12:60", "1230", "ab:cd", "", "7:5"):
        assert rules.parse_clock(bad) is None, bad
    assert rules.clock_text(450) == "07:30" and rules.clock_text(1440) == "24:00"


@given(st.integers(min_value=0, max_value=1440))
def test_clock_round_trip(minutes):
    assert rules.parse_clock(rules.clock_text(minutes)) == minutes


def test_schedule_entry():
    assert rules.schedule_entry_problem(**SCHEDULE) is None
    assert "over midnatt" in rules.schedule_entry_problem(**SCHEDULE | {"end": 7 * 60})
    assert rules.schedule_entry_problem(**SCHEDULE | {"start": 22 * 60, "end": 1440}) is None
    assert "24:00" in rules.schedule_entry_problem(**SCHEDULE | {"end": 1441})
    assert "§ 7-6" in rules.schedule_entry_problem(**SCHEDULE | {"purpose": SchedulePurpose.OTHER})
    other = SCHEDULE | {"purpose": SchedulePurpose.OTHER, "note": "Legetime"}
    assert rules.schedule_entry_problem(**other) is None
    assert "elektronisk kontroll" in rules.schedule_entry_problem(
        **SCHEDULE | {"kind": CaseKind.COMMUNITY_SENTENCE}
    )
    assert "ukedag" in rules.schedule_entry_problem(**SCHEDULE | {"weekday": 7})
    assert "avsluttet" in rules.schedule_entry_problem(**SCHEDULE | {"is_open": False})


def test_schedule_overlap_same_day_only():
    monday = [(0, 15 * 60, 18 * 60)]
    assert "overlapper mandag 15:00–18:00" in rules.schedule_entry_problem(
        **SCHEDULE | {"others": monday}
    )
    touching = [(0, 16 * 60, 18 * 60)]
    assert rules.schedule_entry_problem(**SCHEDULE | {"others": touching}) is None
    tuesday = [(1, 8 * 60, 12 * 60)]
    assert rules.schedule_entry_problem(**SCHEDULE | {"others": tuesday}) is None


starts = st.integers(min_value=0, max_value=1439)


@given(a=starts, a_len=st.integers(1, 600), b=starts, b_len=st.integers(1, 600))
def test_overlap_is_symmetric(a, a_len, b, b_len):
    """Property: A is refused beside B exactly when B is refused beside A."""
    a_end, b_end = min(a + a_len, 1440), min(b + b_len, 1440)
    one = rules.schedule_entry_problem(
        **SCHEDULE | {"start": a, "end": a_end, "others": [(0, b, b_end)]}
    )
    two = rules.schedule_entry_problem(
        **SCHEDULE | {"start": b, "end": b_end, "others": [(0, a, a_end)]}
    )
    assert (one is None) == (two is None)


# --- breaches per kind and the reporting duty ------------------------------------------------

BREACH = {
    "is_open": True,
    "earlier": [],
    "day": date(2025, 3, 1),
    "start": date(2025, 1, 1),
    "today": date(2025, 3, 2),
}


def test_ek_breach_is_reprimand_or_back_to_prison():
    """fsg § 7-7: no tightening interview and no court for EK."""
    for kind in (CaseKind.EK_FULL, CaseKind.EK_PARTIAL, CaseKind.AT_HOME):
        for response in rules.breach_responses(kind):
            assert rules.breach_problem(kind=kind, response=response, **BREACH) is None
        problem = rules.breach_problem(
            kind=kind, response=BreachResponse.TIGHTENING_INTERVIEW, **BREACH
        )
        assert "skriftlig irettesettelse eller tilbakeføring til fengsel" in problem
    assert "fsg § 7-7" in rules.breach_problem(
        kind=CaseKind.EK_FULL, response=BreachResponse.REFERRAL_TO_COURT, **BREACH
    )


def test_programmes_go_to_court_without_interview():
    """ND-forskriften § 13; RK-forskriften § 12: a serious breach goes to court directly."""
    for kind in (CaseKind.ND_PROGRAMME, CaseKind.RK_PROGRAMME):
        assert (
            rules.breach_problem(kind=kind, response=BreachResponse.REFERRAL_TO_COURT, **BREACH)
            is None
        )
    assert (
        rules.breach_problem(
            kind=CaseKind.ND_PROGRAMME, response=BreachResponse.TIGHTENED_CONTROLS, **BREACH
        )
        is None
    )
    assert rules.breach_problem(
        kind=CaseKind.FINE_SERVICE, response=BreachResponse.REFERRAL_TO_COURT, **BREACH
    )


def test_new_conditions_are_written_down():
    """strgjfl § 58 first para a-d."""
    args = {"kind": CaseKind.COMMUNITY_SENTENCE, "response": BreachResponse.NEW_CONDITIONS}
    assert "Skriv vilkårene" in rules.breach_problem(**args, **BREACH)
    assert rules.breach_problem(**args, **BREACH, conditions="Rusforbud") is None


def test_only_the_region_refers_to_court():
    assert rules.referral_role_problem("regional_officer") is None
    assert rules.referral_role_problem("system_admin") is None
    assert rules.referral_role_problem(None) is None
    assert "regionalt nivå" in rules.referral_role_problem("probation_officer")


def test_breach_deadlines_per_kind():
    decided = date(2025, 3, 3)
    # Written reprimand on EK or § 16 (strgjfl § 40 third para): 48 hours (§ 7 e).
    assert rules.breach_deadline(
        CaseKind.EK_FULL, BreachResponse.WRITTEN_REPRIMAND, decided, None
    ) == (date(2025, 3, 5), "strgjfl § 7 e (48 timer)")
    # Transfer back to prison (§ 14 seventh para) and fine service: 7 days.
    assert rules.breach_deadline(
        CaseKind.EK_PARTIAL, BreachResponse.TRANSFER_TO_PRISON, decided, None
    ) == (date(2025, 3, 10), "strgjfl § 7 e (7 dager)")
    assert rules.breach_deadline(
        CaseKind.FINE_SERVICE, BreachResponse.WRITTEN_REPRIMAND, decided, None
    ) == (date(2025, 3, 10), "strgjfl § 7 e (7 dager)")
    # ND/RK: the court request within 3 months after the probation period (strl § 39).
    assert rules.breach_deadline(
        CaseKind.ND_PROGRAMME, BreachResponse.REFERRAL_TO_COURT, decided, None, date(2027, 1, 31)
    ) == (date(2027, 4, 30), "strl § 39 annet ledd")
    assert rules.breach_deadline(
        CaseKind.RK_PROGRAMME, BreachResponse.REFERRAL_TO_COURT, decided, None, None
    ) == (None, "")


def test_which_contacts_fulfil_the_reporting_duty():
    """fsg §§ 7-4, 7-5 fifth para (EK: meeting or video), § 3-8 (§ 16: meeting); a control
    visit never counts."""
    ek = CaseKind.EK_FULL
    assert rules.contact_fulfils_duty(ek, ContactKind.MEETING)
    assert rules.contact_fulfils_duty(ek, ContactKind.VIDEO)
    assert not rules.contact_fulfils_duty(ek, ContactKind.PHONE)
    assert not rules.contact_fulfils_duty(ek, ContactKind.EK_CHECK)
    assert not rules.contact_fulfils_duty(CaseKind.AT_HOME, ContactKind.VIDEO)
    assert not rules.contact_fulfils_duty(CaseKind.PAROLE, ContactKind.PHONE)
    assert rules.contact_fulfils_duty(CaseKind.COMMUNITY_SENTENCE, ContactKind.PHONE)
    assert not rules.contact_fulfils_duty(CaseKind.COMMUNITY_SENTENCE, ContactKind.EK_CHECK)
    # At least weekly for EK: 7 days is fine, the 8th is overdue.
    start = date(2025, 1, 1)
    assert not rules.reporting_overdue(ek, start, start, start + timedelta(days=7))
    assert rules.reporting_overdue(ek, start, start, start + timedelta(days=8))
    assert rules.max_days_between_contacts(ek, 14) == 7
