"""Whatever a visitor types in an address or a public form, the answer is never a server error.

Every page the permission table opens to anonymous visitors is requested with query strings drawn
by Hypothesis (the parameters the pages read, and others), made of hostile values: digits from
other scripts, huge and negative numbers, control characters, very long text. The forms they may
post (joining a workshop by its code, choosing a nickname, recovering one's answers; a participant's
answers, votes and dots) are posted the same way, by a visitor and by a workshop's participant.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_permission_matrix import ANONYMOUS, PARTICIPANT, ROUTES, _clients, build_world

pytestmark = pytest.mark.django_db

PARAMETERS = [
    "q", "page", "zoom", "departement", "departements", "category", "scheme", "theme", "type",
    "audience", "level", "recognised", "commune_q", "etat", "groupe", "imprimer", "n",
    "partenariat", "pseudonymes", "v", "next", "bbox", "lang",
]  # fmt: skip
# Slow by design (a PDF, a whole export) and covered by their own tests.
SLOW = ("pdf", "export", "print", "ics", "poster")

# Digits of other scripts, numbers too large or negative, control characters, very long text.
NASTY = ["²", "١٢", "𝟗", "Ⅻ", "-1", "0", "1e308", "nan", "9" * 40, "", " ", "\x00", "é" * 3000]
hostile = st.one_of(
    st.text(max_size=40),
    st.sampled_from(NASTY),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
)
queries = st.dictionaries(
    st.one_of(st.sampled_from(PARAMETERS), st.text(min_size=1, max_size=12)),
    st.one_of(hostile, st.lists(hostile, max_size=3)),
    max_size=5,
)


fields = st.dictionaries(
    st.one_of(
        st.sampled_from(
            ["code", "nickname", "peer_group", "recovery_code", "text", "value", "choice", "x", "y"]
        ),
        st.text(min_size=1, max_size=12),
    ),
    hostile,
    max_size=5,
)
# Leaving the workshop or erasing everything would end the participant's visit for the next
# examples; they are fuzzed last, by the anonymous visitor only.
ENDS_THE_VISIT = ("leave_device", "forget_me")


def _urls(world, role: str, method: str) -> list[str]:
    return sorted(
        {
            reverse(name, kwargs=route.args(world))
            for name, route in ROUTES.items()
            if role in getattr(route, method)
            and not any(word in name for word in SLOW)
            and not (role == PARTICIPANT and any(word in name for word in ENDS_THE_VISIT))
        }
    )


def _probe(client, method: str, urls: list[str], examples: int) -> None:
    data = queries if method == "get" else fields

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.sampled_from(urls), data, st.booleans())
    def probe(url, sent, htmx):
        cache.clear()  # the limits on guessing must not hide the pages' own answers
        headers = {"HX-Request": "true"} if htmx else {}
        response = getattr(client, method)(url, sent, headers=headers)
        assert response.status_code < 500, (method, url, sent, response.status_code)

    probe()


@pytest.mark.parametrize("role", [ANONYMOUS, PARTICIPANT])
@pytest.mark.parametrize("method", ["get", "post"])
def test_nothing_a_visitor_sends_makes_a_server_error(role, method):
    world = build_world()
    urls = _urls(world, role, method)
    assert len(urls) >= 5, urls
    client = _clients(world)[role]
    client.raise_request_exception = False
    # Every page, every known parameter at once, with each value known to have broken parsers.
    names = PARAMETERS if method == "get" else ["code", "nickname", "peer_group", "text", "value"]
    for url in urls:
        for value in NASTY:
            cache.clear()
            response = getattr(client, method)(url, dict.fromkeys(names, value))
            assert response.status_code < 500, (method, url, value, response.status_code)
    # Then what Hypothesis draws.
    _probe(client, method, urls, examples=200)
