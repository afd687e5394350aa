"""Clean JSONL shards with datatrove's Ray executor: the same pipeline as datatrove_local.py.

    pip install '.[ray]'              # in a checkout of cleaner: datatrove, orjson, ray
    python examples/datatrove_ray.py IN_DIR OUT_DIR [--rules DIR ...] [--address ray://head:10001]

Without --address (and without RAY_ADDRESS set) a local Ray starts on this machine; on a cluster,
give the head's address, and make sure every worker has cleaner installed and can read IN_DIR,
OUT_DIR and the rule folders (a shared file system or object storage: datatrove's paths take
s3://, gs:// and the like through fsspec).
"""

import os

import ray
from datatrove.executor import RayPipelineExecutor

from datatrove_local import arguments, pipeline


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--address", default=os.environ.get("RAY_ADDRESS"))
    args = parser.parse_args()
    if not ray.is_initialized():
        ray.init(address=args.address, include_dashboard=False, num_cpus=None if args.address else args.workers,
                 log_to_driver=False)
    RayPipelineExecutor(pipeline(args.in_dir, args.out_dir, args.rules), tasks=args.tasks, workers=args.workers,
                        logging_dir=f"{args.out_dir}/logs", cpus_per_task=1, mem_per_cpu_gb=1).run()


if __name__ == "__main__":
    main()
