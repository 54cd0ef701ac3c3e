// Epochs on the loss chart: with minibatches, a run's updates go through the data set in
// epochs of `batchesPerEpoch` updates (Python's reply says how many); the chart marks the step
// that ends each epoch with a short tick along its top edge, labelled every few epochs.

const MOST_LABELS = 8;

// The steps that end an epoch, up to `last`: batchesPerEpoch, 2 * batchesPerEpoch, ...
export function epochSteps(batchesPerEpoch, last) {
  if (!(batchesPerEpoch >= 1) || !(last >= batchesPerEpoch)) return [];
  const steps = [];
  for (let step = batchesPerEpoch; step <= last; step += batchesPerEpoch) steps.push(step);
  return steps;
}

// The runs' batches per epoch (the worker's run values carry `minibatch.batches_per_epoch`),
// or null when they took full-batch gradients.
export function batchesPerEpoch(runs) {
  for (const run of runs) if (run?.minibatch?.batches_per_epoch) return run.minibatch.batches_per_epoch;
  return null;
}

// Draws the ticks on a uPlot chart `u` (its draw hook), in `color`.
export function drawEpochMarks(u, steps, color) {
  if (!steps.length) return;
  const {ctx, bbox} = u;
  const ratio = globalThis.devicePixelRatio || 1;
  const every = Math.max(1, Math.ceil(steps.length / MOST_LABELS));
  ctx.save();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = ratio;
  ctx.font = `${10 * ratio}px system-ui, sans-serif`;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.beginPath();
  steps.forEach((step, index) => {
    const x = Math.round(u.valToPos(step, "x", true));
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + 6 * ratio);
    if ((index + 1) % every === 0) ctx.fillText(`epoch ${index + 1}`, x, bbox.top + 7 * ratio);
  });
  ctx.stroke();
  ctx.restore();
}
