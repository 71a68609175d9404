#!/usr/bin/env python3
"""Strider's env stepping speed as a ratio of Gymnasium's, measured back to back on this machine.

For each id, alternately: Gymnasium (bench_env.py, one thread, random actions, auto-reset) and Strider
(`./strider bench env --env ID --json`, one env on one thread and a VectorEnv of 8 on one thread), --rounds
times, keeping the best figure of each side. Interleaving the two keeps the comparison fair on a shared
machine whose load changes over minutes. Prints a table and, with --out, writes the figures as JSON.

Usage: /work/gymvenv/bin/python tools/gymref/bench_compare.py [--seconds 5] [--rounds 2] [--ids A,B] [--out F]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# The Box2D envs' solver loops need a few seconds of JIT before their rate settles.
WARMUP_SECONDS = 3
IDS = ["BipedalWalker-v3", "BipedalWalkerHardcore-v3", "LunarLander-v3", "LunarLanderContinuous-v3",
       "Pendulum-v1", "CartPole-v1", "MountainCarContinuous-v0"]


def gymnasium_rate(env_id, seconds):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run([sys.executable, os.path.join(HERE, "bench_env.py"), "--seconds", str(seconds),
                        "--ids", env_id, "--vector-ids", "", "--out", out.name],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out.name) as f:
            return json.load(f)["single_thread"][0]["steps_per_second"]


def strider_rates(env_id, seconds):
    text = subprocess.run([os.path.join(ROOT, "strider"), "bench", "env", "--env", env_id, "--seconds",
                           str(seconds), "--warmup", str(WARMUP_SECONDS), "--num-envs", "8", "--json", "-q"],
                          check=True, capture_output=True, text=True).stdout
    result = json.loads(text)["results"][0]
    return result["singleStepsPerSecond"], result["vectorStepsPerSecond"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--ids", default=",".join(IDS))
    parser.add_argument("--out")
    args = parser.parse_args()

    rows = []
    for env_id in args.ids.split(","):
        gym_best, single_best, vector_best = 0.0, 0.0, 0.0
        for _ in range(args.rounds):
            gym_best = max(gym_best, gymnasium_rate(env_id, args.seconds))
            single, vector = strider_rates(env_id, args.seconds)
            single_best, vector_best = max(single_best, single), max(vector_best, vector)
        rows.append({"env": env_id, "gymnasium": gym_best, "strider": single_best, "strider_vector8": vector_best,
                     "ratio": single_best / gym_best})
        print(f"{env_id:26s} gymnasium {gym_best:12,.0f}  strider {single_best:12,.0f}  "
              f"vector(8) {vector_best:12,.0f}  ratio {single_best / gym_best:6.1f}x", flush=True)
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"seconds": args.seconds, "rounds": args.rounds, "load_average": os.getloadavg(),
                       "results": rows}, f, indent=1)


if __name__ == "__main__":
    main()
