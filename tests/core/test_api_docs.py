"""The API docs for an integrator: the schema has a title, a description and a version, one tag per area, and
every operation a summary, a description and one of those tags, in the reader's language (Georgian by default);
the docs page's own chrome follows the language too."""

import re

import pytest

pytestmark = pytest.mark.django_db
GEORGIAN = re.compile("[\u10d0-\u10ff]")


def schema(client) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


@pytest.mark.parametrize("language", ["ka", "en"])
def test_every_operation_has_a_summary_a_description_and_a_declared_tag(client, language):
    client.cookies["django_language"] = language
    document = schema(client)

    assert document["info"]["title"] == "MicroCred Georgia API"
    assert document["info"]["version"] and "/account/login/" in document["info"]["description"]
    declared = [tag["name"] for tag in document["tags"]]
    assert len(declared) == len(set(declared)) and all(tag["description"] for tag in document["tags"])
    found = list(operations(document))
    assert len(found) > 40
    undocumented = [
        name
        for name, operation in found
        if not operation.get("summary", "").strip()
        or len(operation.get("description", "").strip()) < 20
        or len(operation.get("tags", [])) != 1
        or operation["tags"][0] not in declared
    ]
    assert undocumented == []
    assert {operation["tags"][0] for _name, operation in found} == set(declared)


def test_the_schema_reads_in_georgian_by_default_and_in_english_on_request(client):
    georgian = schema(client)
    client.cookies["django_language"] = "en"
    english = schema(client)

    assert GEORGIAN.search(georgian["info"]["description"]) and not GEORGIAN.search(english["info"]["description"])
    assert [tag["name"] for tag in georgian["tags"]][:2] == ["კატალოგი", "დაწესებულებები"]
    untranslated = [
        name
        for name, operation in operations(georgian)
        if not (GEORGIAN.search(operation["summary"]) and GEORGIAN.search(operation["description"]))
    ]
    assert untranslated == []
    ka_list = georgian["paths"]["/api/v1/programmes/"]["get"]
    en_list = english["paths"]["/api/v1/programmes/"]["get"]
    assert ka_list["summary"] == "გამოქვეყნებული პროგრამების სია"
    assert en_list["summary"] == "List published programmes"
    # The error answers every operation can give are described in the reader's language too.
    assert georgian["paths"]["/api/v1/programmes/{programme_id}/"]["get"]["responses"]["404"]["description"].startswith(
        "ასეთი ობიექტი არ არსებობს"
    )


@pytest.mark.parametrize(
    ("language", "title"),
    [("ka", "API-ს დოკუმენტაცია · MicroCred Georgia"), ("en", "API documentation · MicroCred Georgia")],
)
def test_the_docs_page_is_in_the_readers_language(client, language, title):
    client.cookies["django_language"] = language
    page = client.get("/api/docs/").content.decode()

    assert f'<html lang="{language}">' in page
    assert f"<title>{title}</title>" in page
    assert '<main id="swagger-ui"' in page
