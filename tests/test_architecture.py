"""Architecture rules from ARCHITECTURE.md, checked by walking the source with ``ast``.

1. Writes go through actions: outside ``actions.py``, migrations and ``organisation/seed.py``
   no module calls ``.save(``, ``.delete(``, ``.create(``, ``.update(``, ``bulk_create(``,
   ``bulk_update(``, ``get_or_create(`` or ``update_or_create(`` on personal data (Person, Alias,
   Relative, Responsibility, JournalEntry). Management commands get no exemption: they pass only
   if they write personal data through actions.
2. Reads are scoped: views and API modules reach ``Person.objects`` only as
   ``Person.objects.visible_to(...)`` (or through ``people/queries.py`` functions).
3. Rules are pure: no ``rules.py`` (or module of a ``rules`` package) imports ``django.db`` or a
   models module.

The write check is static, so it is a heuristic that errs towards flagging. A call's receiver
counts as personal data when its chain (``a.b.c()``, ignoring call arguments) names a personal
model, a related manager (``aliases``, ``relatives``, ``responsibilities``), an identifier
with the word person/alias/relative/responsibility in it (``person``, ``PersonForm``,
``get_person_for_user``), or a variable assigned from such an expression in the module.
``.update(`` and ``.create(`` count only when called with keywords alone (as the ORM's are),
so ``context.update({...})`` on a dict is not a write.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path, PurePosixPath

import varde

SRC = Path(varde.__file__).resolve().parent

PERSONAL_MODELS = frozenset(
    {"Person", "Alias", "Relative", "Responsibility", "JournalEntry", "Judgment", "DateOverride"}
    | {"Stay", "Placement", "Absence"}
    | {"CommunityCase", "HoursLog", "ReportingEvent", "Breach"}
    | {"PreSentenceReport", "PsrInterview", "PsrDocument", "NeedsAssessment", "AssessmentScore"}
    | {"FollowUpPlan", "PlanGoal", "PlanStep", "PlanReview"}
    | {"NdPhaseChange", "EquipmentEvent", "ScheduleEntry"}
    | {"CallIn", "PostponementRequest"}
    | {"RemandBooking", "RemandRestriction"}
    | {"Enrolment", "Attendance", "InmateDeviation"}
    | {"Incident", "Involvement", "ContrabandFind", "DrugTest", "KeepApart", "Affiliation"}
    | {"Application", "Forwarding", "Decision", "Appeal", "VictimContact", "VictimNotice"}
    | {"Exclusion", "CoerciveMeasure", "Notice", "Review", "SupervisionNote", "Deviation"}
    | {"ContactPlan", "ContactActivity"}
    | {"Referral", "DisclosureConsent", "Disclosure", "ReleaseChecklist", "ChecklistItem"}
    | {"NavReleaseNotice"}
)
RELATED_MANAGERS = frozenset(
    {"aliases", "relatives", "responsibilities", "journal_entries", "judgments", "overrides"}
    | {"stays", "placements", "absences"}
    | {"community_cases", "hours_logs", "reportings", "breaches"}
    | {"pre_sentence_reports", "interviews", "needs_assessments", "scores", "follow_up_plans"}
    | {"goals", "steps", "reviews"}
    | {"nd_phase_changes", "equipment_events", "schedule_entries"}
    | {"callins", "postponements"}
    | {"remand_bookings", "restrictions"}
    | {"enrolments", "attendances", "inmate_deviations"}
    | {"involvements", "incident_involvements", "contraband_finds", "drug_tests", "affiliations"}
    | {"applications", "forwardings", "victim_contacts", "notices"}
    | {"supervision_notes", "contact_plans", "activities", "deviations"}
    | {"referrals", "disclosure_consents", "disclosures", "release_checklists", "nav_notices"}
)
PERSONAL_WORDS = frozenset(
    {
        "person",
        "persons",
        "alias",
        "aliases",
        "relative",
        "relatives",
        "responsibility",
        "responsibilities",
    }
)
WRITE_METHODS = frozenset(
    {
        "save",
        "delete",
        "create",
        "update",
        "bulk_create",
        "bulk_update",
        "get_or_create",
        "update_or_create",
    }
)
KEYWORD_ONLY_WRITES = frozenset({"create", "update"})  # dict.update(x) is not a DB write


def source_modules() -> list[tuple[PurePosixPath, str]]:
    """Every module under src/varde as (path relative to the package, source text)."""
    return [
        (PurePosixPath(path.relative_to(SRC).as_posix()), path.read_text(encoding="utf-8"))
        for path in sorted(SRC.rglob("*.py"))
    ]


# --- 1. writes go through actions ------------------------------------------------------------


def may_write_personal_data(path: PurePosixPath) -> bool:
    return (
        path.name == "actions.py"
        or "migrations" in path.parts
        or path == PurePosixPath("organisation/seed.py")
    )


def _words(identifier: str) -> set[str]:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", identifier)
    return {w.lower() for w in spaced.split("_") if w}


def _is_personal_identifier(identifier: str, tainted: set[str]) -> bool:
    return (
        identifier in PERSONAL_MODELS
        or identifier in RELATED_MANAGERS
        or identifier in tainted
        or bool(_words(identifier) & PERSONAL_WORDS)
    )


def _spine(expr: ast.expr) -> list[str]:
    """The names along ``a.b(x).c[0].d``: ['d', 'c', 'b', 'a'] (call arguments ignored)."""
    names: list[str] = []
    while True:
        if isinstance(expr, ast.Attribute):
            names.append(expr.attr)
            expr = expr.value
        elif isinstance(expr, ast.Call):
            expr = expr.func
        elif isinstance(expr, ast.Subscript):
            expr = expr.value
        elif isinstance(expr, ast.Name):
            names.append(expr.id)
            return names
        else:
            return names


def _mentions_personal(expr: ast.AST, tainted: set[str]) -> bool:
    for node in ast.walk(expr):
        if isinstance(node, ast.Name) and _is_personal_identifier(node.id, tainted):
            return True
        if isinstance(node, ast.Attribute) and _is_personal_identifier(node.attr, tainted):
            return True
    return False


def _target_names(target: ast.AST) -> list[str]:
    return [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]


def _tainted_names(tree: ast.AST) -> set[str]:
    """Variables bound to personal data: annotated with a personal model, or assigned or
    iterated from an expression that mentions personal data (to a fixed point)."""
    tainted: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.annotation is not None:
            annotation = node.annotation
            if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
                annotation = ast.parse(annotation.value, mode="eval")  # "Person | None"
            if _mentions_personal(annotation, set()):
                tainted.add(node.arg)
    changed = True
    while changed:
        changed = False
        for node in ast.walk(tree):
            pairs: list[tuple[ast.AST, ast.AST]] = []
            if isinstance(node, ast.Assign):
                pairs = [(t, node.value) for t in node.targets]
            elif isinstance(node, ast.AnnAssign | ast.NamedExpr) and node.value is not None:
                pairs = [(node.target, node.value)]
            elif isinstance(node, ast.For | ast.comprehension):
                pairs = [(node.target, node.iter)]
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                pairs = [(node.optional_vars, node.context_expr)]
            for target, value in pairs:
                if _mentions_personal(value, tainted):
                    new = set(_target_names(target)) - tainted
                    if new:
                        tainted |= new
                        changed = True
    return tainted


def personal_writes(source: str) -> list[tuple[int, str]]:
    """(line, call) for each call in ``source`` that looks like a write to personal data."""
    tree = ast.parse(source)
    tainted = _tainted_names(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        if method not in WRITE_METHODS:
            continue
        if method in KEYWORD_ONLY_WRITES and node.args:
            continue
        if any(_is_personal_identifier(name, tainted) for name in _spine(node.func.value)):
            found.append((node.lineno, ast.unparse(node.func)))
    return sorted(found)


def write_violations(modules: list[tuple[PurePosixPath, str]]) -> list[str]:
    return [
        f"{path}:{line}: {call}(...) writes personal data outside an action"
        for path, source in modules
        if not may_write_personal_data(path)
        for line, call in personal_writes(source)
    ]


BAD_VIEW = """
from varde.people.queries import get_person_for_user

