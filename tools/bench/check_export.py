"""Loads a Strider policy export (policy.json + policy.safetensors) with the real `safetensors` package and
PyTorch, rebuilds the network as an nn.Sequential named like the Java side's state_dict, and runs it.

    python check_export.py EXPORT_DIR [EXPORT_DIR ...]

Each folder may hold expected.json ({"obs": [...], "out": [...]}, flat row-major) written by the Java
MlpInference; the outputs are then compared. Exits non-zero on any mismatch. Needs: torch, safetensors.
"""
import json
import math
import sys
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import load_file


class ScaleShift(torch.nn.Module):
    """Fixed y = x * scale + shift head (no trainable state, so nothing in the state_dict)."""

    def __init__(self, scale, shift):
        super().__init__()
        self.register_buffer("scale", torch.tensor(scale, dtype=torch.float32), persistent=False)
        self.register_buffer("shift", torch.tensor(shift, dtype=torch.float32), persistent=False)

    def forward(self, x):
        return x * self.scale + self.shift


def to_float(v):
    return float(v) if not isinstance(v, str) else float(v.replace("Infinity", "inf"))


def build(network):
    modules = []
    for layer in network["layers"]:
        kind = layer["type"]
        if kind == "linear":
            modules.append(torch.nn.Linear(layer["in_features"], layer["out_features"]))
        elif kind == "layer_norm":
            modules.append(torch.nn.LayerNorm(layer["normalized_shape"], eps=layer["eps"]))
        elif kind == "relu":
            modules.append(torch.nn.ReLU())
        elif kind == "tanh":
            modules.append(torch.nn.Tanh())
        elif kind == "scale_shift":
            modules.append(ScaleShift([to_float(v) for v in layer["scale"]], [to_float(v) for v in layer["shift"]]))
        else:
            raise ValueError(f"unknown layer type {kind}")
    model = torch.nn.Module()
    model.layers = torch.nn.Sequential(*modules)
    return model


def check(folder: Path) -> bool:
    manifest = json.loads((folder / "policy.json").read_text())
    weights_path = folder / manifest["weights"]["file"]
    with safe_open(str(weights_path), framework="pt") as f:
        metadata = f.metadata()
        keys = list(f.keys())
    state = load_file(str(weights_path))
    model = build(manifest["network"])
    missing, unexpected = model.load_state_dict(state, strict=True), None
    count = sum(t.numel() for t in state.values())
    print(f"{folder}: safetensors {len(keys)} tensors {keys[:4]}{'...' if len(keys) > 4 else ''}, "
          f"{count} params (manifest {manifest['weights']['parameter_count']}), metadata {metadata}; "
          f"load_state_dict(strict=True) ok")
    ok = count == manifest["weights"]["parameter_count"]
    expected_file = folder / "expected.json"
    if expected_file.exists():
        expected = json.loads(expected_file.read_text())
        n_in = manifest["network"]["input_size"]
        obs = torch.tensor(expected["obs"], dtype=torch.float32).reshape(-1, n_in)
        with torch.no_grad():
            out = model.layers(obs).flatten()
        want = torch.tensor(expected["out"], dtype=torch.float32)
        diff = (out - want).abs().max().item()
        exact = int((out == want).sum().item())
        print(f"  forward on {obs.shape[0]} rows: max |torch - java| = {diff:.3g}, {exact}/{want.numel()} bit-equal")
        if manifest["action_selection"] == "argmax":
            print(f"  argmax actions torch {out.reshape(obs.shape[0], -1).argmax(1).tolist()}")
        ok = ok and diff <= 1e-5 * max(1.0, want.abs().max().item())
    return ok


if __name__ == "__main__":
    results = [check(Path(p)) for p in sys.argv[1:]]
    print("all ok" if all(results) else "MISMATCH")
    sys.exit(0 if all(results) else 1)
