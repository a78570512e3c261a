"""Training and mentoring pages (simpul/training/views/)."""

from simpul.training.views import cooperative, mentoring, organiser, public

app_name = "training"

urlpatterns = [*organiser.urlpatterns, *cooperative.urlpatterns, *mentoring.urlpatterns, *public.urlpatterns]
