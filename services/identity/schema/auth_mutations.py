# mypy: disable-error-code="untyped-decorator"
# (strawberry.mutation with arguments is untyped to mypy; the resolvers themselves are typed)
"""Signing in and out: login, refreshToken, serviceLogin (anonymous), changePassword, logout.

Each `login` resolver call is one counted attempt, whether it comes alone, as one of many
aliases in a document, or in a batch.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from kinerja.graphql import Conflict, Info, NotFound, ValidationFailed, mutation_errors
from services.identity.schema import guard
from services.identity.schema.access_types import LoginFailed, TokenPayload
from services.identity.service import accounts, sessions, signin
from services.identity.service.sessions import SignInRefused, TokenPair

UNKNOWN_ADDRESS = "unknown"


@strawberry.input(description="An employee's NIP (spaces allowed) and password.")
class LoginInput:
    """Input of login."""

    nip: str
    password: str


@strawberry.input(description="A refresh token from an earlier sign-in or refresh.")
class RefreshTokenInput:
    """Input of refreshToken."""

    refresh_token: str


@strawberry.input(description="The refresh token of the session to end.")
class LogoutInput:
    """Input of logout."""

    refresh_token: str


@strawberry.input(description="A service account's client credentials.")
class ServiceLoginInput:
    """Input of serviceLogin."""

    client_id: str
    client_secret: str


@strawberry.input(description="The current password and the new one (at least 10 characters).")
class ChangePasswordInput:
    """Input of changePassword."""

    current_password: str
    new_password: str


@strawberry.type(description="The session ended; its tokens no longer work.")
class LogoutPayload:
    """Logout outcome."""

    logged_out: bool


LoginResult = Annotated[TokenPayload | LoginFailed, strawberry.union("LoginResult")]
RefreshTokenResult = Annotated[TokenPayload | LoginFailed, strawberry.union("RefreshTokenResult")]
ServiceLoginResult = Annotated[TokenPayload | LoginFailed, strawberry.union("ServiceLoginResult")]
LogoutResult = Annotated[LogoutPayload | LoginFailed, strawberry.union("LogoutResult")]
ChangePasswordResult = Annotated[
    TokenPayload | ValidationFailed | NotFound | Conflict, strawberry.union("ChangePasswordResult")
]


def client_address(info: Info) -> str:
    """The caller's address: the first hop of `x-forwarded-for` (set by the gateway), else the
    peer's address."""
    request = info.context.extras.get("request")
    if request is None:
        return str(info.context.extras.get("client_address", UNKNOWN_ADDRESS))
    forwarded = request.headers.get("x-forwarded-for", "")
    first_hop = forwarded.split(",")[0].strip()
    if first_hop:
        return str(first_hop)[:64]
    client = request.client
    return UNKNOWN_ADDRESS if client is None else str(client.host)


def _result(outcome: TokenPair | SignInRefused) -> TokenPayload | LoginFailed:
    if isinstance(outcome, SignInRefused):
        return LoginFailed(message=outcome.message)
    return TokenPayload.from_pair(outcome)


@strawberry.type
class AuthMutation:
    """Identity's sign-in mutations."""

    @strawberry.mutation(description="Sign in with NIP and password.")
    async def login(self, info: Info, input: LoginInput) -> LoginResult:
        """A new session, or one refusal message for every wrong credential."""
        credentials = signin.Credentials(input.nip, input.password, client_address(info))
        outcome = await signin.login(
            info.context.session_factory, guard.access(info), credentials, now=info.context.now()
        )
        return _result(outcome)

    @strawberry.mutation(description="Exchange a refresh token for new tokens (one use each).")
    async def refresh_token(self, info: Info, input: RefreshTokenInput) -> RefreshTokenResult:
        """Rotate a refresh token; a reused one ends its whole session."""
        outcome = await sessions.refresh(
            info.context.session_factory,
            guard.access(info),
            input.refresh_token,
            now=info.context.now(),
        )
        return _result(outcome)

    @strawberry.mutation(description="Client-credentials sign-in of a service account.")
    async def service_login(self, info: Info, input: ServiceLoginInput) -> ServiceLoginResult:
        """An access token carrying the service account's scopes."""
        credentials = signin.Credentials(input.client_id, input.client_secret, client_address(info))
        outcome = await signin.service_login(
            info.context.session_factory, guard.access(info), credentials, now=info.context.now()
        )
        return _result(outcome)

    @strawberry.mutation(description="End the session of a refresh token (and the current one).")
    async def logout(self, info: Info, input: LogoutInput) -> LogoutResult:
        """Revoke the session's refresh tokens and its access tokens everywhere."""
        employee_id = guard.signed_in_employee(info)
        try:
            ended = employee_id is not None and await sessions.logout(
                info.context.session_factory,
                guard.access(info),
                input.refresh_token,
                employee_id=employee_id,
                current_sid=info.context.principal.session_id,
            )
        except sessions.AccessUnavailableError:
            return LoginFailed(message="sign-out is temporarily unavailable; try again")
        if not ended:
            return LoginFailed(message=sessions.INVALID_REFRESH)
        return LogoutPayload(logged_out=True)

    @strawberry.mutation(description="Change the caller's password; returns a fresh session.")
    @mutation_errors
    async def change_password(self, info: Info, input: ChangePasswordInput) -> ChangePasswordResult:
        """Replace the password (other sessions end)."""
        employee_id = guard.signed_in_employee(info)
        if employee_id is None:
            return NotFound(message="account not found", id=None)
        change = accounts.PasswordChange(employee_id, input.current_password, input.new_password)
        pair = await accounts.change_password(
            info.context.session_factory,
            guard.access(info),
            change,
            guard.actor(info),
            now=info.context.now(),
        )
        return TokenPayload.from_pair(pair)
