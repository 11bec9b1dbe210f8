"""A small validator for the part of JSON Schema that django-ninja emits (jsonschema is not in
the environment): type, properties, required, items, anyOf, enum, const, $ref into components,
additionalProperties, minimum/maximum. It returns the list of problems, empty when valid."""

from __future__ import annotations

TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def _type_ok(value, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def validate(value, schema: dict, document: dict, path: str = "$") -> list[str]:
    if "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/"), ref
        target = document
        for part in ref[2:].split("/"):
            target = target[part]
        return validate(value, target, document, path)
    if "anyOf" in schema or "oneOf" in schema:
        options = schema.get("anyOf") or schema["oneOf"]
        if any(not validate(value, option, document, path) for option in options):
            return []
        return [f"{path}: matches none of {options}"]
    if "allOf" in schema:
        return [p for part in schema["allOf"] for p in validate(value, part, document, path)]
    problems = []
    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(_type_ok(value, name) for name in kinds):
            return [f"{path}: {value!r} is not {kind}"]
    if value is None and schema.get("nullable"):
        return []
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        problems.append(f"{path}: {value!r} != {schema['const']!r}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            problems.append(f"{path}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            problems.append(f"{path}: {value} > {schema['maximum']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                problems.append(f"{path}: missing {name!r}")
        for name, item in value.items():
            if name in properties:
                problems += validate(item, properties[name], document, f"{path}.{name}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{path}: unexpected {name!r}")
            elif isinstance(schema.get("additionalProperties"), dict):
                problems += validate(
                    item, schema["additionalProperties"], document, f"{path}.{name}"
                )
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            problems += validate(item, schema["items"], document, f"{path}[{index}]")
    return problems


def response_schema(operation: dict, status: int) -> dict | None:
    response = operation["responses"].get(str(status))
    if response is None:
        return None
    return response["content"]["application/json"]["schema"]
