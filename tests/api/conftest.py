# The observatory's small network, whose small counts must stay hidden in the API too.
from tests.observatory.conftest import network  # noqa: F401
