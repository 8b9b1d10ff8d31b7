"""The white paper's four pilot micro-credentials, published, with learning outcomes and assessment components
in both languages; plus one programme in draft and one under NCEQE's review."""

from decimal import Decimal

from apps.accounts.models import User
from apps.core.demo_support import Login
from apps.providers.models import Provider
from apps.reference.models import FieldOfStudy, Language, NQFLevel

from . import services
from .models import Programme, Status

PILOTS = [
    {
        "provider": "GTU",
        "code": "MC-NET-01",
        "target": Status.PUBLISHED,
        "title_ka": "მცირე და საშუალო საწარმოების კომპიუტერული ქსელების ადმინისტრირება",
        "title_en": "Computer Network Administration for SMEs",
        "summary_ka": "პრაქტიკული კურსი მცირე და საშუალო საწარმოების ქსელების დაპროექტების, გამართვის, დაცვისა და მხარდაჭერისთვის.",
        "summary_en": "A practical course in designing, configuring, securing and supporting the networks of small and medium-sized enterprises.",
        "description_ka": "კურსის განმავლობაში მსმენელები ლაბორატორიაში ააწყობენ მცირე ოფისის ქსელს: დაგეგმავენ მისამართებს, გამართავენ მარშრუტიზატორებსა და კომუტატორებს, დანერგავენ ბრანდმაუერსა და სარეზერვო ასლებს და ისწავლიან ხარვეზების ძიებას. კურსი განკუთვნილია IT სპეციალისტებისთვის, რომლებიც მცირე ან საშუალო საწარმოს ქსელზე არიან პასუხისმგებელნი.",
        "description_en": "Over the course, learners build a small office network in the lab: they plan its addressing, configure routers and switches, set up a firewall and backups, and learn to troubleshoot faults. It is meant for IT staff who look after the network of a small or medium-sized enterprise.",
        "field": "0612",
        "level": 6,
        "ects": "6",
        "hours": 150,
        "mode": "blended",
        "languages": ["ka", "en"],
        "assessment_ka": "ლაბორატორიული დავალებები და დასკვნითი პრაქტიკული გამოცდა.",
        "assessment_en": "Laboratory assignments and a final practical examination.",
        "outcomes": [
            (
                "დააპროექტოს და გამართოს მცირე ბიზნესის ლოკალური ქსელი VLAN-ებით, მისამართებითა და მარშრუტიზაციით.",
                "Design and configure a small-business local network with VLANs, addressing and routing.",
                "http://data.europa.eu/esco/skill/4d0c2ab4-4cc8-4b5e-9fbd-46b3e6a1d8a4",
            ),
            (
                "დანერგოს და დაიცვას უსადენო წვდომა, ფაიერვოლები და VPN დისტანციური თანამშრომლებისთვის.",
                "Deploy and secure wireless access, firewalls and VPNs for remote staff.",
                "",
            ),
            (
                "აკონტროლოს ქსელის მუშაობა და სტანდარტული ინსტრუმენტებით აღმოფხვრას გაუმართაობები.",
                "Monitor network performance and troubleshoot faults with standard tools.",
                "",
            ),
            (
                "მოამზადოს ქსელის დოკუმენტაცია და დაგეგმოს სარეზერვო ასლები და აღდგენა.",
                "Document the network and plan backup and recovery.",
                "",
            ),
        ],
        "components": [
            ("ლაბორატორიული დავალებები", "Laboratory assignments", 40, 51, [1, 2, 3]),
            ("დასკვნითი პრაქტიკული გამოცდა", "Final practical examination", 60, 51, [1, 2, 3, 4]),
        ],
    },
    {
        "provider": "GTU",
        "code": "MC-UAV-01",
        "target": Status.PUBLISHED,
        "title_ka": "მიკროკონტროლერების დაპროგრამება დრონების გამოყენებისთვის",
        "title_en": "Microcontroller Programming for Drone Applications",
        "summary_ka": "ჩაშენებული სისტემების დაპროგრამება უპილოტო საფრენი აპარატების სენსორებისა და მართვის ამოცანებისთვის.",
        "summary_en": "Programming embedded systems for the sensing and control tasks of unmanned aerial vehicles.",
        "description_ka": "მსმენელები დააპროგრამებენ მიკროკონტროლერს C ენაზე, წაიკითხავენ სენსორების მონაცემებს, მართავენ ძრავებს და ააწყობენ მარტივ სტაბილიზაციის კონტურს. პრაქტიკული სამუშაოები სრულდება სასწავლო დრონის პლატფორმაზე.",
        "description_en": "Learners programme a microcontroller in C, read sensor data, drive motors and build a simple stabilisation loop. The practical work is done on a training drone platform.",
        "field": "0714",
        "level": 6,
        "ects": "5",
        "hours": 125,
        "mode": "onsite",
        "languages": ["ka"],
        "assessment_ka": "პროექტი და ზეპირი დაცვა.",
        "assessment_en": "A project and its oral defence.",
        "outcomes": [
            (
                "დაწეროს პროგრამა მიკროკონტროლერისთვის C ენაზე პერიფერიული მოწყობილობების მართვით.",
                "Write C programs for a microcontroller that drive its peripherals.",
                "",
            ),
            (
                "დაამუშაოს ინერციული და GPS სენსორების მონაცემები რეალურ დროში.",
                "Process inertial and GPS sensor data in real time.",
                "",
            ),
            (
                "დანერგოს PID რეგულატორი დრონის სტაბილიზაციისთვის და შეამოწმოს იგი სიმულატორში.",
                "Implement a PID controller for drone stabilisation and test it in a simulator.",
                "",
            ),
        ],
        "components": [
            ("ჯგუფური პროექტი", "Group project", 70, 51, [1, 2, 3]),
            ("ზეპირი დაცვა", "Oral defence", 30, 51, [3]),
        ],
    },
    {
        "provider": "GU",
        "code": "MC-GIS-01",
        "target": Status.PUBLISHED,
        "title_ka": "გეოინფორმაციული სისტემები ტურიზმისთვის",
        "title_en": "GIS for Tourism",
        "summary_ka": "გეოინფორმაციული სისტემების გამოყენება ტურისტული მარშრუტების, რესურსებისა და ვიზიტორების ნაკადების ანალიზისთვის.",
        "summary_en": "Using geographic information systems to analyse tourist routes, resources and visitor flows.",
        "description_ka": "მსმენელები ისწავლიან სივრცითი მონაცემების შეგროვებას, ტურისტული მარშრუტებისა და ობიექტების რუკაზე დატანას და ვიზიტორების ნაკადების ანალიზს ღია კოდის GIS პროგრამებით. კურსი სრულდება საკურსო პროექტით რეალური ტურისტული რეგიონისთვის.",
        "description_en": "Learners collect spatial data, map tourist routes and sites, and analyse visitor flows with open-source GIS software. The course ends with a project for a real tourist region.",
        "field": "1015",
        "level": 6,
        "ects": "5",
        "hours": 125,
        "mode": "online",
        "languages": ["ka", "en"],
        "assessment_ka": "ონლაინ ტესტები და საკურსო პროექტი.",
        "assessment_en": "Online quizzes and a course project.",
        "outcomes": [
            (
                "შექმნას და დაარედაქტიროს სივრცითი მონაცემები ღია კოდის GIS პროგრამით.",
                "Create and edit spatial data with open-source GIS software.",
                "",
            ),
            (
                "გააანალიზოს ტურისტული ობიექტების ხელმისაწვდომობა და ვიზიტორების ნაკადები.",
                "Analyse the accessibility of tourist sites and visitor flows.",
                "",
            ),
            (
                "მოამზადოს ინტერაქტიული რუკა ტურისტული პროდუქტისთვის.",
                "Produce an interactive map for a tourism product.",
                "",
            ),
        ],
        "components": [
            ("ონლაინ ტესტები", "Online quizzes", 30, 51, [1, 2]),
            ("საკურსო პროექტი", "Course project", 70, 51, [1, 2, 3]),
        ],
    },
    {
        "provider": "GU",
        "code": "MC-DAM-01",
        "target": Status.PUBLISHED,
        "title_ka": "Python/R დაპროგრამება მედიცინაში მონაცემთა ანალიზისთვის",
        "title_en": "Python/R Programming for Data Analysis in Medicine",
        "summary_ka": "კლინიკური და ეპიდემიოლოგიური მონაცემების დამუშავება, ანალიზი და ვიზუალიზაცია Python-ითა და R-ით.",
        "summary_en": "Cleaning, analysing and visualising clinical and epidemiological data with Python and R.",
        "description_ka": "კურსი ასწავლის კლინიკური მონაცემების გაწმენდას, აღწერით და დასკვნით სტატისტიკას და შედეგების ვიზუალიზაციას Python-სა და R-ში, პაციენტის მონაცემების დაცვის წესების დაცვით. განკუთვნილია ჯანდაცვის სპეციალისტებისა და მკვლევრებისთვის.",
        "description_en": "The course teaches cleaning clinical data, descriptive and inferential statistics, and visualising results in Python and R, within the rules that protect patients' data. It is meant for health professionals and researchers.",
        "field": "0542",
        "level": 7,
        "ects": "6",
        "hours": 150,
        "mode": "blended",
        "languages": ["en"],
        "assessment_ka": "პრაქტიკული დავალებები და დასკვნითი ანალიტიკური ანგარიში.",
        "assessment_en": "Practical assignments and a final analytical report.",
        "outcomes": [
            (
                "გაასუფთაოს და მოამზადოს კლინიკური მონაცემები ანალიზისთვის pandas-ითა და tidyverse-ით.",
                "Clean and prepare clinical data for analysis with pandas and the tidyverse.",
                "",
            ),
            (
                "გამოიყენოს რეგრესიული და გადარჩენის ანალიზი სამედიცინო კვლევის კითხვებზე საპასუხოდ.",
                "Apply regression and survival analysis to medical research questions.",
                "",
            ),
            (
                "წარადგინოს შედეგები რეპროდუცირებადი ანგარიშით და ვიზუალიზაციებით.",
                "Present results in a reproducible report with visualisations.",
                "",
            ),
        ],
        "components": [
            ("პრაქტიკული დავალებები", "Practical assignments", 40, 51, [1, 2]),
            ("დასკვნითი ანგარიში", "Final report", 60, 51, [1, 2, 3]),
        ],
    },
    {
        "provider": "GU",
        "code": "MC-EHR-01",
        "target": Status.UNDER_REVIEW,
        "title_ka": "ელექტრონული სამედიცინო ჩანაწერების მართვა",
        "title_en": "Managing Electronic Health Records",
        "summary_ka": "ელექტრონული სამედიცინო ჩანაწერების სტანდარტები, უსაფრთხოება და ხარისხი.",
        "summary_en": "Standards, security and quality of electronic health records.",
        "description_ka": "მსმენელები გაეცნობიან ელექტრონული სამედიცინო ჩანაწერების სტანდარტებს (HL7 FHIR), წვდომის მართვას, მონაცემთა ხარისხის შემოწმებასა და კანონმდებლობის მოთხოვნებს.",
        "description_en": "Learners study the standards of electronic health records (HL7 FHIR), access control, data-quality checks and what the law requires.",
        "field": "0912",
        "level": 7,
        "ects": "4",
        "hours": 100,
        "mode": "online",
        "languages": ["ka"],
        "assessment_ka": "შემთხვევის ანალიზი და ტესტი.",
        "assessment_en": "A case study and a test.",
        "outcomes": [
            (
                "აღწეროს HL7 FHIR-ისა და ICD-10-ის როლი სამედიცინო ჩანაწერებში.",
                "Describe the role of HL7 FHIR and ICD-10 in health records.",
                "",
            ),
            (
                "შეაფასოს ჩანაწერების სისტემის შესაბამისობა პერსონალურ მონაცემთა დაცვის მოთხოვნებთან.",
                "Assess a records system against personal data protection requirements.",
                "",
            ),
        ],
        "components": [("შემთხვევის ანალიზი", "Case study", 60, 51, [1, 2]), ("ტესტი", "Test", 40, 51, [1])],
    },
    {
        "provider": "GRENA",
        "code": "MC-SEC-01",
        "target": Status.DRAFT,
        "title_ka": "კიბერუსაფრთხოების საფუძვლები საჯარო დაწესებულებებისთვის",
        "title_en": "",
        "summary_ka": "",
        "summary_en": "",
        "field": "0612",
        "level": 6,
        "ects": "3",
        "hours": 75,
        "mode": "online",
        "languages": ["ka"],
        "assessment_ka": "",
        "assessment_en": "",
        "outcomes": [("ამოიცნოს ფიშინგის შეტევები.", "Recognise phishing attacks.", "")],
        "components": [("ტესტი", "Test", 100, 51, [])],
    },
]


