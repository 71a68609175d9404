"""Joins LearnerBench's JSON (--json FILE) and td3_update_torch.py's JSON into one markdown table.

    python compare.py JAVA.json TORCH.json [--old OLD_JAVA.json]

Columns: ms per update (wall, median of windows) and the benchmark thread's CPU ms for Java and PyTorch, their
GEMM-only times and overhead ratios (update / GEMM-only, wall and CPU), and Java / PyTorch.
"""
import argparse
import json


def rows(path):
    with open(path) as f:
        text = f.read()
    data = json.loads(text[text.index("{"):])
    return {(r["threads"], r["hidden"], r["batch"]): r for r in data["results"]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("java")
    parser.add_argument("torch")
    parser.add_argument("--old", help="a Java run before a change, for a before/after column")
    args = parser.parse_args()
    java, torch, old = rows(args.java), rows(args.torch), rows(args.old) if args.old else {}
    head = ["threads", "hidden", "batch", "Java ms", "Java CPU ms", "PyTorch ms", "PyTorch CPU ms",
            "Java/PyTorch (CPU)", "Java GEMM ms (CPU)", "PyTorch GEMM ms (CPU)", "Java overhead (CPU)",
            "PyTorch overhead (CPU)"]
    if old:
        head[4:4] = ["Java before, CPU ms"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for key in sorted(java):
        j, t = java[key], torch.get(key)
        if t is None:
            continue
        cells = [str(key[0]), key[1], str(key[2]), f"{j['update_ms']:.2f}", f"{j['update_cpu_ms']:.2f}",
                 f"{t['update_ms']:.2f}", f"{t['update_cpu_ms']:.2f}",
                 f"{j['update_cpu_ms'] / t['update_cpu_ms']:.2f}",
                 f"{j['gemm_ms']:.2f} ({j['gemm_cpu_ms']:.2f})", f"{t['gemm_ms']:.2f} ({t['gemm_cpu_ms']:.2f})",
                 f"{j['overhead']:.2f} ({j['update_cpu_ms'] / j['gemm_cpu_ms']:.2f})",
                 f"{t['overhead']:.2f} ({t['update_cpu_ms'] / t['gemm_cpu_ms']:.2f})"]
        if old:
            o = old.get(key)
            cells[4:4] = [f"{o['update_cpu_ms']:.2f}" if o else "-"]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
