// The network's trajectory plane (loaded with import() on first use): asks Python's `plane` job
// to train the catalog's small network (network_plane) with the first enabled optimizer entry,
// at the page's minibatch size and seed, and draws what it returns: the loss on the plane of
// the path's two principal directions (filled contours), the path on it, and the share of the
// path's variance that the plane holds. Cancel stops the job; a new start replaces the last.
//
// It imports nothing: the page's own helpers it draws with (el, computeContours, bandPaths) and
// the request (planeArgs) come from controls/plane-button.js, which is in the entry bundle, so
// esbuild's code splitting makes this module a chunk of its own and the entry bundle imports no
// shared chunk (nothing is added before the first paint).

const SIZE = {width: 420, height: 320, margin: 36};
const percent = (share) => `${(100 * share).toFixed(1)}%`;

export class PlaneView {
  // tools: {el, computeContours, bandPaths, planeArgs} (see above).
  constructor(box, page, tools) {
    this.box = box;
    this.page = page;
    this.tools = tools;
    const {el} = tools;
    this.status = el("p", "pg-plane-status");
    this.status.setAttribute("role", "status");
    this.cancelButton = el("button", "pg-button pg-plane-cancel", "Cancel");
    this.cancelButton.type = "button";
    this.cancelButton.hidden = true;
    this.cancelButton.addEventListener("click", () => this.cancel());
    this.canvas = el("canvas", "pg-plane-canvas");
    this.canvas.setAttribute("role", "img");
    this.canvas.hidden = true;
    this.fraction = el("p", "pg-plane-fraction");
    box.replaceChildren(this.status, this.cancelButton, this.canvas, this.fraction);
    box.dataset.state = "idle";
    this.result = null;
    this.args = null;
    this.controller = null;
  }

  async start() {
    this.cancel();
    const args = this.tools.planeArgs(this.page.state, this.page.catalog);
    if (!args) {
      this.status.textContent = "Switch an optimizer on first: the network is trained by the first one that is on.";
      return;
    }
    const {label, color, ...request} = args;
    this.args = request;
    const controller = new AbortController();
    this.controller = controller;
    this.box.dataset.state = "running";
    this.cancelButton.hidden = false;
    const plane = this.page.catalog.network_plane;
    const what = `${label} trains a ${plane.parameters}-weight network for ${plane.steps} steps`;
    this.status.textContent = `${what}…`;
    performance.mark("op:plane-start");
    let value;
    try {
      value = await this.page.client.call("plane", request, {
        signal: controller.signal,
        onProgress: (share) => { this.status.textContent = `${what}: ${percent(share)} done.`; },
      });
    } catch (error) {
      if (this.controller !== controller) return;
      this.finish("failed", `The network could not be trained: ${error.message}`);
      return;
    }
    if (value === null || this.controller !== controller) return;
    this.result = value;
    this.draw(value, color);
    performance.mark("op:plane-drawn");
    this.finish("done", `${label} trained the network (${plane.task}) from a loss of ` +
      `${value.path_losses[0].toPrecision(3)} to ${value.path_losses[value.steps].toPrecision(3)} in ${value.steps} steps.`);
  }

  cancel() {
    if (!this.controller) return;
    const controller = this.controller;
    this.controller = null;
    controller.abort();
    if (this.box.dataset.state === "running") this.finish("cancelled", "Cancelled; press Train a network to start again.");
  }

  finish(state, text) {
    this.box.dataset.state = state;
    this.cancelButton.hidden = true;
    this.status.textContent = text;
    if (state !== "running") this.controller = null;
  }

  draw(value, color) {
    const {width, height, margin} = SIZE;
    const ratio = globalThis.devicePixelRatio || 1;
    Object.assign(this.canvas, {width: width * ratio, height: height * ratio});
    Object.assign(this.canvas.style, {width: `${width}px`, height: `${height}px`});
    this.canvas.hidden = false;
    const ctx = this.canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const {nx, ny, x: [x0, x1], y: [y0, y1]} = value.grid;
    const grid = {nx, ny, values: value.grid.values, domain: [[x0, x1], [y0, y1]], min: value.min, max: value.max};
    const scales = {
      x: (v) => margin + ((v - x0) / (x1 - x0)) * (width - margin - 8),
      y: (v) => height - margin - ((v - y0) / (y1 - y0)) * (height - margin - 8),
    };
    ctx.clearRect(0, 0, width, height);
    ctx.save();
    ctx.beginPath();
    ctx.rect(margin, 8, width - margin - 8, height - margin - 8);
    ctx.clip();
    const {bandPaths, computeContours} = this.tools;
    const bands = bandPaths(computeContours(grid, {scale: "log"}).bands, scales);
    for (const band of bands) {
      ctx.fillStyle = band.color;
      ctx.fill(band.path, "evenodd");
    }
    ctx.strokeStyle = "rgba(255, 255, 255, 0.28)";
    ctx.lineWidth = 0.7;
    for (const band of bands.slice(1)) ctx.stroke(band.path);
    drawPath(ctx, value.path, scales, color);
    ctx.restore();
    const [first, second] = value.explained;
    ctx.fillStyle = getComputedStyle(this.box).color;
    ctx.font = "12px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.fillText(`1st direction (${percent(first)} of the variance)`, margin + (width - margin) / 2, height - 12);
    ctx.save();
    ctx.translate(12, (height - margin) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(`2nd direction (${percent(second)})`, 0, 0);
    ctx.restore();
    const text = `The plane holds ${percent(value.variance_fraction)} of the path's variance ` +
      `(${percent(first)} and ${percent(second)} along its two directions); the rest of the path's movement is ` +
      `in the other ${value.parameters - 2} directions of the ${value.parameters} weights.`;
    this.fraction.textContent = text;
    this.canvas.setAttribute("aria-label", `The training path on its plane, over the loss there. ${text}`);
  }
}

// The path: a line in the entry's colour on a dark casing, its start a ring, its end (the
// plane's origin) a dot.
function drawPath(ctx, path, {x, y}, color) {
  const points = [];
  for (let i = 0; i < path.length; i += 2) points.push([x(path[i]), y(path[i + 1])]);
  for (const [stroke, lineWidth] of [["rgba(0, 0, 0, 0.6)", 4], [color, 2]]) {
    ctx.strokeStyle = stroke;
    ctx.lineWidth = lineWidth;
    ctx.beginPath();
    points.forEach(([px, py], i) => (i ? ctx.lineTo(px, py) : ctx.moveTo(px, py)));
    ctx.stroke();
  }
  const [sx, sy] = points[0];
  const [ex, ey] = points[points.length - 1];
  ctx.lineWidth = 2;
  ctx.strokeStyle = "#fff";
  ctx.beginPath();
  ctx.arc(sx, sy, 5, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.arc(ex, ey, 4, 0, 2 * Math.PI);
  ctx.fill();
  ctx.stroke();
}
