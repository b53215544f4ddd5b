from campaign_portal.gunicorn import post_worker_init
from campaign_portal.warmup import template_names, warm_up


def test_every_template_compiles_when_a_worker_warms_up(caplog):
    """A gunicorn worker compiles every template before its first request; a broken template would be logged."""
    names = template_names()
    assert (
        "base.html" in names and "reporting/report_edit.html" in names and "inspections/inspection_form.html" in names
    )
    assert warm_up() >= len(names)
    assert "does not compile" not in caplog.text


def test_the_gunicorn_hook_warms_the_worker(monkeypatch):
    called = []
    monkeypatch.setattr("campaign_portal.warmup.warm_up", lambda: called.append(True) or 0)
    post_worker_init(worker=None)
    assert called == [True]
