"""Writes of the network's life. Each service checks the actor's named permission again (a
registrant acts through the secret link of their registration); bad input raises ValidationError
with a French message and writes nothing. Modules: `events` (events and their programme),
`registrations` (places and the waiting list), `attendance`, `departements` (référents, opinions,
convocations), `requests` (requests to the coordination and visitors' questions), `newsletter` and
`sending`, `survey`."""
