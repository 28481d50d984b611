"""The funding simulation page on the tiny warehouse and `exemples/allocation.toml`."""

from __future__ import annotations

import html

import pytest

pytestmark = pytest.mark.django_db

VARIANT = {
    "region": "53",
    "enveloppe_eur": "1000000",
    "mode_atteinte": "binaire",
    "critere_part_fixe": "1",
    "indicateur_1": "0,5",
    "indicateur_2": "1/2",
}


def page(client, user, params=None) -> str:
    client.force_login(user)
    return client.get("/financement/", params or {}).content.decode()


def test_current_allocation_lists_the_regions_mls(client, users):
    text = page(client, users["DREETS_UR"])
    assert all(code in text for code in ("29001", "35001", "35002"))
    assert "69001" not in text


def test_variant_with_weights_not_summing_to_one_is_explained(client, users):
    text = page(client, users["DREETS_UR"], {**VARIANT, "indicateur_2": "0,4"})
    assert "font 0,9 au lieu de 1" in text


def test_variant_envelope_is_split_to_the_euro(client, users):
    # Fixed equal part: 90 % of 1 000 000 € over 3 MLs, whole euros adding up exactly.
    text = page(client, users["DREETS_UR"], VARIANT)
    assert '<th scope="row">Simulée</th><td class="perfml-num">1\u202f000\u202f000' in text


@pytest.mark.parametrize("typed", ["1 000 000", "1\u202f000\u202f000", "1 000 000 €"])
def test_envelope_typed_the_french_way_is_read(client, users, typed):
    text = page(client, users["DREETS_UR"], {**VARIANT, "enveloppe_eur": typed})
    assert '<th scope="row">Simulée</th><td class="perfml-num">1\u202f000\u202f000' in text


def test_envelope_that_is_not_a_number_is_explained_in_french(client, users):
    text = page(client, users["DREETS_UR"], {**VARIANT, "enveloppe_eur": "un million"})
    assert "n&#x27;est pas un nombre" in text or "n'est pas un nombre" in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"critere_part_fixe": "1e309"}, "Saisissez un poids compris entre 0 et 1."),
        ({"indicateur_1": "2", "indicateur_2": "-1"}, "Saisissez un poids compris entre 0 et 1."),
        ({"critere_part_fixe": "nan"}, "Saisissez un poids sous la forme 0,25 ou 1/4."),
        ({"critere_part_fixe": "1/0"}, "Saisissez un poids sous la forme 0,25 ou 1/4."),
        ({"critere_part_fixe": "1e-99999999"}, "Saisissez un poids sous la forme 0,25 ou 1/4."),
        ({"enveloppe_eur": "1" + "0" * 26}, "au plus 1 000 milliards d'euros"),
        ({"enveloppe_eur": "-5"}, "Saisissez une enveloppe positive ou nulle."),
    ],
)
def test_variant_out_of_range_is_refused_in_french_next_to_its_field(
    client, users, change, message
):
    client.force_login(users["DREETS_UR"])
    response = client.get("/financement/", {**VARIANT, **change})
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert message in text
    assert 'aria-invalid="true"' in text
