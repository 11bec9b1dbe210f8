"""The network's pages: `events` (the calendar and an event's page), `registrations` (a person's
own registration, by its link), `organise` (the organiser's side), `departements` (référents,
requests to the coordination, visitors' questions), `newsletter`, `survey` (answering and
results) and `survey_builder`."""
