#!/usr/bin/env python3
"""Generate gazetteers/countries.tsv: countries and territories (LOC) and
nationality words (DEMONYM).

The list of countries and territories comes from ISO 3166-1 as shipped by
Debian's iso-codes package (/usr/share/iso-codes/json/iso_3166-1.json).
The table CURATED below (hand-written, CC0-1.0) gives, per ISO alpha-2 code,
the name news writers use, extra aliases, demonyms and a Wikidata id where it
is certain. Codes without a certain Wikidata id get the slug loc:<alpha-2>.

Rerun: python3 gazetteers/tools/gen_countries.py > gazetteers/countries.tsv
"""
import json
import sys

ISO = "/usr/share/iso-codes/json/iso_3166-1.json"

# code: (news name or None, [aliases], [demonym adjectives], [demonym nouns], qid or None)
# An alias starting with '=' matches only exactly as written (case-sensitive).
CURATED = {
    "AF": (None, [], ["Afghan"], ["Afghans"], "Q889"),
    "AL": (None, [], ["Albanian"], ["Albanians"], None),
    "DZ": (None, [], ["Algerian"], ["Algerians"], None),
    "AD": (None, [], ["Andorran"], ["Andorrans"], None),
    "AO": (None, [], ["Angolan"], ["Angolans"], None),
    "AG": (None, ["Antigua"], ["Antiguan"], ["Antiguans"], None),
    "AR": (None, [], ["Argentine", "Argentinian"], ["Argentines", "Argentinians"], "Q414"),
    "AM": (None, [], ["Armenian"], ["Armenians"], None),
    "AU": (None, [], ["Australian"], ["Australians", "Aussie", "Aussies"], "Q408"),
    "AT": (None, [], ["Austrian"], ["Austrians"], "Q40"),
    "AZ": (None, [], ["Azerbaijani", "Azeri"], ["Azerbaijanis", "Azeris"], None),
    "BS": ("The Bahamas", ["Bahamas"], ["Bahamian"], ["Bahamians"], None),
    "BH": (None, [], ["Bahraini"], ["Bahrainis"], None),
    "BD": (None, [], ["Bangladeshi"], ["Bangladeshis"], None),
    "BB": (None, [], ["Barbadian", "Bajan"], ["Barbadians", "Bajans"], None),
    "BY": (None, ["Byelorussia"], ["Belarusian", "Belarusan"], ["Belarusians"], None),
    "BE": (None, [], ["Belgian"], ["Belgians"], "Q31"),
    "BZ": (None, [], ["Belizean"], ["Belizeans"], None),
    "BJ": (None, [], ["Beninese"], [], None),
    "BT": (None, [], ["Bhutanese"], [], None),
    "BO": ("Bolivia", [], ["Bolivian"], ["Bolivians"], None),
    "BA": (None, ["Bosnia-Herzegovina", "Bosnia"], ["Bosnian"], ["Bosnians"], None),
    "BW": (None, [], ["Botswanan", "Motswana"], ["Batswana"], None),
    "BR": (None, [], ["Brazilian"], ["Brazilians"], "Q155"),
    "BN": ("Brunei", ["Brunei Darussalam"], ["Bruneian"], ["Bruneians"], None),
    "BG": (None, [], ["Bulgarian"], ["Bulgarians"], None),
    "BF": (None, [], ["Burkinabe"], [], None),
    "BI": (None, [], ["Burundian"], ["Burundians"], None),
    "KH": (None, [], ["Cambodian"], ["Cambodians"], None),
    "CM": (None, [], ["Cameroonian"], ["Cameroonians"], None),
    "CA": (None, [], ["Canadian"], ["Canadians"], "Q16"),
    "CV": ("Cape Verde", ["Cabo Verde"], ["Cape Verdean"], ["Cape Verdeans"], None),
    "CF": (None, [], ["Central African"], ["Central Africans"], None),
    "TD": (None, [], ["Chadian"], ["Chadians"], None),
    "CL": (None, [], ["Chilean"], ["Chileans"], None),
    "CN": (None, ["People's Republic of China", "=PRC", "Mainland China"], ["Chinese"], [], "Q148"),
    "CO": (None, [], ["Colombian"], ["Colombians"], None),
    "KM": (None, [], ["Comorian"], ["Comorians"], None),
    "CG": ("Republic of the Congo", ["Congo-Brazzaville"], ["Congolese"], [], None),
    "CD": ("Democratic Republic of Congo", ["Democratic Republic of the Congo", "=DR Congo", "=DRC", "Congo-Kinshasa"], [], [], None),
    "CR": (None, [], ["Costa Rican"], ["Costa Ricans"], None),
    "CI": ("Ivory Coast", ["Côte d'Ivoire"], ["Ivorian"], ["Ivorians"], None),
    "HR": (None, [], ["Croatian", "Croat"], ["Croatians", "Croats"], None),
    "CU": (None, [], ["Cuban"], ["Cubans"], None),
    "CY": (None, [], ["Cypriot"], ["Cypriots"], None),
    "CZ": ("Czech Republic", ["Czechia"], ["Czech"], ["Czechs"], None),
    "DK": (None, [], ["Danish"], ["Dane", "Danes"], "Q35"),
    "DJ": (None, [], ["Djiboutian"], ["Djiboutians"], None),
    "DM": (None, [], ["Dominican"], [], None),
    "DO": (None, [], [], [], None),
    "EC": (None, [], ["Ecuadorian", "Ecuadorean"], ["Ecuadorians"], None),
    "EG": (None, [], ["Egyptian"], ["Egyptians"], "Q79"),
    "SV": (None, [], ["Salvadoran", "Salvadorean"], ["Salvadorans"], None),
    "GQ": (None, [], ["Equatorial Guinean", "Equatoguinean"], [], None),
    "ER": (None, [], ["Eritrean"], ["Eritreans"], None),
    "EE": (None, [], ["Estonian"], ["Estonians"], None),
    "SZ": (None, ["Swaziland"], ["Swazi"], ["Swazis"], None),
    "ET": (None, [], ["Ethiopian"], ["Ethiopians"], None),
    "FJ": (None, [], ["Fijian"], ["Fijians"], None),
    "FI": (None, [], ["Finnish"], ["Finn", "Finns"], "Q33"),
    "FR": (None, [], ["French"], ["Frenchman", "Frenchmen", "Frenchwoman", "Frenchwomen"], "Q142"),
    "GA": (None, [], ["Gabonese"], [], None),
    "GM": ("The Gambia", ["Gambia"], ["Gambian"], ["Gambians"], None),
    "GE": (None, [], ["Georgian"], ["Georgians"], None),
    "DE": (None, [], ["German"], ["Germans"], "Q183"),
    "GH": (None, [], ["Ghanaian"], ["Ghanaians"], None),
    "GR": (None, ["Hellas"], ["Greek"], ["Greeks"], "Q41"),
    "GD": (None, [], ["Grenadian"], ["Grenadians"], None),
    "GT": (None, [], ["Guatemalan"], ["Guatemalans"], None),
    "GN": (None, [], ["Guinean"], ["Guineans"], None),
    "GW": (None, [], ["Bissau-Guinean"], [], None),
    "GY": (None, [], ["Guyanese"], [], None),
    "HT": (None, [], ["Haitian"], ["Haitians"], None),
    "HN": (None, [], ["Honduran"], ["Hondurans"], None),
    "HU": (None, [], ["Hungarian"], ["Hungarians"], None),
    "IS": (None, [], ["Icelandic"], ["Icelander", "Icelanders"], None),
    "IN": (None, [], ["Indian"], ["Indians"], "Q668"),
    "ID": (None, [], ["Indonesian"], ["Indonesians"], None),
    "IR": ("Iran", ["Islamic Republic of Iran"], ["Iranian"], ["Iranians"], "Q794"),
    "IQ": (None, [], ["Iraqi"], ["Iraqis"], "Q796"),
    "IE": (None, ["Republic of Ireland", "Irish Republic", "Eire"], ["Irish"], ["Irishman", "Irishmen", "Irishwoman"], "Q27"),
    "IL": (None, [], ["Israeli"], ["Israelis"], "Q801"),
    "IT": (None, [], ["Italian"], ["Italians"], "Q38"),
    "JM": (None, [], ["Jamaican"], ["Jamaicans"], None),
    "JP": (None, [], ["Japanese"], [], "Q17"),
    "JO": (None, [], ["Jordanian"], ["Jordanians"], None),
    "KZ": (None, [], ["Kazakh", "Kazakhstani"], ["Kazakhs", "Kazakhstanis"], None),
    "KE": (None, [], ["Kenyan"], ["Kenyans"], None),
    "KI": (None, [], ["I-Kiribati"], [], None),
    "KP": ("North Korea", ["Democratic People's Republic of Korea", "=DPRK"], ["North Korean"], ["North Koreans"], "Q423"),
    "KR": ("South Korea", ["Republic of Korea", "=ROK"], ["South Korean"], ["South Koreans"], "Q884"),
    "KW": (None, [], ["Kuwaiti"], ["Kuwaitis"], None),
    "KG": (None, ["Kirgizia", "Kyrgyz Republic"], ["Kyrgyz", "Kyrgyzstani"], [], None),
    "LA": ("Laos", ["Lao People's Democratic Republic"], ["Lao", "Laotian"], ["Laotians"], None),
    "LV": (None, [], ["Latvian"], ["Latvians"], None),
    "LB": (None, [], ["Lebanese"], [], None),
    "LS": (None, [], ["Basotho", "Mosotho"], [], None),
    "LR": (None, [], ["Liberian"], ["Liberians"], None),
    "LY": (None, [], ["Libyan"], ["Libyans"], None),
    "LI": (None, [], ["Liechtensteiner"], ["Liechtensteiners"], None),
    "LT": (None, [], ["Lithuanian"], ["Lithuanians"], None),
    "LU": (None, [], ["Luxembourgish", "Luxembourger"], ["Luxembourgers"], None),
    "MG": (None, [], ["Malagasy", "Madagascan"], [], None),
    "MW": (None, [], ["Malawian"], ["Malawians"], None),
    "MY": (None, [], ["Malaysian"], ["Malaysians"], None),
    "MV": (None, [], ["Maldivian"], ["Maldivians"], None),
    "ML": (None, [], ["Malian"], ["Malians"], None),
    "MT": (None, [], ["Maltese"], [], None),
    "MH": (None, [], ["Marshallese"], [], None),
    "MR": (None, [], ["Mauritanian"], ["Mauritanians"], None),
    "MU": (None, [], ["Mauritian"], ["Mauritians"], None),
    "MX": (None, [], ["Mexican"], ["Mexicans"], "Q96"),
    "FM": ("Micronesia", ["Federated States of Micronesia"], ["Micronesian"], ["Micronesians"], None),
    "MD": ("Moldova", ["Moldavia"], ["Moldovan"], ["Moldovans"], None),
    "MC": (None, [], ["Monegasque", "Monacan"], [], None),
    "MN": (None, [], ["Mongolian"], ["Mongolians"], None),
    "ME": (None, [], ["Montenegrin"], ["Montenegrins"], None),
    "MA": (None, [], ["Moroccan"], ["Moroccans"], None),
    "MZ": (None, [], ["Mozambican"], ["Mozambicans"], None),
    "MM": (None, ["Burma"], ["Burmese"], [], None),
    "NA": (None, [], ["Namibian"], ["Namibians"], None),
    "NR": (None, [], ["Nauruan"], ["Nauruans"], None),
    "NP": (None, [], ["Nepalese", "Nepali"], ["Nepalis"], None),
    "NL": (None, ["Holland", "The Netherlands"], ["Dutch"], ["Dutchman", "Dutchmen", "Dutchwoman"], "Q55"),
    "NZ": (None, [], [], ["New Zealander", "New Zealanders", "Kiwi", "Kiwis"], "Q664"),
    "NI": (None, [], ["Nicaraguan"], ["Nicaraguans"], None),
    "NE": (None, [], ["Nigerien"], ["Nigeriens"], None),
    "NG": (None, [], ["Nigerian"], ["Nigerians"], "Q1033"),
    "MK": (None, ["Macedonia", "Republic of North Macedonia"], ["Macedonian", "North Macedonian"], ["Macedonians"], None),
    "NO": (None, [], ["Norwegian"], ["Norwegians"], "Q20"),
    "OM": (None, [], ["Omani"], ["Omanis"], None),
    "PK": (None, [], ["Pakistani"], ["Pakistanis"], "Q843"),
    "PW": (None, [], ["Palauan"], ["Palauans"], None),
    "PS": ("Palestine", ["State of Palestine", "Palestinian Territories", "Occupied Palestinian Territories"], ["Palestinian"], ["Palestinians"], None),
    "PA": (None, [], ["Panamanian"], ["Panamanians"], None),
    "PG": (None, [], ["Papua New Guinean"], ["Papua New Guineans"], None),
    "PY": (None, [], ["Paraguayan"], ["Paraguayans"], None),
    "PE": (None, [], ["Peruvian"], ["Peruvians"], None),
    "PH": (None, ["The Philippines"], ["Filipino", "Philippine"], ["Filipinos", "Filipina", "Filipinas"], None),
    "PL": (None, [], ["Polish"], ["Pole", "Poles"], "Q36"),
    "PT": (None, [], ["Portuguese"], [], "Q45"),
    "QA": (None, [], ["Qatari"], ["Qataris"], None),
    "RO": (None, ["Roumania"], ["Romanian"], ["Romanians"], None),
    "RU": ("Russia", ["Russian Federation"], ["Russian"], ["Russians"], "Q159"),
    "RW": (None, [], ["Rwandan"], ["Rwandans"], None),
    "KN": (None, ["St Kitts and Nevis", "St Kitts"], ["Kittitian"], [], None),
    "LC": (None, ["St Lucia"], ["Saint Lucian", "St Lucian"], [], None),
    "VC": (None, ["St Vincent and the Grenadines", "St Vincent"], ["Vincentian"], [], None),
    "WS": (None, [], ["Samoan"], ["Samoans"], None),
    "SM": (None, [], ["Sammarinese"], [], None),
    "ST": (None, [], ["Santomean"], [], None),
    "SA": (None, [], ["Saudi", "Saudi Arabian"], ["Saudis"], "Q851"),
    "SN": (None, [], ["Senegalese"], [], None),
    "RS": (None, [], ["Serbian", "Serb"], ["Serbs", "Serbians"], None),
    "SC": (None, [], ["Seychellois"], [], None),
    "SL": (None, [], ["Sierra Leonean"], ["Sierra Leoneans"], None),
    "SG": (None, [], ["Singaporean"], ["Singaporeans"], None),
    "SK": (None, ["Slovak Republic"], ["Slovak", "Slovakian"], ["Slovaks"], None),
    "SI": (None, [], ["Slovenian", "Slovene"], ["Slovenians", "Slovenes"], None),
    "SB": (None, [], ["Solomon Islander"], ["Solomon Islanders"], None),
    "SO": (None, [], ["Somali"], ["Somalis"], None),
    "ZA": (None, [], ["South African"], ["South Africans"], "Q258"),
    "SS": (None, [], ["South Sudanese"], [], None),
    "ES": (None, [], ["Spanish"], ["Spaniard", "Spaniards"], "Q29"),
    "LK": (None, ["Ceylon"], ["Sri Lankan"], ["Sri Lankans"], None),
    "SD": (None, [], ["Sudanese"], [], None),
    "SR": (None, ["Surinam"], ["Surinamese"], [], None),
    "SE": (None, [], ["Swedish"], ["Swede", "Swedes"], "Q34"),
    "CH": (None, [], ["Swiss"], [], "Q39"),
    "SY": ("Syria", ["Syrian Arab Republic"], ["Syrian"], ["Syrians"], "Q858"),
    "TW": ("Taiwan", ["Republic of China", "Chinese Taipei"], ["Taiwanese"], [], "Q865"),
    "TJ": (None, [], ["Tajik", "Tajikistani"], ["Tajiks"], None),
    "TZ": ("Tanzania", ["United Republic of Tanzania"], ["Tanzanian"], ["Tanzanians"], None),
    "TH": (None, ["Siam"], ["Thai"], ["Thais"], None),
    "TL": ("East Timor", ["Timor-Leste"], ["East Timorese", "Timorese"], [], None),
    "TG": (None, [], ["Togolese"], [], None),
    "TO": (None, [], ["Tongan"], ["Tongans"], None),
    "TT": (None, ["Trinidad"], ["Trinidadian", "Tobagonian"], ["Trinidadians"], None),
    "TN": (None, [], ["Tunisian"], ["Tunisians"], None),
    "TR": ("Turkey", ["Türkiye"], ["Turkish"], ["Turk", "Turks"], "Q43"),
    "TM": (None, [], ["Turkmen"], ["Turkmens"], None),
    "TV": (None, [], ["Tuvaluan"], ["Tuvaluans"], None),
    "UG": (None, [], ["Ugandan"], ["Ugandans"], None),
    "UA": (None, ["The Ukraine"], ["Ukrainian"], ["Ukrainians"], "Q212"),
    "AE": (None, ["=UAE", "Emirates"], ["Emirati"], ["Emiratis"], None),
    "GB": ("United Kingdom", ["=UK", "Britain", "Great Britain", "=GB", "United Kingdom of Great Britain and Northern Ireland"],
           ["British"], ["Briton", "Britons", "Brit", "Brits"], "Q145"),
    "US": ("United States", ["=US", "=USA", "=U.S.", "=U.S.A.", "America", "United States of America", "the States"],
           ["American"], ["Americans"], "Q30"),
    "UY": (None, [], ["Uruguayan"], ["Uruguayans"], None),
    "UZ": (None, [], ["Uzbek", "Uzbekistani"], ["Uzbeks"], None),
    "VU": (None, [], ["Ni-Vanuatu"], [], None),
    "VA": ("Vatican City", ["Vatican", "Holy See"], [], [], None),
    "VE": ("Venezuela", [], ["Venezuelan"], ["Venezuelans"], None),
    "VN": ("Vietnam", ["Viet Nam"], ["Vietnamese"], [], None),
    "YE": (None, [], ["Yemeni"], ["Yemenis"], None),
    "ZM": (None, [], ["Zambian"], ["Zambians"], None),
    "ZW": (None, [], ["Zimbabwean"], ["Zimbabweans"], None),
    # territories
    "HK": (None, [], ["Hong Konger", "Hongkonger"], ["Hong Kongers"], None),
    "MO": ("Macau", ["Macao"], ["Macanese"], [], None),
    "PR": (None, [], ["Puerto Rican"], ["Puerto Ricans"], None),
    "GL": (None, [], ["Greenlandic"], ["Greenlanders"], None),
    "FK": ("Falkland Islands", ["Falklands", "Malvinas", "Islas Malvinas"], ["Falkland Islander"], ["Falkland Islanders"], None),
    "GI": (None, [], ["Gibraltarian"], ["Gibraltarians"], None),
    "BM": (None, [], ["Bermudian"], ["Bermudians"], None),
    "IM": (None, [], ["Manx"], [], None),
    "VG": ("British Virgin Islands", ["Virgin Islands, British"], [], [], None),
    "VI": ("US Virgin Islands", ["United States Virgin Islands", "Virgin Islands, U.S."], [], [], None),
    "CW": (None, [], [], [], None),
    "RE": (None, [], [], [], None),
    "BL": (None, ["St Barthélemy", "St Barts"], [], [], None),
    "MF": ("Saint Martin", ["St Martin"], [], [], None),
    "SX": ("Sint Maarten", [], [], [], None),
    "SH": ("Saint Helena", ["St Helena"], [], [], None),
    "PM": (None, ["St Pierre and Miquelon"], [], [], None),
    "PN": ("Pitcairn Islands", ["Pitcairn"], [], [], None),
    "CC": ("Cocos Islands", ["Cocos (Keeling) Islands", "Keeling Islands"], [], [], None),
    "FO": (None, ["Faroes", "Faeroe Islands"], ["Faroese"], [], None),
    "NC": (None, [], ["New Caledonian"], [], None),
    "PF": (None, [], ["French Polynesian"], [], None),
    "AQ": (None, [], ["Antarctic"], [], None),
}