def edit(request, person_id):
    person = get_person_for_user(request.user, person_id)
    person.first_name = request.POST["first_name"]
    person.save()
"""


def test_write_check_flags_a_save_in_a_view():
    violations = write_violations([(PurePosixPath("people/views.py"), BAD_VIEW)])
    assert violations == [
        "people/views.py:7: person.save(...) writes personal data outside an action"
    ]


def test_write_check_flags_the_usual_ways_round_actions():
    snippets = {
        "Person.objects.create(first_name='A', last_name='B')": "Person.objects.create",
        "Alias.objects.bulk_create([Alias(person=p, name='x')])": "Alias.objects.bulk_create",
        "Responsibility.objects.filter(u=u).update(date_to=d)": (
            "Responsibility.objects.filter(u=u).update"
        ),
        "Relative.objects.get_or_create(person=p, name='x')": "Relative.objects.get_or_create",
        "Person.objects.update_or_create(pk=n, defaults={})": "Person.objects.update_or_create",
        "obj = Person.objects.get(pk=1)\nobj.delete()": "obj.delete",
        "def f(p: Person):\n    p.save(update_fields=['phone'])": "p.save",
        "def f(p: 'Person | None'):\n    p.delete()": "p.delete",
        "someone.aliases.create(name='x')": "someone.aliases.create",
        "someone.relatives.all().delete()": "someone.relatives.all().delete",
        "form = PersonForm(request.POST)\nform.save()": "form.save",
        "for r in Responsibility.objects.all():\n    r.save()": "r.save",
        "self.person.photo.save('a.jpg', content)": "self.person.photo.save",
    }
    for snippet, call in snippets.items():
        assert [c for _, c in personal_writes(snippet)] == [call], snippet


def test_write_check_leaves_other_code_alone():
    harmless = "\n".join(
        [
            "context = {'person': person}",
            "context.update({'aliases': person.aliases.all()})",
            "do_update_person(person, actor=user, reason='x', phone='1')",
            "AuditEvent.objects.filter(person_id=person.pk).exists()",
            "record_access(actor=user, person=person, channel='web', path='/')",
            "user.save()",
            "Token.objects.filter(user=user).delete()",
            "token, _ = Token.objects.get_or_create(user=user)",
            "AccessLog.objects.create(actor=user, person=person, channel='web', path='/')",
        ]
    )
    assert personal_writes(harmless) == []


def test_write_check_exempts_actions_migrations_and_seed_but_not_commands():
    exempt = ["people/actions.py", "people/migrations/0001_initial.py", "organisation/seed.py"]
    for path in exempt:
        assert write_violations([(PurePosixPath(path), BAD_VIEW)]) == [], path
    for path in [
        "people/api.py",
        "people/management/commands/import_persons.py",
        "people/tasks.py",
        "organisation/seed_more.py",
    ]:
        assert len(write_violations([(PurePosixPath(path), BAD_VIEW)])) == 1, path


def test_write_check_sees_the_real_actions():
    """Not vacuous: the real people/actions.py is full of writes the check recognises."""
    modules = dict(source_modules())
    calls = {call for _, call in personal_writes(modules[PurePosixPath("people/actions.py")])}
    assert {
        "person.save",
        "alias.save",
        "alias.delete",
        "relative.save",
        "relative.delete",
        "responsibility.save",
    } <= calls
    journal = modules[PurePosixPath("journal/actions.py")]
    assert "entry.save" in {call for _, call in personal_writes(journal)}
    sentencing = modules[PurePosixPath("sentencing/actions.py")]
    assert {"judgment.save", "override.save", "override.delete"} <= {
        call for _, call in personal_writes(sentencing)
    }


def test_no_personal_data_writes_outside_actions():
    modules = source_modules()
    assert len(modules) > 20
    assert write_violations(modules) == []


# --- 2. reads are scoped --------------------------------------------------------------------


def is_view_or_api(path: PurePosixPath) -> bool:
    return path.name in {"views.py", "api.py"} or bool({"views", "api"} & set(path.parts[:-1]))


def unscoped_person_reads(source: str) -> list[int]:
    """Lines where ``Person.objects`` is used other than as ``Person.objects.visible_to(``."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    lines = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Attribute)
            and node.attr == "objects"
            and isinstance(node.value, ast.Name)
            and node.value.id == "Person"
        ):
            continue
        parent = parents.get(node)
        grandparent = parents.get(parent) if parent is not None else None
        scoped = (
            isinstance(parent, ast.Attribute)
            and parent.attr == "visible_to"
            and isinstance(grandparent, ast.Call)
            and grandparent.func is parent
        )
        if not scoped:
            lines.append(node.lineno)
    return sorted(lines)


