"""Extensions, created unbound and bound to the app in the factory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from procurement.db import Base, configure_sqlite

MIGRATIONS = Path(__file__).parent / "migrations"

db = SQLAlchemy(model_class=Base)

# The base class of every model. Flask-SQLAlchemy builds `db.Model` at run time from `Base`; type
# checkers cannot follow an instance attribute used as a base class, so they are shown `Base`.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate(directory=str(MIGRATIONS), render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def init_app(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)
    migrate.init_app(app, db)
    login_manager.init_app(app)
    csrf.init_app(app)
