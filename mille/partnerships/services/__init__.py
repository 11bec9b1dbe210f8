"""Writes on partnerships. Each service checks the actor's named permission again; bad input
raises ValidationError with a French message and writes nothing."""

from mille.partnerships.services.actions import (
    action_create_direct,
    document_add,
    document_delete,
    follow_up_save,
    indicator_add,
    indicator_value_add,
)
from mille.partnerships.services.convention import convention_acknowledge, convention_write
from mille.partnerships.services.evaluation import (
    evaluation_decide,
    evaluation_plan_next_year,
    evaluation_start,
)
from mille.partnerships.services.meetings import meeting_save
from mille.partnerships.services.partners import (
    InvitationError,
    contact_add,
    contact_leave,
    expectations_save,
    invitation_check,
    partnership_create,
    partnership_level_change,
    partnership_update,
    representative_accept,
    representative_invite,
    representative_remove,
    thread_hand_over,
)

__all__ = [
    "InvitationError",
    "action_create_direct",
    "contact_add",
    "contact_leave",
    "convention_acknowledge",
    "convention_write",
    "document_add",
    "document_delete",
    "evaluation_decide",
    "evaluation_plan_next_year",
    "evaluation_start",
    "expectations_save",
    "follow_up_save",
    "indicator_add",
    "indicator_value_add",
    "invitation_check",
    "meeting_save",
    "partnership_create",
    "partnership_level_change",
    "partnership_update",
    "representative_accept",
    "representative_invite",
    "representative_remove",
    "thread_hand_over",
]
