"""The mart's API routers, one per sub-domain; simpul/api.py adds them."""

from ninja import Router

from simpul.mart.catalog.api import router as catalog
from simpul.mart.network.api import router as network
from simpul.mart.pos.api import router as pos
from simpul.mart.purchasing.api import router as purchasing
from simpul.mart.reports.api import router as reports
from simpul.mart.sales.api import router as sales
from simpul.mart.shifts.api import router as shifts
from simpul.mart.stock.api import router as stock

ROUTERS: tuple[Router, ...] = (catalog, stock, purchasing, pos, sales, shifts, reports, network)
