"""The target form of the dialogue page: django-dsfr's form, French numbers, errors
marked on their field (aria-invalid, aria-describedby) and listed in a summary."""

from __future__ import annotations

import html
import re

import pytest

from perfml.french import NNBSP
from perfml.indicators.catalogue import CATALOGUE
from perfml.targets import Proposals
from perfml.web.dialogue.forms import TargetForm
from perfml.web.dialogue.models import Target
from perfml.web.dialogue.workflow import TargetEntry, campaign_of, set_targets

pytestmark = pytest.mark.django_db


def post(client, user, data) -> str:
    client.force_login(user)
    response = client.post("/dialogue/35001/", data)
    assert response.status_code == 200
    return response.content.decode()


def tag_of(page: str, element_id: str) -> str:
    """The opening tag of the element `element_id`."""
    return re.search(rf'<[a-z]+ [^>]*id="{element_id}"[^>]*>', page).group(0)


@pytest.mark.parametrize("typed", ["18,5", "18.5", " 18,5 % ", "18,50"])
def test_value_typed_the_french_way_is_stored(client, users, typed):
    client.force_login(users["DREETS_UR"])
    data = {"i3-source": "saisie", "i3-valeur": typed, "i3-justification": "Public éloigné"}
    assert client.post("/dialogue/35001/", data).status_code == 302
    assert Target.objects.get(indicator=3).value == 18.5


def test_value_with_grouped_thousands_is_stored(client, users):
    client.force_login(users["DREETS_UR"])
    data = {"i10-source": "saisie", "i10-valeur": "12 500", "i10-justification": "Coûts"}
    response = client.post("/dialogue/35001/", data)
    assert response.status_code == 302, html.unescape(response.content.decode())
    assert Target.objects.get(indicator=10).value == 12500.0


def test_unreadable_value_is_marked_invalid_and_described_by_its_message(client, users):
    page = post(client, users["DREETS_UR"], {"i3-source": "saisie", "i3-valeur": "beaucoup"})
    field = tag_of(page, "i3-valeur")
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="i3-valeur-desc-error"' in field
    message = page[page.index('id="i3-valeur-desc-error"') :][:400]
    assert "« beaucoup » n&#x27;est pas un nombre" in message
    assert not Target.objects.exists()


def test_error_summary_links_to_the_field_and_can_take_the_focus(client, users):
    page = post(client, users["DREETS_UR"], {"i3-source": "saisie", "i3-valeur": "beaucoup"})
    summary = page[page.index('class="fr-alert fr-alert--error fr-mb-3w perfml-erreurs"') :]
    summary = summary[: summary.index("</div>")]
    assert 'tabindex="-1"' in summary
    assert '<a href="#i3-valeur">Indicateur 3 — Autre valeur : « beaucoup »' in summary


def test_fields_without_error_are_not_marked_invalid(client, users):
    page = post(client, users["DREETS_UR"], {"i3-source": "saisie", "i3-valeur": "beaucoup"})
    assert 'aria-invalid="true"' not in tag_of(page, "i3-justification")
    assert 'aria-invalid="true"' not in tag_of(page, "i4-valeur")


def test_missing_justification_is_marked_on_the_justification(client, users):
    page = post(client, users["DREETS_UR"], {"i3-source": "saisie", "i3-valeur": "18,5"})
    assert 'aria-invalid="true"' in tag_of(page, "i3-justification")
    assert 'aria-invalid="true"' not in tag_of(page, "i3-valeur")
    assert "une justification est obligatoire" in html.unescape(page).lower()


def test_implausible_value_is_marked_on_the_value(client, users):
    data = {"i1-source": "saisie", "i1-valeur": "1 000", "i1-justification": "Essai"}
    page = html.unescape(post(client, users["DREETS_UR"], data))
    assert 'aria-invalid="true"' in tag_of(page, "i1-valeur")
    assert "La cible de l'indicateur 1 doit être comprise entre 0 % et 100 %." in page


def test_value_typed_without_ticking_other_value_needs_its_justification(client, users):
    page = post(client, users["DREETS_UR"], {"i3-valeur": "18,5"})
    assert 'aria-invalid="true"' in tag_of(page, "i3-justification")


def test_ticking_other_value_without_a_value_asks_for_it(client, users):
    page = html.unescape(post(client, users["DREETS_UR"], {"i3-source": "saisie"}))
    assert 'aria-invalid="true"' in tag_of(page, "i3-valeur")
    assert "Saisissez la valeur de la cible." in page


def test_stored_typed_target_is_shown_the_french_way(client, users, figures):
    user = users["DREETS_UR"]
    campaign = campaign_of("35001", figures.year + 1)
    set_targets(user, campaign, [TargetEntry(10, 12345.5, "saisie", "Coûts")], figures)
    client.force_login(user)
    page = client.get("/dialogue/35001/").content.decode()
    assert f'value="12{NNBSP}345,5"' in tag_of(page, "i10-valeur")
    assert "checked" in tag_of(page, "i10-source-saisie")


def test_missing_proposal_is_shown_disabled_and_refused():
    spec = CATALOGUE[0]
    proposals = Proposals(None, 21.25, 25.0)
    form = TargetForm(spec=spec, proposals=proposals, context=None, code_ml="35001")
    radios = str(form["source"])
    assert re.search(r'<input type="radio"[^>]*value="legitime"[^>]*disabled', radios)
    assert "Proposition légitime : – (aucune proposition)" in radios
    data = {"i1-source": "legitime"}
    bound = TargetForm(data, spec=spec, proposals=proposals, context=None, code_ml="35001")
    assert not bound.is_valid()
    assert "source" in bound.errors
