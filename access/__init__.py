"""Who may do what: one table of rules, checked in one place."""

from access.permissions import Action, can, roles_granting

__all__ = ["Action", "can", "roles_granting"]
