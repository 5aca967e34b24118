"""What the beheer app stores itself: who may edit what, and edits saved but not yet published.
Published changes live in the YAML files and their git history, not here."""
from __future__ import annotations

from django.conf import settings
from django.db import models

NATIONAL_SLUG = "landelijk"


class Role(models.Model):
    """An editor of one or more gemeenten (directory file names without .yml), and/or of the
    national lines. Admins (accounts) are Django superusers."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role")
    gemeenten = models.CharField(max_length=500, blank=True, help_text="bijvoorbeeld: oss,bernheze")
    national = models.BooleanField(default=False)

    def slugs(self):
        found = [s.strip() for s in self.gemeenten.split(",") if s.strip()]
        return found + ([NATIONAL_SLUG] if self.national else [])


class PendingEdit(models.Model):
    """One entry as an editor saved it; published (or thrown away) as a whole."""

    file = models.CharField(max_length=100)  # oss.yml
    entry = models.CharField(max_length=300)  # see hulpwijzer/beheer/entries.py
    label = models.CharField(max_length=300)  # what changed, in Dutch, for the commit message
    base = models.CharField(max_length=64)  # hash of the published entry it started from ("" = new)
    data = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("file", "entry")]
        ordering = ["saved_at"]
