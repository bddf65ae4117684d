"""An admin's or a coordinator's scheduled report: weekly or monthly, for one programme or all."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from lecturehall.core.auth import current_viewer, roles_required
from lecturehall.modules.reports import operations
from lecturehall.modules.reports.forms import SubscriptionForm
from lecturehall.modules.reports.models import Frequency
from lecturehall.modules.reports.scope import scope_for
from lecturehall.modules.reports.viewing import visible_programmes


@roles_required("admin", "coordinator")
def subscription():
    user = current_viewer()
    scope = scope_for(user)
    form = SubscriptionForm().with_choices(visible_programmes(scope))
    current = operations.subscription_of(user.id)
    if form.is_submitted():
        if form.validate():
            frequency = Frequency(form.frequency.data) if form.frequency.data else None
            operations.save_subscription(user, frequency, int(form.programme.data) if form.programme.data else None)
            stopped = _("You will no longer receive scheduled reports.")
            flash(_("Your scheduled report is saved.") if frequency else stopped, "success")
            return redirect(url_for("reports.subscription"))
        return render_template("reports/subscription.html", form=form, current=current), 422
    if current is not None:
        form.frequency.data = current.frequency.value
        form.programme.data = str(current.programme_id) if current.programme_id else ""
    return render_template("reports/subscription.html", form=form, current=current)
