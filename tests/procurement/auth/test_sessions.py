"""Issue 13 item 7: signing out and changing the password revoke sessions; the throttle holds under
concurrency; an unknown user name costs as much time as a wrong password."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.auth import passwords
from procurement.auth.models import LoginFailure
from tests.conftest import PASSWORD, csrf_token, submit
from tests.factories import make_user

NEW_PASSWORD = "Lift-safety-77"


def sign_in(client, username, password=None, **extra):
    data = {"username": username, "password": password or PASSWORD, **extra}
    return submit(client, "/login", data)


def copy_cookies(source, target, *names):
    for name in names:
        cookie = source.get_cookie(name)
        assert cookie is not None, name
        target.set_cookie(name, cookie.value)


def signed_in(client) -> bool:
    return client.get("/accounts/me").status_code == 200


def test_signing_out_revokes_the_session_and_the_remember_me_cookie(app, client, db):
    make_user(Role.OFFICER, username="wang")
    assert sign_in(client, "wang", remember="y").status_code == 302
    stolen_session, stolen_remember = app.test_client(), app.test_client()
    copy_cookies(client, stolen_session, "session")
    copy_cookies(client, stolen_remember, "remember_token")
    assert signed_in(stolen_session) and signed_in(stolen_remember)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert not signed_in(client)
    # A copy of the cookies taken before signing out no longer signs anybody in.
    assert not signed_in(stolen_session)
    assert not signed_in(stolen_remember)


def test_a_password_change_signs_out_every_other_device(app, client, db):
    make_user(Role.MEMBER, username="zhao")
    other = app.test_client()
    for device in (client, other):
        assert sign_in(device, "zhao", remember="y").status_code == 302
    remembered = app.test_client()
    copy_cookies(other, remembered, "remember_token")

    done = submit(
        client,
        "/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert signed_in(client)  # the device that changed it stays signed in
    assert not signed_in(other)
    assert not signed_in(remembered)


def test_concurrent_wrong_passwords_cannot_pass_the_throttle(app, client, db, monkeypatch):
    make_user(Role.OFFICER, username="wang")
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit - 1):
        assert sign_in(client, "wang", "Wrong-password-9").status_code == 401
    # The last allowed guess is being checked when a second guess arrives on another connection.
    second = app.test_client()
    token = csrf_token(second, "/login")
    answers = []
    real_check = passwords.check_password

    def check_while_another_guess_arrives(password_hash, password):
        if not answers:
            answers.append(None)
            data = {"username": "wang", "password": "Wrong-password-8", "csrf_token": token}
            answers.append(second.post("/login", data=data).status_code)
        return real_check(password_hash, password)

    monkeypatch.setattr(passwords, "check_password", check_while_another_guess_arrives)
    monkeypatch.setattr(
        "procurement.auth.operations.check_password", check_while_another_guess_arrives
    )
    assert sign_in(client, "wang", "Wrong-password-9").status_code == 401
    assert answers[1] == 429  # counted before checking: the second guess is refused unchecked
    failures = db.session.scalar(
        sa.select(sa.func.count()).select_from(LoginFailure).where(LoginFailure.username == "wang")
    )
    assert failures == limit


def test_an_unknown_user_name_costs_a_password_hash(client, db, monkeypatch):
    make_user(Role.OFFICER, username="wang")
    verified = []

    class CountingHasher:
        def verify(self, password_hash, password):
            verified.append(password_hash)
            return real.verify(password_hash, password)

        def __getattr__(self, name):
            return getattr(real, name)

    real = passwords._hasher
    monkeypatch.setattr(passwords, "_hasher", CountingHasher())
    assert sign_in(client, "nobody", "Wrong-password-9").status_code == 401
    assert sign_in(client, "wang", "Wrong-password-9").status_code == 401
    assert len(verified) == 2  # one argon2 verification each, known user or not
    assert verified[0].startswith("$argon2id$")


def test_the_session_token_is_not_the_user_id(client, db):
    user = make_user(Role.OFFICER, username="wang")
    assert user.get_id() != str(user.id)
    assert len(user.get_id()) >= 32


def test_parallel_guesses_stop_at_the_limit(app, db):
    """Threads on connections of their own guess at once: exactly the limit are let through."""
    import threading

    from procurement.auth import operations
    from procurement.auth.operations import SignInThrottled

    make_user(Role.OFFICER, username="wang")
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    guesses = limit + 3
    start = threading.Barrier(guesses)
    outcomes: list[str] = []

    def guess(index: int) -> None:
        with app.app_context():
            from procurement.extensions import db as database

            start.wait()
            try:
                operations.count_attempt("wang", f"198.51.100.{index}")
                database.session.commit()
                outcomes.append("counted")
            except SignInThrottled:
                database.session.rollback()
                outcomes.append("throttled")
            finally:
                database.session.remove()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["counted"] * limit + ["throttled"] * 3
