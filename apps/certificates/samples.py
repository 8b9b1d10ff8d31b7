"""Sample credential snapshots (the shape that snapshot.build() freezes) for previews, benchmarks and tests.

sample_snapshot() is a realistic certificate; long_snapshot() stretches every text to its limits (a 255
character title, eight outcomes of 300 characters, co-awarding bodies, three signatories, names in other
scripts and characters that HTML escapes) to check that the PDF neither overflows nor overlaps."""

import copy


def sample_snapshot() -> dict:
    """A learner's certificate of Georgian Technical University's network administration micro-credential."""
    return {
        "schema": 1,
        "issued_on": "2026-11-28",
        "expires_on": "2029-11-28",
        "learner": {
            "first_name_ka": "ნინო",
            "last_name_ka": "ბერიძე",
            "first_name_en": "Nino",
            "last_name_en": "Beridze",
            "date_of_birth": "1999-04-12",
        },
        "title": {
            "ka": "კომპიუტერული ქსელების ადმინისტრირება მცირე და საშუალო საწარმოებისთვის",
            "en": "Computer Network Administration for SMEs",
        },
        "provider": {
            "id": 1,
            "legal_name": {"ka": "საქართველოს ტექნიკური უნივერსიტეტი", "en": "Georgian Technical University"},
            "short_name": "GTU",
            "identification_code": "211349556",
            "country": "GE",
            "country_name": {"ka": "საქართველო", "en": "Georgia"},
        },
        "co_awarding": [],
        "programme": {"id": 3, "version": 1, "code": "CNA-01"},
        "offering": {
            "start_date": "2026-09-15",
            "end_date": "2026-11-20",
            "language": {"code": "ka", "ka": "ქართული", "en": "Georgian"},
        },
        "outcomes": [
            {
                "ka": "შეუძლია მცირე ან საშუალო საწარმოსთვის ლოკალური ქსელის დაპროექტება, მათ შორის IP "
                "მისამართების გეგმის შედგენა, ქვექსელებად დაყოფა და VLAN-ებით სეგმენტაცია.",
                "en": "Design a local area network for a small or medium-sized enterprise, including the IP "
                "addressing plan, subnetting and segmentation with VLANs.",
                "esco_uri": "",
            },
            {
                "ka": "შეუძლია კომუტატორების, მარშრუტიზატორებისა და უსადენო წვდომის წერტილების კონფიგურირება "
                "და მომსახურება ბრძანების სტრიქონისა და ვებინტერფეისის გამოყენებით.",
                "en": "Configure and maintain switches, routers and wireless access points through the "
                "command line and web interfaces.",
                "esco_uri": "",
            },
            {
                "ka": "შეუძლია ძირითადი ქსელური სერვისების (DHCP, DNS, VPN) და მომხმარებელთა ანგარიშების "
                "გამართვა და ადმინისტრირება Windows Server-ის ან Linux-ის გარემოში.",
                "en": "Set up and administer core network services (DHCP, DNS, VPN) and user accounts in a "
                "Windows Server or Linux environment.",
                "esco_uri": "",
            },
            {
                "ka": "შეუძლია ქსელის უსაფრთხოების ძირითადი ზომების გატარება: ფაიერვოლის წესები, წვდომის "
                "კონტროლი, უსაფრთხო დისტანციური წვდომა და მონაცემთა რეგულარული სარეზერვო ასლები.",
                "en": "Apply basic network security measures: firewall rules, access control, secure remote "
                "access and regular data backups.",
                "esco_uri": "",
            },
            {
                "ka": "შეუძლია ქსელის მუშაობის მონიტორინგი, ტიპური გაუმართაობების დიაგნოსტიკა და აღმოფხვრა, "
                "აგრეთვე საწარმოს ქსელის კონფიგურაციის დოკუმენტირება.",
                "en": "Monitor network performance, diagnose and resolve common faults, and document the "
                "enterprise's network configuration.",
                "esco_uri": "",
            },
        ],
        "ects": "6",
        "workload_hours": 150,
        "nqf_level": 6,
        "eqf_level": 6,
        "field_of_study": {
            "code": "0612",
            "ka": "მონაცემთა ბაზები და ქსელის დიზაინი და ადმინისტრირება",
            "en": "Database and network design and administration",
        },
        "languages": [{"code": "ka", "ka": "ქართული", "en": "Georgian"}],
        "participation_mode": {"code": "blended", "ka": "შერეული", "en": "Blended"},
        "assessment_type": {
            "ka": "პრაქტიკული პროექტი (ქსელის კონფიგურირება ლაბორატორიულ გარემოში) და წერითი გამოცდა",
            "en": "Practical project (configuring a network in a laboratory environment) and a written examination",
        },
        "supervision": {
            "code": "supervised_id",
            "ka": "ზედამხედველობით, პირადობის დადასტურებით",
            "en": "Supervised, with identity verification",
        },
        "quality_assurance": {
            "code": "external_nceqe",
            "ka": "გარე: დამტკიცებულია ცენტრის მიერ",
            "en": "External: approved by NCEQE",
        },
        "prerequisites": {
            "ka": "კომპიუტერის მომხმარებლის საბაზისო უნარები; ინფორმაციული ტექნოლოგიების ზოგადი ცოდნა.",
            "en": "Basic computer user skills; general knowledge of information technology.",
        },
        "further_information": {"ka": "", "en": ""},
        "validity_months": 36,
        "grade": {"letter": "A", "total": 93, "name": {"ka": "ფრიადი", "en": "Excellent"}},
        "signatories": [
            {
                "name": {"ka": "გიორგი მაისურაძე", "en": "Giorgi Maisuradze"},
                "position": {"ka": "რექტორი", "en": "Rector"},
                "signature": None,
            },
            {
                "name": {"ka": "თამარ ჯაფარიძე", "en": "Tamar Japaridze"},
                "position": {
                    "ka": "ხარისხის უზრუნველყოფის სამსახურის უფროსი",
                    "en": "Head of the Quality Assurance Office",
                },
                "signature": None,
            },
        ],
        "platform": {"name": {"ka": "მიკროკრედიტების ეროვნული პორტალი", "en": "MicroCred Georgia"}},
    }


