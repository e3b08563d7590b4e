"""Staff sign-in: two-factor authentication, lockout after repeated failures and session limits
for the officers' admin. See docs/staff-sign-in.md."""
