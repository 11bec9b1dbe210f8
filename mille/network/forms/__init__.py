"""Short forms, one thing each (the collective « ne souhaite pas venir alourdir la tâche »)."""
