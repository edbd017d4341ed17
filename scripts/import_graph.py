"""Print the imports between mentornet's layers: which package's modules import which, and how often.

    python scripts/import_graph.py [--edges FROM TO]

Reads the source (no import is run): every `import mentornet.X...` or `from mentornet.X... import`
in a module of package A, where X is package B, is one edge A -> B, counted once per pair of
modules. `--edges cli store` lists those module pairs. The layers call downward only:
cli -> services -> store, with io beside services.
"""

import argparse
import ast
from collections import Counter
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "mentornet"
LAYERS = ("cli", "services", "io", "store")


def _layer(module: str) -> str:
    """`mentornet.store.rows` -> `store`; a top-level module (`mentornet.dates`) is its own name."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _imported(module: str, name: str) -> str:
    """`from mentornet.store import rows` imports the module mentornet.store.rows; `from
    mentornet.store.rows import insert`, the module mentornet.store.rows."""
    folder = SOURCE.joinpath(*module.split(".")[1:])
    return f"{module}.{name}" if (folder / f"{name}.py").exists() or (folder / name).is_dir() else module


def module_edges() -> set[tuple[str, str]]:
    edges = set()
    for path in sorted(SOURCE.rglob("*.py")):
        name = "mentornet." + ".".join(path.relative_to(SOURCE).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [_imported(node.module, alias.name) for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            edges.update((name, target) for target in targets if target.startswith("mentornet.") and target != name)
    return edges


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", nargs=2, metavar=("FROM", "TO"), help="list the module pairs of one layer edge")
    args = parser.parse_args()
    edges = module_edges()
    if args.edges:
        source, target = args.edges
        for importer, imported in sorted(edges):
            if _layer(importer) == source and _layer(imported) == target:
                print(f"{importer} -> {imported}")
        return
    counts = Counter((_layer(a), _layer(b)) for a, b in edges if _layer(a) != _layer(b))
    print(f"{'from':10} {'to':10} module edges")
    for (source, target), count in sorted(counts.items(), key=lambda item: (LAYERS.index(item[0][0])
                                                                            if item[0][0] in LAYERS else 9, item[0])):
        if source in LAYERS:
            print(f"{source:10} {target:10} {count}")


if __name__ == "__main__":
    main()
