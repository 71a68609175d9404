#!/usr/bin/env python3
"""Reference statistics of Gymnasium's own heuristic controllers.

Runs one episode per seed (env.reset(seed=s) for s in S..S+N-1) with the
controller Gymnasium ships for the env and prints a JSON summary:

  LunarLander-v3 / LunarLanderContinuous-v3:
      gymnasium.envs.box2d.lunar_lander.heuristic(env, obs), called on the
      reset observation and then on every following observation (as
      demo_heuristic_lander does).
  BipedalWalker-v3 / BipedalWalkerHardcore-v3:
      ScriptedGait below, a restatement of the gait that bipedal_walker.py's
      __main__ demo drives (BipedalWalkerHeuristics in Gymnasium 1.3.0): the
      first step takes the zero action, every later action is computed from
      the previous step's observation; the controller state starts fresh each
      episode. With --check the actions are compared with Gymnasium's class
      at every step and any difference aborts the run.

Episodes run through gym.make(id), so Gymnasium's TimeLimit applies
(1000 steps for the lander, 1600 / 2000 for the walker) and an episode ends on
terminated or truncated. Returns are summed in float64.

--options '{"enable_wind": true}' passes options to gym.make. --fresh-env makes a new env for every
seed: Gymnasium's Box2D envs keep their physics world across resets, so with one env a seed's episode
also depends on the episodes before it (Strider's ports start every episode from an empty world, which
is what --fresh-env measures).

Usage: heuristic_stats.py --env LunarLander-v3 --seed 0 --episodes 100 [--options JSON] [--fresh-env] [--check]
"""

import argparse
import json
import platform
import statistics
import sys
import time

import numpy as np
import gymnasium as gym


class ScriptedGait:
    """State machine of the walker demo: stand on one leg, put the other down, push off.

    The arithmetic is kept in the same form as the demo so that NumPy applies the same
    precision rules: with NumPy 2 (NEP 50) an expression mixing a float32 observation
    element with Python floats is evaluated in float32. A target of None or exactly 0.0
    is skipped, as in the demo (it tests the target's truthiness).
    """

    STAY_ON_ONE_LEG = 1
    PUT_OTHER_DOWN = 2
    PUSH_OFF = 3
    SPEED = 0.29
    SUPPORT_KNEE_ANGLE = +0.1

    def __init__(self):
        self.state = self.STAY_ON_ONE_LEG
        self.moving_leg = 0
        self.supporting_leg = 1
        self.supporting_knee_angle = self.SUPPORT_KNEE_ANGLE

    def act(self, s):
        moving_base = 4 + 5 * self.moving_leg
        supporting_base = 4 + 5 * self.supporting_leg
        hip_target = [None, None]
        knee_target = [None, None]
        hip_out = [0.0, 0.0]
        knee_out = [0.0, 0.0]

        if self.state == self.STAY_ON_ONE_LEG:
            hip_target[self.moving_leg] = 1.1
            knee_target[self.moving_leg] = -0.6
            self.supporting_knee_angle += 0.03
            if s[2] > self.SPEED:
                self.supporting_knee_angle += 0.03
            self.supporting_knee_angle = min(self.supporting_knee_angle, self.SUPPORT_KNEE_ANGLE)
            knee_target[self.supporting_leg] = self.supporting_knee_angle
            if s[supporting_base + 0] < 0.10:
                self.state = self.PUT_OTHER_DOWN
        if self.state == self.PUT_OTHER_DOWN:
            hip_target[self.moving_leg] = +0.1
            knee_target[self.moving_leg] = self.SUPPORT_KNEE_ANGLE
            knee_target[self.supporting_leg] = self.supporting_knee_angle
            if s[moving_base + 4]:
                self.state = self.PUSH_OFF
                self.supporting_knee_angle = min(s[moving_base + 2], self.SUPPORT_KNEE_ANGLE)
        if self.state == self.PUSH_OFF:
            knee_target[self.moving_leg] = self.supporting_knee_angle
            knee_target[self.supporting_leg] = +1.0
            if s[supporting_base + 2] > 0.88 or s[2] > 1.2 * self.SPEED:
                self.state = self.STAY_ON_ONE_LEG
                self.moving_leg = 1 - self.moving_leg
                self.supporting_leg = 1 - self.moving_leg

        for leg in (0, 1):
            base = 4 + 5 * leg
            if hip_target[leg]:
                hip_out[leg] = 0.9 * (hip_target[leg] - s[base + 0]) - 0.25 * s[base + 1]
            if knee_target[leg]:
                knee_out[leg] = 4.0 * (knee_target[leg] - s[base + 2]) - 0.25 * s[base + 3]
        for leg in (0, 1):
            hip_out[leg] -= 0.9 * (0 - s[0]) - 1.5 * s[1]
            knee_out[leg] -= 15.0 * s[3]

        a = np.array([hip_out[0], knee_out[0], hip_out[1], knee_out[1]], dtype=np.float64)
        return np.clip(0.5 * a, -1.0, 1.0)


