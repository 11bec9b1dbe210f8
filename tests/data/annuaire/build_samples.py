"""Write the Annuaire de l'éducation samples of the tests, in the published format.

The national file (data.education.gouv.fr, dataset `fr-en-annuaire-education`, Licence Ouverte
2.0) is a `;`-separated CSV with a header of 72 columns, written in UTF-8 with a BOM; older
extracts and files saved again by a spreadsheet on Windows come in Windows-1252. The rows here
are invented (UAI codes, names, numbers): only the columns and the conventions are the file's
(« REP », « REP+ », 0/1 flags, « A FERMER », an establishment on two rows with one UAI, phone
numbers with spaces, web addresses without scheme, an address holding a `;`).

    python tests/data/annuaire/build_samples.py
"""

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = (
    "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;"
    "Adresse_1;Adresse_2;Adresse_3;Code_postal;Code_commune;Nom_commune;Code_departement;"
    "Code_academie;Code_region;Ecole_maternelle;Ecole_elementaire;Voie_generale;"
    "Voie_technologique;Voie_professionnelle;Telephone;Fax;Web;Mail;Restauration;Hebergement;"
    "ULIS;Apprentissage;Segpa;Section_arts;Section_cinema;Section_theatre;Section_sport;"
    "Section_internationale;Section_europeenne;Lycee_Agricole;Lycee_militaire;"
    "Lycee_des_metiers;Post_BAC;Appartenance_Education_Prioritaire;GRETA;SIREN_SIRET;"
    "Nombre_d_eleves;Fiche_onisep;position;Type_contrat_prive;Libelle_departement;"
    "Libelle_academie;Libelle_region;coordX_origine;coordY_origine;epsg_origine;"
    "nom_circonscription;latitude;longitude;precision_localisation;date_ouverture;"
    "date_maj_ligne;etat;ministere_tutelle;multi_uai;rpi_concentre;rpi_disperse;code_nature;"
    "libelle_nature;Code_type_contrat_prive;PIAL;etablissement_mere;"
    "type_rattachement_etablissement_mere;code_circonscription;"
    "code_zone_animation_pedagogique;libelle_zone_animation_pedagogique;code_bassin_formation;"
    "libelle_bassin_formation"
).split(";")

LILLE = {"Code_postal": "59000", "Code_commune": "59350", "Nom_commune": "Lille"}
FIVES = {**LILLE, "Code_postal": "59800"}
NORD = {
    "Code_departement": "059",
    "Code_academie": "09",
    "Code_region": "32",
    "Libelle_departement": "Nord",
    "Libelle_academie": "Lille",
    "Libelle_region": "Hauts-de-France",
}
BDR = {
    "Code_departement": "013",
    "Code_academie": "02",
    "Code_region": "93",
    "Libelle_departement": "Bouches-du-Rhône",
    "Libelle_academie": "Aix-Marseille",
    "Libelle_region": "Provence-Alpes-Côte d'Azur",
}
ECOLE = {
    "Type_etablissement": "Ecole",
    "code_nature": "151",
    "libelle_nature": "ECOLE DE NIVEAU ELEMENTAIRE",
}

