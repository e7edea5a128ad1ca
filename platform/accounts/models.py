"""Accounts models: the User (email is the login), org units and memberships, and the audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_("First working day; onboarding due dates count from it."),
    )
    # Set the day the account is deactivated (cleared if it is reactivated): analytics count the person as a
    # leaver from then, so ramp and retention studies censor them there rather than at the window's end.
    deactivated_on = models.DateField(
        _("deactivated on"),
        null=True,
        blank=True,
        help_text=_("The day the account was deactivated; a leaver's follow-up ends here."),
    )
    # The SSO app (SocialApp.provider_id) that created this account just in time; that app may always sign it in.
    sso_provider = models.CharField(
        _("created by SSO"),
        max_length=200,
        blank=True,
        default="",
        editable=False,
        help_text=_("The organisation sign-in service that created this account, if any."),
    )

    # Emails and notifications are written in this language (blank: settings.LANGUAGE_CODE); a worker has no
    # request to take a language from.
    language = models.CharField(
        _("preferred language"), max_length=10, blank=True, default="", choices=settings.LANGUAGES
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]
        # The people lists' orders, so a page of a large team is read walking an index from either end rather
        # than sorting everyone: `FromEitherEnd` (the certification matrix) and the team table by name.
        indexes = [
            models.Index(fields=["last_name", "first_name", "email"], name="user_name_idx"),
            models.Index(Lower("last_name"), Lower("first_name"), "id", name="user_name_lower_idx"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.is_active:
            self.deactivated_on = None
        elif self.deactivated_on is None:
            from django.utils import timezone

            self.deactivated_on = timezone.localdate()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "is_active" in update_fields:
            kwargs["update_fields"] = {*update_fields, "deactivated_on"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        TEAM = "team", _("Team")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_units",
    )

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == self.Kind.REGION and self.parent_id:
            raise ValidationError({"parent": _("A region is at the top of the tree and has no parent.")})
        if self.kind == self.Kind.TEAM and (self.parent is None or self.parent.kind != self.Kind.REGION):
            raise ValidationError({"parent": _("A team must belong to a region.")})


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "org_unit"], name="membership_unique_user_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.org_unit}"


class AuditEvent(models.Model):
    """One change to something that matters (scores, rubrics, certifications, roles); never edited."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField(_("actor"), max_length=255, blank=True)
    verb = models.CharField(_("verb"), max_length=80, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_repr} {self.verb_label} {self.object_repr}"

    @property
    def verb_label(self) -> str:
        """What happened, in the reader's language (the stored verb is the machine key)."""
        from .audit_labels import verb_label

        return verb_label(self.verb)
