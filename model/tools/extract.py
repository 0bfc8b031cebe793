"""Writes model/ecs.json: the shapes our configured operations reach, with our documentation.

Facts (shape ids, members, targets, non-documentation traits) are taken from the published
ECS model; every documentation string is replaced with our own words from docs.py, or with a
short factual line where the published text was prose about a fact we already carry.

    python3 model/tools/extract.py ../shared/models/ecs.json model/ecs.json RunTask DescribeTasks StopTask ListTasks

tests/tests/model_conformance.rs checks the result against the published model.
"""
import json
import sys

import docs

DOC = "smithy.api#documentation"


def targets(shape):
    kind = shape["type"]
    if kind in ("structure", "union"):
        return [m["target"] for m in shape.get("members", {}).values()]
    if kind == "list":
        return [shape["member"]["target"]]
    if kind == "map":
        return [shape["key"]["target"], shape["value"]["target"]]
    if kind == "operation":
        out = [shape[k]["target"] for k in ("input", "output") if k in shape]
        return out + [e["target"] for e in shape.get("errors", [])]
    return []


def rewrite_nested_docs(value, label):
    """Replaces prose `documentation`/`title` strings inside trait values with a neutral line."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "documentation" and isinstance(v, str):
                out[k] = label
            else:
                out[k] = rewrite_nested_docs(v, f"{label}" if k != "parameters" else label)
        return out
    if isinstance(value, list):
        return [rewrite_nested_docs(v, label) for v in value]
    return value


def main(src, dst, ops):
    upstream = json.load(open(src))
    shapes = upstream["shapes"]
    service_id = next(k for k, v in shapes.items() if v["type"] == "service")
    ns = service_id.split("#")[0] + "#"
    seen, stack = set(), [ns + o for o in ops]
    while stack:
        sid = stack.pop()
        if sid in seen or not sid.startswith(ns):
            continue
        seen.add(sid)
        stack.extend(targets(shapes[sid]))

    out = {}
    for sid in sorted(seen):
        shape = json.loads(json.dumps(shapes[sid]))
        name = sid.split("#")[1]
        traits = shape.get("traits", {})
        traits.pop(DOC, None)
        if name in docs.SHAPES:
            traits[DOC] = docs.SHAPES[name]
        if name in docs.OPERATIONS:
            traits[DOC] = docs.OPERATIONS[name]
        if "aws.iam#iamAction" in traits:
            traits["aws.iam#iamAction"] = rewrite_nested_docs(
                traits["aws.iam#iamAction"], f"Allows calling {name}.")
        if "smithy.api#examples" in traits:
            for i, ex in enumerate(traits["smithy.api#examples"], 1):
                ex["title"] = f"{name} example {i}"
                ex["documentation"] = f"A sample {name} request and the response it gets."
        if traits:
            shape["traits"] = traits
        for mname, member in shape.get("members", {}).items():
            mtraits = member.get("traits", {})
            mtraits.pop(DOC, None)
            text = docs.MEMBERS.get(name, {}).get(mname)
            if text:
                mtraits[DOC] = text
            if mtraits:
                member["traits"] = mtraits
            else:
                member.pop("traits", None)
        out[sid] = shape

    service = json.loads(json.dumps(shapes[service_id]))
    service["operations"] = [{"target": ns + o} for o in sorted(ops)]
    service.pop("resources", None)
    traits = service["traits"]
    traits[DOC] = docs.SERVICE
    traits["aws.iam#defineConditionKeys"] = {
        key: rewrite_nested_docs(v, f"Condition key {key}.")
        for key, v in traits["aws.iam#defineConditionKeys"].items()
    }
    for key in ("smithy.rules#endpointRuleSet", "smithy.rules#endpointBdd"):
        if key in traits:
            params = traits[key].get("parameters", {})
            for pname, p in params.items():
                if "documentation" in p:
                    p["documentation"] = f"Endpoint parameter {pname}."
    if "smithy.rules#endpointTests" in traits:
        for i, case in enumerate(traits["smithy.rules#endpointTests"]["testCases"], 1):
            if "documentation" in case:
                params = ", ".join(f"{k}={json.dumps(v)}" for k, v in sorted(case.get("params", {}).items()))
                case["documentation"] = f"Case {i}: {params or 'no parameters'}"
    out[service_id] = service

    with open(dst, "w") as f:
        json.dump({"smithy": "2.0", "shapes": out}, f, indent=2)
        f.write("\n")
    print(f"{dst}: {len(out)} shapes")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