TERRITORIES = {"AW", "AI", "AX", "AS", "AQ", "TF", "BQ", "BL", "BM", "BV", "CC", "CK", "CW", "CX",
               "KY", "EH", "FK", "FO", "GG", "GI", "GP", "GL", "GF", "GU", "HK", "HM", "IM", "IO",
               "JE", "MO", "MF", "MP", "MS", "MQ", "YT", "NC", "NF", "NU", "PN", "PR", "PF", "RE",
               "GS", "SH", "SJ", "PM", "SX", "TC", "TK", "UM", "VG", "VI", "WF"}
SOVEREIGN = {"AW": "NL", "AI": "GB", "AX": "FI", "AS": "US", "TF": "FR", "BQ": "NL", "BL": "FR",
             "BM": "GB", "BV": "NO", "CC": "AU", "CK": "NZ", "CW": "NL", "CX": "AU", "KY": "GB",
             "FK": "GB", "FO": "DK", "GG": "GB", "GI": "GB", "GP": "FR", "GL": "DK", "GF": "FR",
             "GU": "US", "HK": "CN", "HM": "AU", "IM": "GB", "IO": "GB", "JE": "GB", "MO": "CN",
             "MF": "FR", "MP": "US", "MS": "GB", "MQ": "FR", "YT": "FR", "NC": "FR", "NF": "AU",
             "NU": "NZ", "PN": "GB", "PR": "US", "PF": "FR", "RE": "FR", "GS": "GB", "SH": "GB",
             "SJ": "NO", "PM": "FR", "SX": "NL", "TC": "GB", "TK": "NZ", "UM": "US", "VG": "GB",
             "VI": "US", "WF": "FR"}

