"""The incidents' store, the SQL of the incidents package: ``recorded`` (the fan-out's writing and the events
recorded about a case or the incident) and ``awareness`` (what a delivered first notice changes)."""
