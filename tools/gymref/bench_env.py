#!/usr/bin/env python3
"""Gymnasium's stepping speed on this machine, for comparison with Strider's ports.

For each id: gym.make(id) (Gymnasium's default wrappers, TimeLimit included), reset(seed=0),
action_space.seed(0), then step with action_space.sample() for --seconds of wall time,
calling reset() (unseeded, the RNG continues) whenever an episode terminates or is truncated.
No rendering. One thread. Reports steps per wall second and per CPU second of this process
(the second is less sensitive to other load on a shared machine). With --repeats R the whole
list runs R times and the best run per id is reported (all runs are kept in the JSON), which
damps the noise of a shared machine; --merge adds the runs to those already in --out (the
machine block then describes the last invocation only).

Also a gymnasium.vector.SyncVectorEnv of --vector-size copies for --vector-ids (its own
auto-reset), counted in env steps (vector steps x size).

Usage: bench_env.py [--seconds 10] [--repeats 1] [--ids A,B,...] [--vector-ids A,B] [--vector-size 8] [--out FILE [--merge]]
"""

import argparse
import json
import os
import platform
import sys
import time

import numpy as np
import gymnasium as gym

DEFAULT_IDS = [
    "BipedalWalker-v3",
    "BipedalWalkerHardcore-v3",
    "LunarLander-v3",
    "LunarLanderContinuous-v3",
    "Pendulum-v1",
    "CartPole-v1",
    "MountainCarContinuous-v0",
]
DEFAULT_VECTOR_IDS = ["BipedalWalker-v3", "LunarLanderContinuous-v3"]
CHECK_EVERY = 64


def bench_single(env_id, seconds):
    env = gym.make(env_id)
    env.reset(seed=0)
    env.action_space.seed(0)
    steps = episodes = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    deadline = wall0 + seconds
    while True:
        for _ in range(CHECK_EVERY):
            _, _, terminated, truncated, _ = env.step(env.action_space.sample())
            if terminated or truncated:
                env.reset()
                episodes += 1
        steps += CHECK_EVERY
        if time.perf_counter() >= deadline:
            break
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    env.close()
    return {
        "env": env_id,
        "steps": steps,
        "episodes_ended": episodes,
        "wall_seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "steps_per_second": round(steps / wall, 1),
        "steps_per_cpu_second": round(steps / cpu, 1),
    }


def bench_vector(env_id, size, seconds):
    vec = gym.vector.SyncVectorEnv([lambda: gym.make(env_id) for _ in range(size)])
    vec.reset(seed=0)
    vec.action_space.seed(0)
    vector_steps = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    deadline = wall0 + seconds
    while True:
        for _ in range(CHECK_EVERY // 8 or 1):
            vec.step(vec.action_space.sample())
            vector_steps += 1
        if time.perf_counter() >= deadline:
            break
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    vec.close()
    steps = vector_steps * size
    return {
        "env": env_id,
        "vector": "gymnasium.vector.SyncVectorEnv",
        "size": size,
        "autoreset_mode": str(vec.metadata.get("autoreset_mode")),
        "vector_steps": vector_steps,
        "env_steps": steps,
        "wall_seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "env_steps_per_second": round(steps / wall, 1),
        "env_steps_per_cpu_second": round(steps / cpu, 1),
    }


def best_per_env(runs, key):
    best = {}
    for run in runs:
        if run["env"] not in best or run[key] > best[run["env"]][key]:
            best[run["env"]] = run
    return list(best.values())


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--ids", default=",".join(DEFAULT_IDS))
    parser.add_argument("--vector-ids", default=",".join(DEFAULT_VECTOR_IDS))
    parser.add_argument("--vector-size", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=1,
                        help="run the whole list this many times; the best run per id is reported")
    parser.add_argument("--out", help="also write the JSON here")
    parser.add_argument("--merge", action="store_true",
                        help="keep the runs already in --out and report the best over all of them")
    args = parser.parse_args(argv)

    import Box2D
    load_before = os.getloadavg()
    single_runs, vector_runs = [], []
    for _ in range(args.repeats):
        for env_id in [i for i in args.ids.split(",") if i]:
            single_runs.append(bench_single(env_id, args.seconds))
            print(json.dumps(single_runs[-1]), file=sys.stderr)
        for env_id in [i for i in args.vector_ids.split(",") if i]:
            vector_runs.append(bench_vector(env_id, args.vector_size, args.seconds))
            print(json.dumps(vector_runs[-1]), file=sys.stderr)
    if args.merge and args.out and os.path.exists(args.out):
        with open(args.out) as f:
            previous = json.load(f).get("all_runs", {})
        single_runs = previous.get("single_thread", []) + single_runs
        vector_runs = previous.get("vector", []) + vector_runs
    single = best_per_env(single_runs, "steps_per_second")
    vector = best_per_env(vector_runs, "env_steps_per_second")
    result = {
        "seconds_per_env": args.seconds,
        "repeats": args.repeats,
        "note": "single_thread and vector hold the best run per id (by wall rate); all_runs holds every run",
        "single_thread": single,
        "vector": vector,
        "machine": {
            "cpu_model": cpu_model(),
            "cpus_visible": os.cpu_count(),
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in os.getloadavg()],
            "nice": os.nice(0),
        },
        "versions": {
            "python": platform.python_version(),
            "gymnasium": gym.__version__,
            "numpy": np.__version__,
            "Box2D": Box2D.__version__,
        },
        "all_runs": {"single_thread": single_runs, "vector": vector_runs},
    }
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