def _reviewer() -> User:
    return User.objects.get(email="reviewer@microcred.localhost")


def _author(provider: Provider) -> User:
    return provider.memberships.get(role="author").user


def _seed(spec) -> None:
    provider = Provider.objects.get(short_name=spec["provider"])
    if Programme.objects.filter(provider=provider, code=spec["code"]).exists():
        return
    author = _author(provider)
    version = services.programme_create(provider=provider, acting_user=author, code=spec["code"])
    data = {
        "title_ka": spec["title_ka"],
        "title_en": spec["title_en"],
        "summary_ka": spec["summary_ka"],
        "summary_en": spec["summary_en"],
        "description_ka": spec.get("description_ka", ""),
        "description_en": spec.get("description_en", ""),
        "ects_credits": Decimal(spec["ects"]),
        "workload_hours": spec["hours"],
        "nqf_level": NQFLevel.objects.get(pk=spec["level"]),
        "field_of_study": FieldOfStudy.objects.get(pk=spec["field"]),
        "participation_mode": spec["mode"],
        "assessment_type_ka": spec["assessment_ka"],
        "assessment_type_en": spec["assessment_en"],
        "supervision": "supervised_id",
        "prerequisites_ka": "ბაკალავრის ხარისხი ან შესაბამისი სამუშაო გამოცდილება.",
        "prerequisites_en": "A bachelor's degree or relevant work experience.",
        "languages": list(Language.objects.filter(code__in=spec["languages"])),
    }
    outcomes = [
        {"key": str(n), "text_ka": ka, "text_en": en, "esco_uri": esco}
        for n, (ka, en, esco) in enumerate(spec["outcomes"], start=1)
    ]
    components = [
        {"name_ka": ka, "name_en": en, "weight": weight, "pass_mark": mark, "outcomes": [str(o) for o in assessed]}
        for ka, en, weight, mark, assessed in spec["components"]
    ]
    version = services.version_save(
        version=version, acting_user=author, data=data, outcomes=outcomes, components=components
    )
    if spec["target"] == Status.DRAFT:
        return
    services.version_submit(version=version, acting_user=author)
    reviewer = _reviewer()
    services.version_start_review(version=version, reviewer=reviewer)
    if spec["target"] == Status.UNDER_REVIEW:
        return
    services.version_decide(
        version=version,
        reviewer=reviewer,
        outcome="approved",
        reasons_ka="პროგრამა აკმაყოფილებს მიკროკრედიტების ეროვნულ მოთხოვნებს.",
        reasons_en="The programme meets the national requirements for micro-credentials.",
    )
    services.version_publish(version=version, acting_user=author)


def seed() -> list[Login]:
    for spec in PILOTS:
        _seed(spec)
    return []
