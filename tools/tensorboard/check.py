#!/usr/bin/env python3
"""Developer tool (not used by the build or the tests): reads NeuralKit's TensorBoard event files with
TensorBoard's own reader and compares them with the run's other files.

For a run folder (it holds history.csv):
  - every epoch scalar (epoch/train_loss, …, epoch/seconds) against history.csv, value for value
    (float32), and no step or tag beyond it;
  - batch/loss against batch_history.csv (step = (epoch - 1) * batches per epoch + batch);
  - a weights/ and a gradients/ histogram per parameter and epoch, bucket counts adding up to the
    count; the last epoch's weight histograms against model.safetensors (count, min, max, sum);
  - an image per report figure that TensorBoard gets (confusion, decision boundary,
    reconstructions, first-layer weights or filters): PNG bytes whose size is the one recorded.
For a sweep folder (it holds sweep.json): the experiment summary of the HParams plugin in the sweep
folder and each trial's session start and end, parsed with tensorboard.plugins.hparams.plugin_data_pb2
(the grid's names and values, status success, metrics that exist), then every trial as a run folder.

Usage: check.py FOLDER...   (needs the tensorboard package, e.g. in a virtual environment:
       python3 -m venv /work/venv-tb && /work/venv-tb/bin/pip install tensorboard)
Prints what it checked and exits 1 on the first folder that fails. Checked with TensorBoard 2.21 on:
  neuralkit train --model "Linear(2, 8) - TanH() - Linear(8, 2)" --data gen-arti:1 --loss ce --epochs 5 --out /tmp/tb/cls
  neuralkit train --model "Linear(2, 1)" --data linear-regression --loss mse --lr 0.1 --epochs 30 --batch-size 10 \
      --validation-fraction 0.2 --out /tmp/tb/reg
  neuralkit train --model "Linear(256, 32) - TanH() - Linear(32, 256)" --data usps --limit 1000 --test-limit 300 \
      --reconstruct --loss mse --optimizer adam --lr 0.003 --epochs 5 --out /tmp/tb/ae
  neuralkit sweep --grid h=4,8 --grid lr=0.1,0.5 --model "Linear(2, {h}) - TanH() - Linear({h}, 2)" --data gen-arti:1 \
      --loss ce --epochs 5 --validation-fraction 0.2 --jobs 2 --out /tmp/tb/sweep
  check.py /tmp/tb/cls /tmp/tb/reg /tmp/tb/ae /tmp/tb/sweep
and on a run killed with SIGKILL in its fourth epoch and resumed (two event files; the interrupted
epoch's batches twice, with equal values).
"""
import csv, json, os, struct, sys

import numpy as np
from tensorboard.backend.event_processing import event_accumulator as ea
from tensorboard.plugins.hparams import api_pb2, metadata, plugin_data_pb2

EVERYTHING = {kind: 0 for kind in (ea.COMPRESSED_HISTOGRAMS, ea.IMAGES, ea.AUDIO, ea.SCALARS, ea.HISTOGRAMS, ea.TENSORS)}
IMAGE_FIGURES = ["confusion", "decision_boundary", "reconstructions", "first_layer_weights", "conv_filters"]


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def load(folder):
    accumulator = ea.EventAccumulator(folder, size_guidance=EVERYTHING)
    accumulator.Reload()
    return accumulator


def f32(text):
    return float(np.float32(float(text)))


