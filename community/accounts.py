"""Logins that last: a code by SMS to reset a forgotten password or to claim a record staff made
at the counter, and staff resetting a resident's password at the counter.

Asking for a code gets the same answer whether or not the number may have one; a code is sent
only where it may. Codes are kept as a keyed hash, live 10 minutes, are used once and die after
5 wrong tries; a new code replaces the number's earlier ones.
"""

import datetime
import secrets
from dataclasses import dataclass

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.services import notify

from . import audit, throttling
from .models import AccountCode, AuditEntry, Resident, User
from .models.accounts import CODE_LIFETIME

Purpose = AccountCode.Purpose

HOUR = 60 * 60
# A one-time password from the counter logs in until the end of the 7th day after the reset:
# time for a family member to help at the weekend, not long enough to lie about for weeks.
COUNTER_PASSWORD_DAYS = datetime.timedelta(days=7)

# What the SMS says the code is for, after "您的验证码用于…".
CODE_PURPOSES = {
    Purpose.PASSWORD_RESET: gettext_lazy("reset your password"),
    Purpose.CLAIM: gettext_lazy("claim your record"),
}


class TooManyCodes(Exception):
    """The number or the client address asked for too many codes in the last hour."""


def _digest(purpose: str, mobile: str, code: str) -> str:
    return salted_hmac(
        "community.accounts.code", f"{purpose}:{mobile}:{code}", algorithm="sha256"
    ).hexdigest()


def _too_many_codes(mobile: str, address: str) -> bool:
    per_address = settings.ACCOUNT_CODES_PER_ADDRESS_PER_HOUR
    per_number = settings.ACCOUNT_CODES_PER_NUMBER_PER_HOUR
    # The address first, so that one address over its limit no longer uses up a number's codes.
    return throttling.over_limit(
        f"account-codes:address:{address}", limit=per_address, window=HOUR
    ) or throttling.over_limit(f"account-codes:number:{mobile}", limit=per_number, window=HOUR)


def _code_recipient(purpose: str, mobile: str) -> User | Resident | None:
    """Who may get a code for `purpose` at this number: an active login to reset; for a claim,
    the oldest record made at the counter with the number, while no login has it."""
    if purpose == Purpose.PASSWORD_RESET:
        return User.objects.filter(mobile=mobile, is_active=True).first()
    if User.objects.filter(mobile=mobile).exists():
        return None
    return Resident.objects.unclaimed(mobile).first()


@transaction.atomic
def account_code_send(*, purpose: str, mobile: str, address: str) -> None:
    """Send a 6-digit code by SMS to the number if it may have one for `purpose`, and do nothing
    otherwise; the caller answers the same either way. Raises TooManyCodes past the limits."""
    if _too_many_codes(mobile, address):
        raise TooManyCodes
    person = _code_recipient(purpose, mobile)
    if person is None:
        return
    AccountCode.objects.filter(purpose=purpose, mobile=mobile).delete()
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    AccountCode.objects.create(
        purpose=purpose,
        mobile=mobile,
        digest=_digest(purpose, mobile, code),
        created_at=now,
        expires_at=now + CODE_LIFETIME,
    )
    notify(
        person,
        "account_code",
        {"code": code, "purpose": CODE_PURPOSES[purpose]},
        once="",
    )


def _take_code(*, purpose: str, mobile: str, code: str) -> AccountCode | None:
    """In the caller's transaction: the number's live code, locked, if `code` is it. A wrong code
    counts a try against it (the caller must let that commit)."""
    sent = (
        AccountCode.objects.live()
        .select_for_update()
        .filter(purpose=purpose, mobile=mobile)
        .order_by("-created_at", "-pk")
        .first()
    )
    if sent is None:
        return None
    if not constant_time_compare(sent.digest, _digest(purpose, mobile, code)):
        sent.wrong_tries = F("wrong_tries") + 1
        sent.save(update_fields=["wrong_tries"])
        return None
    return sent


def _wrong_code() -> ValidationError:
    return ValidationError(
        {
            "code": _(
                "This code is not right, or it has expired (codes last 10 minutes and allow 5 "
                "tries). Check the SMS, or ask for a new code."
            )
        },
        code="wrong_code",
    )


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password2": error.error_list}) from error


def _unlock(mobile: str) -> None:
    """A new password ends the lockout earlier wrong passwords caused."""
    axes_reset(username=mobile)


