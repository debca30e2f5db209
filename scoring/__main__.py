"""Command line: `python -m scoring evaluate|mcda|ahp|weights FILE|-` prints the result as JSON.

Bad input: one line on stderr naming the field at fault, exit status 2, no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from scoring import ScoringError, ahp_weights, evaluate, mcda, objective_weights

COMMANDS = {"evaluate": evaluate, "mcda": mcda, "ahp": ahp_weights, "weights": objective_weights}


def _reject_constant(token: str) -> Any:
    raise ValueError(f"{token} is not valid JSON")  # NaN and Infinity are not JSON


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scoring", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("file", help="a JSON file, or - for standard input")
    args = parser.parse_args(argv)
    try:
        if args.file == "-":
            text = sys.stdin.read()
        else:
            with open(args.file, encoding="utf-8") as handle:
                text = handle.read()
        spec = json.loads(text, parse_constant=_reject_constant)
        result = COMMANDS[args.command](spec)
    except OSError as error:
        print(f"error: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 2
    except ValueError as error:  # JSONDecodeError and ScoringError are both ValueErrors
        kind = "invalid input" if isinstance(error, ScoringError) else "invalid JSON"
        print(f"error: {kind}: {error}", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
