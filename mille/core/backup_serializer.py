"""JSON Lines that keep every microsecond: the backup's serialization format (`mille-jsonl`).

Django's JSON encoder writes times to the millisecond, as JavaScript reads them: a restored site
would see its dates moved (and rows that were ordered by their date in a new order). Reading is
Django's own: its date fields read the full ISO 8601 form.
"""

import datetime

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactEncoder)
        super()._init_options()


Deserializer = jsonl.Deserializer
