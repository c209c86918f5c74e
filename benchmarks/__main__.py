"""`make bench`: the build benchmark, then every other benchmark module present (rdf_bench, view_bench, carb_bench).

Arguments go to the build benchmark (`python -m benchmarks --quick`); the others run with their defaults.
"""

from __future__ import annotations

import importlib
import sys

from benchmarks import build_bench

OTHERS = ("rdf_bench", "view_bench", "carb_bench")


def main() -> None:
    build_bench.main(sys.argv[1:])
    for name in OTHERS:
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"benchmarks.{name}":
                raise
            continue
        print(f"\n== benchmarks.{name}", flush=True)
        sys.argv = [f"benchmarks.{name}"]   # their own argparse sees no build options
        module.main()


if __name__ == "__main__":
    main()
