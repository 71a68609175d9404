"""PyTorch CPU reference for `strider bench learner`: milliseconds per TD3 update, and the time of just the
matrix multiplies one update needs.

One update, as issue 4 and the TD3 paper describe it (written in the idiom of CleanRL's td3_continuous_action):
  sample a batch uniformly from a replay of 1e5 random transitions (torch tensors, index with randint);
  target action = clamp(actor_target(s') + clamp(N(0, 0.2) * scale, -0.5 * scale, 0.5 * scale), low, high);
  y = r + gamma * (1 - terminated) * min(Q1_target(s', a'), Q2_target(s', a'));
  one Adam step on mse(Q1(s, a), y) + mse(Q2(s, a), y) (one optimiser over both critics);
  every policy_delay (2) updates: one Adam step on -Q1(s, actor(s)).mean(), then polyak (tau 0.005) of the
  actor and both critic targets.
Networks: actor obs -> h1 -> h2 -> act (ReLU, tanh head scaled to the bounds), critics cat(obs, act) -> h1 -> h2
-> 1 (ReLU). Default PyTorch init and Adam (lr 3e-4). The actor loss back-propagates into Q1's weights too (autograd
computes those gradients because they require grad), as CleanRL and SB3 do.

The GEMM-only time replays, as torch.mm calls on preallocated tensors of the same shapes and transposes
(x W^T forward, dy^T x for dW, dy W for dx), the 25 matmuls of every update plus the 14 of every second one
(actor forward, Q1 forward, Q1 input gradients, actor weight and input gradients): 32 per update on average.
Bias gradients are row sums, not matmuls, and are not counted.

Prints one JSON object. Times: mean ms per update over a window after warm-up; the median of the windows.
    python td3_update_torch.py [--threads 1 2] [--batches 100 256] [--windows 5]
"""
import argparse
import json
import os
import platform
import statistics
import time

import torch
import torch.nn.functional as F

OBS, ACT = 24, 4
GAMMA, TAU, POLICY_NOISE, NOISE_CLIP, POLICY_DELAY, LR = 0.99, 0.005, 0.2, 0.5, 2, 3e-4
REPLAY = 100_000


class Actor(torch.nn.Module):
    def __init__(self, h1, h2, low, high):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = torch.nn.Linear(OBS, h1), torch.nn.Linear(h1, h2), torch.nn.Linear(h2, ACT)
        self.register_buffer("scale", (high - low) / 2)
        self.register_buffer("bias", (high + low) / 2)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return torch.tanh(self.fc3(x)) * self.scale + self.bias


class Critic(torch.nn.Module):
    def __init__(self, h1, h2):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = torch.nn.Linear(OBS + ACT, h1), torch.nn.Linear(h1, h2), torch.nn.Linear(h2, 1)

    def forward(self, s, a):
        x = F.relu(self.fc1(torch.cat([s, a], 1)))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class Td3:
    def __init__(self, h1, h2, batch, seed):
        torch.manual_seed(seed)
        self.low, self.high = -torch.ones(ACT), torch.ones(ACT)
        self.actor = Actor(h1, h2, self.low, self.high)
        self.actor_target = Actor(h1, h2, self.low, self.high)
        self.actor_target.load_state_dict(self.actor.state_dict())
        self.qf1, self.qf2 = Critic(h1, h2), Critic(h1, h2)
        self.qf1_target, self.qf2_target = Critic(h1, h2), Critic(h1, h2)
        self.qf1_target.load_state_dict(self.qf1.state_dict())
        self.qf2_target.load_state_dict(self.qf2.state_dict())
        self.q_optimizer = torch.optim.Adam(list(self.qf1.parameters()) + list(self.qf2.parameters()), lr=LR)
        self.actor_optimizer = torch.optim.Adam(self.actor.parameters(), lr=LR)
        self.batch = batch
        self.updates = 0
        # Replay of random transitions, stored as tensors (the fastest simple layout for torch).
        self.obs = torch.randn(REPLAY, OBS)
        self.act = torch.rand(REPLAY, ACT) * 2 - 1
        self.rew = torch.randn(REPLAY)
        self.next_obs = torch.randn(REPLAY, OBS)
        self.term = (torch.rand(REPLAY) < 0.01).float()
        self.pairs = [(t, p) for tn, n in ((self.actor_target, self.actor), (self.qf1_target, self.qf1),
                                            (self.qf2_target, self.qf2))
                      for t, p in zip(tn.parameters(), n.parameters())]

    def update(self):
        idx = torch.randint(0, REPLAY, (self.batch,))
        obs, act, rew, next_obs, term = self.obs[idx], self.act[idx], self.rew[idx], self.next_obs[idx], self.term[idx]
        scale = (self.high - self.low) / 2
        with torch.no_grad():
            noise = (torch.randn_like(act) * POLICY_NOISE * scale).clamp(-NOISE_CLIP * scale, NOISE_CLIP * scale)
            next_act = (self.actor_target(next_obs) + noise).clamp(self.low, self.high)
            min_q = torch.min(self.qf1_target(next_obs, next_act), self.qf2_target(next_obs, next_act)).view(-1)
            # Bootstrap through truncation, never through termination.
            target = rew + (1 - term) * GAMMA * min_q
        q1 = self.qf1(obs, act).view(-1)
        q2 = self.qf2(obs, act).view(-1)
        q_loss = F.mse_loss(q1, target) + F.mse_loss(q2, target)
        self.q_optimizer.zero_grad()
        q_loss.backward()
        self.q_optimizer.step()
        self.updates += 1
        if self.updates % POLICY_DELAY == 0:
            actor_loss = -self.qf1(obs, self.actor(obs)).mean()
            self.actor_optimizer.zero_grad()
            actor_loss.backward()
            self.actor_optimizer.step()
            with torch.no_grad():
                for t, p in self.pairs:
                    t.lerp_(p, TAU)


