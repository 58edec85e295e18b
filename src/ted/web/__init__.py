"""The web interfaces: DSFR pages, the JSON API and calendars."""
