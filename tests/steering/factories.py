import datetime

import factory
from django.contrib.auth.models import Group

from steering.models import AdministrativeUnit, Agency, Committee, MemberRole, Membership, Person, User
from steering.text import fold


class UnitFactory(factory.django.DjangoModelFactory):
    """A unit with its path and level computed from its parent, as the import service does."""

    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    division_type = "xa"
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        parent = kwargs.get("parent")
        kwargs["path"] = f"{parent.path if parent else ''}{kwargs['code']}/"
        kwargs["level"] = parent.level + 1 if parent else 1
        kwargs["search_name"] = fold(kwargs["name"])
        return super()._create(model_class, *args, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Văn"
    last_name = "Nguyễn"
    password = factory.PostGenerationMethodCall("set_password", "demo12345")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get_or_create(name=role)[0])
        if create:
            self.save()


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Hội Thử Nghiệm {n}")
    search_name = factory.LazyAttribute(lambda o: fold(o.name))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    phone = "0912345678"
    search_name = factory.LazyAttribute(lambda o: fold(o.full_name))


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    unit = factory.SubFactory(UnitFactory)
    cycle = "2019-2024"
    name = factory.LazyAttribute(lambda o: f"Ban Chỉ đạo {o.unit.name}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(PersonFactory)
    role = MemberRole.MEMBER
    start_date = datetime.date(2020, 3, 16)
