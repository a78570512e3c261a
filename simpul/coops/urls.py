"""URLs of the coops app; each views module keeps its own `urlpatterns` list."""

from simpul.coops.help import views as help_views
from simpul.coops.views import dinas, identity, invitations, networks, portal, public, roles, workspace

app_name = "coops"

urlpatterns = [
    *public.urlpatterns,
    *roles.urlpatterns,
    *invitations.urlpatterns,
    *workspace.urlpatterns,
    *networks.urlpatterns,
    *dinas.urlpatterns,
    *identity.urlpatterns,
    *portal.urlpatterns,
    *help_views.urlpatterns,
]
