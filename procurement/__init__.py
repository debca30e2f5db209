"""tibao's web application: public tenders for elevator insurance and maintenance-company evaluation.

`create_app` is the only entry point; nothing here touches the database or the network at import time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

__all__ = ["create_app"]

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: defaults, instance/config.py, TIBAO_* environment, test overrides."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("TIBAO_INSTANCE_PATH", str(ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    from procurement import config

    app.config.from_object(config.Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("TIBAO")
    if test_config is not None:
        app.config.from_mapping(test_config)
    config.finalise(app)

    from procurement.threads import pin_blas

    pin_blas(int(app.config["BLAS_THREADS"]))  # app servers and workers alike (issue 19)

    from procurement import extensions, models  # noqa: F401  # models: complete metadata

    extensions.init_app(app)

    from procurement import errors, i18n, pagecache, security

    security.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    pagecache.init_app(app)

    from procurement.jobs import cli as jobs_cli
    from procurement.jobs import queue

    queue.init_app(app)
    app.cli.add_command(jobs_cli.jobs_cli)

    from procurement.accounts.views import bp as accounts_bp
    from procurement.api.views import bp as api_bp
    from procurement.audit.views import bp as audit_bp
    from procurement.auth.views import bp as auth_bp
    from procurement.bids.views import bp as bids_bp
    from procurement.consultation.views import bp as consultation_bp
    from procurement.evaluation.views import bp as evaluation_bp
    from procurement.jobs.views import bp as jobs_bp
    from procurement.keyholders.views import bp as keyholders_bp
    from procurement.main.views import bp as main_bp
    from procurement.maintenance.views import bp as maintenance_bp
    from procurement.opening.views import bp as opening_bp
    from procurement.organisations.views import bp as organisations_bp
    from procurement.publication.views import bp as publication_bp
    from procurement.register.views import bp as register_bp
    from procurement.rulesets.views import bp as rulesets_bp
    from procurement.shaoguan import proposal_views, public, views  # noqa: F401  # add their routes
    from procurement.shaoguan.blueprint import bp as shaoguan_bp
    from procurement.supervision.views import bp as supervision_bp
    from procurement.tenders.views import bp as tenders_bp
    from procurement.workdays.views import bp as workdays_bp

    blueprints = (
        main_bp,
        auth_bp,
        accounts_bp,
        audit_bp,
        tenders_bp,
        bids_bp,
        opening_bp,
        evaluation_bp,
        consultation_bp,
        workdays_bp,
        publication_bp,
        maintenance_bp,
        api_bp,
        keyholders_bp,
        rulesets_bp,
        supervision_bp,
        organisations_bp,
        register_bp,
        shaoguan_bp,
        jobs_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)

    from procurement import cli, ratelimit

    ratelimit.init_app(app)  # after the blueprints: it limits their views
    cli.init_app(app)
    return app