class GemmOnly:
    """The matmuls of two updates (one with the actor step), as torch.mm into preallocated outputs."""

    def __init__(self, h1, h2, batch):
        b = batch
        self.calls = []

        def mm(m, k, n, trans_a=False, trans_b=False):
            a = torch.randn(k, m) if trans_a else torch.randn(m, k)
            w = torch.randn(n, k) if trans_b else torch.randn(k, n)
            out = torch.empty(m, n)
            self.calls.append((a.t() if trans_a else a, w.t() if trans_b else w, out))

        def forward(widths):  # x [b, in] @ W[out, in]^T
            for i, o in zip(widths, widths[1:]):
                mm(b, i, o, trans_b=True)

        def backward(widths, input_grad):  # dW = dy^T x, dx = dy W (dx of the first layer only if input_grad)
            for layer in reversed(range(len(widths) - 1)):
                i, o = widths[layer], widths[layer + 1]
                mm(o, b, i, trans_a=True)
                if layer > 0 or input_grad:
                    mm(b, o, i)

        actor, critic = [OBS, h1, h2, ACT], [OBS + ACT, h1, h2, 1]
        for step in range(2):
            forward(actor)                     # target actor on s'
            forward(critic); forward(critic)   # twin targets
            forward(critic); forward(critic)   # twin critics
            backward(critic, False); backward(critic, False)
            if step == 1:
                forward(actor)                 # actor on s
                forward(critic)                # Q1(s, actor(s))
                for layer in reversed(range(3)):  # dQ/da: input gradients only
                    mm(b, critic[layer + 1], critic[layer])
                backward(actor, False)

    def run(self):
        for a, w, out in self.calls:
            torch.mm(a, w, out=out)


def timed(fn, warmup, iters, windows):
    """Median over windows of the mean ms per call: wall time, and the calling thread's CPU time (all the work
    runs on it with one thread; it is the steadier figure when other processes share the cores)."""
    for _ in range(warmup):
        fn()
    means, cpus, procs = [], [], []
    for _ in range(windows):
        proc = time.process_time()
        cpu = time.thread_time()
        start = time.perf_counter()
        for _ in range(iters):
            fn()
        means.append((time.perf_counter() - start) * 1e3 / iters)
        cpus.append((time.thread_time() - cpu) * 1e3 / iters)
        procs.append((time.process_time() - proc) * 1e3 / iters)
    return statistics.median(means), means, statistics.median(cpus), statistics.median(procs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batches", type=int, nargs="+", default=[100, 256])
    parser.add_argument("--hidden", nargs="+", default=["256-256", "400-300"])
    parser.add_argument("--windows", type=int, default=5)
    parser.add_argument("--updates", type=int, default=200, help="updates per window (even)")
    args = parser.parse_args()
    torch.set_num_interop_threads(1)
    results = []
    for threads in args.threads:
        torch.set_num_threads(threads)
        for hidden in args.hidden:
            h1, h2 = (int(x) for x in hidden.split("-"))
            for batch in args.batches:
                td3 = Td3(h1, h2, batch, seed=0)
                ms, windows, cpu_ms, proc_ms = timed(td3.update, warmup=50, iters=args.updates, windows=args.windows)
                gemm = GemmOnly(h1, h2, batch)
                gemm_ms, gemm_windows, gemm_cpu_ms, _ = timed(gemm.run, warmup=20, iters=args.updates // 2,
                                                           windows=args.windows)
                gemm_ms /= 2
                gemm_cpu_ms /= 2
                results.append({"threads": threads, "hidden": hidden, "batch": batch,
                                "update_ms": round(ms, 4), "gemm_ms": round(gemm_ms, 4),
                                "overhead": round(ms / gemm_ms, 3),
                                "update_cpu_ms": round(cpu_ms, 4), "gemm_cpu_ms": round(gemm_cpu_ms, 4),
                                "update_process_cpu_ms": round(proc_ms, 4),
                                "update_windows_ms": [round(w, 4) for w in windows],
                                "gemm_windows_ms": [round(w / 2, 4) for w in gemm_windows],
                                "gemms_per_update": len(gemm.calls) / 2})
                print(f"# threads {threads} {hidden} batch {batch}: update {ms:.3f} ms (CPU {cpu_ms:.3f}, process {proc_ms:.3f}), "
                      f"gemm-only {gemm_ms:.3f} ms (CPU {gemm_cpu_ms:.3f}), ratio {ms / gemm_ms:.2f}", flush=True)
    print(json.dumps({"load_average": round(os.getloadavg()[0], 2), "torch": torch.__version__,
                      "python": platform.python_version(),
                      "machine": platform.processor() or platform.machine(),
                      "blas": "mkl" if torch.backends.mkl.is_available() else "other",
                      "results": results}, indent=1))


if __name__ == "__main__":
    main()
