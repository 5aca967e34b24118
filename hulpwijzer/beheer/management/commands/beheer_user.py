"""make beheer-user: create or change an account. The password is typed twice (or read from
BEHEER_WACHTWOORD, for scripts); there is never a default password."""
from __future__ import annotations

import getpass

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from hulpwijzer.beheer import project
from hulpwijzer.beheer.models import NATIONAL_SLUG, Role


class Command(BaseCommand):
    help = "Maak een account voor het beheer (of wijzig het)."

    def add_arguments(self, parser):
        parser.add_argument("gebruiker", help="gebruikersnaam, bijvoorbeeld anna.jansen")
        parser.add_argument("--naam", default="", help="volle naam (komt in de geschiedenis)")
        parser.add_argument("--email", default="")
        parser.add_argument("--gemeenten", default="", help="bestandsnamen zonder .yml, bijvoorbeeld: oss,bernheze")
        parser.add_argument("--landelijk", action="store_true", help="mag de landelijke hulplijnen bewerken")
        parser.add_argument("--beheerder", action="store_true", help="mag accounts beheren")

    def handle(self, *args, gebruiker, naam, email, gemeenten, landelijk, beheerder, **options):
        call_command("migrate", interactive=False, verbosity=0)  # the first account creates the database
        slugs = [s.strip() for s in gemeenten.split(",") if s.strip()]
        unknown = [s for s in slugs if s == NATIONAL_SLUG or not (project.directory() / f"{s}.yml").is_file()]
        if unknown:
            known = sorted(p.stem for p in project.directory().glob("*.yml") if p.stem != NATIONAL_SLUG)
            raise CommandError(f"Onbekende gemeente: {', '.join(unknown)}. Kies uit: {', '.join(known)} "
                               "(de landelijke lijnen met --landelijk).")
        first, _, last = naam.partition(" ")
        user = get_user_model()(username=gebruiker, first_name=first, last_name=last, email=email)
        existing = get_user_model().objects.filter(username=gebruiker).first()
        if existing:
            user = existing
            user.first_name, user.last_name = (first, last) if naam else (user.first_name, user.last_name)
            user.email = email or user.email
        password = project.environment_setting("BEHEER_WACHTWOORD") or self._ask_password()
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Dit wachtwoord is niet sterk genoeg: " + " ".join(error.messages))
        user.set_password(password)
        user.is_superuser = user.is_staff = beheerder
        user.save()
        Role.objects.update_or_create(user=user, defaults={"gemeenten": ",".join(slugs), "national": landelijk})
        rights = slugs + (["landelijke hulplijnen"] if landelijk else []) + (["accounts"] if beheerder else [])
        self.stdout.write(f"Account '{gebruiker}' is {'gewijzigd' if existing else 'gemaakt'}. "
                          f"Mag bewerken: {', '.join(rights) or 'niets'}.")

    def _ask_password(self) -> str:
        first = getpass.getpass("Wachtwoord (minstens 12 tekens): ")
        if getpass.getpass("Nog een keer: ") != first:
            raise CommandError("De twee wachtwoorden zijn niet gelijk. Er is niets veranderd.")
        return first
