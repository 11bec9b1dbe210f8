from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """The collective's governance (seed 004): member associations, the three bodies and their
    meetings, the decision log, working groups, and the local groups' periodic reports."""

    name = "mille.governance"
    label = "governance"
    verbose_name = "Gouvernance du collectif"
