"""Per-integration API tokens: only a hash of the secret is stored; the prefix finds the row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    CANDIDATES_READ = "candidates:read", _("Read candidates and hires")
    SCORECARDS_READ = "scorecards:read", _("Read submitted scorecards")
    PERFORMANCE_WRITE = "performance:write", _("Write performance records")
    ENROLLMENTS_READ = "enrollments:read", _("Read enrollments and progress")
    CERTIFICATIONS_READ = "certifications:read", _("Read certifications")
    SCIM_WRITE = "scim:write", _("Provision people and teams (SCIM 2.0)")


class ApiToken(models.Model):
    name = models.CharField(_("name"), max_length=120)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    # sha256 of the random secret: the secret itself is shown once at creation and never stored.
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["revoked_at", "-created_at", "-id"]

    def __str__(self) -> str:
        # Never the secret; the prefix is what an admin sees in the client's configuration.
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class ScimUser(models.Model):
    """The identity provider's own id for a provisioned person (SCIM `externalId`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="scim"
    )
    external_id = models.CharField(_("external id"), max_length=255, blank=True, db_index=True)

    class Meta:
        verbose_name = _("SCIM user")
        verbose_name_plural = _("SCIM users")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.external_id}"


class ScimGroup(models.Model):
    """A team that came from the identity provider: its `externalId`, and the mark that SCIM may delete it."""

    org_unit = models.OneToOneField(
        "accounts.OrgUnit", verbose_name=_("org unit"), on_delete=models.CASCADE, related_name="scim"
    )
    external_id = models.CharField(_("external id"), max_length=255, blank=True, db_index=True)
    created_by_scim = models.BooleanField(_("created by SCIM"), default=False)

    class Meta:
        verbose_name = _("SCIM group")
        verbose_name_plural = _("SCIM groups")

    def __str__(self) -> str:
        return f"{self.org_unit_id}: {self.external_id}"