def test_scoping_check_flags_unscoped_reads():
    source = "\n".join(
        [
            "a = Person.objects.visible_to(request.user).get(pk=pk)",
            "b = Person.objects.get(pk=pk)",
            "c = Person.objects.filter(last_name='x').visible_to(request.user)",
            "d = Person.objects.all()",
            "manager = Person.objects",
            "e = Person.objects.visible_to",
            "f = search_persons(request.user, q)",
        ]
    )
    assert unscoped_person_reads(source) == [2, 3, 4, 5, 6]


def test_views_and_api_read_persons_only_through_visible_to():
    checked = [(path, source) for path, source in source_modules() if is_view_or_api(path)]
    assert PurePosixPath("people/views.py") in {path for path, _ in checked}
    assert PurePosixPath("people/api.py") in {path for path, _ in checked}
    problems = [
        f"{path}:{line}: Person.objects without .visible_to(user)"
        for path, source in checked
        for line in unscoped_person_reads(source)
    ]
    assert problems == []


# --- 3. rules are pure ----------------------------------------------------------------------


def is_rules_module(path: PurePosixPath) -> bool:
    return path.name == "rules.py" or "rules" in path.parts[:-1]


def impure_imports(source: str) -> list[str]:
    """Imports of django.db (or of a models module) in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if name == "django.db" or name.startswith("django.db.") or "models" in parts:
                found.append(name)
                break
    return found


def test_purity_check_flags_orm_imports():
    assert impure_imports("from django.db import models") == ["django.db"]
    assert impure_imports("import django.db.models") == ["django.db.models"]
    assert impure_imports("from django import db") == ["django.db"]
    assert impure_imports("from varde.people.models import Person") == ["varde.people.models"]
    assert impure_imports("from . import models") == [".models"]
    pure = "import calendar\nfrom datetime import date\nfrom django.utils import translation"
    assert impure_imports(pure) == []


def test_rules_modules_do_not_touch_the_database():
    rules = [(path, source) for path, source in source_modules() if is_rules_module(path)]
    assert PurePosixPath("people/rules.py") in {path for path, _ in rules}
    problems = [
        f"{path}: imports {name}" for path, source in rules for name in impure_imports(source)
    ]
    assert problems == []
