"""The network's life above the local groups (seeds 001 and 004).

- Gatherings (« rencontres »): the Journée Nationale des Initiatives and its sessions, départemental
  gatherings (« regroupements départementaux »), a group's own occasions, training days; places,
  a waiting list with timed offers, attendance.
- The départemental level: the « référent départemental », requests to the national coordination,
  visitors' questions for the FAQ.
- The newsletter (« lettre d'information »): subscribers by double opt-in, issues, deliveries.
- The national survey (« enquête nationale »): questions with conditions, anonymous answers.
"""

from mille.network.models.departements import (
    CoordinationRequest,
    Opinion,
    RecognitionOpinion,
    Referent,
    RequestKind,
    RequestMessage,
    RequestStatus,
    VisitorQuestion,
)
from mille.network.models.events import (
    Access,
    Convocation,
    Event,
    EventLevel,
    EventStatus,
    Registration,
    Seat,
    SeatStatus,
    Session,
    SessionKind,
)
from mille.network.models.newsletter import (
    Delivery,
    DeliveryStatus,
    Issue,
    IssueItem,
    IssueStatus,
    ItemKind,
    Subscriber,
    SubscriberStatus,
)
from mille.network.models.survey import (
    Answer,
    Audience,
    Participation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)

__all__ = [
    "Access",
    "Answer",
    "Audience",
    "Convocation",
    "CoordinationRequest",
    "Delivery",
    "DeliveryStatus",
    "Event",
    "EventLevel",
    "EventStatus",
    "Issue",
    "IssueItem",
    "IssueStatus",
    "ItemKind",
    "Opinion",
    "Participation",
    "Question",
    "QuestionKind",
    "RecognitionOpinion",
    "Referent",
    "Registration",
    "RequestKind",
    "RequestMessage",
    "RequestStatus",
    "Response",
    "Seat",
    "SeatStatus",
    "Session",
    "SessionKind",
    "Subscriber",
    "SubscriberStatus",
    "Survey",
    "SurveyStatus",
    "VisitorQuestion",
]
