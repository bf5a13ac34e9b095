#!/usr/bin/env python3
"""The shortcut study's runs in PyTorch, to scan presets quickly: the seed's ResNet-18/50 (built by
the peer twin resnet_torch.py, Keras initialisation: glorot-uniform kernels, zero biases) trained
on the first N Fashion-MNIST images of each class, as `benchtop run resnet` does.

Prints one JSON line per epoch: {"epoch", "train_acc" (the running mean over the epoch, as Keras
and Benchtop report it), "val_acc", "seconds"}. Needs python3-torch and dataset-fashion-mnist.

  BENCHTOP_PEERS=../shared/peers resnet_study_torch.py --model ResNet50 [--plain] --size 72 \
      --classes 10 --train-limit 100 --test-limit 20 --epochs 8 --lr 1e-3 --bn-momentum 0.99
  (--class-list 0,6 takes those classes instead of the first --classes.)
"""
import argparse, gzip, json, os, sys, time
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F

sys.path.insert(0, os.environ.get('BENCHTOP_PEERS', os.path.join(os.path.dirname(__file__), '../../../shared/peers')))
from resnet_torch import build  # noqa: E402

FMNIST = '/usr/share/datasets/fashion-mnist'


def idx(name):
    with gzip.open(os.path.join(FMNIST, name)) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def first_per_class(images, labels, limit, classes):
    """The first `limit` images of each class in `classes` (class indices), relabelled 0..k-1."""
    keep = []
    for k in classes:
        keep += list(np.nonzero(labels == k)[0][:limit])
    keep.sort()
    relabel = {c: i for i, c in enumerate(classes)}
    return images[keep], np.array([relabel[int(l)] for l in labels[keep]], dtype=labels.dtype)


def to_tensor(images, size):
    """[n, 28, 28] uint8 -> [n, 3, size, size] float in [0, 1], bilinear, grey as RGB."""
    x = torch.from_numpy(images.astype(np.float32) / 255).unsqueeze(1)
    x = F.interpolate(x, size=(size, size), mode='bilinear', align_corners=False)
    return x.repeat(1, 3, 1, 1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--model', default='ResNet18', choices=['ResNet18', 'ResNet50'])
    p.add_argument('--plain', action='store_true', help='no shortcuts')
    p.add_argument('--size', type=int, default=72)
    p.add_argument('--classes', type=int, default=10, help="the dataset's first k classes")
    p.add_argument('--class-list', default='', help='these class indices instead, e.g. 0,6 (T-shirt/top against shirt)')
    p.add_argument('--train-limit', type=int, default=100)
    p.add_argument('--test-limit', type=int, default=20)
    p.add_argument('--epochs', type=int, default=8)
    p.add_argument('--batch', type=int, default=16)
    p.add_argument('--lr', type=float, default=1e-3)
    p.add_argument('--bn-momentum', type=float, default=0.99, help='Keras convention: the share kept per step')
    p.add_argument('--zero-init-residual', action='store_true',
                   help="each residual branch's last BatchNorm scale starts at 0 (Goyal et al. 2017; with shortcuts only)")
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--threads', type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)

    classes = [int(c) for c in a.class_list.split(',')] if a.class_list else list(range(a.classes))
    a.classes = len(classes)
    tx, ty = first_per_class(idx('train-images-idx3-ubyte.gz'), idx('train-labels-idx1-ubyte.gz'), a.train_limit, classes)
    vx, vy = first_per_class(idx('t10k-images-idx3-ubyte.gz'), idx('t10k-labels-idx1-ubyte.gz'), a.test_limit, classes)
    tx, vx = to_tensor(tx, a.size), to_tensor(vx, a.size)
    ty, vy = torch.from_numpy(ty.astype(np.int64)), torch.from_numpy(vy.astype(np.int64))

    model = build(a.model, not a.plain, a.size)
    model[1] = nn.Linear(model[1].in_features, a.classes)
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
        if isinstance(m, nn.BatchNorm2d):
            m.momentum = 1 - a.bn_momentum
    if a.zero_init_residual and not a.plain:
        for m in model.modules():
            if hasattr(m, 'body'):
                nn.init.zeros_(m.body[-1].weight)
    opt = torch.optim.Adam(model.parameters(), a.lr, eps=1e-7)  # Keras' epsilon
    for epoch in range(1, a.epochs + 1):
        t0 = time.perf_counter()
        model.train()
        order = torch.from_numpy(rng.permutation(len(ty)))
        right = seen = 0
        for i in range(0, len(order), a.batch):
            b = order[i:i + a.batch]
            logits = model(tx[b])
            loss = F.cross_entropy(logits, ty[b])
            opt.zero_grad(); loss.backward(); opt.step()
            right += (logits.argmax(1) == ty[b]).sum().item(); seen += len(b)
        model.eval()
        with torch.no_grad():
            val = sum((model(vx[i:i + 64]).argmax(1) == vy[i:i + 64]).sum().item() for i in range(0, len(vy), 64)) / len(vy)
        print(json.dumps({'model': a.model, 'shortcut': not a.plain, 'epoch': epoch, 'train_acc': round(right / seen, 4),
                          'val_acc': round(val, 4), 'seconds': round(time.perf_counter() - t0, 1)}), flush=True)


if __name__ == '__main__':
    main()
