"""Admin pages of this app arrive with its models."""
