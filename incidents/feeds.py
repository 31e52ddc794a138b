"""The Atom feed of newly published and updated cases, in English at /feeds/cases.atom and in
Arabic at /ar/feeds/cases.atom (its links then lead to the Arabic pages)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.models import Incident
from incidents.public import figure_range
from incidents.visibility import require_public

FEED_SIZE = 50


class LatestCasesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Casework: newly published and updated cases")
    subtitle = gettext_lazy("Allegations of civilian harm from military strikes, with every claim and decision.")

    def link(self):
        return reverse("incidents:case-list")

    def items(self):
        fields = require_public(Incident, ("code", "title", "summary", "status", "killed_min", "killed_max",
                                           "published_at", "updated_at"), "the feed")
        return Incident.objects.public().only(*fields).order_by("-updated_at", "-id")[:FEED_SIZE]

    def item_title(self, case):
        return f"{case.code}: {case.title}"

    def item_description(self, case):
        return _("%(status)s. Civilians killed, across the claims: %(killed)s. %(summary)s") % {
            "status": case.get_status_display(),
            "killed": figure_range(case.killed_min, case.killed_max),
            "summary": case.summary,
        }

    def item_link(self, case):
        return reverse("incidents:case-detail", args=[case.code])

    def item_guid(self, case):
        return self.item_link(case)

    def item_pubdate(self, case):
        return case.published_at or case.updated_at

    def item_updateddate(self, case):
        return case.updated_at
