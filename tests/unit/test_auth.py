"""Who may import: the admin decision, the throttle on wrong passwords, the refusals."""

from __future__ import annotations

import base64

from werkzeug.datastructures import Headers

from dashboard.config import Settings
from dashboard.web.auth import AuthConfig, Gate, Throttle, identify, refusal

BASIC = AuthConfig(password="correct horse")
SSO = AuthConfig(user_header="X-Remote-User", admins=frozenset({"ana@uni.example"}))


def basic(user: str, password: str) -> Headers:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return Headers({"Authorization": f"Basic {token}"})


def test_admin_with_the_password_is_an_admin():
    assert identify(BASIC, basic("admin", "correct horse")) == "admin"


def test_wrong_password_or_wrong_user_is_wrong():
    assert identify(BASIC, basic("admin", "correct horsE")) == "wrong"
    assert identify(BASIC, basic("root", "correct horse")) == "wrong"
    assert identify(BASIC, basic("admin", "")) == "wrong"


def test_no_or_other_credentials_are_anonymous():
    assert identify(BASIC, Headers()) == "anonymous"
    assert identify(BASIC, Headers({"Authorization": "Bearer abc"})) == "anonymous"
    assert identify(BASIC, Headers({"Authorization": "Basic %%%not-base64"})) == "anonymous"


def test_non_ascii_password_compares_as_utf8():
    config = AuthConfig(password="pässwörd")
    assert identify(config, basic("admin", "pässwörd")) == "admin"
    assert identify(config, basic("admin", "passwort")) == "wrong"


def test_password_is_ignored_when_basic_is_off():
    assert identify(SSO, basic("admin", "anything")) == "anonymous"


def test_proxy_header_user_on_the_allow_list_is_an_admin_whatever_the_case():
    assert identify(SSO, Headers({"X-Remote-User": " Ana@Uni.Example "})) == "admin"
    assert identify(SSO, Headers({"x-remote-user": "ana@uni.example"})) == "admin"


def test_proxy_header_user_not_on_the_list_is_not_an_admin():
    assert identify(SSO, Headers({"X-Remote-User": "bo@uni.example"})) == "not-admin"
    assert identify(SSO, Headers({"X-Remote-User": ""})) == "anonymous"


def test_proxy_header_is_ignored_when_no_header_is_configured():
    config = AuthConfig(password="pw", admins=frozenset({"ana"}))
    assert identify(config, Headers({"X-Remote-User": "ana"})) == "anonymous"
    assert not AuthConfig(user_header="X-Remote-User").enabled  # a header with nobody allowed


def test_both_ways_a_listed_user_or_the_password():
    both = AuthConfig(password="pw", user_header="X-Remote-User", admins=frozenset({"ana"}))
    assert identify(both, Headers({"X-Remote-User": "ana"})) == "admin"
    headers = basic("admin", "pw")
    headers.add("X-Remote-User", "bo")
    assert identify(both, headers) == "admin"


def test_settings_read_admins_and_hide_the_password():
    settings = Settings.from_env(
        {
            "DASHBOARD_ADMIN_PASSWORD": "s3cret",
            "DASHBOARD_TRUSTED_USER_HEADER": " X-Remote-User ",
            "DASHBOARD_ADMINS": "Ana@uni.example, bo@uni.example,",
        }
    )
    config = AuthConfig.from_settings(settings)
    assert config.basic and config.sso
    assert config.user_header == "X-Remote-User"
    assert config.admins == {"ana@uni.example", "bo@uni.example"}
    assert "s3cret" not in repr(settings) and "s3cret" not in repr(config)
    assert not AuthConfig.from_settings(Settings.from_env({})).enabled


def test_throttle_lets_the_first_failures_through_then_doubles_the_wait():
    throttle = Throttle(free=3, base=2.0, cap=100.0)
    for _ in range(3):
        assert throttle.wait("a", 10.0) == 0.0
        throttle.failed("a", 10.0)
    assert throttle.wait("a", 10.0) == 2.0
    throttle.failed("a", 12.0)
    assert throttle.wait("a", 12.0) == 4.0
    throttle.failed("a", 16.0)
    assert throttle.wait("a", 17.0) == 7.0  # 8 s from the last failure
    assert throttle.wait("b", 17.0) == 0.0  # another address is not slowed


def test_throttle_wait_is_capped_and_forgotten_after_a_quiet_hour():
    throttle = Throttle(free=1, base=1.0, cap=5.0, forget=60.0)
    for _ in range(20):
        throttle.failed("a", 0.0)
    assert throttle.wait("a", 0.0) == 5.0
    assert throttle.wait("a", 61.0) == 0.0
    throttle.failed("a", 61.0)  # counts afresh
    assert throttle.wait("a", 61.0) == 1.0


def test_throttle_success_forgets_the_failures():
    throttle = Throttle(free=0)
    throttle.failed("a", 0.0)
    throttle.succeeded("a")
    assert throttle.wait("a", 0.0) == 0.0


def test_throttle_memory_is_bounded_oldest_forgotten_first():
    throttle = Throttle(free=0, max_clients=3)
    for n in range(10):
        throttle.failed(f"10.0.0.{n}", float(n))
    assert len(throttle) == 3
    assert throttle.wait("10.0.0.0", 9.0) == 0.0  # forgotten
    assert throttle.wait("10.0.0.9", 9.0) > 0.0


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_gate_refuses_even_the_right_password_while_an_address_must_wait():
    clock = Clock()
    gate = Gate(BASIC, throttle=Throttle(free=2, base=30.0), clock=clock)
    for _ in range(2):
        assert gate.verdict(basic("admin", "guess"), "10.0.0.1") == "wrong"
    assert gate.verdict(basic("admin", "correct horse"), "10.0.0.1") == "throttled"
    assert gate.verdict(basic("admin", "guess"), "10.0.0.1") == "throttled"  # not even counted
    assert gate.verdict(basic("admin", "correct horse"), "10.0.0.2") == "admin"
    clock.now = 29.0
    assert gate.verdict(basic("admin", "correct horse"), "10.0.0.1") == "throttled"
    clock.now = 30.0
    assert gate.verdict(basic("admin", "correct horse"), "10.0.0.1") == "admin"
    assert gate.throttle.wait("10.0.0.1", clock.now) == 0.0  # success forgot the failures


def test_gate_without_any_admin_sees_only_anonymous_visitors():
    gate = Gate(AuthConfig())
    assert gate.verdict(basic("admin", ""), "a") == "anonymous"


def test_refusals_ask_for_a_password_only_on_the_page_and_only_with_basic():
    page = refusal(BASIC, "wrong")
    assert page.status_code == 401
    assert page.headers["WWW-Authenticate"].startswith("Basic realm=")
    assert refusal(BASIC, "anonymous", challenge=False).status_code == 403
    assert refusal(SSO, "anonymous").status_code == 403
    assert "WWW-Authenticate" not in refusal(SSO, "not-admin").headers
    assert refusal(BASIC, "throttled").status_code == 429
