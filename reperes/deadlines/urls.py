from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("convention/<int:pk>/", views.convention_deadlines, name="convention"),
    path("<str:pk>/fait/", views.mark_done, name="done"),
    path("abonnement/", views.subscription, name="subscription"),
    path("ical/<str:token>.ics", views.ical_feed, name="feed"),
]
