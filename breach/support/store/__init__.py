"""The support package's store, its SQL: ``tasks`` (support tasks, their time and who pays) and
``consultations`` (prior consultations, their events and clocks)."""
