"""gunicorn settings used by `make serve` and the load test: `gunicorn -c python:campaign_portal.gunicorn …`."""


def post_worker_init(worker) -> None:
    """Warm each worker before it takes requests (see campaign_portal/warmup.py)."""
    from campaign_portal.warmup import warm_up

    warm_up()
