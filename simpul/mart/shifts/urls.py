"""Pages of the mart's shifts, voids and returns, and (wired here, since simpul/mart/urls.py lists one module per
package) the mart's settings and members' kasbon."""

from simpul.mart.settings import views as settings_views
from simpul.mart.shifts import views

urlpatterns = views.urlpatterns + settings_views.urlpatterns
