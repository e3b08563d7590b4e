"""The public pages of the priorities domain: thin views over ``selectors``."""

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from portal import page_data
from portal_sites.resolution import council_sites, site_home_url
from priorities import selectors, stages
from priorities.extensions import organisation_page_extras, priority_page_extras
from priorities.models import Initiative, InitiativeUpdate, Rag


class HomeView(TemplateView):
    """The ten-second home page: what each of the site's organisations has promised, counted by
    stage and RAG rating, what goes to committee next and what changed recently; then search
    and the plans."""

    template_name = "priorities/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        site = getattr(self.request, "portal_site", None)
        data = page_data.remembered(
            ("home", getattr(site, "site_id", None), getattr(site, "domain", "")),
            lambda: {
                "summaries": selectors.home_summaries(),
                "meetings_next": list(selectors.going_to_committee_next()),
                "changed_recently": list(selectors.changed_recently()),
            },
        )
        summaries = data["summaries"]
        context["summaries"] = summaries.shown
        # The site's other organisations with promises or plans: the template may link to the
        # organisations page for them.
        context["organisations_not_shown"] = summaries.not_shown
        context["meetings_next"] = data["meetings_next"]
        context["changed_recently"] = data["changed_recently"]
        if site is not None and site.is_neutral:
            # The neutral portal starts with the councils and partnerships it covers, each with
            # its promises and how many are on track, in small.
            context["council_sites"] = [
                (council, site_home_url(self.request, council), *site_totals(council, summaries))
                for council in council_sites()
            ]
        return context


def site_totals(site, summaries):
    """Return (promises, on track) of a council site's organisations (``summaries``: a
    ``selectors.HomeSummaries``, which has every organisation's totals)."""
    covered = [
        totals for pk, totals in summaries.totals.items() if pk in (site.organisation_ids or ())
    ]
    return sum(total for total, _ in covered), sum(on_track for _, on_track in covered)


class StagesView(TemplateView):
    """What the stages mean: each stage of an initiative and each status of a plan, in plain
    words; every stage indicator links to its entry."""

    template_name = "pages/stages.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["initiative_stages"] = stages.all_initiative_stages()
        context["plan_stages"] = stages.all_plan_stages()
        context["rag_ratings"] = [(rating.value, rating.label) for rating in Rag]
        return context


class SelectorPageView(TemplateView):
    """A page whose context is one selector's result for the URL's arguments.

    A preview passes ``records``, the officer's own records, in place of the published ones the
    selector uses for the page's main record (see ``portal.preview``). A public page's data is
    kept per data generation (``portal.page_data``): a visitor the page cache does not answer
    gets the page rendered afresh from it; a preview always gathers afresh.
    """

    selector = None
    records = None
    preview = False

    def extras(self, data):
        """What other apps add to the page (``priorities.extensions``), from its data."""
        return {}

    def gather(self):
        options = {} if self.records is None else {"records": self.records}
        data = type(self).selector(**self.kwargs, **options)
        data.update(self.extras(data))
        return data

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.records is None and not self.preview:
            site = getattr(self.request, "portal_site", None)
            parts = (
                f"{type(self).__module__}.{type(self).__qualname__}",
                tuple(sorted(self.kwargs.items())),
                getattr(site, "site_id", None),
                getattr(site, "domain", ""),
            )
            context.update(page_data.remembered(parts, self.gather))
        else:
            context.update(self.gather())
        context["preview"] = self.preview
        return context


class OrganisationView(SelectorPageView):
    template_name = "priorities/organisation.html"
    selector = selectors.organisation_page

    def extras(self, data):
        return organisation_page_extras(data["organisation"])


class PlanView(SelectorPageView):
    template_name = "priorities/plan.html"
    selector = selectors.plan_page


class PriorityView(SelectorPageView):
    template_name = "priorities/priority.html"
    selector = selectors.priority_page

    def extras(self, data):
        return priority_page_extras(data["priority"])


class InitiativeView(SelectorPageView):
    template_name = "priorities/initiative.html"
    selector = selectors.initiative_page

    def get_context_data(self, **kwargs):
        if self.records is not None and self.records.model is InitiativeUpdate:
            return self.update_preview_context(**kwargs)
        return super().get_context_data(**kwargs)

    def update_preview_context(self, **kwargs):
        """An officer's preview of a progress update (``records`` are their updates): the
        initiative's page as the public will see it once the update is published."""
        preview_of = self.request.resolver_match.kwargs.get("pk")
        update = get_object_or_404(self.records.select_related("initiative"), pk=preview_of)
        context = TemplateView.get_context_data(self, **kwargs)
        context.update(
            selectors.initiative_page(
                **self.kwargs,
                records=Initiative.private_objects.filter(pk=update.initiative_id),
                previewed_update=update,
            )
        )
        context["preview"] = True
        return context


class OrganisationsView(SelectorPageView):
    template_name = "priorities/organisations.html"
    selector = selectors.organisations_page


class CommitteesView(SelectorPageView):
    template_name = "priorities/committees.html"
    selector = selectors.committees_page


class CommitteeView(SelectorPageView):
    template_name = "priorities/committee.html"
    selector = selectors.committee_page


class MeetingView(SelectorPageView):
    template_name = "priorities/meeting.html"
    selector = selectors.meeting_page


class ConsultationView(SelectorPageView):
    template_name = "priorities/consultation.html"
    selector = selectors.consultation_page
