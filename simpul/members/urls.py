from simpul.members import billing_views, document_views, import_views, portal_views, savings_views, views

app_name = "members"

urlpatterns = (
    import_views.urlpatterns  # before views: "anggota/impor/" must not be read as a member id
    + views.urlpatterns
    + savings_views.urlpatterns
    + billing_views.urlpatterns
    + document_views.urlpatterns
    + portal_views.urlpatterns
)
