#!/usr/bin/env bash
# Validates the OpenAPI export of the seed specs and of a synthetic tree, in both versions the
# exporter writes (3.1 and its 3.0 form), against the OpenAPI schemas with Python's
# openapi-spec-validator (`pip install openapi-spec-validator`). CI does not run it (it needs
# Python and a PyPI package); the Rust test crates/cli/tests/export_openapi.rs checks the
# structural rules of both versions in every CI run.
#
#   bash crates/codegen/tests/openapi_validate.sh [OPS]    (OPS: synthetic operations, default 300)
set -euo pipefail
cd "$(dirname "$0")/../../.."
ops=${1:-300}
# The synthetic tree generator, in one place so that its invocation can be repointed.
synth() { cargo run -q --locked -p cloudspec-xtask -- synth "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
synth --out "$work/synth-specs" --ops "$ops"
for version in 3.1 3.0; do
  cargo run -q --locked -- export openapi --openapi-version "$version" --specs specs --out "$work/$version/seeds"
  cargo run -q --locked -- export openapi --openapi-version "$version" --specs "$work/synth-specs" --out "$work/$version/synth"
done
python3 - "$work" <<'PY'
import json, pathlib, sys
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
root = pathlib.Path(sys.argv[1])
for version, validator in (("3.1", OpenAPIV31SpecValidator), ("3.0", OpenAPIV30SpecValidator)):
    count = 0
    for path in sorted((root / version).glob("*/*.openapi.json")):
        document = json.loads(path.read_text())
        assert document["openapi"].startswith(version), f"{path}: openapi is {document['openapi']}"
        validator(document).validate()
        count += 1
    print(f"openapi-spec-validator: {count} OpenAPI {version} documents valid")
PY
