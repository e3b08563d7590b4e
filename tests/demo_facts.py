"""The seed documents' key facts and helpers shared by the demo data tests."""

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

WANDSWORTH_PRIORITIES = [
    "Embed family safeguarding as a model of engaging with families in need of support and "
    "protection",
    "Improving mental health provision – especially for children and young people",
    "Ensure mental health support is available in schools",
    "Provide extra support for carers",
    "Double resources to tackle domestic violence",
    "Continue to support the Power to Connect scheme ensuring access to laptops for pupils who "
    "need them",
    "New prevention framework to tackle health inequalities",
    "Develop new Early Help offer",
]

WSCP_AMBITIONS = [
    "Children are happy and have good opportunities to develop skills",
    "Children are safe both at home and in the communities where they live",
    "Children are enabled to live healthy and fulfilling lives",
    "Children receive a good education, suited to their individual needs, which supports them "
    "in staying safe and achieving their potential",
    "Looked after children feel safe, secure, cared for and happy in an environment where they "
    "can thrive and succeed",
]

WSCP_PRIORITIES = [
    "Anti-Racist Practice, Actions, Behaviour, and Culture across the Partnership and within all "
    "organizations.",
    "To deliver excellent education to children in Wandsworth with a focus on children with "
    "special educational needs, and young people who have been disproportionately impacted by "
    "COVID restrictions, ensuring needs are assessed and that children receive the right support "
    "at the right time in the right provision to enable every child to reach their potential.",
    "To work alongside children, young people, and communities to develop and deliver "
    "accessible early help services to children and families in Wandsworth with a focus on "
    "supporting disadvantaged and marginalised families, increasing fairness and inclusivity, "
    "and improving the wellbeing of children, young people, and their families in Wandsworth.",
    "To deliver accessible and inclusive mental and physical health services to children, young "
    "people and parents and carers ensuring access pathways for services are clear and gaps in "
    "services responded to.",
    "To have meaningful multi agency data that enables the Leadership to understand the "
    "effectiveness of the safeguarding response to children and young people and to act quickly "
    "when there are areas of vulnerability or risk.",
]

COUNCILS = ["wandsworth", "telford-and-wrekin", "westminster"]


def load(*args):
    call_command("load_demo_data", "--quiet", *args)


def row_counts():
    """Return the number of rows in every table: models, history tables and m2m tables."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def updated_stamps():
    return {
        model._meta.label: sorted(model._base_manager.values_list("pk", "updated_at"))
        for model in apps.get_models()
        if any(field.name == "updated_at" for field in model._meta.concrete_fields)
    }


def local_date(value):
    return timezone.localtime(value).date()