def password_reset_with_code(*, mobile: str, code: str, password: str) -> User:
    """Set a new password for the login of the number with the code sent to it; every other
    session of the login ends (the session hash changes). Raises ValidationError keyed "code"
    for a wrong or dead code, "password2" for a password the validators refuse."""
    with transaction.atomic():
        sent = _take_code(purpose=Purpose.PASSWORD_RESET, mobile=mobile, code=code)
        user = None
        if sent is not None:
            user = User.objects.select_for_update().filter(mobile=mobile, is_active=True).first()
        if user is not None:
            _validate_password(password, user)
            user.set_password(password)
            user.must_change_password = False
            user.password_expires_at = None
            user.save(update_fields=["password", "must_change_password", "password_expires_at"])
            sent.used_at = timezone.now()
            sent.save(update_fields=["used_at"])
            _unlock(mobile)
            return user
    raise _wrong_code()  # outside the block: the wrong try counted above is kept


def resident_claim(*, mobile: str, code: str, password: str) -> User:
    """With the code sent to the number, make a login for the oldest record made at the counter
    with it and link the two. Raises ValidationError as `password_reset_with_code`, and without
    a key when the number has a login by now or no record is left to claim."""
    with transaction.atomic():
        sent = _take_code(purpose=Purpose.CLAIM, mobile=mobile, code=code)
        if sent is not None:
            resident = Resident.objects.unclaimed(mobile).select_for_update().first()
            if resident is None:
                raise ValidationError(
                    _("No record made at the counter with this number is left to claim."),
                    code="nothing_to_claim",
                )
            user = User(mobile=mobile, name=resident.name)
            _validate_password(password, user)
            user.set_password(password)
            try:
                with transaction.atomic():
                    user.save()
                    resident.user = user
                    resident.save(update_fields=["user"])
            except IntegrityError as error:
                # Someone registered the number (or claimed the record) a moment ago.
                raise ValidationError(
                    _(
                        "This number already has a login. Log in with it, or use “Forgot "
                        "password?” on the login page."
                    ),
                    code="claimed",
                ) from error
            sent.used_at = timezone.now()
            sent.save(update_fields=["used_at"])
            return user
    raise _wrong_code()  # outside the block: the wrong try counted above is kept


def counter_reset_refusal(resident: Resident, login: User | None) -> str:
    """Why the login's password cannot be reset at the counter; empty when it can."""
    if login is None:
        return _(
            "%(name)s has no login, so there is no password to reset. They can register, or "
            "claim this record with their mobile number."
        ) % {"name": resident.name}
    if login.is_staff:
        return _(
            "%(name)s's login is a staff login: staff passwords are not reset at the counter. "
            "Use “Forgot password?” on the login page."
        ) % {"name": resident.name}
    return ""


@dataclass(frozen=True)
class CounterPassword:
    """A one-time password given at the counter, and when it stops logging in."""

    password: str
    expires_at: datetime.datetime

    @property
    def last_day(self) -> datetime.date:
        """The last day it logs in (local time), as a slip says it."""
        return (timezone.localtime(self.expires_at) - datetime.timedelta(microseconds=1)).date()


def counter_password_expiry(now: datetime.datetime) -> datetime.datetime:
    """The end of the last day a one-time password from the counter logs in (local midnight)."""
    last_day = timezone.localtime(now).date() + COUNTER_PASSWORD_DAYS
    return timezone.make_aware(
        datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time())
    )


@transaction.atomic
def counter_password_reset(*, resident: Resident, by: User) -> CounterPassword:
    """Give the resident's login a one-time password of 8 random digits, which logs in until the
    end of its last day and must be replaced at the next login, and record who did it. Returns
    the password: show it once, keep it nowhere."""
    if not (
        by.has_perm("community.change_resident")
        and Resident.objects.seen_by(by).filter(pk=resident.pk).exists()
    ):
        raise PermissionDenied
    user = User.objects.select_for_update(of=("self",)).filter(resident=resident).first()
    refusal = counter_reset_refusal(resident, user)
    if refusal:
        raise ValidationError(refusal, code="refused")
    password = f"{secrets.randbelow(10**8):08d}"
    user.set_password(password)
    user.must_change_password = True
    user.password_expires_at = counter_password_expiry(timezone.now())
    user.save(update_fields=["password", "must_change_password", "password_expires_at"])
    _unlock(user.mobile)
    audit.record(actor=by, action=AuditEntry.Action.PASSWORD_RESET, target=resident, login=user.pk)
    return CounterPassword(password=password, expires_at=user.password_expires_at)
