#!/usr/bin/env bash
# The GPU check, for a machine with a GPU (NVIDIA here: Vulkan loader and driver, PyTorch with
# CUDA; no npm registry needed). Copy the installed project (with node_modules and build/) and a
# Node binary there, then from the project root:
#
#   NODE=/path/to/node scripts/gpu-check.sh [OUT_DIR]
#
# It runs (1) `benchtop doctor --json` (the webgpu adapter must be hardware), (2) tfjs-core's op
# tests for the experiments' kernels on that adapter, (3) `benchtop bench step resnet` for
# ResNet-18 and ResNet-50 (224 px, batch 16) on webgpu, and on tensorflow-gpu where it loads,
# next to PyTorch on CUDA (../shared/peers/resnet_torch.py --device cuda), and prints one JSON
# object with the step times and the ratios (ours / PyTorch's). Everything also lands in OUT_DIR.
set -uo pipefail
cd "$(dirname "$0")/.."
NODE="${NODE:-node}"
PYTHON="${BENCHTOP_PYTHON:-python3}"
PEERS="${BENCHTOP_PEERS:-../shared/peers}"
OUT="${1:-gpu-check-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
export BENCHTOP_HOME="$OUT/home"
# The hardware adapter: no software ICD may be forced here.
unset VK_ICD_FILENAMES
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
BT=("$NODE" bin/benchtop.mjs)
log() { echo "gpu-check: $*" >&2; }

log "node $("$NODE" --version); $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || echo 'nvidia-smi not found')"

log "1/4 doctor"
"${BT[@]}" doctor --json > "$OUT/doctor.json" 2> "$OUT/doctor.err"
"${BT[@]}" doctor > "$OUT/doctor.txt" 2>&1 || true
cat "$OUT/doctor.txt" >&2

log "2/4 op suite on the hardware adapter"
"$NODE" scripts/op-suite/webgpu/run.mjs --hardware > "$OUT/op-suite.txt" 2>&1
tail -n 5 "$OUT/op-suite.txt" >&2

log "3/4 bench step (224 px, batch 16)"
for model in ResNet18 ResNet50; do
  for backend in webgpu tensorflow-gpu; do
    "${BT[@]}" bench step resnet --set model=$model --set size=224 --set classes=2 --batch 16 --steps 10 \
      --backend $backend --json > "$OUT/bench-$model-$backend.json" 2> "$OUT/bench-$model-$backend.err" \
      || log "bench $model on $backend failed: $(tail -n 1 "$OUT/bench-$model-$backend.err")"
  done
done

log "4/4 PyTorch CUDA peers"
for model in ResNet18 ResNet50; do
  "$PYTHON" "$PEERS/resnet_torch.py" --device cuda --model $model --size 224 --batch 16 --steps 10 \
    > "$OUT/torch-$model.json" 2> "$OUT/torch-$model.err" || log "PyTorch $model failed: $(tail -n 1 "$OUT/torch-$model.err")"
done

"$NODE" --input-type=module - "$OUT" <<'JS'
import { readFileSync } from 'node:fs'
const out = process.argv[2]
const read = (file) => { try { return JSON.parse(readFileSync(`${out}/${file}`, 'utf8').trim().split('\n').filter((l) => l.startsWith('{') || l.startsWith('}') || l.startsWith(' ')).join('\n')) } catch { return null } }
const lastJson = (file) => { try { const lines = readFileSync(`${out}/${file}`, 'utf8').trim().split('\n'); return JSON.parse(lines.at(-1)) } catch { return null } }
const doctor = read('doctor.json')
const webgpu = doctor?.backends?.find((b) => b.name === 'webgpu') ?? null
const result = {
  date: new Date().toISOString(),
  selected: doctor?.selected ?? null,
  adapter: webgpu?.adapter ?? null,
  webgpu: webgpu ? { ok: webgpu.ok, selected: webgpu.selected, reason: webgpu.reason, selfTestMs: webgpu.selfTestMs } : null,
  opSuite: lastJson('op-suite.txt'),
  resnet: {},
}
for (const model of ['ResNet18', 'ResNet50']) {
  const torch = lastJson(`torch-${model}.json`)
  const row = { pytorch_cuda_ms: torch?.step_ms ?? null }
  for (const backend of ['webgpu', 'tensorflow-gpu']) {
    const bench = read(`bench-${model}-${backend}.json`)
    row[`${backend}_ms`] = bench?.step_ms ?? null
    row[`${backend}_ratio`] = bench?.step_ms && torch?.step_ms ? Math.round((bench.step_ms / torch.step_ms) * 100) / 100 : null
  }
  result.resnet[model] = row
}
console.log(JSON.stringify(result, null, 2))
process.exitCode = result.webgpu?.selected && result.opSuite?.failed === 0 ? 0 : 1
JS