def run_lander_episode(env, seed):
    from gymnasium.envs.box2d.lunar_lander import heuristic

    obs, _ = env.reset(seed=seed)
    total, length = 0.0, 0
    while True:
        action = heuristic(env, obs)
        obs, reward, terminated, truncated, _ = env.step(action)
        total += float(reward)
        length += 1
        if terminated or truncated:
            return total, length, bool(terminated), bool(truncated)


def run_walker_episode(env, seed, check):
    env.reset(seed=seed)
    gait = ScriptedGait()
    reference = None
    if check:
        from gymnasium.envs.box2d.bipedal_walker import BipedalWalkerHeuristics
        reference = BipedalWalkerHeuristics()
    action = np.array([0.0, 0.0, 0.0, 0.0])
    total, length = 0.0, 0
    while True:
        obs, reward, terminated, truncated, _ = env.step(action)
        total += float(reward)
        length += 1
        action = gait.act(obs)
        if reference is not None:
            expected = reference.step_heuristic(obs)
            if not np.array_equal(action, expected):
                raise SystemExit(
                    f"seed {seed} step {length}: gait {action.tolist()} != Gymnasium {expected.tolist()}")
        if terminated or truncated:
            return total, length, bool(terminated), bool(truncated)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--episodes", type=int, default=100)
    parser.add_argument("--check", action="store_true",
                        help="walker: compare every action with Gymnasium's BipedalWalkerHeuristics")
    parser.add_argument("--options", default="{}", help="JSON object of gym.make options")
    parser.add_argument("--fresh-env", action="store_true", help="a new env (and physics world) per seed")
    args = parser.parse_args(argv)
    options = json.loads(args.options)

    env = gym.make(args.env, **options)
    is_lander = args.env.startswith("LunarLander")
    if not is_lander and not args.env.startswith("BipedalWalker"):
        raise SystemExit(f"no Gymnasium heuristic for {args.env}")
    threshold = env.spec.reward_threshold

    returns, lengths, terminated_flags, truncated_flags = [], [], [], []
    started = time.time()
    for seed in range(args.seed, args.seed + args.episodes):
        if args.fresh_env and seed != args.seed:
            env.close()
            env = gym.make(args.env, **options)
        if is_lander:
            ret, length, term, trunc = run_lander_episode(env, seed)
        else:
            ret, length, term, trunc = run_walker_episode(env, seed, args.check)
        returns.append(ret)
        lengths.append(length)
        terminated_flags.append(term)
        truncated_flags.append(trunc)
    env.close()

    import Box2D
    result = {
        "env": args.env,
        "options": options,
        "fresh_env_per_seed": args.fresh_env,
        "controller": "lunar_lander.heuristic" if is_lander else "bipedal_walker demo gait (ScriptedGait)",
        "checked_against_gymnasium_class": bool(args.check and not is_lander),
        "seeds": [args.seed, args.seed + args.episodes - 1],
        "episodes": args.episodes,
        "max_episode_steps": env.spec.max_episode_steps,
        "reward_threshold": threshold,
        "mean_return": statistics.fmean(returns),
        "std_return": statistics.pstdev(returns),
        "median_return": statistics.median(returns),
        "min_return": min(returns),
        "max_return": max(returns),
        "mean_length": statistics.fmean(lengths),
        "fraction_at_or_above_threshold":
            None if threshold is None else sum(r >= threshold for r in returns) / len(returns),
        "fraction_terminated": sum(terminated_flags) / len(returns),
        "fraction_truncated": sum(truncated_flags) / len(returns),
        "returns": returns,
        "lengths": lengths,
        "terminated": terminated_flags,
        "truncated": truncated_flags,
        "versions": {
            "python": platform.python_version(),
            "gymnasium": gym.__version__,
            "numpy": np.__version__,
            "Box2D": Box2D.__version__,
        },
        "wall_seconds": round(time.time() - started, 2),
    }
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
