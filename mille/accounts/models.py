from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """How a person takes part; shared by profiles and group memberships."""

    PARENT = "parent", _("Parent")
    SCHOOL_STAFF = "school_staff", _("Personnel de l'école")
    SOCIO_EDUCATIONAL = "socio_educational", _("Acteur ou actrice socio-éducatif")
    ELECTED = "elected", _("Élu ou élue")
    YOUNG = "young", _("Jeune de 15 ans ou plus")
    OTHER = "other", _("Autre")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account; the e-mail address is the login."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    display_name = models.CharField(_("nom affiché"), max_length=80, blank=True)
    preferred_language = models.CharField(
        _("langue préférée"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    category = models.CharField(_("je suis"), max_length=32, choices=Category.choices, blank=True)
    is_national_coordinator = models.BooleanField(
        _("coordination nationale"),
        default=False,
        help_text=_("Voit tous les groupes et examine les demandes de reconnaissance."),
    )
    is_coordination_assistant = models.BooleanField(
        _("assistance à la coordination"),
        default=False,
        help_text=_(
            "Prépare les réunions du collectif et leurs comptes rendus, consigne les décisions et lit "
            "les bilans des groupes ; ne donne aucun rôle, ne reconnaît aucun groupe et ne voit pas "
            "les chiffres exacts de l'observatoire."
        ),
    )
    is_staff = models.BooleanField(_("accès à l'administration"), default=False)
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    # Set when an inactive account is told it will be removed (the purge's first step).
    inactivity_warned_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name others see: the display name, else a neutral label with a number. Never the
        e-mail address, nor part of it."""
        return self.display_name or _("Membre n° %(number)d") % {"number": self.pk or 0}
