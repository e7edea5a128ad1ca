"""Accounts: the email-login User, roles, org units (region → team) and the audit log."""
