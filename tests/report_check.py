#!/usr/bin/python3
"""report_check.py SCHEMA REPORT - validates a `mujaz build --report` file
against doc/report.schema.json; prints the first error and exits 1."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
try:
    report = json.load(open(sys.argv[2], encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(report)
except (ValueError, jsonschema.ValidationError, jsonschema.SchemaError) as e:
    print(f"{sys.argv[2]}: {str(e).splitlines()[0]}")
    sys.exit(1)
