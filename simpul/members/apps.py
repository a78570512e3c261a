from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "simpul.members"
    label = "members"

    def ready(self) -> None:
        # seed_demo: members and their savings, before the ledger's demo books (which read the savings' cash).
        from simpul.coops.hooks import demo_seeded_hook_add
        from simpul.members.demo.seed import demo_members_seed

        demo_seeded_hook_add(demo_members_seed, order=10)

        # The member portal: accepting a member invitation links the login to its member record, and the member
        # home (coops) links to the person's own pages; coops may not import members, so it calls these hooks.
        from simpul.coops.hooks import invitation_accepted_hook_add, member_portal_provider_add
        from simpul.members.portal.selectors import member_portal_entries
        from simpul.members.portal.services import member_link_on_acceptance

        invitation_accepted_hook_add(member_link_on_acceptance)
        member_portal_provider_add(member_portal_entries)

        # verify_books: the members' savings against their control accounts (the ledger may not import members).
        from simpul.ledger import subledgers
        from simpul.members.reconciliation.selectors import savings_problems

        subledgers.register(savings_problems)

        # The network and Dinas homes (coops) show each cooperative's members and savings.
        from simpul.coops.hooks import cooperative_figure_provider_add
        from simpul.members.home.selectors import members_figures

        cooperative_figure_provider_add(members_figures)

        # The audit trail's sentences for the members' rows (coops shows them without importing members).
        from simpul.members import audit_sentences

        audit_sentences.register()
