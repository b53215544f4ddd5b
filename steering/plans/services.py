"""Writes for plans, tasks, progress updates, monitoring assignments and campaign activities.

Every rule a user can break is checked here with a field-keyed ValidationError (forms check the same first, so
the message lands on the right field): a due date before the plan's date, a task without a lead, a status change
that makes no sense, a negative figure, a file that is not a document.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign_portal.uploads import validate_document
from steering.models import (
    FIGURE_FIELDS,
    KIND_FIGURES,
    Activity,
    ActivityKind,
    AdministrativeUnit,
    Agency,
    Committee,
    ContentArea,
    LeadKind,
    MemberRole,
    Membership,
    MonitoringAssignment,
    MonitoringVisit,
    Plan,
    PlanAttachment,
    PlanTask,
    Recurrence,
    TaskEvidence,
    TaskStatus,
    TaskUpdate,
    User,
)

# --- plans ---------------------------------------------------------------------------------------------------


def plan_source(plan: Plan) -> str:
    return f"plan:{plan.pk}"


def plan_issued(*, plan: Plan):
    from campaign_portal.documents.register import issued_for

    return issued_for(source=plan_source(plan))


def plan_issuer(*, plan: Plan):
    """A plan of a steering committee issues as the committee; otherwise as the unit's standing board."""
    from steering.services import issuer_for_committee, issuer_for_unit

    if plan.committee_id:
        return issuer_for_committee(committee=plan.committee)
    return issuer_for_unit(unit=plan.unit)


def plan_document(*, plan: Plan, issuer):
    """The KẾ HOẠCH as a document of `issuer` (a DocumentIssuer, saved or not): the plan's tasks, how many
    committees each went to, and the issuer's own "Nơi nhận" when it has set one."""
    from campaign_portal.documents.content import Issuer
    from steering.plans import documents, selectors
    from steering.selectors import recipients_of

    tasks = list(selectors.plan_tasks(plan=plan))
    return documents.plan_document(
        plan=plan,
        tasks=tasks,
        cascaded_units={t.pk: t.copies_total for t in tasks},
        issuer=Issuer.of(issuer),
        recipients=recipients_of(issuer=issuer, kind="plan", default=documents.PLAN_RECIPIENTS_DEFAULT),
    )


@transaction.atomic
def plan_issue(*, plan: Plan, by: User | None):
    """Issue the KẾ HOẠCH: the next number of its issuer's register, dated today; the plan takes that number."""
    from campaign_portal.documents.register import Kind, document_issue

    plan = Plan.objects.select_for_update(of=("self",)).select_related("unit", "committee").get(pk=plan.pk)
    if plan.number:
        raise ValidationError(_("This plan already has the number %(number)s.") % {"number": plan.number})
    if not plan.unit.is_current:
        raise ValidationError(_("%(unit)s no longer exists: it issues no documents.") % {"unit": plan.unit})
    issuer = plan_issuer(plan=plan)
    document = plan_document(plan=plan, issuer=issuer)
    issued = document_issue(
        issuer=issuer,
        kind=Kind.PLAN,
        source=plan_source(plan),
        document=document,
        filename=f"ke-hoach-{plan.year}-{plan.pk}",
        by=by,
    )
    plan.number = issued.number
    plan.date = issued.issued_on
    plan.save(update_fields=["number", "date"])
    return issued


def _clean_text(value: str | None) -> str:
    return " ".join((value or "").split())