def check_epoch_scalars(acc, folder):
    with open(os.path.join(folder, "history.csv")) as f:
        rows = list(csv.DictReader(f))
    tags = set(acc.Tags()["scalars"])
    compared = 0
    for column in rows[0].keys():
        if column == "epoch":
            continue
        tag = "epoch/" + column
        expected = {int(r["epoch"]): f32(r[column]) for r in rows if r[column] != ""}
        if not expected:
            expect(tag not in tags, f"{tag}: logged but history.csv has no {column}")
            continue
        expect(tag in tags, f"{tag}: missing (history.csv has {len(expected)} values)")
        events = acc.Scalars(tag)
        got = {}
        for e in events:
            expect(e.step not in got or got[e.step] == e.value, f"{tag}: step {e.step} logged twice with different values")
            got[e.step] = e.value
        expect(set(got) == set(expected), f"{tag}: steps {sorted(got)} but history.csv has epochs {sorted(expected)}")
        for step, value in expected.items():
            expect(got[step] == value, f"{tag} at epoch {step}: TensorBoard {got[step]!r}, history.csv {value!r}")
            compared += 1
    extra = {t for t in tags if t.startswith("epoch/")} - {"epoch/" + c for c in rows[0].keys()}
    expect(not extra, f"scalars not in history.csv: {sorted(extra)}")
    return len(rows), compared


def check_batch_losses(acc, folder):
    path = os.path.join(folder, "batch_history.csv")
    with open(path) as f:
        rows = list(csv.DictReader(f))
    per_epoch = {}
    for r in rows:
        per_epoch[int(r["epoch"])] = max(per_epoch.get(int(r["epoch"]), 0), int(r["batch"]))
    expected = {(int(r["epoch"]) - 1) * per_epoch[int(r["epoch"])] + int(r["batch"]): f32(r["loss"]) for r in rows}
    events = acc.Scalars("batch/loss")
    for e in events:
        expect(e.step in expected, f"batch/loss: step {e.step} is no batch of batch_history.csv")
        expect(e.value == expected[e.step], f"batch/loss at step {e.step}: TensorBoard {e.value!r}, batch_history.csv {expected[e.step]!r}")
    steps = {e.step for e in events}
    expect(steps == set(expected), f"batch/loss: {len(steps)} steps, batch_history.csv {len(expected)} batches")
    return len(expected), len(events)


def safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        start, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype=np.float32)
    return tensors


def check_histograms(acc, folder, epochs):
    tags = acc.Tags()["histograms"]
    weights = sorted(t for t in tags if t.startswith("weights/"))
    gradients = sorted(t for t in tags if t.startswith("gradients/"))
    expect(weights, "no weights/ histograms")
    expect([t.split("/", 1)[1] for t in weights] == [t.split("/", 1)[1] for t in gradients], f"weights {weights} and gradients {gradients} differ")
    for tag in weights + gradients:
        events = acc.Histograms(tag)
        expect(sorted({e.step for e in events}) == list(range(1, epochs + 1)), f"{tag}: steps {[e.step for e in events]}, expected 1…{epochs}")
        for e in events:
            h = e.histogram_value
            expect(h.num > 0 and sum(h.bucket) == h.num, f"{tag} at {e.step}: buckets add up to {sum(h.bucket)}, count {h.num}")
            expect(h.min <= h.max and len(h.bucket) == len(h.bucket_limit), f"{tag} at {e.step}: malformed")
    model = safetensors(os.path.join(folder, "model.safetensors"))
    for tag in weights:
        name = tag.split("/", 1)[1]
        h = [e for e in acc.Histograms(tag) if e.step == epochs][-1].histogram_value
        w = model[name].astype(np.float64)
        expect(h.num == w.size and h.min == w.min() and h.max == w.max(), f"{tag}: count/min/max {h.num}/{h.min}/{h.max}, model.safetensors {w.size}/{w.min()}/{w.max()}")
        expect(abs(h.sum - w.sum()) <= 1e-6 * max(1.0, np.abs(w).sum()), f"{tag}: sum {h.sum}, model.safetensors {w.sum()}")
    return len(weights), len(gradients)


def check_images(acc, folder):
    tags = set(acc.Tags()["images"])
    wanted = [name for name in IMAGE_FIGURES if os.path.exists(os.path.join(folder, name + ".svg"))]
    expect(tags == {"images/" + n for n in wanted}, f"images {sorted(tags)}, report figures {wanted}")
    sizes = []
    for tag in sorted(tags):
        image = acc.Images(tag)[-1]
        png = image.encoded_image_string
        expect(png[:8] == b"\x89PNG\r\n\x1a\n", f"{tag}: not a PNG")
        width, height = struct.unpack(">II", png[16:24])
        expect((width, height) == (image.width, image.height), f"{tag}: PNG {width}×{height}, recorded {image.width}×{image.height}")
        sizes.append(f"{tag.split('/')[1]} {width}×{height}")
    return sizes


