"""Expected results for learner's Td3UpdateReferenceTest, computed with PyTorch.

Reads the inputs Td3Reference.main writes (initial parameters in state_dict order, batches, target-policy noise),
runs CleanRL's TD3 update (td3_continuous_action.py) on them in float32, and writes inputs plus results:

    python tools/td3ref/td3_reference.py inputs.txt learner/src/test/resources/td3-reference.txt

The noise is taken from the file instead of torch.randn so that both sides add the same values.
"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HIDDEN = (5, 4)
LR, GAMMA, TAU, POLICY_DELAY, UPDATES = 0.01, 0.9, 0.1, 2, 4


def read(path):
    values, comments = {}, []
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                comments.append(line.rstrip("\n"))
                continue
            parts = line.split()
            if parts:
                n = int(parts[1])
                values[parts[0]] = [float(v) for v in parts[2:2 + n]]
    return values, comments


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class Actor(nn.Module):
    def __init__(self, obs, low, high):
        super().__init__()
        self.net = mlp([obs, *HIDDEN, len(low)])
        self.register_buffer("scale", (high - low) / 2)
        self.register_buffer("bias", (high + low) / 2)

    def forward(self, x):
        return torch.tanh(self.net(x)) * self.scale + self.bias


class Critic(nn.Module):
    def __init__(self, obs, act):
        super().__init__()
        self.net = mlp([obs + act, *HIDDEN, 1])

    def forward(self, x, a):
        return self.net(torch.cat([x, a], 1))


def load(module, flat):
    flat = torch.tensor(flat, dtype=torch.float32)
    at = 0
    for p in module.parameters():  # Linear weight [out, in] row-major, then bias: the learner's flat layout
        n = p.numel()
        p.data.copy_(flat[at:at + n].view_as(p))
        at += n
    assert at == flat.numel(), (at, flat.numel())


def flat(module):
    return torch.cat([p.data.reshape(-1) for p in module.parameters()]).tolist()


def main(inputs, output):
    v, comments = read(inputs)
    low = torch.tensor(v["action_low"])
    high = torch.tensor(v["action_high"])
    obs_size = len(v["batch0.obs"]) // (len(v["batch0.reward"]))
    act_size = len(low)
    actor, actor_target = Actor(obs_size, low, high), Actor(obs_size, low, high)
    qf1, qf2, qf1_target, qf2_target = (Critic(obs_size, act_size) for _ in range(4))
    load(actor, v["actor"]); load(actor_target, v["actor"])
    load(qf1, v["critic1"]); load(qf1_target, v["critic1"])
    load(qf2, v["critic2"]); load(qf2_target, v["critic2"])
    q_optimizer = torch.optim.Adam(list(qf1.parameters()) + list(qf2.parameters()), lr=LR)
    actor_optimizer = torch.optim.Adam(actor.parameters(), lr=LR)

    results = {}
    for k in range(UPDATES):
        b = lambda name, *shape: torch.tensor(v[f"batch{k}.{name}"], dtype=torch.float32).view(*shape)
        n = len(v[f"batch{k}.reward"])
        observations, next_observations = b("obs", n, obs_size), b("next_obs", n, obs_size)
        actions, noise = b("action", n, act_size), b("noise", n, act_size)
        rewards, dones = b("reward", n), b("terminated", n)
        with torch.no_grad():
            next_actions = torch.max(torch.min(actor_target(next_observations) + noise, high), low)
            min_q = torch.min(qf1_target(next_observations, next_actions), qf2_target(next_observations, next_actions))
            next_q = rewards + (1 - dones) * GAMMA * min_q.view(-1)
        qf1_a = qf1(observations, actions).view(-1)
        qf2_a = qf2(observations, actions).view(-1)
        qf1_loss, qf2_loss = F.mse_loss(qf1_a, next_q), F.mse_loss(qf2_a, next_q)
        q_optimizer.zero_grad()
        (qf1_loss + qf2_loss).backward()
        q_optimizer.step()
        results[f"after{k}.q1_loss"] = [qf1_loss.item()]
        results[f"after{k}.q2_loss"] = [qf2_loss.item()]
        results[f"after{k}.y"] = next_q.tolist()
        if (k + 1) % POLICY_DELAY == 0:
            actor_loss = -qf1(observations, actor(observations)).mean()
            actor_optimizer.zero_grad()
            actor_loss.backward()
            actor_optimizer.step()
            results[f"after{k}.actor_loss"] = [actor_loss.item()]
            for net, target in ((actor, actor_target), (qf1, qf1_target), (qf2, qf2_target)):
                for p, tp in zip(net.parameters(), target.parameters()):
                    tp.data.copy_(TAU * p.data + (1 - TAU) * tp.data)
        for name, module in (("actor", actor), ("actor_target", actor_target), ("critic1", qf1),
                             ("critic1_target", qf1_target), ("critic2", qf2), ("critic2_target", qf2_target)):
            results[f"after{k}.{name}"] = flat(module)

    with open(output, "w") as f:
        for c in comments:
            f.write(c + "\n")
        f.write(f"# expected: PyTorch {torch.__version__} running CleanRL's TD3 update (tools/td3ref/td3_reference.py)\n")
        for name, values in list(v.items()) + list(results.items()):
            f.write(f"{name} {len(values)} " + " ".join(repr(float(x)) for x in values) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