@transaction.atomic
def plan_save(
    *,
    unit: AdministrativeUnit,
    number: str,
    date: datetime.date,
    title: str,
    year: int | None = None,
    committee: Committee | None = None,
    implements_number: str = "",
    implements_date: datetime.date | None = None,
    implements_issuer: str = "",
    purpose: str = "",
    plan: Plan | None = None,
    created_by: User | None = None,
) -> Plan:
    """Create a plan (plan=None) or change one. Its tasks keep their deadlines: they are checked against the date."""
    number, title = _clean_text(number), _clean_text(title)
    errors: dict[str, str] = {}
    issued = plan_issued(plan=plan) if plan is not None and plan.pk else None
    if issued is not None and (number != plan.number or date != plan.date):
        errors["number"] = _("This plan was issued as number %(number)s: its number and date cannot change.") % {
            "number": issued.number
        }
    if not title:
        errors["title"] = _("The title cannot be empty.")
    if date is None:
        errors["date"] = _("The plan date is required.")
    year = year or (date.year if date else None)
    if committee is not None and committee.unit_id != unit.pk:
        errors["committee"] = _("The committee belongs to another unit.")
    if implements_date and date and implements_date > date:
        errors["implements_date"] = _("The implemented plan cannot be dated after this plan.")
    if not errors and number:
        clash = Plan.objects.filter(unit=unit, year=year, number__iexact=number)
        if plan is not None:
            clash = clash.exclude(pk=plan.pk)
        if clash.exists():
            errors["number"] = _("This unit already has a plan with that number for %(year)s.") % {"year": year}
    if plan is not None and date and not errors:
        early = plan.tasks.filter(due_date__lt=date).exists()
        if early:
            errors["date"] = _("Some tasks are due before this date; change their deadlines first.")
    if errors:
        raise ValidationError(errors)
    if plan is None:
        plan = Plan(unit=unit, created_by=created_by)
    plan.number = number
    plan.date = date
    plan.title = title
    plan.year = year
    plan.committee = committee
    plan.implements_number = _clean_text(implements_number)
    plan.implements_date = implements_date
    plan.implements_issuer = _clean_text(implements_issuer)
    plan.purpose = (purpose or "").strip()
    plan.save()
    return plan