def check_run(folder):
    expect(os.path.exists(os.path.join(folder, "metrics.json")), "no finished run here (metrics.json is missing)")
    acc = load(folder)
    expect(acc.file_version == 2.0, f"file version {acc.file_version}")
    epochs, scalars = check_epoch_scalars(acc, folder)
    batches, batch_events = check_batch_losses(acc, folder)
    weights, gradients = check_histograms(acc, folder, epochs)
    images = check_images(acc, folder)
    files = sorted(f for f in os.listdir(folder) if "tfevents" in f)
    print(f"{folder}: {len(files)} event file(s); {scalars} epoch scalars over {epochs} epochs = history.csv; "
          f"{batch_events} batch/loss = batch_history.csv ({batches} batches); "
          f"{weights} weight + {gradients} gradient histograms per epoch; images: {', '.join(images) or 'none'}")


def hparams_content(acc, tag):
    content = acc.PluginTagToContent(metadata.PLUGIN_NAME).get(tag)
    expect(content is not None, f"no {tag}")
    data = plugin_data_pb2.HParamsPluginData.FromString(content)
    expect(data.version == metadata.PLUGIN_DATA_VERSION, f"{tag}: version {data.version}")
    return data


def check_sweep(folder):
    with open(os.path.join(folder, "sweep.json")) as f:
        plan = json.load(f)
    names = [v["name"] for v in plan["variables"]]
    experiment = hparams_content(load(folder), metadata.EXPERIMENT_TAG).experiment
    expect([h.name for h in experiment.hparam_infos] == names, f"experiment hparams {[h.name for h in experiment.hparam_infos]}, grid {names}")
    for h, v in zip(experiment.hparam_infos, plan["variables"]):
        domain = [x.number_value if h.type == api_pb2.DATA_TYPE_FLOAT64 else x.string_value for x in h.domain_discrete.values]
        expected = [float(x) for x in v["values"]] if h.type == api_pb2.DATA_TYPE_FLOAT64 else v["values"]
        expect(domain == expected, f"experiment {h.name}: domain {domain}, grid {v['values']}")
    metrics = [m.name.tag for m in experiment.metric_infos]
    trials = sorted(d for d in os.listdir(folder) if d.startswith("trial-"))
    for trial in trials:
        path = os.path.join(folder, trial)
        with open(os.path.join(path, "trial.json")) as f:
            values = json.load(f)["values"]
        acc = load(path)
        start = hparams_content(acc, metadata.SESSION_START_INFO_TAG).session_start_info
        end = hparams_content(acc, metadata.SESSION_END_INFO_TAG).session_end_info
        for name, value in zip(names, values):
            got = start.hparams[name]
            expect(got.number_value == float(value) if got.WhichOneof("kind") == "number_value" else got.string_value == value,
                   f"{trial}: hparam {name} = {got}, trial.json {value}")
        expect(end.status == api_pb2.STATUS_SUCCESS, f"{trial}: status {end.status}")
        missing = [m for m in metrics if m not in acc.Tags()["scalars"]]
        expect(not missing, f"{trial}: metrics {missing} have no scalars")
        read = {n: getattr(start.hparams[n], start.hparams[n].WhichOneof("kind")) for n in names}
        print(f"{trial}: session hparams {read} = trial.json, status {api_pb2.Status.Name(end.status)}")
        check_run(path)
    print(f"{folder}: experiment with hparams {names} and metrics {metrics}; {len(trials)} trials")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for folder in sys.argv[1:]:
        try:
            check_sweep(folder) if os.path.exists(os.path.join(folder, "sweep.json")) else check_run(folder)
        except CheckFailed as failure:
            print(f"{folder}: FAILED: {failure}")
            sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
