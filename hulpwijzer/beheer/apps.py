from django.apps import AppConfig


class BeheerConfig(AppConfig):
    name = "hulpwijzer.beheer"
    label = "beheer"
    verbose_name = "Beheer Hulpwijzer"

    def ready(self):
        from hulpwijzer.beheer.project import use_project_concepts

        use_project_concepts()
