"""Writes the fixture learner/src/test/resources/org/strider/learner/optim/torch_adam_reference.safetensors:
five steps of torch.optim.Adam (lr 1e-3, default betas and eps, plus one run with weight_decay 0.01) on 1000
float32 parameters with seeded random gradients. Tensors: p0, g1..g5, then p5, m5, v5 (and p5_wd, m5_wd, v5_wd).

    python adam_reference.py [OUT]
"""
import sys

import torch
from safetensors.torch import save_file

OUT = sys.argv[1] if len(sys.argv) > 1 else \
    "learner/src/test/resources/org/strider/learner/optim/torch_adam_reference.safetensors"


def run(p0, grads, weight_decay):
    param = torch.nn.Parameter(p0.clone())
    opt = torch.optim.Adam([param], lr=1e-3, weight_decay=weight_decay)
    for g in grads:
        param.grad = g.clone()
        opt.step()
    state = opt.state[param]
    return param.detach().clone(), state["exp_avg"].clone(), state["exp_avg_sq"].clone()


def main():
    torch.manual_seed(0)
    n = 1000
    p0 = torch.randn(n) * 0.1
    grads = [torch.randn(n) * (0.1 * (k + 1)) for k in range(5)]
    tensors = {"p0": p0}
    tensors.update({f"g{k + 1}": g for k, g in enumerate(grads)})
    tensors["p5"], tensors["m5"], tensors["v5"] = run(p0, grads, 0.0)
    tensors["p5_wd"], tensors["m5_wd"], tensors["v5_wd"] = run(p0, grads, 0.01)
    save_file(tensors, OUT, metadata={"torch": torch.__version__, "lr": "1e-3", "steps": "5"})
    print(f"wrote {OUT} with torch {torch.__version__}")


if __name__ == "__main__":
    main()
