"""Writes of the reporting app, by aggregate: periods, templates, the report workflow and reminders.

Every function is keyword-only and transactional. Validation errors are ValidationError with a field dict where a
form field can show them. Access (who may call what) is decided in reporting/permissions.py, not here; here are
the rules of the data itself: the state machine, the optimistic lock, closed periods, value ranges.
"""

from reporting.services.periods import (
    PeriodDefaults,
    period_deadlines_set,
    period_defaults,
    period_open,
    period_set_status,
)
from reporting.services.reminders import (
    ReminderItem,
    reminder_recipients,
    report_reminders_send,
)
from reporting.services.templates import (
    indicator_delete,
    indicator_rules_check,
    indicator_save,
    section_delete,
    section_save,
    template_in_use,
    template_is_editable,
    template_new_version,
    template_publish,
)
from reporting.services.workflow import (
    ALLOWED_TRANSITIONS,
    report_accept,
    report_attachment_add,
    report_attachment_delete,
    report_return,
    report_save,
    report_submit,
    transition_allowed,
    value_check,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "PeriodDefaults",
    "ReminderItem",
    "indicator_delete",
    "indicator_rules_check",
    "indicator_save",
    "period_deadlines_set",
    "period_defaults",
    "period_open",
    "period_set_status",
    "reminder_recipients",
    "report_accept",
    "report_attachment_add",
    "report_attachment_delete",
    "report_reminders_send",
    "report_return",
    "report_save",
    "report_submit",
    "section_delete",
    "section_save",
    "template_in_use",
    "template_is_editable",
    "template_new_version",
    "template_publish",
    "transition_allowed",
    "value_check",
]
