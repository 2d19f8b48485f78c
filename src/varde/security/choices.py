"""Codes for incidents, contraband, drug tests, group affiliation and keep-apart relations
(English code values, Norwegian labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupKind(models.TextChoices):
    CRIMINAL_NETWORK = "criminal_network", _("Kriminelt nettverk")
    GANG = "gang", _("Gjeng")
    EXTREMIST = "extremist", _("Voldelig ekstremistisk miljø")
    OTHER = "other", _("Annet")


class AffiliationSource(models.TextChoices):
    """Where the information about an affiliation comes from."""

    POLICE = "police", _("Politiet")
    OWN_OBSERVATION = "own_observation", _("Egen observasjon")
    COURT = "court", _("Dom eller rettsdokumenter")
    SELF_REPORTED = "self_reported", _("Opplyst av personen selv")
    OTHER_UNIT = "other_unit", _("Annen enhet i kriminalomsorgen")
    OTHER = "other", _("Annet")


class Confidence(models.TextChoices):
    """How sure the service is of the affiliation (vurdert pålitelighet)."""

    CONFIRMED = "confirmed", _("Bekreftet")
    PROBABLE = "probable", _("Sannsynlig")
    POSSIBLE = "possible", _("Mulig")


class KeepApartScope(models.TextChoices):
    """How far apart two persons must be kept: not in the same cell, department or unit."""

    CELL = "cell", _("Celle")
    DEPARTMENT = "department", _("Avdeling")
    UNIT = "unit", _("Enhet")


class IncidentKind(models.TextChoices):
    VIOLENCE_INMATES = "violence_inmates", _("Vold mellom innsatte")
    THREATS_INMATES = "threats_inmates", _("Trusler mellom innsatte")
    VIOLENCE_STAFF = "violence_staff", _("Vold mot ansatte")
    THREATS_STAFF = "threats_staff", _("Trusler mot ansatte")
    SELF_HARM = "self_harm", _("Selvskading")
    SUICIDE_ATTEMPT = "suicide_attempt", _("Selvmordsforsøk")
    DEATH = "death", _("Dødsfall")
    ESCAPE = "escape", _("Rømning")
    ABSCONDING = "absconding", _("Unnvikelse")
    FAILURE_TO_RETURN = "failure_to_return", _("Uteblivelse")
    FIRE = "fire", _("Brann")
    DAMAGE = "damage", _("Skadeverk")
    OTHER = "other", _("Annet")


class InvolvementRole(models.TextChoices):
    AGGRESSOR = "aggressor", _("Utøver")
    VICTIM = "victim", _("Fornærmet")
    WITNESS = "witness", _("Vitne")
    INVOLVED = "involved", _("Involvert")


class ContrabandKind(models.TextChoices):
    DRUGS = "drugs", _("Rusmidler")
    MOBILE_PHONE = "mobile_phone", _("Mobiltelefon")
    ELECTRONICS = "electronics", _("Annen elektronikk")
    WEAPON = "weapon", _("Våpen eller farlig gjenstand")
    OTHER = "other", _("Annet")


class FindPlace(models.TextChoices):
    CELL = "cell", _("Celle")
    COMMON_AREA = "common_area", _("Fellesareal")
    VISIT = "visit", _("Besøk")
    MAIL = "mail", _("Post eller pakke")
    ON_PERSON = "on_person", _("På person")
    OUTDOOR = "outdoor", _("Luftegård eller uteområde")
    WORKPLACE = "workplace", _("Arbeidsdrift eller skole")
    OTHER = "other", _("Annet")


class QuantityUnit(models.TextChoices):
    PIECES = "pieces", _("stk.")
    GRAMS = "grams", _("gram")
    MILLILITRES = "millilitres", _("ml")
    TABLETS = "tablets", _("tabletter")


class SampleKind(models.TextChoices):
    """strgjfl § 29 first para: urine, breath or blood (blood only by health personnel)."""

    URINE = "urine", _("Urinprøve")
    BREATH = "breath", _("Utåndingsprøve")
    BLOOD = "blood", _("Blodprøve")
    OTHER = "other", _("Annen undersøkelse")


class DrugTestResult(models.TextChoices):
    TAKEN = "taken", _("Tatt, svar ikke kommet")
    NEGATIVE = "negative", _("Negativ")
    POSITIVE = "positive", _("Positiv")
    REFUSED = "refused", _("Nektet")


class Substance(models.TextChoices):
    CANNABIS = "cannabis", _("Cannabis")
    SYNTHETIC_CANNABINOIDS = "synthetic_cannabinoids", _("Syntetiske cannabinoider")
    AMPHETAMINES = "amphetamines", _("Amfetamin/metamfetamin")
    COCAINE = "cocaine", _("Kokain")
    OPIOIDS = "opioids", _("Opioider")
    BUPRENORPHINE = "buprenorphine", _("Buprenorfin")
    BENZODIAZEPINES = "benzodiazepines", _("Benzodiazepiner")
    PREGABALIN = "pregabalin", _("Pregabalin")
    GHB = "ghb", _("GHB")
    ALCOHOL = "alcohol", _("Alkohol")
    ANABOLIC_STEROIDS = "anabolic_steroids", _("Anabole steroider")
    OTHER = "other", _("Annet")
