"""Clean JSONL shards with datatrove's local executor: JsonlReader -> CleanerStep -> JsonlWriter.

    pip install '.[datatrove]'        # in a checkout of cleaner
    python examples/datatrove_local.py IN_DIR OUT_DIR [--rules DIR ...]

Every *.jsonl(.gz) shard in IN_DIR is read (text in "text", id in "id", url in "url"); the cleaned
documents go to OUT_DIR as JSONL shards, the documents that could not be cleaned to
OUT_DIR/excluded with their reason, and datatrove's logs and stats to OUT_DIR/logs.
"""

import argparse

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner.datatrove_step import CleanerStep


def pipeline(in_dir: str, out_dir: str, rules: list[str]) -> list:
    return [
        JsonlReader(in_dir, glob_pattern="*.jsonl*"),
        CleanerStep(rule_dirs=rules, exclusion_writer=JsonlWriter(f"{out_dir}/excluded")),
        JsonlWriter(out_dir),
    ]


def arguments(description: str) -> argparse.ArgumentParser:
    """The command line both examples take."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("in_dir")
    parser.add_argument("out_dir")
    parser.add_argument("--rules", action="append", default=[], help="a rule folder (repeatable)")
    parser.add_argument("--tasks", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    return parser


def main() -> None:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    LocalPipelineExecutor(pipeline(args.in_dir, args.out_dir, args.rules), tasks=args.tasks,
                          workers=args.workers, logging_dir=f"{args.out_dir}/logs").run()


if __name__ == "__main__":
    main()