def _stretch(text: str, length: int) -> str:
    """text repeated (with spaces) up to exactly length characters."""
    out = text
    while len(out) < length:
        out = f"{out} {text}"
    return out[: length - 1] + "."


def long_snapshot() -> dict:
    """The sample pushed to the limits of every field, for layout tests."""
    s = copy.deepcopy(sample_snapshot())
    s["learner"] = {
        "first_name_ka": "ალექსანდრე-ნიკოლოზ",
        "last_name_ka": "წერეთელ-ჯავახიშვილ-ორბელიანი",
        "first_name_en": 'Aleksandre-Nikoloz "Sandro" <b>&amp;',
        "last_name_en": "Tsereteli-Javakhishvili-Orbeliani Nguyễn Əliyev",
        "date_of_birth": None,
    }
    s["title"] = {
        "ka": _stretch("კომპიუტერული ქსელების, ღრუბლოვანი ინფრასტრუქტურისა და კიბერუსაფრთხოების ადმინისტრირება", 255),
        "en": _stretch("Administration of computer networks, cloud infrastructure & cyber security <for SMEs>", 255),
    }
    s["co_awarding"] = [
        {
            "legal_name": {
                "ka": "ერევნის სახელმწიფო უნივერსიტეტი",
                "en": "Yerevan State University (Երևանի պետական համալսարան)",
            },
            "country": "AM",
            "country_name": {"ka": "სომხეთი", "en": "Armenia"},
        },
        {
            "legal_name": {
                "ka": "ივანე ჯავახიშვილის სახელობის თბილისის სახელმწიფო უნივერსიტეტი",
                "en": "Ivane Javakhishvili Tbilisi State University",
            },
            "country": "GE",
            "country_name": {"ka": "საქართველო", "en": "Georgia"},
        },
    ]
    s["outcomes"] = [
        {
            "ka": _stretch(
                "შეუძლია ქსელის მუშაობის მონიტორინგი, ტიპური გაუმართაობების დიაგნოსტიკა და "
                "აღმოფხვრა, აგრეთვე საწარმოს ქსელის კონფიგურაციის დოკუმენტირება",
                300,
            ),
            "en": _stretch(
                "Monitor network performance, diagnose and resolve common faults & document "
                "the enterprise's network <configuration>",
                300,
            ),
            "esco_uri": "http://data.europa.eu/esco/skill/00000000-0000-0000-0000-00000000000" + str(i),
        }
        for i in range(1, 9)
    ]
    s["ects"] = "7.5"
    s["workload_hours"] = 188
    s["expires_on"] = None
    s["validity_months"] = None
    s["languages"] = [
        {"code": "ka", "ka": "ქართული", "en": "Georgian"},
        {"code": "en", "ka": "ინგლისური", "en": "English"},
        {"code": "hy", "ka": "სომხური", "en": "Armenian"},
    ]
    s["further_information"] = {
        "ka": _stretch("მიკროკრედიტი შეიძლება ჩაითვალოს საბაკალავრო პროგრამის არჩევით კომპონენტად", 400),
        "en": _stretch(
            "The micro-credential may be recognised as an elective component of a bachelor's programme", 400
        ),
    }
    s["signatories"] = [
        {
            "name": {"ka": "გიორგი მაისურაძე", "en": "Giorgi Maisuradze"},
            "position": {"ka": "რექტორი", "en": "Rector"},
            "signature": "signatures/1/missing.png",
        },
        {
            "name": {"ka": "არამ პეტროსიანი", "en": "Արամ Պետրոսյան"},
            "position": {"ka": "პრორექტორი სასწავლო საკითხებში", "en": "Vice-Rector for Academic Affairs"},
            "signature": "../../etc/passwd",
        },
        {
            "name": {"ka": "თამარ ჯაფარიძე", "en": "Tamar Japaridze (Ταμάρ)"},
            "position": {
                "ka": "ხარისხის უზრუნველყოფის სამსახურის უფროსი",
                "en": "Head of the Quality Assurance Office",
            },
            "signature": None,
        },
    ]
    return s