@transaction.atomic
def plan_attachment_add(*, plan: Plan, file, description: str = "", uploaded_by: User | None = None) -> PlanAttachment:
    """Attach a document (the signed scan): checked by content, at most 10 MB."""
    try:
        validate_document(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    name = _clean_text(getattr(file, "name", "")).rsplit("/", 1)[-1][:200] or "file"
    attachment = PlanAttachment(plan=plan, name=name, description=_clean_text(description), uploaded_by=uploaded_by)
    attachment.size = getattr(file, "size", 0) or 0
    attachment.file.save(name, file, save=False)
    attachment.save()
    return attachment


# --- tasks ---------------------------------------------------------------------------------------------------


def _lead_unit(
    *, lead_kind: str, lead_agency: Agency | None, lead_committee: Committee | None, lead_role: str
) -> AdministrativeUnit:
    """The unit whose staff track a task with this lead; raises a field error when the lead is incomplete."""
    if lead_kind == LeadKind.AGENCY:
        if lead_agency is None:
            raise ValidationError({"lead_agency": _("Choose the lead agency.")})
        return lead_agency.unit
    if lead_kind in (LeadKind.COMMITTEE, LeadKind.MEMBERS, LeadKind.POSITION):
        if lead_committee is None:
            raise ValidationError({"lead_committee": _("Choose the lead committee.")})
        if lead_kind == LeadKind.POSITION and lead_role not in MemberRole.values:
            raise ValidationError({"lead_role": _("Choose the committee position that leads the task.")})
        return lead_committee.unit
    raise ValidationError({"lead_kind": _("Every task needs a lead: an agency, a committee or a position.")})


def _check_lead_in_plan(plan: Plan, lead_unit: AdministrativeUnit, lead_kind: str) -> None:
    """A plan hands tasks to its own unit's agencies and committee, or to the committees directly below it."""
    if lead_kind == LeadKind.COMMITTEE:
        if lead_unit.parent_id != plan.unit_id:
            raise ValidationError({"lead_committee": _("Choose a committee one level below the plan's unit.")})
    elif lead_unit.pk != plan.unit_id:
        field_name = "lead_agency" if lead_kind == LeadKind.AGENCY else "lead_committee"
        raise ValidationError({field_name: _("The lead must belong to the plan's unit.")})


def _check_schedule(
    *, plan: Plan, due_date: datetime.date | None, recurrence: int, recur_until: datetime.date | None
) -> None:
    errors = {}
    if due_date is not None and due_date < plan.date:
        errors["due_date"] = _("The due date cannot be before the plan's date (%(date)s).") % {
            "date": plan.date.strftime("%d/%m/%Y")
        }
    if recurrence and due_date is None:
        errors["due_date"] = _("A recurring task needs its first due date.")
    if recur_until is not None and due_date is not None and recur_until < due_date:
        errors["recur_until"] = _("The repetition cannot end before the first due date.")
    if recurrence not in Recurrence.values:
        errors["recurrence"] = _("Choose how often the task recurs.")
    if errors:
        raise ValidationError(errors)


def _set_schedule(task: PlanTask, *, due_date, recurrence, recur_until) -> None:
    task.due_date = due_date
    task.recurrence = recurrence
    task.recur_until = recur_until if recurrence else None
    if task.recurrence and task.recur_until is None and due_date is not None:
        task.recur_until = datetime.date(task.plan.year, 12, 31) if due_date.year <= task.plan.year else None
    if task.status == TaskStatus.DONE and not task.recurrence:
        task.current_due, task.is_open = due_date, False
    else:
        task.current_due, task.is_open = due_date, True


@transaction.atomic
def task_save(
    *,
    plan: Plan,
    content_area: int,
    title: str,
    lead_kind: str,
    lead_agency: Agency | None = None,
    lead_committee: Committee | None = None,
    lead_role: str = "",
    co_agencies: Iterable[Agency] = (),
    due_date: datetime.date | None = None,
    recurrence: int = Recurrence.NONE,
    recur_until: datetime.date | None = None,
    expected_output: str = "",
    description: str = "",
    section: str = "",
    order: int | None = None,
    task: PlanTask | None = None,
    created_by: User | None = None,
) -> PlanTask:
    """Create a task of `plan` (task=None) or change one. A cascaded copy keeps its lead: its committee."""
    title = _clean_text(title)
    if not title:
        raise ValidationError({"title": _("Describe the task.")})
    if content_area not in ContentArea.values:
        raise ValidationError({"content_area": _("Choose one of the six content areas.")})
    recurrence = int(recurrence or 0)
    _check_schedule(plan=plan, due_date=due_date, recurrence=recurrence, recur_until=recur_until)
    is_copy = task is not None and task.parent_task_id is not None
    if not is_copy:
        lead_unit = _lead_unit(
            lead_kind=lead_kind, lead_agency=lead_agency, lead_committee=lead_committee, lead_role=lead_role
        )
        _check_lead_in_plan(plan, lead_unit, lead_kind)
    co_agencies = list(co_agencies)
    if any(a.unit_id != plan.unit_id for a in co_agencies):
        raise ValidationError({"co_agencies": _("Co-operating agencies must belong to the plan's unit.")})
    if task is None:
        task = PlanTask(plan=plan, created_by=created_by)
        if order is None:
            last = plan.tasks.filter(parent_task__isnull=True).order_by("-order").values_list("order", flat=True)
            order = (last.first() or 0) + 10
    if not is_copy:
        task.unit = lead_unit
        task.lead_kind = lead_kind
        task.lead_agency = lead_agency if lead_kind == LeadKind.AGENCY else None
        task.lead_committee = lead_committee if lead_kind != LeadKind.AGENCY else None
        task.lead_role = lead_role if lead_kind == LeadKind.POSITION else ""
    task.content_area = content_area
    task.title = title
    task.description = (description or "").strip()
    task.expected_output = (expected_output or "").strip()
    task.section = _clean_text(section)[:20]
    if order is not None:
        task.order = order
    _set_schedule(task, due_date=due_date, recurrence=recurrence, recur_until=recur_until)
    task.save()
    task.co_agencies.set(co_agencies)
    return task


@dataclass
class CascadeResult:
    created: list[PlanTask] = field(default_factory=list)
    existing: list[AdministrativeUnit] = field(default_factory=list)
    without_committee: list[AdministrativeUnit] = field(default_factory=list)


@transaction.atomic
def task_cascade(*, task: PlanTask, created_by: User | None = None) -> CascadeResult:
    """Give every committee one level below the task's unit its own copy to track (the plan's "Cấp huyện").

    Idempotent: a unit that already has a copy is skipped, so running it again after a new district committee is
    formed only adds that district's copy. Units without a committee are reported, not silently dropped.
    """
    task = PlanTask.objects.select_for_update(of=("self",)).select_related("plan").get(pk=task.pk)
    result = CascadeResult()
    children = list(AdministrativeUnit.objects.filter(parent_id=task.unit_id).order_by("code"))
    if not children:
        raise ValidationError(_("There is no unit below %(unit)s to cascade to.") % {"unit": task.unit.name})
    committees: dict[int, Committee] = {}
    for committee in Committee.objects.filter(unit__in=children).order_by("unit_id", "cycle"):
        committees[committee.unit_id] = committee  # the newest cycle wins
    copied = set(task.copies.values_list("unit_id", flat=True))
    new_copies = []
    for unit in children:
        if unit.pk in copied:
            result.existing.append(unit)
        elif unit.pk not in committees:
            result.without_committee.append(unit)
        else:
            new_copies.append(
                PlanTask(
                    plan_id=task.plan_id,
                    parent_task=task,
                    unit=unit,
                    content_area=task.content_area,
                    section=task.section,
                    order=task.order,
                    title=task.title,
                    description=task.description,
                    lead_kind=LeadKind.COMMITTEE,
                    lead_committee=committees[unit.pk],
                    due_date=task.due_date,
                    recurrence=task.recurrence,
                    recur_until=task.recur_until,
                    expected_output=task.expected_output,
                    current_due=task.due_date,
                    is_open=True,
                    created_by=created_by,
                )
            )
    # save() one by one rather than bulk_create: simple_history records each copy's creation.
    for copy in new_copies:
        copy.save()
    result.created = new_copies
    return result


# Which status may follow which. A done one-off task may be reopened; a done recurring task is done for one
# cycle and the next report starts the next cycle.
TRANSITIONS: dict[str, set[str]] = {
    TaskStatus.NOT_STARTED: {TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.BLOCKED},
    TaskStatus.IN_PROGRESS: {TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.BLOCKED},
    TaskStatus.BLOCKED: {TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED, TaskStatus.DONE},
    TaskStatus.DONE: {TaskStatus.IN_PROGRESS},
}


def task_allowed_statuses(*, task: PlanTask) -> list[str]:
    allowed = set(TRANSITIONS[task.status])
    if task.status == TaskStatus.DONE and task.recurrence and task.is_open:
        allowed |= {TaskStatus.DONE, TaskStatus.BLOCKED}
    return [s for s in TaskStatus.values if s in allowed]


def next_occurrence(*, task: PlanTask, after: datetime.date) -> datetime.date | None:
    """The first deadline of a recurring task strictly after `after`, or None when the repetition has ended."""
    if not task.recurrence or task.due_date is None:
        return None
    k = 0
    while True:
        occurrence = task.due_date + relativedelta(months=task.recurrence * k)
        if occurrence > after:
            break
        k += 1
    if task.recur_until is not None and occurrence > task.recur_until:
        return None
    return occurrence


@transaction.atomic
def task_update_post(
    *,
    task: PlanTask,
    status: str,
    note: str = "",
    files: Sequence = (),
    author: User | None = None,
) -> TaskUpdate:
    """Record a progress report and move the task on. Evidence files are checked before anything is written.

    A one-off task that is done closes. A recurring task that is done moves its deadline to the next occurrence
    (and closes after the last one).
    """
    task = PlanTask.objects.select_for_update().get(pk=task.pk)
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if status not in TaskStatus.values or status == TaskStatus.NOT_STARTED:
        errors["status"] = [_("Choose the new status.")]
    elif status not in task_allowed_statuses(task=task):
        errors["status"] = [
            _("A task that is “%(old)s” cannot become “%(new)s”.")
            % {"old": TaskStatus(task.status).label, "new": TaskStatus(status).label}
        ]
    if status in (TaskStatus.DONE, TaskStatus.BLOCKED) and not note:
        errors["note"] = [
            _("Say what was done.") if status == TaskStatus.DONE else _("Say what blocks the task and what is needed.")
        ]
    file_errors = []
    for upload in files:
        try:
            validate_document(upload)
        except ValidationError as exc:
            file_errors += [f"{getattr(upload, 'name', '')}: {m}" for m in exc.messages]
    if file_errors:
        errors["evidence"] = file_errors
    if errors:
        raise ValidationError(errors)

    update = TaskUpdate.objects.create(task=task, status=status, note=note, author=author, due_covered=task.current_due)
    for upload in files:
        name = _clean_text(getattr(upload, "name", "")).rsplit("/", 1)[-1][:200] or "file"
        evidence = TaskEvidence(update=update, name=name, size=getattr(upload, "size", 0) or 0)
        evidence.file.save(name, upload, save=False)
        evidence.save()

    task.status = status
    task.last_update_at = timezone.now()
    if status == TaskStatus.DONE:
        if task.recurrence and task.current_due is not None:
            following = next_occurrence(task=task, after=task.current_due)
            if following is None:
                task.is_open = False
            else:
                task.current_due = following
        else:
            task.is_open = False
    elif not task.is_open and not task.recurrence:
        task.is_open = True  # reopened
    task.save(update_fields=["status", "last_update_at", "current_due", "is_open"])
    return update


def task_is_overdue(*, task: PlanTask, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(task.is_open and task.current_due is not None and task.current_due < today)


# --- monitoring ----------------------------------------------------------------------------------------------


@transaction.atomic
def monitoring_assignment_create(
    *,
    committee: Committee,
    membership: Membership,
    units: Iterable[AdministrativeUnit],
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    plan: Plan | None = None,
    note: str = "",
    created_by: User | None = None,
) -> MonitoringAssignment:
    """Assign a committee member one or more units one level down to follow, urge and inspect."""
    units = list(units)
    errors = {}
    if membership is None or membership.committee_id != committee.pk:
        errors["membership"] = _("Choose a member of this committee.")
    elif membership.end_date is not None and membership.end_date < start_date:
        errors["membership"] = _("This member's term ended before the assignment starts.")
    if not units:
        errors["units"] = _("Choose at least one unit to follow.")
    elif any(u.parent_id != committee.unit_id for u in units):
        errors["units"] = _("Members follow units one level below the committee's unit.")
    if end_date is not None and end_date < start_date:
        errors["end_date"] = _("The assignment cannot end before it starts.")
    if plan is not None and plan.unit_id != committee.unit_id:
        errors["plan"] = _("The plan belongs to another unit.")
    if errors:
        raise ValidationError(errors)
    assignment = MonitoringAssignment.objects.create(
        committee=committee,
        membership=membership,
        person_id=membership.person_id,
        start_date=start_date,
        end_date=end_date,
        plan=plan,
        note=_clean_text(note),
        created_by=created_by,
    )
    assignment.units.set(units)
    return assignment


@transaction.atomic
def monitoring_visit_record(
    *,
    assignment: MonitoringAssignment,
    unit: AdministrativeUnit,
    date: datetime.date,
    content: str,
    findings: str = "",
    created_by: User | None = None,
) -> MonitoringVisit:
    # Read the end date under a lock: an assignment ended meanwhile takes no visit after its end.
    assignment = MonitoringAssignment.objects.select_for_update().get(pk=assignment.pk)
    errors = {}
    followed = assignment.units.filter(pk=unit.pk).exists() or any(
        unit.path.startswith(u.path) for u in assignment.units.all()
    )
    if not followed:
        errors["unit"] = _("This member does not follow that unit.")
    if date is None:
        errors["date"] = _("The date of the visit is required.")
    elif date < assignment.start_date:
        errors["date"] = _("The visit cannot be before the assignment started.")
    elif date > timezone.localdate():
        errors["date"] = _("The visit cannot be in the future.")
    elif assignment.end_date is not None and date > assignment.end_date:
        errors["date"] = _("The visit cannot be after the assignment ended.")
    if not (content or "").strip():
        errors["content"] = _("Say what the visit was about.")
    if errors:
        raise ValidationError(errors)
    return MonitoringVisit.objects.create(
        assignment=assignment,
        unit=unit,
        date=date,
        content=content.strip(),
        findings=(findings or "").strip(),
        created_by=created_by,
    )


@transaction.atomic
def monitoring_assignment_end(
    *, assignment: MonitoringAssignment, end_date: datetime.date, note: str = ""
) -> MonitoringAssignment:
    """End an assignment on `end_date`: it stays in the history (and the audit trail) with its visits.

    The end cannot come before the start or before a visit already logged; an ended assignment is not ended
    again (its end date is history, not a setting).
    """
    assignment = MonitoringAssignment.objects.select_for_update().get(pk=assignment.pk)
    errors = {}
    last_visit = assignment.visits.order_by("-date").values_list("date", flat=True).first()
    if assignment.end_date is not None:
        errors["end_date"] = _("This assignment already ended on %(date)s.") % {
            "date": assignment.end_date.strftime("%d/%m/%Y")
        }
    elif end_date is None:
        errors["end_date"] = _("The end date is required.")
    elif end_date < assignment.start_date:
        errors["end_date"] = _("The assignment cannot end before it starts.")
    elif last_visit is not None and end_date < last_visit:
        errors["end_date"] = _("A visit was logged on %(date)s: the assignment cannot end before it.") % {
            "date": last_visit.strftime("%d/%m/%Y")
        }
    if errors:
        raise ValidationError(errors)
    assignment.end_date = end_date
    note = _clean_text(note)
    if note:
        assignment.note = f"{assignment.note} · {note}" if assignment.note else note
        assignment.note = assignment.note[: MonitoringAssignment._meta.get_field("note").max_length]
    assignment.save(update_fields=["end_date", "note"])
    return assignment


@transaction.atomic
def monitoring_visit_update(*, visit: MonitoringVisit, content: str, findings: str = "") -> MonitoringVisit:
    """Correct what a visit was about and what it found (its date and unit stay as logged)."""
    if not (content or "").strip():
        raise ValidationError({"content": _("Say what the visit was about.")})
    visit.content = content.strip()
    visit.findings = (findings or "").strip()
    visit.save(update_fields=["content", "findings"])
    return visit


# --- activities ----------------------------------------------------------------------------------------------


def _figure_value(name: str, value):
    """A figure as its column type, or a field error: figures are summed into reports, so they must be numbers."""
    if value is None or value == "":
        return None
    if name == "revenue_million_vnd":
        try:
            number = Decimal(str(value).replace(",", "."))
        except InvalidOperation as exc:
            raise ValidationError({name: _("Enter a number.")}) from exc
        if not number.is_finite():
            raise ValidationError({name: _("Enter a number.")})
        if number < 0:
            raise ValidationError({name: _("A figure cannot be negative.")})
        if number >= Decimal("1e12"):
            raise ValidationError({name: _("This figure is too large.")})
        return number.quantize(Decimal("0.01"))
    if isinstance(value, bool):
        raise ValidationError({name: _("Enter a whole number.")})
    try:
        number = int(value) if not isinstance(value, float | Decimal) or value == int(value) else None
    except (TypeError, ValueError) as exc:
        raise ValidationError({name: _("Enter a whole number.")}) from exc
    if number is None:
        raise ValidationError({name: _("Enter a whole number.")})
    if number < 0:
        raise ValidationError({name: _("A figure cannot be negative.")})
    if number > 2_000_000_000:
        raise ValidationError({name: _("This figure is too large.")})
    return number


@transaction.atomic
def activity_save(
    *,
    unit: AdministrativeUnit,
    kind: str,
    title: str,
    date: datetime.date,
    content_area: int | None = None,
    place: str = "",
    end_date: datetime.date | None = None,
    description: str = "",
    figures: dict | None = None,
    task: PlanTask | None = None,
    activity: Activity | None = None,
    created_by: User | None = None,
) -> Activity:
    """Log an activity (activity=None) or correct one. Only the figures that matter for its kind are kept."""
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": _("Choose the kind of activity.")})
    default_area, relevant = KIND_FIGURES[kind]
    content_area = content_area or default_area
    errors: dict[str, list[str]] = {}
    title = _clean_text(title)
    if not title:
        errors["title"] = [_("Give the activity a title.")]
    if date is None:
        errors["date"] = [_("The date is required.")]
    elif end_date is not None and end_date < date:
        errors["end_date"] = [_("The end date cannot be before the start date.")]
    if content_area not in ContentArea.values:
        errors["content_area"] = [_("Choose one of the six content areas.")]
    if task is not None and not unit.path.startswith(task.unit.path):
        errors["task"] = [_("The task belongs to another unit.")]
    values = {}
    for name in FIGURE_FIELDS:
        raw = (figures or {}).get(name)
        if name not in relevant:
            values[name] = None
            continue
        try:
            values[name] = _figure_value(name, raw)
        except ValidationError as exc:
            errors.update({k: v for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    if activity is None:
        activity = Activity(created_by=created_by)
    activity.unit = unit
    activity.kind = kind
    activity.content_area = content_area
    activity.title = title
    activity.date = date
    activity.end_date = end_date
    activity.place = _clean_text(place)
    activity.description = (description or "").strip()
    activity.task = task
    for name, value in values.items():
        setattr(activity, name, value)
    activity.save()
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    activity.delete()
