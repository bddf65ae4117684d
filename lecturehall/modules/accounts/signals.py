"""What the accounts module asks of the modules built on it: accounts is the lowest module and imports none of them.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

personal_data_requested = _signals.signal("personal-data-requested", doc="""A user downloads their data. Sender: the
User. Each receiver returns a ``(section name, JSON-ready value)`` pair with what its module holds about the user,
or None.""")
