"""Emails to the public: who follows what, the outbox, the occasions (weekly digest, meeting
pack, reminders), the emails themselves, the mailers (SMTP or GOV.UK Notify) and the tasks."""
