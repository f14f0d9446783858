from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

from reperes.core.constraints import check, unique
from reperes.core.fields import Link, acting_user

from .enums import OPERATOR_ROLES, Role


def expires_after_creation(name: str, message: str) -> models.CheckConstraint:
    """A token or a code (``created_at``, ``expires_at``) expires after it was issued."""
    return check(name, Q(expires_at__gt=models.F("created_at")), message)


class UserQuerySet(models.QuerySet["User"]):
    def activatable_by(self, issuer: Any) -> UserQuerySet:
        """The accounts for which ``issuer`` may issue a second-factor activation: a platform
        admin for any operator staff; a service director for the educators of their own
        service, run by their own organisation; nobody else."""
        if not getattr(issuer, "is_authenticated", False) or not issuer.is_active:
            return self.none()
        staff = self.filter(is_active=True, role__in=list(OPERATOR_ROLES))
        if issuer.role == Role.PLATFORM_ADMIN:
            return staff
        if issuer.role == Role.SERVICE_DIRECTOR and issuer.service_id:
            return staff.filter(
                role=Role.EDUCATOR,
                service_id=issuer.service_id,
                organisation_id=issuer.organisation_id,
                service__operator_id=issuer.organisation_id,
            )
        return self.none()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def activatable_by(self, issuer: Any) -> UserQuerySet:
        return self.get_queryset().activatable_by(issuer)

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.PLATFORM_ADMIN)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address, belongs to one organisation with one
    role, and for operator staff to one service."""

    email = models.EmailField("adresse électronique", unique=True)
    full_name = models.CharField("nom complet", max_length=200)
    organisation = Link("partners.Organisation", "organisation", related_name="members", null=True)
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    service = Link("partners.Service", "service", related_name="staff_accounts", null=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l'administration", default=False)
    is_demo = models.BooleanField("compte de démonstration", default=False)
    date_joined = models.DateTimeField("création", default=timezone.now)
    # Sign-in through the Département's identity provider (reperes/accounts/oidc.py): the
    # provider's stable identifier of the person, stored when an administrator has allowed the
    # account to be linked and the person first signs in with its e-mail address.
    oidc_issuer = models.CharField("fournisseur d'identité", max_length=200, blank=True)
    oidc_subject = models.CharField("identifiant chez le fournisseur", max_length=255, blank=True)
    oidc_link_allowed = models.BooleanField(
        "rattachement au fournisseur d'identité autorisé",
        default=False,
        help_text=(
            "La prochaine connexion par le fournisseur d'identité avec l'adresse de ce compte "
            "le rattache à cette identité (une seule fois)."
        ),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["full_name"]
        constraints = [
            check(
                "operator_staff_have_a_service",
                ~Q(role__in=["educator", "service_director"]) | Q(service__isnull=False),
                "Un éducateur ou une direction de service doit être rattaché à un service.",
            ),
            check(
                "user_has_an_organisation",
                Q(is_superuser=True) | Q(organisation__isnull=False),
                "Un compte doit appartenir à une organisation.",
            ),
            unique(
                "one_account_per_oidc_identity",
                ["oidc_issuer", "oidc_subject"],
                "Cette identité est déjà rattachée à un autre compte.",
                condition=~Q(oidc_subject=""),
            ),
            check(
                "oidc_subject_has_an_issuer",
                Q(oidc_subject="") | ~Q(oidc_issuer=""),
                "Un identifiant de connexion a son fournisseur.",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        # ``set_password`` keeps the new password in ``_password`` until saved; a rehash on
        # login (``check_password``) clears it first, so only a real change counts.
        password_changed = self.pk is not None and self._password is not None  # type: ignore[attr-defined]  # set by set_password
        super().save(*args, **kwargs)
        if password_changed:
            from .tokens import revoke_all_tokens

            revoke_all_tokens(self, ApiToken.Ended.PASSWORD_CHANGED)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def visible_to(self, user: Any) -> ApiTokenQuerySet:
        """A token is seen by its owner only."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def usable(self, now: Any) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a hash of the key is kept; its first characters
    (``prefix``) let the owner recognise it in the list."""

    class Ended(models.TextChoices):
        OWNER = "owner", "Révoqué par son titulaire"
        PASSWORD_CHANGED = "password", "Mot de passe changé"

    user = Link("accounts.User", "titulaire", related_name="api_tokens", on_delete=models.CASCADE)
    name = models.CharField("nom", max_length=100)
    prefix = models.CharField("début du jeton", max_length=12)
    key_hash = models.CharField("empreinte du jeton", max_length=64, unique=True)
    created_at = models.DateTimeField("création")
    expires_at = models.DateTimeField("expiration")
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoked_at = models.DateTimeField("révocation", null=True, blank=True)
    revoked_reason = models.CharField(
        "motif de la révocation", max_length=20, choices=Ended.choices, blank=True
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-created_at", "-pk"]
        constraints = [
            expires_after_creation(
                "api_token_expires_after_creation", "Un jeton expire après sa création."
            ),
            check(
                "api_token_revocation_has_a_reason",
                Q(revoked_at__isnull=True, revoked_reason="")
                | Q(revoked_at__isnull=False) & ~Q(revoked_reason=""),
                "Une révocation a une date et un motif.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def status(self, now: Any) -> str:
        if self.revoked_at is not None:
            return "révoqué"
        return "expiré" if self.expires_at <= now else "actif"


class SecondFactorActivation(models.Model):
    """A single-use, expiring code that lets one account enrol (or re-enrol) its
    authenticator app. Issued by the service director or a platform admin; only an HMAC of the
    code is kept, the code itself is shown once to the issuer."""

    user = Link(
        "accounts.User",
        "compte",
        related_name="second_factor_activations",
        on_delete=models.CASCADE,
    )
    issued_by = acting_user("émis par")
    code_hash = models.CharField("empreinte du code", max_length=64)
    created_at = models.DateTimeField("émission")
    expires_at = models.DateTimeField("expiration")
    used_at = models.DateTimeField("utilisation", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulation", null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField("essais manqués", default=0)

    class Meta:
        verbose_name = "code d'activation du second facteur"
        verbose_name_plural = "codes d'activation du second facteur"
        ordering = ["-created_at", "-pk"]
        constraints = [
            expires_after_creation(
                "activation_expires_after_issue", "Un code d'activation expire après son émission."
            ),
            check(
                "activation_used_or_cancelled",
                Q(used_at__isnull=True) | Q(cancelled_at__isnull=True),
                "Un code d'activation est utilisé ou annulé, pas les deux.",
            ),
            unique(
                "one_open_activation_per_user",
                ["user"],
                "Un seul code d'activation en attente par compte.",
                condition=Q(used_at__isnull=True, cancelled_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Code d'activation de {self.user}"

    def is_usable(self, now: Any) -> bool:
        return self.used_at is None and self.cancelled_at is None and self.expires_at > now
