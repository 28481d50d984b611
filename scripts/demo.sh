#!/usr/bin/env bash
# `make demo`: generate the synthetic national extract, load it into the embedded
# warehouse and run everything perfml does on it, then start the web application.
# Everything is written under $DEMO_DIR (default var/demo); a second run reuses the
# extract and the warehouse when they are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
PERFML=.venv/bin/perfml
DEMO_DIR=${DEMO_DIR:-var/demo}
ECHELLE=${ECHELLE:-national}
GRAINE=${GRAINE:-1}
EXTRAIT="$DEMO_DIR/extrait-$ECHELLE"
ENTREPOT="$DEMO_DIR/entrepot.duckdb"
SORTIES="$DEMO_DIR/resultats"
mkdir -p "$DEMO_DIR" "$SORTIES"

step() { printf '\n\033[1;34m== %s ==\033[0m\n' "$*"; }

if [ ! -f "$EXTRAIT/.complet" ]; then
  step "1. Génération de l'extrait synthétique ($ECHELLE, graine $GRAINE)"
  rm -rf "$EXTRAIT"
  $PERFML synth --echelle "$ECHELLE" --graine "$GRAINE" --sortie "$EXTRAIT"
  touch "$EXTRAIT/.complet"
  rm -f "$ENTREPOT"
else
  step "1. Extrait synthétique déjà généré : $EXTRAIT"
fi

if [ ! -f "$ENTREPOT" ]; then
  step "2. Chargement dans l'entrepôt DuckDB"
  $PERFML charger --donnees "$EXTRAIT" --entrepot "$ENTREPOT"
else
  step "2. Entrepôt déjà chargé : $ENTREPOT"
fi

# The last complete year of the extract, and the one before it.
ANNEE=$(.venv/bin/python -c "
import sys
from perfml.warehouse import connect
con = connect(sys.argv[1])
print(con.sql('select max(annee) as a from contexte').execute()['a'][0])
" "$ENTREPOT")
PRECEDENTE=$((ANNEE - 1))

step "3. Les 10 indicateurs $ANNEE (consolidés au 1er mars $((ANNEE + 1)))"
$PERFML indicateurs --entrepot "$ENTREPOT" --annee "$ANNEE" --officiel --sortie "$SORTIES/indicateurs_$ANNEE.csv"
$PERFML suivi-mensuel --entrepot "$ENTREPOT" --debut "$ANNEE-01" --fin "$ANNEE-12" --sortie "$SORTIES/suivi_mensuel_$ANNEE.csv"

step "4. Les 20 groupes homogènes ($PRECEDENTE et $ANNEE)"
$PERFML groupes --entrepot "$ENTREPOT" --annee "$PRECEDENTE" --sortie "$SORTIES/groupes_$PRECEDENTE.csv"
$PERFML groupes --entrepot "$ENTREPOT" --annee "$ANNEE" --sortie "$SORTIES/groupes_$ANNEE.csv"

step "5. Propositions de cibles et rapports « boîtes à moustaches »"
$PERFML cibles --entrepot "$ENTREPOT" --annee "$ANNEE" --sortie "$SORTIES/cibles_$ANNEE.csv"
$PERFML rapports --entrepot "$ENTREPOT" --annee "$ANNEE" --sortie "$SORTIES/rapports_$ANNEE" --excel

step "6. Allocation de la part performance $ANNEE"
$PERFML allocation --entrepot "$ENTREPOT" --annee "$ANNEE" --config exemples/allocation.toml --sortie "$SORTIES/allocation_$ANNEE"

step "7. Garantie jeunes, tableau de bord exhaustif, qualité des données"
$PERFML garantie-jeunes --entrepot "$ENTREPOT" --annee "$ANNEE" --config exemples/garantie_jeunes.toml --sortie "$SORTIES/garantie_jeunes_$ANNEE.xlsx"
$PERFML tableau-de-bord --entrepot "$ENTREPOT" --periode "$ANNEE" --tout --sortie "$SORTIES/tableaux_de_bord_$ANNEE"
$PERFML qualite --entrepot "$ENTREPOT" --annee "$ANNEE" --sortie "$SORTIES/qualite_$ANNEE.xlsx"

step "Résultats"
echo "Tout est dans $SORTIES :"
ls -1 "$SORTIES" | sed 's/^/  /'

step "8. Application web"
export PERFML_ENTREPOT="$ENTREPOT"
export PERFML_VAR="$DEMO_DIR/web"
$PERFML web demo
if [ "${SANS_SERVEUR:-0}" = "1" ]; then
  echo "SANS_SERVEUR=1 : l'application n'est pas démarrée (lancez : PERFML_ENTREPOT=$ENTREPOT PERFML_VAR=$DEMO_DIR/web $PERFML web serve)."
  exit 0
fi
echo "Application : http://127.0.0.1:8000 (Ctrl-C pour arrêter)"
exec $PERFML web serve