# Places that are not ISO 3166-1 entries but that news treats like countries.
# (id, name, [aliases], kind, parent code or None, [adjectives], [nouns])
EXTRA = [
    ("loc:xk", "Kosovo", [], "country", None, ["Kosovan", "Kosovar"], ["Kosovans", "Kosovars"]),
    ("loc:gb-eng", "England", [], "nation", "GB", ["English"], ["Englishman", "Englishmen", "Englishwoman", "Englishwomen"]),
    ("loc:gb-sct", "Scotland", [], "nation", "GB", ["Scottish", "Scots"], ["Scot", "Scotsman", "Scotsmen", "Scotswoman"]),
    ("loc:gb-wls", "Wales", [], "nation", "GB", ["Welsh"], ["Welshman", "Welshmen", "Welshwoman"]),
    ("loc:gb-nir", "Northern Ireland", ["Ulster"], "nation", "GB", ["Northern Irish"], []),
    ("loc:su", "Soviet Union", ["=USSR", "Union of Soviet Socialist Republics"], "former-country", None, ["Soviet"], ["Soviets"]),
    ("loc:yu", "Yugoslavia", [], "former-country", None, ["Yugoslav", "Yugoslavian"], ["Yugoslavs"]),
    ("loc:cs", "Czechoslovakia", [], "former-country", None, ["Czechoslovak"], []),
    ("loc:dd", "East Germany", ["German Democratic Republic", "=GDR"], "former-country", None, ["East German"], ["East Germans"]),
    ("loc:wg", "West Germany", ["Federal Republic of Germany"], "former-country", None, ["West German"], ["West Germans"]),
    ("loc:ps-gaza", "Gaza", ["Gaza Strip"], "territory", "PS", ["Gazan"], ["Gazans"]),
    ("loc:ps-wb", "West Bank", [], "territory", "PS", [], []),
    ("loc:tibet", "Tibet", ["Tibet Autonomous Region"], "region", "CN", ["Tibetan"], ["Tibetans"]),
    ("loc:xinjiang", "Xinjiang", ["Xinjiang Uyghur Autonomous Region"], "region", "CN", ["Uyghur", "Uighur"], ["Uyghurs", "Uighurs"]),
    ("loc:kurdistan", "Kurdistan", ["Iraqi Kurdistan"], "region", None, ["Kurdish"], ["Kurd", "Kurds"]),
    ("loc:crimea", "Crimea", ["Crimean Peninsula"], "region", None, ["Crimean"], []),
    ("loc:chechnya", "Chechnya", [], "region", "RU", ["Chechen"], ["Chechens"]),
    ("loc:somaliland", "Somaliland", [], "region", None, [], []),
    ("loc:transnistria", "Transnistria", [], "region", "MD", [], []),
    ("loc:abkhazia", "Abkhazia", [], "region", "GE", ["Abkhaz"], []),
    ("loc:south-ossetia", "South Ossetia", [], "region", "GE", ["South Ossetian"], []),
    ("loc:nagorno-karabakh", "Nagorno-Karabakh", ["Karabakh"], "region", "AZ", [], []),
    ("loc:kashmir", "Kashmir", ["Jammu and Kashmir"], "region", None, ["Kashmiri"], ["Kashmiris"]),
    ("loc:northern-cyprus", "Northern Cyprus", ["Turkish Republic of Northern Cyprus"], "region", None, ["Turkish Cypriot"], ["Turkish Cypriots"]),
]

