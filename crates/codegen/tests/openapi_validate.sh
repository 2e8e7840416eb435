#!/usr/bin/env bash
# Validates the OpenAPI export of the seed specs and of a synthetic tree against the OpenAPI 3.1
# schema with Python's openapi-spec-validator (`pip install openapi-spec-validator`). CI does not
# run it (it needs Python and a PyPI package); the Rust test crates/cli/tests/export_openapi.rs
# checks the structural rules in every CI run.
#
#   bash crates/codegen/tests/openapi_validate.sh [OPS]    (OPS: synthetic operations, default 300)
set -euo pipefail
cd "$(dirname "$0")/../../.."
ops=${1:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run -q --locked -- export openapi --specs specs --out "$work/seeds"
cargo run -q --locked -p cloudspec-xtask -- synth --out "$work/synth-specs" --ops "$ops"
cargo run -q --locked -- export openapi --specs "$work/synth-specs" --out "$work/synth"
python3 - "$work" <<'PY'
import json, pathlib, sys
from openapi_spec_validator import validate
from openapi_spec_validator.versions import consts  # noqa: F401 (fails early on an old version)
root = pathlib.Path(sys.argv[1])
count = 0
for path in sorted(root.glob("*/*.openapi.json")):
    validate(json.loads(path.read_text()))
    count += 1
print(f"openapi-spec-validator: {count} documents valid")
PY
