"""Sends that outlast their batch: a hung receiver no longer holds its batch's place (issue 19)."""
