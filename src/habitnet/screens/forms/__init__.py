"""Modal forms, and the validation helpers they share."""

from __future__ import annotations

#: Shared look of the modal forms (each form adds its own rules).
FORM_CSS = """
ModalScreen { align: center middle; }
.form-box {
    width: 90; max-width: 100%; height: auto; max-height: 100%;
    border: round $primary; background: $surface; padding: 0 1;
}
.form-title { text-style: bold; color: $primary; margin-bottom: 1; }
.form-row { height: auto; }
.form-label { width: 11; color: $text-muted; }
.form-row > Input, .form-row > Select { width: 1fr; }
.form-error { color: $error; padding-left: 11; height: auto; }
.form-buttons { height: auto; margin-top: 1; align: right middle; }
.form-buttons Button { margin-left: 2; }
#verdict { margin-top: 1; height: auto; }
#override-box { height: auto; }
#verdict.-ok { color: $success; }
#verdict.-refused { color: $warning; text-style: bold; }
"""
