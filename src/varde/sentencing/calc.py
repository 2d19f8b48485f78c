"""``varde calc sentence | remand-credit | forvaring``: JSON in → pure rules → JSON out.

This module owns input parsing and validation (every error names its field) and reads the
settings (``VARDE_SENTENCE_CONVENTIONS``); the rules in ``varde.sentencing.rules`` stay pure.
Contracts: docs/developers/sentencing-conventions.md.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from varde.lib.calc import CalcInputError
from varde.sentencing.rules.conventions import Conventions
from varde.sentencing.rules.dates import Term, to_date
from varde.sentencing.rules.explain import SentenceFacts
from varde.sentencing.rules.merge import merged_total_days
from varde.sentencing.rules.recalc import PERIOD_KINDS, NonCountingPeriod
from varde.sentencing.rules.registry import (
    NoRuleInForce,
    forvaring_rule,
    remand_credit_rule,
    sentence_rules,
)
from varde.sentencing.rules.remand import PeriodError
from varde.sentencing.rules.sentence import (
    ADULT_AGE,
    FENGSEL,
    REACTIONS,
    SentenceDates,
    parse_offence,
)

SENTENCE_FIELDS = (
    "start",
    "term",
    "sentences",
    "credited_days",
    "non_counting_days",
    "non_counting_periods",
    "continuous_custody_from",
    "reaction",
    "age_at_start",
    "offences",
    "as_of",
)
TERM_FIELDS = ("years", "months", "days")
MERGED_SENTENCE_FIELDS = ("term", "credited_days")
PERIOD_FIELDS = ("from", "to", "kind")
REMAND_FIELDS = ("custody", "full_isolation", "as_of")
INTERVAL_FIELDS = ("from", "to")
FORVARING_FIELDS = ("start", "time_frame", "minimum_time", "credited_days", "as_of")

MAX_TERM_MONTHS = 100 * 12  # guards the calendar, far beyond any term the law allows
MAX_TERM_DAYS = 100 * 366
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2199, 12, 31)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SECOND = timedelta(seconds=1)


# --- settings -------------------------------------------------------------------------------


def conventions() -> Conventions:
    """The conventions in force here: defaults + ``settings.VARDE_SENTENCE_CONVENTIONS``."""
    overrides = getattr(settings, "VARDE_SENTENCE_CONVENTIONS", {})
    try:
        return Conventions.from_overrides(overrides)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"VARDE_SENTENCE_CONVENTIONS: {exc}") from exc


def today_in_oslo() -> date:
    """Today's date in Norway: the default day whose rules apply (``as_of``)."""
    return datetime.now(ZoneInfo("Europe/Oslo")).date()


# --- field parsing --------------------------------------------------------------------------


