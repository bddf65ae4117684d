"""KeyedLoads (the viewing token's and the lean path's session-cookie check) answers as itsdangerous's own loads:
the same payload and time for a good value, the same exception for every bad one, old keys included."""

import time

import pytest
import time_machine
from itsdangerous import BadData, URLSafeTimedSerializer

from lecturehall.modules.presence.tokens import KeyedLoads

MAX_AGE = 3600


def outcome(loads, value):
    try:
        return ("ok", *loads(value))
    except BadData as error:
        return (type(error).__name__, str(error))


def reference(serializer):
    return lambda value, max_age: serializer.loads(value, max_age=max_age, return_timestamp=True)


@pytest.fixture
def serializer():
    return URLSafeTimedSerializer(["old-secret", "current-secret"], salt="lecturehall.presence")


def signed(serializer, payload, *, ago=0.0, keys=None):
    with time_machine.travel(time.time() - ago, tick=False):
        return URLSafeTimedSerializer(keys or serializer.secret_keys, salt=serializer.salt).dumps(payload)


def cases(serializer):
    good = signed(serializer, [1, 1, 7, "", "session", 0.0])
    return {
        "good": good,
        "big payload (compressed)": signed(serializer, ["x" * 400]),
        "signed with the old key": signed(serializer, [1], keys=["old-secret"]),
        "another key": signed(serializer, [1], keys=["someone-else"]),
        "expired": signed(serializer, [1], ago=MAX_AGE + 5),
        "from the future": signed(serializer, [1], ago=-120),
        "tampered payload": "W" + good[1:],
        "tampered signature": good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        "garbled signature": good[:-4] + "!!!!",
        "no dots": "nodotsatall",
        "one dot": "only.one",
        "empty": "",
        "not ascii": good + "é",
    }


def test_keyed_loads_answers_as_itsdangerous(serializer):
    keyed, plain = KeyedLoads(serializer), reference(serializer)
    for what, value in cases(serializer).items():
        assert outcome(lambda v: keyed(v, MAX_AGE), value) == outcome(lambda v: plain(v, MAX_AGE), value), what
    assert outcome(lambda v: keyed(v, MAX_AGE), cases(serializer)["good"])[0] == "ok"


def test_a_good_value_takes_the_short_way_and_anything_else_the_long_one(serializer):
    keyed, values = KeyedLoads(serializer), cases(serializer)
    assert keyed._current(values["good"], MAX_AGE) is not None
    assert keyed._current(values["big payload (compressed)"], MAX_AGE) is not None
    for what in ("signed with the old key", "expired", "from the future", "tampered signature", "no dots"):
        assert keyed._current(values[what], MAX_AGE) is None, what
