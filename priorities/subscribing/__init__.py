"""Subscribing to email updates: the public's subscribe, confirm, manage and unsubscribe pages.

Writes go through ``services``; emails are built by ``emails.build_email``; links in emails are
signed by ``priorities.subscribing.links``.
"""
