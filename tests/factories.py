import factory
from allauth.account.models import EmailAddress

from mille.accounts.models import Category, User
from mille.groups import services
from mille.groups.models import LocalGroup, Membership, Role
from mille.territories.models import Commune

PASSWORD = "un-mot-de-passe-solide"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    display_name = factory.Faker("first_name", locale="fr_FR")
    category = Category.PARENT

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def make_group(
    *, coordinator: User | None = None, name: str = "Parents et école", insee=("59350",)
) -> LocalGroup:
    """A group created through the service, as a coordinator would."""
    coordinator = coordinator or UserFactory()
    return services.group_create(
        creator=coordinator,
        name=name,
        communes=list(Commune.objects.filter(insee__in=insee)),
        description="Un groupe de test.",
    )


def add_member(group: LocalGroup, user: User | None = None, role: str = Role.MEMBER) -> Membership:
    user = user or UserFactory()
    membership = services._join(group, user, role)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership
