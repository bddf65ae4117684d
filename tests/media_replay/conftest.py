from tests.lectures.conftest import create_lecture, create_programme  # noqa: F401 - shared factories
