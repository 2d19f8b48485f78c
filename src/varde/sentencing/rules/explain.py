"""The trace: each date of a sentence explained in Norwegian (bokmål) with its legal basis.

Built only when asked for (the CLI always asks; the hot path never does). Each entry is
``{"field", "rule", "explanation"}`` where ``field`` names the output field it explains.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from varde.sentencing.rules.conventions import DEFAULT_CONVENTIONS, Conventions
from varde.sentencing.rules.dates import Term, add_months, fraction_of, term_days
from varde.sentencing.rules.sentence import (
    BOT_SUBSIDIAER,
    MIN_PAROLE_DAYS,
    MIN_REMAINING_DAYS,
    SentenceDates,
    ek_conditional_offences,
    ek_offence_exclusion,
    half_days,
    is_long_term,
    one_third_days,
    two_thirds_days,
)

TraceEntry = dict[str, str]
ROUNDING_WORDS = {"ceil": "rundet opp", "floor": "rundet ned", "half_up": "avrundet"}


@dataclass(frozen=True)
class SentenceFacts:
    """The inputs behind a :class:`SentenceDates`, as the explanation needs them.

    ``terms`` holds one term, or several merged under fsg § 3-2; ``shifts`` maps a milestone
    ("end", "one_third", "two_thirds", "half") to the non-counting days that moved it.
    """

    start: int
    terms: Sequence[Term]
    credited: int = 0
    custody_from: int | None = None
    reaction: str = "fengsel"
    under_18: bool = False
    offences: Sequence[str] = ()
    shifts: Mapping[str, int] = field(default_factory=dict)
    broken_custody_from: int | None = None


def day(ordinal: int) -> str:
    """A date as Norwegians write it: 20.05.2025."""
    d = date.fromordinal(ordinal)
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def describe_term(term: Term) -> str:
    """'1 år, 2 måneder og 10 dager'."""
    parts = []
    if term.years:
        parts.append(f"{term.years} år")
    if term.months:
        parts.append(f"{term.months} {'måned' if term.months == 1 else 'måneder'}")
    if term.days or not parts:
        parts.append(f"{term.days} {'dag' if term.days == 1 else 'dager'}")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]


def describe_fraction(
    total: int, numerator: int, denominator: int, days: int, rounding: str
) -> str:
    """'2/3 av 275 dager = 183,33, rundet opp til 184 dager'."""
    exact = total * numerator / denominator
    text = f"{numerator}/{denominator} av {total} dager = {exact:.2f}".replace(".", ",")
    if total * numerator % denominator == 0:
        return f"{numerator}/{denominator} av {total} dager = {days} dager"
    return f"{text}, {ROUNDING_WORDS[rounding]} til {days} dager"


def describe_served_on(facts: SentenceFacts, days: int, on: int, shift: int) -> str:
    """How ``on`` follows from 'the day on which ``days`` are served' (rules.md § 0.2)."""
    in_custody = days - facts.credited
    if facts.credited and in_custody <= 0:
        text = (
            f"Fradraget på {facts.credited} dager dekker allerede {days} dager, så terskelen "
            f"ble nådd under varetekt, før innsettelsen {day(facts.start)}: {day(on)}"
        )
    elif facts.credited:
        text = (
            f"{days} − {facts.credited} dager fradrag = {in_custody} dager å sone fra og med "
            f"innsettelsesdagen {day(facts.start)} (dag 1); dag {in_custody} er {day(on)}"
        )
    else:
        text = (
            f"Dag {days} regnet fra og med innsettelsesdagen {day(facts.start)} (dag 1) "
            f"er {day(on)}"
        )
    if shift:
        text += (
            f", inkludert {shift} dager som ikke regnes som straffetid (fsg § 3-3: avbrudd, "
            "rømning, unnvikelse, uteblivelse eller overføring til annen sak)"
        )
    return text + "."


def explain_total(facts: SentenceFacts, total: int, conv: Conventions) -> list[TraceEntry]:
    """strl § 31, fsg § 3-2 (1): how the term became T days."""
    entries = []
    if len(facts.terms) > 1:
        listed = " + ".join(describe_term(term) for term in facts.terms)
        merged = Term(*(sum(parts) for parts in zip(*facts.terms, strict=True)))
        entries.append(
            {
                "field": "total_days",
                "rule": "fsg § 3-2 første ledd",
                "explanation": (
                    f"Flere straffer gjennomføres i sammenheng, og den samlede straffetiden "
                    f"legges til grunn: {listed} = {describe_term(merged)}."
                ),
            }
        )
        term = merged
    else:
        term = facts.terms[0]
    entries.append(
        {
            "field": "total_days",
            "rule": "strl § 31",
            "explanation": _term_text(facts.start, term, total, conv),
        }
    )
    return entries


def _term_text(start: int, term: Term, total: int, conv: Conventions) -> str:
    months = 12 * term.years + term.months
    if months == 0:
        return f"Straffen er idømt i dager: {total} dager."
    if conv.term_conversion == "fixed":
        return (
            f"{describe_term(term)} regnes med faste lengder ({conv.fixed_days_per_year} dager "
            f"per år, {conv.fixed_days_per_month} per måned): {total} dager."
        )
    anchor = add_months(start, months, conv.month_overflow)
    span = describe_term(Term(term.years, term.months))
    text = f"{span} fra {day(start)} løper til samme dato {span} senere, {day(anchor)}"
    if date.fromordinal(anchor).day != date.fromordinal(start).day:
        text += (
            " (den datoen finnes ikke, så "
            + (
                "siste dag i måneden"
                if conv.month_overflow == "clip"
                else "første dag i neste måned"
            )
            + " brukes)"
        )
    text += f": {anchor - start} dager"
    if term.days:
        text += f", pluss {term.days} dager"
    return f"{text}. Straffetiden er {total} dager."


def explain_sentence(
    facts: SentenceFacts, dates: SentenceDates, conv: Conventions = DEFAULT_CONVENTIONS
) -> list[TraceEntry]:
    """The whole trace of one sentence, in output-field order."""
    total = dates.total_days
    shifts = facts.shifts
    rounding = conv.fraction_rounding
    entries = explain_total(facts, total, conv)
    entries.append(
        {
            "field": "end_of_sentence_on",
            "rule": "fsg §§ 3-2 og 3-3; strl § 83",
            "explanation": "Endt straffetid (siste dag som sones): "
            + describe_served_on(facts, total, dates.end_of_sentence, shifts.get("end", 0)),
        }
    )
    m13 = one_third_days(total, conv)
    entries.append(
        {
            "field": "one_third_served_on",
            "rule": "fsg § 3-30 femte ledd; fsg § 7-2 annet ledd",
            "explanation": f"En tredel: {describe_fraction(total, 1, 3, m13, rounding)}. "
            + describe_served_on(facts, m13, dates.one_third, shifts.get("one_third", 0)),
        }
    )
    entries.append(_two_thirds_entry(facts, dates, conv))
    entries.append(_half_entry(facts, dates, conv))
    entries.append(_leave_entry(facts, dates, conv))
    entries.append(_ek_partial_entry(facts, dates, conv))
    entries.extend(_ek_full_entries(facts, dates, conv))
    return entries


def _two_thirds_entry(facts: SentenceFacts, dates: SentenceDates, conv: Conventions) -> TraceEntry:
    total = dates.total_days
    rule = "strgjfl § 42 første ledd"
    if facts.reaction == BOT_SUBSIDIAER:
        return {
            "field": "two_thirds_served_on",
            "rule": "fsg § 3-2 tredje ledd",
            "explanation": (
                "Subsidiær fengselsstraff for bot sones alltid fullt ut; ingen prøveløslatelse."
            ),
        }
    m23 = two_thirds_days(total, conv)
    raw = fraction_of(total, 2, 3, conv.fraction_rounding)
    text = f"To tredeler: {describe_fraction(total, 2, 3, raw, conv.fraction_rounding)}"
    if raw < MIN_PAROLE_DAYS:
        text += f", men minst {MIN_PAROLE_DAYS} dager må være sonet: {MIN_PAROLE_DAYS} dager"
    if dates.two_thirds is None:
        text += (
            f". Det er ikke kortere enn straffen ({total} dager), så prøveløslatelse er ikke mulig."
        )
        return {"field": "two_thirds_served_on", "rule": rule, "explanation": text}
    text += ". " + describe_served_on(
        facts, m23, dates.two_thirds, facts.shifts.get("two_thirds", 0)
    )
    remaining = total - m23
    if dates.parole_ordinary:
        text += (
            f" Gjenstående straffetid er {remaining} dager (minst {MIN_REMAINING_DAYS}): "
            "ordinær prøveløslatelse."
        )
    else:
        text += (
            f" Gjenstående straffetid blir bare {remaining} dager (under {MIN_REMAINING_DAYS}): "
            "prøveløslatelse bare når tungtveiende grunner taler for det."
        )
    return {"field": "two_thirds_served_on", "rule": rule, "explanation": text}


def _half_entry(facts: SentenceFacts, dates: SentenceDates, conv: Conventions) -> TraceEntry:
    total = dates.total_days
    if facts.reaction == BOT_SUBSIDIAER:
        return {
            "field": "half_served_on",
            "rule": "fsg § 3-2 tredje ledd",
            "explanation": (
                "Subsidiær fengselsstraff for bot sones alltid fullt ut; ingen halvtidsløslatelse."
            ),
        }
    m12 = half_days(total, conv)
    raw = fraction_of(total, 1, 2, conv.fraction_rounding)
    text = f"Halvparten: {describe_fraction(total, 1, 2, raw, conv.fraction_rounding)}"
    if raw < MIN_PAROLE_DAYS:
        text += f", men minst {MIN_PAROLE_DAYS} dager: {MIN_PAROLE_DAYS} dager"
    if dates.half is None:
        text += (
            f". Det er ikke kortere enn straffen ({total} dager), så halvtidsløslatelse er "
            "ikke mulig."
        )
    else:
        text += ". " + describe_served_on(facts, m12, dates.half, facts.shifts.get("half", 0))
        text += " Prøveløslatelse på halvtid krever særlige grunner."
    return {"field": "half_served_on", "rule": "strgjfl § 42 tredje ledd", "explanation": text}


def _next(conv: Conventions) -> tuple[int, str]:
    return (1, "dagen etter at") if conv.eligible_from_next_day else (0, "samme dag som")


def _leave_entry(facts: SentenceFacts, dates: SentenceDates, conv: Conventions) -> TraceEntry:
    plus, words = _next(conv)
    custody = facts.start if facts.custody_from is None else facts.custody_from
    if facts.broken_custody_from is not None:
        custody = facts.broken_custody_from
    four_months = add_months(custody, 4, conv.month_overflow)
    text = (
        f"Permisjonstid: minst 1/3 sonet og minst 4 måneders sammenhengende frihetsberøvelse. "
        f"Fra {words} 1/3 er sonet: {day(dates.one_third + plus)}. "
        f"Sammenhengende frihetsberøvelse fra {day(custody)} + 4 måneder: {day(four_months)}"
    )
    if facts.broken_custody_from is not None:
        text += " (regnet på nytt etter avbrudd eller fravær, fsg § 3-3)"
    text += f". Den seneste gjelder: {day(max(dates.one_third + plus, four_months))}."
    if is_long_term(facts.start, dates.total_days, conv):
        four_years = add_months(custody, 48, conv.month_overflow)
        text += (
            f" Straffen er lengre enn 12 år ({dates.total_days} dager), så ordinær permisjon kan "
            f"gis etter 4 års sammenhengende gjennomføring ({day(four_years)}) om det er "
            f"tidligere: {day(dates.leave_eligible_from)}."
        )
    if dates.leave_eligible_from > dates.end_of_sentence:
        text += " Permisjonstid nås ikke før endt straffetid."
    return {"field": "leave_eligible_from", "rule": "fsg § 3-30 femte ledd", "explanation": text}


def _ek_partial_entry(facts: SentenceFacts, dates: SentenceDates, conv: Conventions) -> TraceEntry:
    rule = "fsg § 7-2 annet ledd"
    if dates.ek_partial_from is None:
        text = (
            "Ingen forventet prøveløslatelsesdato, derfor ingen delgjennomføring med EK før "
            "løslatelse."
        )
        return {"field": "ek_partial_from", "rule": rule, "explanation": text}
    if facts.under_18:
        text = (
            "Domfelte var under 18 år ved innsettelsen: verken 1/3-regelen eller 6-månedersgrensen "
            f"gjelder, så EK kan vurderes fra innsettelsen {day(facts.start)}."
        )
        return {"field": "ek_partial_from", "rule": rule, "explanation": text}
    plus, words = _next(conv)
    assert dates.two_thirds is not None
    release = dates.two_thirds + plus
    six_before = add_months(release, -6, conv.month_overflow)
    text = (
        f"Delgjennomføring med EK inntil 6 måneder før forventet løslatelse, men ikke før 1/3 er "
        f"sonet. Forventet løslatelse {day(release)} − 6 måneder = {day(six_before)}; fra {words} "
        f"1/3 er sonet: {day(dates.one_third + plus)}. Den seneste gjelder: "
        f"{day(dates.ek_partial_from)}."
    )
    return {"field": "ek_partial_from", "rule": rule, "explanation": text}


def _ek_full_entries(
    facts: SentenceFacts, dates: SentenceDates, conv: Conventions
) -> list[TraceEntry]:
    rule = "strgjfl § 16 a; fsg § 7-2 første og fjerde ledd"
    absolute = [code for code in facts.offences if ek_offence_exclusion(code) == "absolute"]
    if facts.reaction != "fengsel":
        text = (
            "Helgjennomføring med EK gjelder ubetinget fengselsstraff, ikke subsidiær "
            "fengselsstraff for bot."
        )
    elif facts.under_18:
        text = (
            "Domfelte var under 18 år: 6-månedersgrensen og lovbruddsunntakene gjelder ikke "
            "(strgjfl § 16 a annet ledd, fsg § 7-2 fjerde ledd tredje punktum). "
            "EK skal alltid vurderes."
        )
    else:
        six = term_days(facts.start, Term(months=6), conv)
        verdict = "innenfor" if dates.total_days <= six else "over"
        text = (
            f"Straffen er {dates.total_days} dager, {verdict} 6 måneder "
            f"({six} dager fra innsettelsen)."
        )
        if absolute:
            text += f" Utelukket etter fsg § 7-2 fjerde ledd: {', '.join(absolute)}."
        text += " Helgjennomføring med EK er " + (
            "mulig." if dates.ek_full_possible else "ikke mulig."
        )
    entries = [{"field": "ek_full_possible", "rule": rule, "explanation": text}]
    conditional = ek_conditional_offences(facts.offences)
    if conditional and not facts.under_18 and facts.reaction == "fengsel":
        entries.append(
            {
                "field": "ek_full_possible",
                "rule": "fsg § 7-2 fjerde ledd annet punktum",
                "explanation": (
                    f"Merk: {', '.join(conditional)} utelukker EK dersom forholdet er begått mot "
                    "barn eller en person domfelte bodde eller bor sammen med, eller domfelte er "
                    "domfelt for lignende forhold tidligere. Må vurderes konkret."
                ),
            }
        )
    return entries
