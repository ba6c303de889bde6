"""Who may do what in the scenario library.

One person on 127.0.0.1 is the local administrator and nothing is asked. On a shared server the
dashboard names the signed-in user and their role (see README, "Running on a shared server"), and
the store checks every change against the role:

* viewer: read and export;
* analyst: that, plus save new scenarios, change and rename their own, duplicate (the copy is theirs),
  import (new names, or replacing their own);
* admin: change, rename and delete every scenario.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sim.base import N_, StoreError, Worded

NAME_MAX = 200


class Role(enum.StrEnum):
    VIEWER = "viewer"
    ANALYST = "analyst"
    ADMIN = "admin"


class Action(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    RENAME = "rename"
    DUPLICATE = "duplicate"
    DELETE = "delete"
    IMPORT = "import"


# What each role may do to a scenario it created, and to one somebody else created.
_OWN = {
    Role.VIEWER: frozenset(),
    Role.ANALYST: frozenset({Action.CREATE, Action.UPDATE, Action.RENAME, Action.DUPLICATE, Action.IMPORT}),
    Role.ADMIN: frozenset(Action),
}
_OTHERS = {
    Role.VIEWER: frozenset(),
    Role.ANALYST: frozenset({Action.DUPLICATE}),
    Role.ADMIN: frozenset(Action),
}


class PermissionDenied(StoreError):
    """The user's role does not allow the change; nothing was written."""


@dataclass(frozen=True)
class User:
    name: str
    role: Role

    def __post_init__(self) -> None:
        if not self.name.strip() or len(self.name) > NAME_MAX or not self.name.isprintable():
            raise StoreError(
                f"user name {self.name[:40]!r}: expected 1 to {NAME_MAX} printable characters",
                N_("error_user_name"),
                name=repr(self.name[:40]),
                top=NAME_MAX,
            )
        object.__setattr__(self, "role", Role(self.role))

    def check(self, action: Action, program: str, name: str, owner: str | None = None) -> None:
        """Raise PermissionDenied unless this user may ``action`` the scenario ``program/name``.

        ``owner`` is who created it (None for a new one, which counts as the user's own).
        """
        own = owner is None or owner == self.name
        if action in (_OWN if own else _OTHERS)[self.role]:
            return
        whose = "" if own else Worded(f" (created by {owner})", N_("error_created_by"), owner=owner)
        allows = _ROLE_ALLOWS[self.role]
        raise PermissionDenied(
            f"{self.name} ({self.role.value}) may not {action.value} {program}/{name}{whose}: {allows}",
            N_("error_permission"),
            user=self.name,
            role=Worded(self.role.value, _ROLE_WORDS[self.role]),
            action=Worded(action.value, _ACTION_WORDS[action]),
            scenario=f"{program}/{name}",
            whose=whose,
            allows=allows,
        )


_ROLE_WORDS = {Role.VIEWER: N_("role_viewer"), Role.ANALYST: N_("role_analyst"), Role.ADMIN: N_("role_admin")}
_ACTION_WORDS = {
    Action.CREATE: N_("action_create"),
    Action.UPDATE: N_("action_update"),
    Action.RENAME: N_("action_rename"),
    Action.DUPLICATE: N_("action_duplicate"),
    Action.DELETE: N_("action_delete"),
    Action.IMPORT: N_("action_import"),
}
# What a refused user may do instead (an administrator is never refused).
_ROLE_ALLOWS = {
    Role.VIEWER: Worded(
        "viewers read and export; ask an administrator for the analyst role to save", N_("error_viewer_allows")
    ),
    Role.ANALYST: Worded(
        "analysts save new scenarios and change their own; deleting, and changing others', is for administrators",
        N_("error_analyst_allows"),
    ),
}


LOCAL = User("local", Role.ADMIN)
"""The one user of a dashboard on 127.0.0.1 and of the command line: nothing is refused."""
