"""Tencent Cloud SMS (短信), through Tencent's own SDK (`tencentcloud-sdk-python-sms`).

Mainland SMS is sent from an approved template: register one notice template whose whole text
is its single parameter ({1}) and give its id in `TENCENT_SMS_TEMPLATE_ID`. Settings (from the
environment): `TENCENT_SMS_SECRET_ID`, `TENCENT_SMS_SECRET_KEY`, `TENCENT_SMS_APP_ID`,
`TENCENT_SMS_SIGN_NAME`, `TENCENT_SMS_TEMPLATE_ID`, `TENCENT_SMS_REGION` (ap-guangzhou), and
`TENCENT_SMS_ENDPOINT` to point the SDK at another host (the tests' fake endpoint).
"""

from django.conf import settings
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models, sms_client

from . import SmsError

# Codes that will not get better by trying again (the number, the template, the account).
PERMANENT = (
    "InvalidParameterValue",
    "UnsupportedOperation",
    "FailedOperation.PhoneNumberInBlacklist",
    "FailedOperation.TemplateIncorrectOrUnapproved",
    "FailedOperation.SignatureIncorrectOrUnapproved",
    "AuthFailure",
    "UnauthorizedOperation",
)


class SmsBackend:
    def __init__(self):
        config = settings.TENCENT_SMS
        http = HttpProfile(
            endpoint=config["ENDPOINT"] or "sms.tencentcloudapi.com",
            protocol="http" if config["ENDPOINT"].startswith(("127.", "localhost")) else "https",
            reqTimeout=config["TIMEOUT"],
        )
        self.client = sms_client.SmsClient(
            credential.Credential(config["SECRET_ID"], config["SECRET_KEY"]),
            config["REGION"],
            ClientProfile(httpProfile=http),
        )
        self.config = config

    def send(self, mobile: str, text: str, reference: str) -> str:
        request = models.SendSmsRequest()
        request.PhoneNumberSet = [f"+86{mobile}"]
        request.SmsSdkAppId = self.config["APP_ID"]
        request.SignName = self.config["SIGN_NAME"]
        request.TemplateId = self.config["TEMPLATE_ID"]
        request.TemplateParamSet = [text]
        request.SessionContext = reference
        try:
            response = self.client.SendSms(request)
        except TencentCloudSDKException as error:
            code = error.get_code() or ""
            raise SmsError(
                f"{code}: {error.get_message()}", retry=not code.startswith(PERMANENT)
            ) from error
        status = response.SendStatusSet[0] if response.SendStatusSet else None
        if status is None:
            raise SmsError("no send status in the answer", retry=True)
        if status.Code != "Ok":
            raise SmsError(
                f"{status.Code}: {status.Message}", retry=not status.Code.startswith(PERMANENT)
            )
        return status.SerialNo or ""
