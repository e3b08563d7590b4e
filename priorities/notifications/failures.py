"""How a refused or failed send is sorted: TEMPORARY (retry later on the same connection),
PERMANENT (dead at once), DROPPED (reconnect) or STOP (stop the batch). Both mailers use these."""

import smtplib

TEMPORARY = "temporary"  # a 4xx refusal: this email waits for its retry; the connection is fine
PERMANENT = "permanent"  # a 5xx refusal: this email is dead, with the server's reason
DROPPED = "dropped"  # the connection broke (or timed out): this email retries; reconnect
#: The service asks to be left alone (GOV.UK Notify's 429) or refuses the portal's configuration
#: (a refused API key): this email and the rest of the batch wait for their retry, untried, and
#: the fault, not being the email's, never makes it dead.
STOP = "stop"


#: Reconnections in one batch before the rest of the batch is left for its retry.
def classify_failure(error) -> str:
    """Sort an exception from sending one email into TEMPORARY, PERMANENT or DROPPED."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        if 421 in codes:
            return DROPPED  # smtplib has closed the connection
        if codes and all(500 <= code < 600 for code in codes):
            return PERMANENT
        return TEMPORARY
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return DROPPED
    if isinstance(error, smtplib.SMTPResponseException):
        if error.smtp_code == 421:
            return DROPPED
        if 500 <= error.smtp_code < 600:
            return PERMANENT
        return TEMPORARY
    if isinstance(error, smtplib.SMTPException):
        return TEMPORARY  # a protocol error on a connection that still works
    if isinstance(error, OSError):
        return DROPPED  # refused, reset, timed out: the connection's state is unknown
    return TEMPORARY


def refusal_reason(error) -> str:
    """The server's own words for a permanent refusal, e.g. "550 5.1.1 No such mailbox"."""

    def words(code, message):
        if isinstance(message, bytes):
            message = message.decode("utf-8", "replace")
        return f"{code} {message}"

    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(words(code, message) for code, message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return words(error.smtp_code, error.smtp_error)
    return f"{type(error).__name__}: {error}"
