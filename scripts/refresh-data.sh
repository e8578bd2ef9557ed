#!/usr/bin/env bash
# Regenerate graph/imported/ (and graph/mappings/) from the registries' dumps, with progress bars.
#
# Download the inputs first (the project never fetches them itself):
#   ROR          the newest data dump, a zip of JSON (schema v2) records, from Zenodo:
#                https://zenodo.org/communities/ror-data (unzip it; the .json file is the dump).
#                Optional: the Crossref Funder ID -> ROR map from
#                https://github.com/ror-community/ror_funder_registry_overlap
#   CORDIS       the project and organisation tables of each framework programme, JSON or CSV,
#                from the EU open data portal (unpack project.json and organization.json, or the
#                .csv files, into one folder per programme):
#                Horizon Europe https://data.europa.eu/data/datasets/cordis-eu-research-projects-under-horizon-europe-2021-2027
#                Horizon 2020   https://data.europa.eu/data/datasets/cordish2020projects
#                FP7            https://data.europa.eu/data/datasets/cordisfp7projects
#   GA4GH        the standards registry's PostgreSQL dump (data and schema .sql files) from
#                https://github.com/ga4gh/ga4gh-registry
#   FHIR         fhir-ig-list.json from the FHIR implementation-guide registry
#                https://github.com/FHIR/ig-registry
#
# Usage:
#   scripts/refresh-data.sh --ror DUMP [--funder-map FILE] --cordis DIR [--cordis DIR ...] \
#       [--cordis-release NAME] [--cordis-option "--country CN"] \
#       --ga4gh FILE [--ga4gh-schema FILE] --fhir FILE
# Every input is optional: the imports whose input is missing are skipped (and said so).
# Then review graph/mappings/ror-review.tsv and cordis-review.tsv, write accept/reject in their
# decision column, and run the script again: decisions persist.
set -euo pipefail

cd "$(dirname "$0")/.."
IC2KG=${IC2KG:-.venv/bin/ic2kg}
ror="" funder_map="" ga4gh="" ga4gh_schema="" fhir="" cordis_release=""
cordis=() cordis_options=()

usage() { sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --ror) ror=$2; shift 2 ;;
        --funder-map) funder_map=$2; shift 2 ;;
        --cordis) cordis+=("$2"); shift 2 ;;
        --cordis-release) cordis_release=$2; shift 2 ;;
        --cordis-option) read -r -a extra <<< "$2"; cordis_options+=("${extra[@]}"); shift 2 ;;
        --ga4gh) ga4gh=$2; shift 2 ;;
        --ga4gh-schema) ga4gh_schema=$2; shift 2 ;;
        --fhir) fhir=$2; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "unknown option: $1" >&2; usage 2 ;;
    esac
done

for input in "$ror" "$funder_map" "$ga4gh" "$ga4gh_schema" "$fhir" ${cordis[@]+"${cordis[@]}"}; do
    if [ -n "$input" ] && [ ! -e "$input" ]; then
        echo "error: $input does not exist (hint: download it first, see --help)" >&2
        exit 2
    fi
done

step() { printf '\n== %s\n' "$1"; }

# ROR first: the CORDIS import matches participants through the graph's ROR IDs.
if [ -n "$ror" ]; then
    step "ic2kg reconcile ror $ror"
    "$IC2KG" reconcile ror "$ror" ${funder_map:+--funder-map "$funder_map"}
else
    step "ROR: no --ror dump given, skipped"
fi

if [ ${#cordis[@]} -gt 0 ]; then
    # All programmes' folders in one call: one graph/imported/cordis.ttl, one review file.
    step "ic2kg import cordis ${cordis[*]}"
    "$IC2KG" import cordis "${cordis[@]}" ${cordis_release:+--release "$cordis_release"} \
        ${ror:+--ror-dump "$ror"} ${cordis_options[@]+"${cordis_options[@]}"}
else
    step "CORDIS: no --cordis folder given, skipped"
fi

if [ -n "$ga4gh" ]; then
    step "ic2kg import ga4gh $ga4gh"
    "$IC2KG" import ga4gh "$ga4gh" ${ga4gh_schema:+--schema "$ga4gh_schema"}
else
    step "GA4GH: no --ga4gh dump given, skipped"
fi

if [ -n "$fhir" ]; then
    step "ic2kg import fhir $fhir"
    "$IC2KG" import fhir "$fhir"
else
    step "FHIR: no --fhir registry file given, skipped"
fi

step "ic2kg validate (SHACL over the ontology and graph/)"
"$IC2KG" validate --max-per-shape 3
