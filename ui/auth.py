"""Who is using the dashboard, and with which role (viewer, analyst, admin).

Three ways, chosen by ``TT_AUTH`` (see README, "Running on a shared server"):

* ``none`` (the default): one person on 127.0.0.1, the local administrator; nothing is asked.
* ``oidc``: Streamlit's own login (``st.login``) with the bureau's identity provider, configured in
  ``.streamlit/secrets.toml`` under ``[auth]``; the user is their e-mail address (or name).
* ``proxy``: a reverse proxy that signs users in sets a header (``TT_USER_HEADER``, default
  ``X-Forwarded-User``) on every request; the dashboard must listen only where the proxy reaches it.

Roles come from ``TT_ADMINS`` and ``TT_ANALYSTS`` (comma-separated user names) or from the
``[roles]`` table of secrets.toml (``admins = [...]``, ``analysts = [...]``); everyone else is a viewer
(``TT_DEFAULT_ROLE`` changes that).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import streamlit as st

from sim.store import LOCAL, Action, PermissionDenied, Role, User

__all__ = ["Action", "User", "allowed", "current_user", "mode", "roles", "signed_in_caption", "user_for"]

from .i18n import t
from .safe import tm

ENV_MODE = "TT_AUTH"
ENV_HEADER = "TT_USER_HEADER"
DEFAULT_HEADER = "X-Forwarded-User"
MODES = ("none", "oidc", "proxy")


def mode() -> str:
    value = os.environ.get(ENV_MODE, "none").strip().lower() or "none"
    return value if value in MODES else "invalid"


def roles(env: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None) -> dict[str, Role]:
    """User name → role, from the environment and secrets.toml's ``[roles]`` (admins win over analysts)."""
    env = os.environ if env is None else env
    table = dict(secrets or {})
    out: dict[str, Role] = {}
    for role, env_key, secret_key in ((Role.ANALYST, "TT_ANALYSTS", "analysts"), (Role.ADMIN, "TT_ADMINS", "admins")):
        names = [n.strip() for n in env.get(env_key, "").split(",") if n.strip()]
        names += [str(n).strip() for n in table.get(secret_key, [])]
        out.update(dict.fromkeys(names, role))
    return out


def default_role(env: Mapping[str, str] | None = None) -> Role:
    env = os.environ if env is None else env
    try:
        return Role(env.get("TT_DEFAULT_ROLE", "viewer").strip().lower())
    except ValueError:
        return Role.VIEWER


def user_for(name: str, env: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None) -> User:
    return User(name, roles(env, secrets).get(name, default_role(env)))


def _secret_roles() -> Mapping[str, Any]:
    try:
        return st.secrets.get("roles", {})
    except FileNotFoundError:  # no secrets.toml: roles come from the environment only
        return {}


def current_user() -> User:
    """The signed-in user; draws the sign-in step and stops the page until there is one."""
    how = mode()
    if how == "none":
        return LOCAL
    if how == "invalid":
        st.error(tm("auth_bad_mode", setting=ENV_MODE, value=os.environ.get(ENV_MODE, ""), valid=", ".join(MODES)))
        st.stop()
    if how == "oidc":
        if not st.user.is_logged_in:
            st.info(t("auth_sign_in"))
            st.button(t("auth_login"), on_click=st.login, type="primary")
            st.stop()
        name = str(st.user.get("email") or st.user.get("name") or "")
    else:
        name = (st.context.headers.get(os.environ.get(ENV_HEADER, DEFAULT_HEADER)) or "").strip()
    if not name:
        st.error(tm("auth_no_user", header=os.environ.get(ENV_HEADER, DEFAULT_HEADER)))
        st.stop()
    return user_for(name, secrets=_secret_roles())


def allowed(user: User, action: Action, program: str = "", name: str = "", owner: str | None = None) -> bool:
    """Whether ``user`` may do ``action`` (the store checks again on the change itself)."""
    try:
        user.check(action, program, name, owner)
    except PermissionDenied:
        return False
    return True


def signed_in_caption(user: User) -> str | None:
    """The sidebar's line naming who is signed in, with which role; none for the local single user."""
    if mode() == "none":
        return None
    role = {Role.VIEWER: t("role_viewer"), Role.ANALYST: t("role_analyst"), Role.ADMIN: t("role_admin")}[user.role]
    return tm("signed_in_as", user=user.name, role=role)
