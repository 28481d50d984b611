from perfml.contract import STATUT_MER


def test_offers_are_internal_and_external(mini_tables):
    assert set(mini_tables["offres"]["origine"]) == {"INTERNE", "EXTERNE"}
    assert mini_tables["offres"]["nb_postes"].isna().any()


def test_mer_take_every_statut_and_are_carried_out_after_prescription(mini_tables):
    mer = mini_tables["mises_en_relation"]
    assert set(mer["statut"]) == set(STATUT_MER)
    done = mer[mer["statut"] == "REALISEE"]
    assert (done["date_realisation"] >= done["date_prescription"]).all()


def test_mer_follow_their_offer(mini_tables):
    mer = mini_tables["mises_en_relation"].merge(
        mini_tables["offres"], on="id_offre", suffixes=("", "_offre")
    )

    assert (mer["date_prescription"] >= mer["date_collecte"]).all()
    assert (mer["code_ml"] != mer["code_ml_offre"]).any()


def test_about_half_of_internal_offers_get_a_mer_carried_out(mini_tables):
    offers = mini_tables["offres"]
    internal = offers[offers["origine"] == "INTERNE"]
    mer = mini_tables["mises_en_relation"]
    done = set(mer.loc[mer["statut"] == "REALISEE", "id_offre"])
    share = internal["id_offre"].isin(done).mean()
    assert 0.25 < share < 0.8
