"""The Koperasi Mart's pages, one list per sub-domain (each package's urls.py)."""

from simpul.mart.catalog import urls as catalog
from simpul.mart.network import urls as network
from simpul.mart.pos import urls as pos
from simpul.mart.purchasing import urls as purchasing
from simpul.mart.reports import urls as reports
from simpul.mart.sales import urls as sales
from simpul.mart.shifts import urls as shifts
from simpul.mart.stock import urls as stock

app_name = "mart"

urlpatterns = (
    catalog.urlpatterns
    + stock.urlpatterns
    + purchasing.urlpatterns
    + pos.urlpatterns
    + sales.urlpatterns
    + shifts.urlpatterns
    + reports.urlpatterns
    + network.urlpatterns
)
