#!/usr/bin/env python3
"""Dump what Gymnasium's Box2D envs produce for a seed, as a debugging aid for ports.

For each seed: the observation after env.reset(seed=seed), the generated terrain, the
state of the dynamic bodies after reset, and the first --steps steps taken with a fixed
action (all zeros for a Box action space, 0 = no-op for a Discrete one): observation,
reward, terminated, truncated, and the main body's state (lander or hull).

  LunarLander*: chunk_x, smooth_y (read back from the env's sky polygons, i.e. the ground
      line the edges were made from), helipad_x1/x2/y, and "heights_redrawn": the raw
      heights redrawn here from numpy.random.default_rng(seed) (the env's np_random after
      reset(seed=seed) is that generator), checked against smooth_y (note smooth_y[0] uses
      heights[-1], Python's wrap-around). Also the initial force on the lander (the next two
      draws) redrawn the same way; with enable_wind, wind_idx/torque_idx as the env drew them.
  BipedalWalker*: terrain_x, terrain_y, terrain_poly (the ground strips the env draws, with
      colour), cloud_poly, the number of static terrain bodies, and "obstacles": the polygon
      fixtures of hardcore's stumps, stair steps and pit walls in creation order, with vertices
      as Box2D stores them (float32, reordered by Box2D's convex hull).

Floats are the values Python holds (float32 observations widened exactly to double).

Usage: dump_reset.py --env ID --seeds 0,1,2 [--steps 50] [--options '{"enable_wind": true}']
       [--out-dir DIR]   (one file per seed: DIR/dump-<id>-seed<s>.json; else JSON to stdout)
"""

import argparse
import json
import os
import sys

import Box2D
import numpy as np
import gymnasium as gym


def vec(v):
    return [float(v[0]), float(v[1])]


def body_state(body):
    return {
        "position": vec(body.position),
        "angle": float(body.angle),
        "linear_velocity": vec(body.linearVelocity),
        "angular_velocity": float(body.angularVelocity),
    }


def lander_terrain(env, seed):
    from gymnasium.envs.box2d import lunar_lander as ll

    chunks = 11
    viewport_w, viewport_h = ll.VIEWPORT_W / ll.SCALE, ll.VIEWPORT_H / ll.SCALE
    chunk_x = [float(p[0][0]) for p in env.sky_polys] + [float(env.sky_polys[-1][1][0])]
    smooth_y = [float(p[0][1]) for p in env.sky_polys] + [float(env.sky_polys[-1][1][1])]

    rng = np.random.default_rng(seed)
    heights = rng.uniform(0, viewport_h / 2, size=(chunks + 1,))
    for k in range(-2, 3):
        heights[chunks // 2 + k] = viewport_h / 4
    smooth_again = [0.33 * (heights[i - 1] + heights[i] + heights[i + 1]) for i in range(chunks)]
    force = [float(rng.uniform(-ll.INITIAL_RANDOM, ll.INITIAL_RANDOM)) for _ in range(2)]
    out = {
        "W": viewport_w,
        "H": viewport_h,
        "chunk_x": chunk_x,
        "smooth_y": smooth_y,
        "helipad_x1": float(env.helipad_x1),
        "helipad_x2": float(env.helipad_x2),
        "helipad_y": float(env.helipad_y),
        "heights_redrawn": [float(h) for h in heights],
        "heights_redrawn_match_smooth_y": bool(np.allclose(smooth_again, smooth_y, rtol=0, atol=1e-12)),
        "initial_force_redrawn": force,
    }
    if env.enable_wind:
        out["wind_idx"] = int(env.wind_idx)
        out["torque_idx"] = int(env.torque_idx)
    return out


def walker_terrain(env):
    # env.terrain holds the obstacle bodies (polygons) and the ground edges, in reverse
    # order of creation; list the polygons in creation order.
    obstacles = []
    for body in reversed(env.terrain):
        for fixture in body.fixtures:
            if isinstance(fixture.shape, Box2D.b2PolygonShape):
                obstacles.append({"vertices": [vec(v) for v in fixture.shape.vertices],
                                  "color1": list(body.color1), "color2": list(body.color2)})
    return {
        "terrain_x": [float(x) for x in env.terrain_x],
        "terrain_y": [float(y) for y in env.terrain_y],
        "terrain_poly": [{"vertices": [vec(p) for p in poly], "color": list(color)}
                         for poly, color in env.terrain_poly],
        "cloud_poly": [{"vertices": [vec(p) for p in poly], "x1": float(x1), "x2": float(x2)}
                       for poly, x1, x2 in env.cloud_poly],
        "terrain_bodies": len(env.terrain),
        "obstacles": obstacles,
    }


def dump(env_id, seed, steps, options):
    env = gym.make(env_id, **options)
    inner = env.unwrapped
    is_lander = env_id.startswith("LunarLander")
    obs, _ = env.reset(seed=seed)
    result = {
        "env": env_id,
        "options": options,
        "seed": seed,
        "reset_obs": [float(x) for x in obs],
        "terrain": lander_terrain(inner, seed) if is_lander else walker_terrain(inner),
        "dynamic_bodies_after_reset": [
            dict(body_state(b), index=i) for i, b in enumerate(inner.world.bodies) if b.type == 2
        ],
    }
    main_body = (lambda: inner.lander) if is_lander else (lambda: inner.hull)
    if isinstance(env.action_space, gym.spaces.Discrete):
        action, action_desc = 0, 0
    else:
        action = np.zeros(env.action_space.shape, dtype=env.action_space.dtype)
        action_desc = action.tolist()
    result["action"] = action_desc
    trace = []
    for t in range(steps):
        obs, reward, terminated, truncated, _ = env.step(action)
        trace.append({
            "t": t + 1,
            "obs": [float(x) for x in obs],
            "reward": float(reward),
            "terminated": bool(terminated),
            "truncated": bool(truncated),
            "main_body": body_state(main_body()),
        })
        if terminated or truncated:
            break
    result["steps"] = trace
    env.close()
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", required=True)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--options", default="{}", help="gym.make keyword arguments as JSON")
    parser.add_argument("--out-dir")
    args = parser.parse_args(argv)
    options = json.loads(args.options)
    for seed in [int(s) for s in args.seeds.split(",") if s]:
        text = json.dumps(dump(args.env, seed, args.steps, options), indent=1)
        if args.out_dir:
            path = os.path.join(args.out_dir, f"dump-{args.env}-seed{seed}.json")
            with open(path, "w") as f:
                f.write(text + "\n")
            print(path, file=sys.stderr)
        else:
            print(text)


if __name__ == "__main__":
    main()
