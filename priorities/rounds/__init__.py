"""Update rounds: each quarter every owner updates their initiatives by a deadline.

``services`` opens and closes a round, ``selectors`` says who has updated, ``emails`` sends the
opening emails and the reminders once each, ``tasks`` runs them on Celery.
"""