def _path(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _object(value: Any, field: str | None, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CalcInputError("must be a JSON object", field=field)
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise CalcInputError(
            f"unknown field(s) {', '.join(unknown)}; expected {', '.join(allowed)}",
            field=_path(field or "", unknown[0]),
        )
    return value


def _present(data: Mapping[str, Any], name: str) -> bool:
    return data.get(name) is not None


def _count(data: Mapping[str, Any], name: str, prefix: str = "", limit: int | None = None) -> int:
    """A non-negative integer field (booleans and 2.0 are not integers); absent/null → 0."""
    value = data.get(name)
    if value is None:
        return 0
    field = _path(prefix, name)
    if type(value) is not int:
        raise CalcInputError(f"must be a whole number, not {json_type(value)}", field=field)
    if value < 0:
        raise CalcInputError("must not be negative", field=field)
    if limit is not None and value > limit:
        raise CalcInputError(f"must be at most {limit}", field=field)
    return value


def json_type(value: Any) -> str:
    """The JSON name of a decoded value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a fractional number" if isinstance(value, float) else "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def _date(
    data: Mapping[str, Any], name: str, prefix: str = "", required: bool = True
) -> date | None:
    value = data.get(name)
    field = _path(prefix, name)
    if value is None:
        if required:
            raise CalcInputError("is required (an ISO date such as 2025-03-10)", field=field)
        return None
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise CalcInputError(f"must be an ISO date YYYY-MM-DD, not {value!r}", field=field)
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise CalcInputError(f"{value!r} is not a date in the calendar", field=field) from None
    if not FIRST_DATE <= parsed <= LAST_DATE:
        raise CalcInputError(f"must lie between {FIRST_DATE} and {LAST_DATE}", field=field)
    return parsed


def _required_date(data: Mapping[str, Any], name: str, prefix: str = "") -> date:
    parsed = _date(data, name, prefix)
    assert parsed is not None
    return parsed


def _term(value: Any, field: str) -> Term:
    data = _object(value, field, TERM_FIELDS)
    term = Term(
        _count(data, "years", field, MAX_TERM_MONTHS // 12),
        _count(data, "months", field, MAX_TERM_MONTHS),
        _count(data, "days", field, MAX_TERM_DAYS),
    )
    if term == Term():
        raise CalcInputError(
            "must be longer than zero (give years, months and/or days)", field=field
        )
    return term


def _list(data: Mapping[str, Any], name: str, prefix: str = "") -> list[Any]:
    value = data.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise CalcInputError(f"must be an array, not {json_type(value)}", field=_path(prefix, name))
    return value


def _as_of(data: Mapping[str, Any]) -> date:
    return _date(data, "as_of", required=False) or today_in_oslo()


def _check_term_size(terms: list[Term], field: str) -> None:
    months = sum(12 * t.years + t.months for t in terms)
    if months > MAX_TERM_MONTHS or sum(t.days for t in terms) > MAX_TERM_DAYS:
        raise CalcInputError("the total term is longer than 100 years", field=field)


# --- varde calc sentence --------------------------------------------------------------------


def _terms(data: Mapping[str, Any]) -> tuple[list[Term], int]:
    """The term, or the sentences served together (fsg § 3-2), and their own credit."""
    has_term, has_sentences = _present(data, "term"), _present(data, "sentences")
    if has_term and has_sentences:
        raise CalcInputError("give either 'term' or 'sentences', not both", field="sentences")
    if has_term:
        return [_term(data["term"], "term")], 0
    if not has_sentences:
        raise CalcInputError("is required (or 'sentences' for several)", field="term")
    items = _list(data, "sentences")
    if not items:
        raise CalcInputError("must list at least one sentence", field="sentences")
    terms, credit = [], 0
    for index, item in enumerate(items):
        prefix = f"sentences[{index}]"
        element = _object(item, prefix, MERGED_SENTENCE_FIELDS)
        if not _present(element, "term"):
            raise CalcInputError("is required", field=f"{prefix}.term")
        terms.append(_term(element["term"], f"{prefix}.term"))
        credit += _count(element, "credited_days", prefix)
    _check_term_size(terms, "sentences")
    return terms, credit


def _offences(data: Mapping[str, Any]) -> tuple[str, ...]:
    codes = []
    for index, value in enumerate(_list(data, "offences")):
        field = f"offences[{index}]"
        if not isinstance(value, str):
            raise CalcInputError(
                f"must be a string like 'strl-271', not {json_type(value)}", field=field
            )
        code = value.strip().lower()
        if parse_offence(code) is None:
            raise CalcInputError(f"{value!r} is not an offence code like 'strl-271'", field=field)
        codes.append(code)
    return tuple(codes)


def _periods(data: Mapping[str, Any], start: date) -> list[NonCountingPeriod]:
    if _present(data, "non_counting_days") and _present(data, "non_counting_periods"):
        raise CalcInputError(
            "give non_counting_days or non_counting_periods, not both", field="non_counting_periods"
        )
    periods = []
    for index, item in enumerate(_list(data, "non_counting_periods")):
        prefix = f"non_counting_periods[{index}]"
        element = _object(item, prefix, PERIOD_FIELDS)
        first, last = _required_date(element, "from", prefix), _required_date(element, "to", prefix)
        kind = element.get("kind")
        if kind not in PERIOD_KINDS:
            raise CalcInputError(
                f"must be one of {', '.join(PERIOD_KINDS)}", field=f"{prefix}.kind"
            )
        if last < first:
            raise CalcInputError("ends before it begins", field=f"{prefix}.to")
        if first < start:
            raise CalcInputError("begins before the sentence started", field=f"{prefix}.from")
        periods.append(NonCountingPeriod.between(first, last, kind))
    ordered = sorted(periods)
    for before, after in itertools.pairwise(ordered):
        if after.first <= before.last:
            raise CalcInputError(
                f"periods overlap around {to_date(after.first).isoformat()}",
                field="non_counting_periods",
            )
    return periods


def _reaction(data: Mapping[str, Any]) -> str:
    reaction = data.get("reaction")
    if reaction is None:
        return FENGSEL
    if reaction not in REACTIONS:
        raise CalcInputError(
            f"must be one of {', '.join(REACTIONS)}, not {reaction!r}", field="reaction"
        )
    return str(reaction)


@dataclass(frozen=True)
class SentenceRequest:
    """A validated ``varde calc sentence`` input."""

    start: date
    terms: list[Term]
    credited: int
    non_counting: int
    periods: list[NonCountingPeriod]
    custody_from: date
    reaction: str
    under_18: bool
    offences: tuple[str, ...]
    as_of: date


def parse_sentence(item: Any) -> SentenceRequest:
    """Validate one sentence object; CalcInputError names the first bad field."""
    data = _object(item, None, SENTENCE_FIELDS)
    start = _required_date(data, "start")
    terms, sentence_credit = _terms(data)
    custody = _date(data, "continuous_custody_from", required=False) or start
    if custody > start:
        raise CalcInputError(
            "must be on or before start (custody leading into the sentence)",
            field="continuous_custody_from",
        )
    age = _count(data, "age_at_start", limit=150) if _present(data, "age_at_start") else None
    return SentenceRequest(
        start=start,
        terms=terms,
        credited=_count(data, "credited_days") + sentence_credit,
        non_counting=_count(data, "non_counting_days", limit=MAX_TERM_DAYS),
        periods=_periods(data, start),
        custody_from=custody,
        reaction=_reaction(data),
        under_18=age is not None and age < ADULT_AGE,
        offences=_offences(data),
        as_of=_as_of(data),
    )


def sentence(item: Any) -> dict[str, object]:
    """One sentence (or several served together) in, its dates and Norwegian trace out."""
    conv = conventions()
    request = parse_sentence(item)
    try:
        rules = sentence_rules(request.as_of)
    except NoRuleInForce as exc:
        raise CalcInputError(str(exc), field="as_of") from None
    start = request.start.toordinal()
    total = merged_total_days(start, request.terms, conv)
    if request.credited >= total:
        raise CalcInputError(
            f"credit of {request.credited} days covers the whole term of {total} days; "
            "nothing is left to serve (fsg § 4-4: release at once)",
            field="credited_days",
        )
    custody = request.custody_from.toordinal()
    common = (custody, request.reaction, request.under_18, request.offences, conv)
    broken = None
    if request.periods:
        dates, shifts, restarted = rules.recalculate(
            start, total, request.credited, request.periods, *common
        )
        broken = restarted if restarted != custody else None
    else:
        dates = rules.compute(start, total, request.credited, request.non_counting, *common)
        shifts = dict.fromkeys(("end", "one_third", "two_thirds", "half"), request.non_counting)
    facts = SentenceFacts(
        start,
        request.terms,
        request.credited,
        custody,
        request.reaction,
        request.under_18,
        request.offences,
        shifts,
        broken,
    )
    return sentence_json(dates) | {"trace": rules.explain(facts, dates, conv)}


def _iso(ordinal: int | None) -> str | None:
    return None if ordinal is None else date.fromordinal(ordinal).isoformat()


def sentence_json(dates: SentenceDates) -> dict[str, object]:
    """The contract's output fields (without the trace) of computed dates."""
    return {
        "total_days": dates.total_days,
        "end_of_sentence_on": _iso(dates.end_of_sentence),
        "one_third_served_on": _iso(dates.one_third),
        "two_thirds_served_on": _iso(dates.two_thirds),
        "parole_ordinary": dates.parole_ordinary,
        "half_served_on": _iso(dates.half),
        "leave_eligible_from": _iso(dates.leave_eligible_from),
        "ek_partial_from": _iso(dates.ek_partial_from),
        "ek_full_possible": dates.ek_full_possible,
    }


# --- varde calc remand-credit ---------------------------------------------------------------


def _instant(value: Any, field: str, zone: ZoneInfo, ceiling: bool) -> int:
    """POSIX seconds of an ISO datetime; naive = local time in ``zone`` (must be unambiguous)."""
    if not isinstance(value, str) or not ISO_DATETIME.match(value):
        raise CalcInputError(
            f"must be an ISO datetime such as 2025-01-10T21:00, not {value!r}", field=field
        )
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CalcInputError(f"{value!r} is not a valid datetime", field=field) from None
    if not FIRST_DATE <= moment.date() <= LAST_DATE:
        raise CalcInputError(f"must lie between {FIRST_DATE} and {LAST_DATE}", field=field)
    if moment.tzinfo is None:
        early, late = moment.replace(tzinfo=zone, fold=0), moment.replace(tzinfo=zone, fold=1)
        if early.utcoffset() != late.utcoffset():
            raise CalcInputError(
                f"local time {value} is skipped or repeated by a daylight-saving change in "
                f"{zone.key}; give it with a UTC offset",
                field=field,
            )
        moment = early
    if ceiling:
        return -((EPOCH - moment) // SECOND)
    return (moment - EPOCH) // SECOND


def _intervals(data: Mapping[str, Any], name: str, zone: ZoneInfo) -> list[tuple[int, int]]:
    intervals = []
    for index, item in enumerate(_list(data, name)):
        prefix = f"{name}[{index}]"
        element = _object(item, prefix, INTERVAL_FIELDS)
        for key in INTERVAL_FIELDS:
            if not _present(element, key):
                raise CalcInputError("is required (an ISO datetime)", field=f"{prefix}.{key}")
        begin = _instant(element["from"], f"{prefix}.from", zone, ceiling=False)
        end = _instant(element["to"], f"{prefix}.to", zone, ceiling=True)
        if end < begin:
            raise CalcInputError("ends before it begins", field=f"{prefix}.to")
        intervals.append((begin, end))
    return intervals


def remand_credit(item: Any) -> dict[str, int]:
    """strl § 83: custody and complete-isolation periods in, credit in days out."""
    conv = conventions()
    data = _object(item, None, REMAND_FIELDS)
    if "custody" not in data:
        raise CalcInputError("is required (an array of {from, to})", field="custody")
    try:
        zone = ZoneInfo(conv.naive_time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"VARDE_SENTENCE_CONVENTIONS: unknown time zone {conv.naive_time_zone}"
        ) from exc
    custody = _intervals(data, "custody", zone)
    isolation = _intervals(data, "full_isolation", zone)
    try:
        credit = remand_credit_rule(_as_of(data))(custody, isolation, conv)
    except NoRuleInForce as exc:
        raise CalcInputError(str(exc), field="as_of") from None
    except PeriodError as exc:
        raise CalcInputError(str(exc), field=exc.field) from None
    return credit._asdict()


# --- varde calc forvaring -------------------------------------------------------------------


def forvaring(item: Any) -> dict[str, object]:
    """strl §§ 43-44, forvaringsforskriften §§ 5, 9, 11: time frame and minimum-time dates."""
    conv = conventions()
    data = _object(item, None, FORVARING_FIELDS)
    start = _required_date(data, "start")
    if not _present(data, "time_frame"):
        raise CalcInputError("is required ({years, months, days})", field="time_frame")
    frame = _term(data["time_frame"], "time_frame")
    _check_term_size([frame], "time_frame")
    minimum = (
        _term(data["minimum_time"], "minimum_time") if _present(data, "minimum_time") else None
    )
    credited = _count(data, "credited_days")
    try:
        rule = forvaring_rule(_as_of(data))
    except NoRuleInForce as exc:
        raise CalcInputError(str(exc), field="as_of") from None
    start_ordinal = start.toordinal()
    frame_days = merged_total_days(start_ordinal, [frame], conv)
    if credited >= frame_days:
        raise CalcInputError(
            f"credit covers the whole time frame of {frame_days} days", field="credited_days"
        )
    if minimum is not None and merged_total_days(start_ordinal, [minimum], conv) > frame_days:
        raise CalcInputError("is longer than the time frame (strl § 43)", field="minimum_time")
    dates = rule(start_ordinal, frame, minimum, credited, conv)
    return {name: _iso(value) for name, value in dates._asdict().items()}
