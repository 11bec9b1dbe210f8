"""For `make bench`: watch how far a workshop's stored analysis lags behind its votes while a room
votes, then how long it takes to catch up after the last vote.

Every 0.25 s: the workshop's vote version (bumped by each vote) and the stored analysis' version
and time. While votes wait for an analysis, the results shown are `now - computed_at` old, plus the
time the analysis took to read and compute them (measured at the end on the final votes)."""

import json
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from mille.workshops import crossing
from mille.workshops.models import CrossingResult, Workshop


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Command(BaseCommand):
    help = "Sample a workshop's results lag while a room votes (bench)."

    def add_arguments(self, parser):
        parser.add_argument("workshop", type=int)
        parser.add_argument("--seconds", type=float, default=120)
        parser.add_argument("--settle", type=float, default=60, help="wait after, to catch up")

    def handle(self, *args, workshop, seconds, settle, **options):
        lags, analyses = [], set()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self._sample(workshop, lags, analyses)
            time.sleep(0.25)
        # The room has stopped voting: how long until the results hold every vote?
        stop = time.monotonic()
        caught_up = None
        while time.monotonic() - stop < settle:
            current, stored, _when = self._state(workshop)
            if stored is not None and stored >= current:
                caught_up = time.monotonic() - stop
                break
            time.sleep(0.1)
        started = time.perf_counter()
        crossing.compute(Workshop.objects.get(pk=workshop))
        compute = time.perf_counter() - started
        report = {
            "samples": len(lags),
            "stale_share": round(sum(1 for lag in lags if lag > 0) / max(len(lags), 1), 3),
            "lag_p50_s": round(_percentile(lags, 0.5) + compute, 2),
            "lag_p95_s": round(_percentile(lags, 0.95) + compute, 2),
            "lag_max_s": round(max(lags, default=0) + compute, 2),
            "analyses_stored": len(analyses),
            "analysis_s": round(compute, 3),
            "caught_up_after_last_vote_s": None if caught_up is None else round(caught_up, 2),
        }
        self.stdout.write(json.dumps(report))

    @staticmethod
    def _state(workshop_id: int):
        current = Workshop.objects.filter(pk=workshop_id).values_list("vote_version", flat=True)[0]
        stored = (
            CrossingResult.objects.filter(workshop_id=workshop_id)
            .values_list("vote_version", "computed_at")
            .first()
        )
        return current, (stored[0] if stored else None), (stored[1] if stored else None)

    def _sample(self, workshop_id: int, lags: list[float], analyses: set) -> None:
        current, stored, when = self._state(workshop_id)
        if when is not None:
            analyses.add(when)
        if stored is None or stored >= current:
            lags.append(0.0)
        else:
            lags.append((timezone.now() - when).total_seconds() if when else 0.0)
