"""The register's forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class RegisterUploadForm(FlaskForm):
    file = FileField(
        _l("File (CSV or XLSX)"),
        validators=[FileRequired(_l("Choose a file."))],
        description=_l("The first row holds the headers of the template file."),
    )


class ConfirmForm(FlaskForm):
    pass
