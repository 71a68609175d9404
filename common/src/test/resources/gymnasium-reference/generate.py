"""Records reference trajectories of Gymnasium's classic-control envs for Strider's Java ports.

Run with a Python that has Gymnasium 1.x and NumPy 2.x installed:

    python3 -m venv /tmp/gym && /tmp/gym/bin/pip install gymnasium
    /tmp/gym/bin/python common/src/test/resources/gymnasium-reference/generate.py

For every case it resets the env made by ``gym.make`` (time limit and checkers included) with a seed, steps it
with the case's actions until the episode ends, and writes one CSV row per reset and per step. The Java tests
replay the recorded actions from the same seed and compare observations (float32) and rewards.

Columns: case, env_id, options, seed, step, action, reward, terminated, truncated, obs...
``step`` 0 is the reset row (no action, reward 0). Floats are written with Python's repr, which reads back to
the same float64 (and, for float32 values, to the same float32).
"""

import csv
import os
import sys

import gymnasium as gym
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def random_actions(seed, low, high):
    """An open-ended stream of float32 actions drawn from a generator separate from the env's."""
    rng = np.random.default_rng(10_000 + seed)

    def act(_obs, _t):
        return np.array([rng.uniform(low, high)], dtype=np.float32)

    return act


def random_discrete(seed):
    rng = np.random.default_rng(20_000 + seed)
    return lambda _obs, _t: int(rng.integers(0, 2))


def cartpole_balance(obs, _t):
    """A PD rule on the pole (angle and angular velocity) and a weak one on the cart."""
    x, x_dot, theta, theta_dot = (float(v) for v in obs)
    return 1 if theta + 0.5 * theta_dot + 0.01 * x + 0.05 * x_dot > 0 else 0


def bang_bang(magnitude):
    """Push in the direction of motion: pumps energy until the car reaches the flag."""
    return lambda obs, _t: np.array([magnitude if obs[1] >= 0 else -magnitude], dtype=np.float32)


def left_then_bang_bang(obs, t):
    """Drive into the left wall first (position clipping, velocity zeroed), then pump."""
    if t < 90:
        return np.array([-1.0], dtype=np.float32)
    return np.array([1.0 if obs[1] >= 0 else -1.0], dtype=np.float32)


def pendulum_pump(obs, _t):
    """Torque along the angular velocity: swings up and over the top, then spins at the speed limit."""
    return np.array([2.0 if obs[2] >= 0 else -2.0], dtype=np.float32)


# (case name, env id, make options, seed, policy(obs, t) -> action)
CASES = {
    "pendulum.csv": [
        ("random_seed0", "Pendulum-v1", {}, 0, random_actions(0, -2.5, 2.5)),
        ("random_seed1", "Pendulum-v1", {}, 1, random_actions(1, -2.5, 2.5)),
        ("random_seed42_g9.81", "Pendulum-v1", {"g": 9.81}, 42, random_actions(42, -2.0, 2.0)),
        ("pump_seed3", "Pendulum-v1", {}, 3, pendulum_pump),
    ],
    "cartpole.csv": [
        *[(f"random_seed{s}", "CartPole-v1", {}, s, random_discrete(s)) for s in range(5)],
        ("random_seed5_sutton_barto", "CartPole-v1", {"sutton_barto_reward": True}, 5, random_discrete(5)),
        ("balance_seed6", "CartPole-v1", {}, 6, cartpole_balance),
        ("balance_seed7", "CartPole-v1", {}, 7, cartpole_balance),
    ],
    "mountain_car_continuous.csv": [
        ("random_seed0", "MountainCarContinuous-v0", {}, 0, random_actions(0, -1.5, 1.5)),
        ("bang_bang_seed1", "MountainCarContinuous-v0", {}, 1, bang_bang(1.0)),
        ("bang_bang_over_seed2", "MountainCarContinuous-v0", {}, 2, bang_bang(1.3)),
        ("bang_bang_half_seed3", "MountainCarContinuous-v0", {}, 3, bang_bang(0.5)),
        ("left_wall_seed4_goal0.02", "MountainCarContinuous-v0", {"goal_velocity": 0.02}, 4, left_then_bang_bang),
    ],
}


def fmt(value):
    return repr(float(value))


def record(writer, case, env_id, options, seed, policy):
    env = gym.make(env_id, **options)
    obs, _ = env.reset(seed=seed)
    opts = ";".join(f"{k}={v}" for k, v in options.items())
    writer.writerow([case, env_id, opts, seed, 0, "", fmt(0.0), "False", "False", *map(fmt, obs)])
    t = 0
    while True:
        action = policy(obs, t)
        obs, reward, terminated, truncated, _ = env.step(action)
        t += 1
        a = str(action) if isinstance(action, int) else fmt(action[0])
        writer.writerow([case, env_id, opts, seed, t, a, fmt(reward), terminated, truncated, *map(fmt, obs)])
        if terminated or truncated:
            break
    env.close()
    return t, terminated, truncated


def main():
    for name, cases in CASES.items():
        path = os.path.join(HERE, name)
        with open(path, "w", newline="") as f:
            f.write(f"# gymnasium {gym.__version__}, numpy {np.__version__}, python {sys.version.split()[0]}\n")
            writer = csv.writer(f, lineterminator="\n")
            for case in cases:
                steps, terminated, truncated = record(writer, *case)
                print(f"{name}: {case[0]}: {steps} steps, terminated={terminated}, truncated={truncated}")


if __name__ == "__main__":
    main()