ROWS = [
    {
        **NORD,
        **FIVES,
        **ECOLE,
        "Identifiant_de_l_etablissement": "0599101A",
        "Nom_etablissement": "École primaire Jules Ferry",
        "Statut_public_prive": "Public",
        "Adresse_1": "12 rue Pierre Legrand",
        "Adresse_3": "59800 LILLE",
        "Ecole_maternelle": "1",
        "Ecole_elementaire": "1",
        "Telephone": "03 20 11 22 33",
        "Mail": "ce.0599101a@ac-lille.fr",
        "Appartenance_Education_Prioritaire": "REP+",
        "SIREN_SIRET": "19599101000017",
        "Nombre_d_eleves": "212",
        "latitude": "50.6312",
        "longitude": "3.0901",
        "date_ouverture": "1965-09-01",
        "date_maj_ligne": "2025-03-12",
        "etat": "OUVERT",
        "ministere_tutelle": "MINISTERE DE L'EDUCATION NATIONALE",
    },
    {
        **NORD,
        **FIVES,
        **ECOLE,
        "Identifiant_de_l_etablissement": "0599102B",
        "Nom_etablissement": "École maternelle publique Les Tilleuls",
        "Statut_public_prive": "Public",
        "Adresse_1": "3 rue de Bouvines",
        "Ecole_maternelle": "1",
        "Ecole_elementaire": "0",
        "Telephone": "0320445566",
        "Web": "www.tilleuls-fives.example.fr",
        "Appartenance_Education_Prioritaire": "REP",
        "latitude": "50.6290",
        "longitude": "3.0950",
        "date_maj_ligne": "2024-11-05",
        "etat": "OUVERT",
        "code_nature": "101",
        "libelle_nature": "ECOLE MATERNELLE",
    },
    {
        **NORD,
        **FIVES,
        "Identifiant_de_l_etablissement": "0599103C",
        "Nom_etablissement": "Collège Boris Vian",
        "Type_etablissement": "Collège",
        "Statut_public_prive": "Public",
        "Adresse_1": "60 rue de Bouvines",
        "Adresse_2": "BP 80; Lille Fives",
        "Telephone": "03 20 56 00 00",
        "Web": "https://boris-vian-fives.example.fr",
        "Mail": "ce.0599103c@ac-lille.fr",
        "Segpa": "1",
        "ULIS": "1",
        "Appartenance_Education_Prioritaire": "REP+",
        "latitude": "50.6281",
        "longitude": "3.0968",
        "date_maj_ligne": "2025-01-20",
        "etat": "OUVERT",
        "code_nature": "340",
        "libelle_nature": "COLLEGE",
    },
    # One institution on two rows, with one UAI: a lycée polyvalent and its lycée professionnel.
    {
        **NORD,
        **LILLE,
        "Identifiant_de_l_etablissement": "0599104D",
        "Nom_etablissement": "Lycée polyvalent Armand Carrel",
        "Type_etablissement": "Lycée",
        "Statut_public_prive": "Public",
        "Adresse_1": "9 rue Armand Carrel",
        "Voie_generale": "1",
        "Voie_technologique": "1",
        "Voie_professionnelle": "1",
        "latitude": "50.6262",
        "longitude": "3.0685",
        "date_maj_ligne": "2025-02-02",
        "etat": "OUVERT",
        "multi_uai": "1",
        "code_nature": "306",
        "libelle_nature": "LYCEE POLYVALENT",
    },
    {
        **NORD,
        **LILLE,
        "Identifiant_de_l_etablissement": "0599104D",
        "Nom_etablissement": "Lycée professionnel Armand Carrel",
        "Type_etablissement": "Lycée",
        "Statut_public_prive": "Public",
        "Adresse_1": "9 rue Armand Carrel",
        "Voie_professionnelle": "1",
        "latitude": "50.6262",
        "longitude": "3.0685",
        "date_maj_ligne": "2025-02-02",
        "etat": "OUVERT",
        "multi_uai": "1",
        "code_nature": "320",
        "libelle_nature": "LYCEE PROFESSIONNEL",
    },
    {
        **NORD,
        **LILLE,
        "Identifiant_de_l_etablissement": "0599105E",
        "Nom_etablissement": "EREA Les Hauts de Lille",
        "Type_etablissement": "EREA",
        "Statut_public_prive": "Public",
        "Adresse_1": "1 chemin des Hauts",
        "Telephone": "03 20 99 00 11",
        "latitude": "50.6400",
        "longitude": "3.0500",
        "date_maj_ligne": "2024-06-30",
        "etat": "OUVERT",
        "code_nature": "370",
        "libelle_nature": "ETABLISSEMENT REGIONAL D'ENSEIGNEMENT ADAPTE",
    },
    {
        **NORD,
        **FIVES,
        **ECOLE,
        "Identifiant_de_l_etablissement": "0599106F",
        "Nom_etablissement": "École élémentaire du Moulin",
        "Statut_public_prive": "Public",
        "Ecole_maternelle": "0",
        "Ecole_elementaire": "1",
        "latitude": "50.6330",
        "longitude": "3.0920",
        "date_maj_ligne": "2025-04-01",
        "etat": "A FERMER",
    },
    {
        **NORD,
        **LILLE,
        "Identifiant_de_l_etablissement": "0599107G",
        "Nom_etablissement": "Centre d'information et d'orientation de Lille",
        "Type_etablissement": "Information et orientation",
        "Statut_public_prive": "Public",
        "latitude": "50.6300",
        "longitude": "3.0800",
        "etat": "OUVERT",
    },
    {
        **NORD,
        **LILLE,
        "Identifiant_de_l_etablissement": "0599108H",
        "Nom_etablissement": "Circonscription de Lille 3",
        "Type_etablissement": "Service Administratif",
        "Statut_public_prive": "Public",
        "etat": "OUVERT",
    },
    {
        **NORD,
        **ECOLE,
        "Code_postal": "59100",
        "Code_commune": "59512",
        "Nom_commune": "Roubaix",
        "Identifiant_de_l_etablissement": "0599109J",
        "Nom_etablissement": "École primaire privée du Centre",
        "Statut_public_prive": "Privé",
        "Type_contrat_prive": "CONTRAT D'ASSOCIATION TOUTES CLASSES",
        "Ecole_maternelle": "1",
        "Ecole_elementaire": "1",
        "latitude": "50.6900",
        "longitude": "3.1810",
        "etat": "OUVERT",
    },
    # Marseille's schools are placed in its arrondissements.
    {
        **BDR,
        **ECOLE,
        "Code_postal": "13015",
        "Code_commune": "13215",
        "Nom_commune": "Marseille 15e Arrondissement",
        "Identifiant_de_l_etablissement": "0139201K",
        "Nom_etablissement": "École élémentaire des Micocouliers",
        "Statut_public_prive": "Public",
        "Ecole_maternelle": "0",
        "Ecole_elementaire": "1",
        "Appartenance_Education_Prioritaire": "REP+",
        "latitude": "43.3420",
        "longitude": "5.3650",
        "date_maj_ligne": "2025-05-15",
        "etat": "OUVERT",
    },
    {
        **BDR,
        "Code_postal": "13015",
        "Code_commune": "13215",
        "Nom_commune": "Marseille 15e Arrondissement",
        "Identifiant_de_l_etablissement": "0139202L",
        "Nom_etablissement": "Collège des Pins d'Alep",
        "Type_etablissement": "Collège",
        "Statut_public_prive": "Public",
        "Appartenance_Education_Prioritaire": "REP+",
        "latitude": "43.3500",
        "longitude": "5.3600",
        "date_maj_ligne": "2025-05-15",
        "etat": "OUVERT",
    },
    {
        **BDR,
        **ECOLE,
        "Code_postal": "13014",
        "Code_commune": "13214",
        "Nom_commune": "Marseille 14e Arrondissement",
        "Identifiant_de_l_etablissement": "0139203M",
        "Nom_etablissement": "École maternelle des Oliviers",
        "Statut_public_prive": "Public",
        "Ecole_maternelle": "1",
        "Ecole_elementaire": "0",
        "Appartenance_Education_Prioritaire": "REP",
        "latitude": "43.3400",
        "longitude": "5.3900",
        "date_maj_ligne": "2025-05-15",
        "etat": "OUVERT",
    },
]


def main() -> None:
    for name, encoding in (
        ("annuaire-utf8-bom.csv", "utf-8-sig"),
        ("annuaire-cp1252.csv", "cp1252"),
    ):
        with open(HERE / name, "w", encoding=encoding, newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=HEADER, delimiter=";")
            writer.writeheader()
            for row in ROWS:
                writer.writerow(row)


if __name__ == "__main__":
    main()
