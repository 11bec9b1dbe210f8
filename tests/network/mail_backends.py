"""A mail back-end for tests that answers like a receiving server: some addresses refused for good
(550), some busy once (451), the rest kept in `mail.outbox`."""

import smtplib
from collections import Counter

from django.core.mail.backends import locmem


class ReceivingServer(locmem.EmailBackend):
    refused = {"rebond@example.org": 550, "occupee@example.org": 451}
    tries: Counter = Counter()

    def send_messages(self, messages):
        for message in messages:
            address = message.to[0]
            code = self.refused.get(address)
            if code:
                ReceivingServer.tries[address] += 1
                if code == 451 and ReceivingServer.tries[address] > 1:
                    continue
                raise smtplib.SMTPRecipientsRefused({address: (code, b"refused")})
        return super().send_messages(messages)
