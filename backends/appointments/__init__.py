"""Appointments: a slot booked with a sales colleague from the directory for a contact or
customer, shown to both and exported as iCalendar (docs/ARCHITECTURE.md)."""
