#!/usr/bin/env python3
"""Peer benchmark: Benchtop's yolo network (src/main/experiments/yolo/model.ts) and YOLO loss
(loss.ts) trained in PyTorch on the CPU, for the step-time ratio of `npm run bench:yolo`.

Same layers as the TensorFlow.js model: five stages of conv3x3 (no bias) - BatchNorm (Keras
defaults but momentum 0.9, eps 1e-3) - LeakyReLU(0.1) with widths w, 2w, 4w, 8w, 8w, the first
P = log2(size / grid) of them (3 or 4) followed by a 2x2 max pool, and a 1x1 conv (with bias) to
A x (5 + k) values per cell. The loss: coord x squared error of sigmoid(t_xy) and t_wh on object slots, BCE objectness
(no-object slots weighted), class cross-entropy on object slots, summed and divided by the batch.
Adam. Random images and random 0/1 targets, as the TensorFlow.js bench step uses.

Prints one JSON line: {"peer": "pytorch", ..., "step_ms": median training-step time, "img_per_s": ...}.

  yolo_torch.py --size 128 --grid 8 --anchors 3 --classes 3 --width 16 --batch 16 [--threads 2] [--steps 5]
"""
import argparse, json, statistics, time
import torch, torch.nn as nn
import torch.nn.functional as F


def stage(cin, c, pool):
    layers = [nn.Conv2d(cin, c, 3, 1, 1, bias=False), nn.BatchNorm2d(c, eps=1e-3, momentum=0.1), nn.LeakyReLU(0.1)]
    if pool:
        layers.append(nn.MaxPool2d(2, 2))
    return layers


def build(width, anchors, classes, pools=4):
    layers, cin = [], 3
    for i, m in enumerate([1, 2, 4, 8, 8]):
        layers += stage(cin, width * m, i < pools)
        cin = width * m
    layers.append(nn.Conv2d(width * 8, anchors * (5 + classes), 1))
    return nn.Sequential(*layers)


def yolo_loss(raw, targets, anchors, classes, coord=5.0, noobj=0.5, cls_w=1.0):
    # raw [b, A*(5+k), S, S] (NCHW) -> [b, S, S, A, 5+k] as the NHWC TensorFlow.js output is laid out
    b, _, s, _ = raw.shape
    out = raw.permute(0, 2, 3, 1).reshape(b, s, s, anchors, 5 + classes)
    obj = targets[..., 0:1]
    box = coord * (obj * (((torch.sigmoid(out[..., 1:3]) - targets[..., 1:3]) ** 2).sum(-1, keepdim=True)
                          + ((out[..., 3:5] - targets[..., 3:5]) ** 2).sum(-1, keepdim=True))).sum()
    logit = out[..., 0:1]
    objectness = (obj * F.binary_cross_entropy_with_logits(logit, obj, reduction='none')).sum() \
        + noobj * ((1 - obj) * F.binary_cross_entropy_with_logits(logit, torch.zeros_like(obj), reduction='none')).sum()
    cls = cls_w * -(obj * targets[..., 5:] * F.log_softmax(out[..., 5:], -1)).sum()
    return (box + objectness + cls) / b


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--size', type=int, default=128)
    p.add_argument('--grid', type=int, default=8)
    p.add_argument('--anchors', type=int, default=3)
    p.add_argument('--classes', type=int, default=3)
    p.add_argument('--width', type=int, default=16)
    p.add_argument('--batch', type=int, default=16)
    p.add_argument('--lr', type=float, default=0.002)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--steps', type=int, default=5)
    p.add_argument('--device', default='cpu', help='cpu or cuda (a GPU machine)')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    dev = torch.device(a.device)
    pools = {8: 3, 16: 4}[a.size // a.grid]
    model = build(a.width, a.anchors, a.classes, pools).to(dev).train()
    params = sum(t.numel() for t in model.parameters())
    opt = torch.optim.Adam(model.parameters(), a.lr)
    x = torch.rand(a.batch, 3, a.size, a.size, device=dev)
    y = torch.rand(a.batch, a.grid, a.grid, a.anchors, 5 + a.classes, device=dev).round()
    sync = torch.cuda.synchronize if dev.type == 'cuda' else (lambda: None)
    times = []
    for i in range(a.steps + 2):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = yolo_loss(model(x), y, a.anchors, a.classes)
        loss.backward(); opt.step(); sync()
        if i >= 2:
            times.append(time.perf_counter() - t0)
    step = statistics.median(times)
    print(json.dumps({'peer': 'pytorch', 'version': torch.__version__, 'model': 'yolo', 'params': params,
                      'device': a.device, 'size': a.size, 'grid': a.grid, 'anchors': a.anchors, 'classes': a.classes,
                      'width': a.width, 'batch': a.batch, 'threads': torch.get_num_threads(),
                      'step_ms': round(step * 1000, 1), 'img_per_s': round(a.batch / step, 2), 'loss': round(loss.item(), 4)}))


if __name__ == '__main__':
    main()