# Extra nationality/ethnic adjectives with no country of their own.
EXTRA_DEMONYMS = [
    ("demonym:arab", "Arab", ["Arabs", "Arabian"], None),
    ("demonym:persian", "Persian", ["Persians"], "IR"),
    ("demonym:flemish", "Flemish", ["Fleming", "Flemings"], "BE"),
    ("demonym:walloon", "Walloon", ["Walloons"], "BE"),
    ("demonym:catalan", "Catalan", ["Catalans"], "ES"),
    ("demonym:basque", "Basque", ["Basques"], "ES"),
    ("demonym:bavarian", "Bavarian", ["Bavarians"], "DE"),
    ("demonym:cornish", "Cornish", [], "GB"),
    ("demonym:ulster", "Ulsterman", ["Ulstermen"], "GB"),
    ("demonym:quebecois", "Québécois", ["Quebecer", "Quebecers"], "CA"),
    ("demonym:texan", "Texan", ["Texans"], "US"),
    ("demonym:californian", "Californian", ["Californians"], "US"),
    ("demonym:hispanic", "Hispanic", ["Hispanics"], None),
    ("demonym:latino", "Latino", ["Latinos", "Latina", "Latinas"], None),
    ("demonym:european", "European", ["Europeans"], None),
    ("demonym:african", "African", ["Africans"], None),
    ("demonym:asian", "Asian", ["Asians"], None),
    ("demonym:latin-american", "Latin American", ["Latin Americans"], None),
    ("demonym:scandinavian", "Scandinavian", ["Scandinavians"], None),
    ("demonym:caribbean", "Caribbean", [], None),
    ("demonym:balkan", "Balkan", [], None),
    ("demonym:baltic", "Baltic", [], None),
    ("demonym:pashtun", "Pashtun", ["Pashtuns", "Pathan", "Pathans"], None),
    ("demonym:tamil", "Tamil", ["Tamils"], None),
    ("demonym:sikh", "Sikh", ["Sikhs"], None),
    ("demonym:maori", "Māori", ["Maoris"], "NZ"),
    ("demonym:aboriginal", "Aboriginal", ["Aborigine", "Aborigines"], "AU"),
    ("demonym:rohingya", "Rohingya", [], "MM"),
    ("demonym:hazara", "Hazara", ["Hazaras"], "AF"),
    ("demonym:berber", "Berber", ["Berbers", "Amazigh"], None),
    ("demonym:tatar", "Tatar", ["Tatars"], None),
    ("demonym:hutu", "Hutu", ["Hutus"], None),
    ("demonym:tutsi", "Tutsi", ["Tutsis"], None),
    ("demonym:druze", "Druze", [], None),
]


