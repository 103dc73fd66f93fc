"""The legal clocks: the rule table (`rules`, LAW.md section 2), when a clock falls due (`due`), where it
stands (`status`), the events that start, meet or move clocks (`event_table`, `events`, `tracking`), and the
rows that hold them (`store`)."""
