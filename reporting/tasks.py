"""Thin Celery tasks: IDs in, one service call (services imported late, no cycles)."""

from celery import shared_task


@shared_task(name="reporting.tasks.report_reminders_send", acks_late=True, soft_time_limit=600, time_limit=900)
def report_reminders_send() -> int:
    """07:00 daily (settings.CELERY_BEAT_SCHEDULE): one digest per person about reports due or overdue."""
    from reporting import services

    return services.report_reminders_send()