def uniq(seq):
    out = []
    for s in seq:
        if s and s not in out:
            out.append(s)
    return out


def loc_id(code):
    cur = CURATED.get(code)
    if cur and cur[4]:
        return cur[4]
    return "loc:" + code.lower()


def main():
    with open(ISO, encoding="utf-8") as f:
        data = json.load(f)["3166-1"]
    rows = []
    demonyms = []
    for c in sorted(data, key=lambda c: c["alpha_2"]):
        code = c["alpha_2"]
        name, aliases, adjs, nouns, _ = CURATED.get(code, (None, [], [], [], None))
        iso_name = c["name"]
        if name is None:
            name = c.get("common_name") or iso_name
        forms = [name] + aliases
        for extra in (iso_name, c.get("common_name"), c.get("official_name")):
            if extra and not extra.startswith("the ") and ", " not in extra and extra not in forms:
                forms.append(extra)
        forms = uniq(forms)
        kind = "territory" if code in TERRITORIES else "country"
        attrs = [f"kind={kind}"]
        if code in SOVEREIGN:
            attrs.append("country=" + loc_id(SOVEREIGN[code]))
        rows.append((forms[0], "LOC", loc_id(code), "|".join(forms[1:]), ";".join(attrs)))
        if adjs or nouns:
            words = uniq(adjs + nouns)
            demonyms.append((words[0], "DEMONYM", "demonym:" + code.lower(), "|".join(words[1:]),
                             "country=" + loc_id(code)))
    for ident, name, aliases, kind, parent, adjs, nouns in EXTRA:
        attrs = [f"kind={kind}"]
        if parent:
            attrs.append("country=" + loc_id(parent))
        rows.append((name, "LOC", ident, "|".join(aliases), ";".join(attrs)))
        if adjs or nouns:
            words = uniq(adjs + nouns)
            demonyms.append((words[0], "DEMONYM", "demonym:" + ident.split(":", 1)[1], "|".join(words[1:]),
                             "country=" + ident))
    for ident, name, aliases, parent in EXTRA_DEMONYMS:
        demonyms.append((name, "DEMONYM", ident, "|".join(aliases), ("country=" + loc_id(parent)) if parent else ""))
    out = sys.stdout
    out.write("# title: countries and territories (LOC) and nationality words (DEMONYM)\n")
    out.write("# source: ISO 3166-1 from Debian's iso-codes package\n")
    out.write("#   (/usr/share/iso-codes/json/iso_3166-1.json), plus a hand-curated table of\n")
    out.write("#   news names, aliases, demonyms and Wikidata ids inside the generator\n")
    out.write("# licence: iso-codes data LGPL-2.1-or-later (Copyright 2001-2023 Alastair McKinstry,\n")
    out.write("#   Christian Perrier, Tobias Quathamer); curated table CC0-1.0\n")
    out.write("# generated by: gazetteers/tools/gen_countries.py "
              "(rerun: python3 gazetteers/tools/gen_countries.py > gazetteers/countries.tsv)\n")
    out.write("# ids: Wikidata Q-id where certain, otherwise loc:<ISO 3166-1 alpha-2, lowercase>\n")
    out.write("name\ttype\tid\taliases\tattrs\n")
    for r in rows + demonyms:
        out.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
