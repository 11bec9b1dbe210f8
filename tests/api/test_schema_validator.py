from tests.api.schema import validate

DOCUMENT = {
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "properties": {
                    "n": {"type": "integer"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "maybe": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                },
                "required": ["n", "maybe"],
            }
        }
    }
}
THING = {"$ref": "#/components/schemas/Thing"}


def test_valid_bodies_pass():
    assert validate({"n": 1, "maybe": None, "tags": ["a"]}, THING, DOCUMENT) == []
    assert validate({"n": 1, "maybe": 2}, THING, DOCUMENT) == []


def test_wrong_types_missing_fields_and_bad_items_are_caught():
    assert validate({"n": "1", "maybe": None}, THING, DOCUMENT)
    assert validate({"n": True, "maybe": None}, THING, DOCUMENT)
    assert validate({"n": 1}, THING, DOCUMENT)
    assert validate({"n": 1, "maybe": "x"}, THING, DOCUMENT)
    assert validate({"n": 1, "maybe": None, "tags": [1]}, THING, DOCUMENT)
