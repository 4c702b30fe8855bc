from django.apps import AppConfig


class ReportingAppConfig(AppConfig):
    """An app that exists only to prove that the dashboard finds every app's reports."""

    name = "tests.reporting_app"
    label = "reporting_app"
