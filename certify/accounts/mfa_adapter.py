"""allauth's two-factor messages in the site's words (MFA_ADAPTER): it said "email" and did not
say where to go ("You cannot activate two-factor authentication until you have verified your
email address", also when only an added, second address is not confirmed)."""

from allauth.mfa.adapter import DefaultMFAAdapter


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": (
            "While two-factor authentication is on, you cannot add an e-mail address: turn the "
            "authenticator app off first."
        ),
        "incorrect_code": "That code is not right: type the code your app shows now.",
        "unverified_email": (
            "Confirm every e-mail address of your account before you set up two-factor "
            "authentication: open the link we sent, or remove the address on your e-mail "
            "addresses page."
        ),
    }
