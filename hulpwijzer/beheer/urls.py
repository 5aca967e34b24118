from django.contrib.auth import views as auth_views
from django.urls import path

from hulpwijzer.beheer import accounts, answer_views, views
from hulpwijzer.beheer.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", auth_views.LoginView.as_view(template_name="beheer/inloggen.html", authentication_form=LoginForm), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", accounts.account_list, name="accounts"),
    path("accounts/<str:username>/", accounts.account_edit, name="account"),
    path("antwoorden/", answer_views.answer_list, name="answers"),
    path("antwoorden/<str:file>/<path:name>/", answer_views.answer_edit, name="answer"),  # utter_faq/x has a slash
    path("voorbeeldvragen/", answer_views.example_topics, name="examples"),
    path("voorbeeldvragen/<str:topic>/", answer_views.example_edit, name="example"),
    path("model/", answer_views.model, name="model"),
    path("model/<str:action>/", answer_views.model_action, name="model_action"),
    path("cijfers/", views.report, name="report"),
    path("cijfers.csv", views.report_csv, name="report_csv"),
    path("gids/<slug:slug>/", views.overview, name="overview"),
    path("gids/<slug:slug>/voorbeeld/", views.preview, name="preview"),
    path("gids/<slug:slug>/publiceren/", views.publish, name="publish"),
    path("gids/<slug:slug>/concept/<int:pk>/weggooien/", views.discard, name="discard"),
    path("gids/<slug:slug>/geschiedenis/", views.history, name="history"),
    path("gids/<slug:slug>/geschiedenis/<str:sha>/ongedaan-maken/", views.undo, name="undo"),
    path("gids/<slug:slug>/<str:kind>/<path:key_rest>/", views.edit_entry, name="edit"),
]
