// The paths on the surface: each run's path at its height f (the run's own values, on the
// surface's height scale), in its colour and dash pattern on a solid casing as on the contour,
// drawn up to the playback's step; at that step each path's marker (its shape, filled), and the
// starts. Built once per set of paths and surface; a new step only changes how much of each
// path is drawn (a prefix of its segments) and where the markers are.
import {Group} from "three";
import {LineSegments2} from "three/addons/lines/LineSegments2.js";
import {LineSegmentsGeometry} from "three/addons/lines/LineSegmentsGeometry.js";
import {LineMaterial} from "three/addons/lines/LineMaterial.js";
import {CASING, DASHES, LINE_WIDTH} from "../plot/path-style.js";
import {pathSegments, pointAtStep} from "./geometry.js";

const LIFT = 0.006;          // paths float this far above the surface (world units), clear of its triangles
const MARKER_LIFT = 0.014;
const WIDTH_WORLD = 0.008;   // a line width in world units, for the dash patterns (about 2.5 px at the first zoom)

export class PathLayer {
  constructor(sprites) {
    this.sprites = sprites;
    this.group = new Group();
    this.paths = [];          // [{key, row count, colour line, casing line, ends, markers: [sprite per row]}]
    this.source = null;
    this.startSprites = [];
    this.materials = [];
  }

  // paths: the 2-D renderer's ([{key, color, dash, marker, points, values, n, lastStep}]); starts:
  // its starts ([{x, y}]); surface: the SurfaceLayer (its frame and height scale); casing: the
  // theme's casing colour. Rebuilds when any of them changed.
  update(paths, starts, surface, casing) {
    const source = [paths, starts, surface.source, casing];
    if (this.source && source.every((item, i) => item === this.source[i])) return false;
    this.source = source;
    this.clear();
    if (!surface.frame) return true;
    const {frame, heightOf} = surface;
    const [[x0, x1], [y0, y1]] = frame.view;
    const place = (x, y, f, lift = LIFT) => {
      if (!(x >= x0 && x <= x1 && y >= y0 && y <= y1) || !(Number.isFinite(f) || f === Infinity)) return null;
      const point = frame.toWorld(x, y, heightOf(f));
      point[2] += lift;
      return point;
    };
    this.place = place;
    for (const path of paths) {
      const pattern = (DASHES[path.dash] ?? []).map((d) => d * WIDTH_WORLD);
      const solid = pathSegments(path, place);
      const dashed = pattern.length ? pathSegments(path, place, pattern) : solid;
      const casingLine = this.line(solid.segments, casing, LINE_WIDTH + CASING, 0);
      const colourLine = this.line(dashed.segments, path.color, LINE_WIDTH, 1);
      if (colourLine) this.ghost(colourLine, path.color);
      const markers = [];
      for (let row = 0; row < path.n; row++) {
        // where each run is now shows through the hills too
        const sprite = this.sprites.sprite(this.sprites.marker(path.marker, path.color, casing), {depthTest: false, order: 6});
        sprite.name = `marker ${path.key} ${row}`;
        markers.push(sprite);
        this.group.add(sprite);
      }
      this.paths.push({key: path.key, path, casingLine, colourLine, solidEnds: solid.ends, dashedEnds: dashed.ends,
                       markers});
    }
    starts.forEach((start, i) => {
      const sprite = this.sprites.sprite(this.sprites.start(starts.length > 1 ? String(i + 1) : ""), {order: 2});
      const t = surface.heightAtPlane(start.x, start.y);
      if (t === null) return;
      sprite.position.set(...frame.toWorld(start.x, start.y, t));
      sprite.position.z += MARKER_LIFT;
      this.startSprites.push(sprite);
      this.group.add(sprite);
    });
    return true;
  }

  line(segments, color, width, order) {
    if (!segments.length) return null;
    const geometry = new LineSegmentsGeometry();
    geometry.setPositions(segments);
    // the colour over its casing: the two lie at one depth, so the colour is pulled a little forward
    const forward = order > 0 ? {polygonOffset: true, polygonOffsetFactor: -4, polygonOffsetUnits: -4} : {};
    const material = new LineMaterial({color, linewidth: width, worldUnits: false, ...forward});
    this.materials.push(material);
    const line = new LineSegments2(geometry, material);
    line.renderOrder = order;
    this.group.add(line);
    return line;
  }

  // The part of a path behind a hill, faint: the same segments (the same prefix) drawn over everything.
  ghost(line, color) {
    const material = new LineMaterial({color, linewidth: LINE_WIDTH, worldUnits: false, transparent: true, opacity: 0.35,
                                       depthTest: false, depthWrite: false});
    this.materials.push(material);
    const ghost = new LineSegments2(line.geometry, material);
    ghost.renderOrder = 5;
    this.group.add(ghost);
  }

  // Each path drawn up to `step`, its markers there.
  setStep(step) {
    const s = Math.floor(step);
    for (const {path, casingLine, colourLine, solidEnds, dashedEnds, markers} of this.paths) {
      const k = Math.max(0, Math.min(s, solidEnds.length - 1));
      if (casingLine) casingLine.geometry.instanceCount = solidEnds[k];
      if (colourLine) colourLine.geometry.instanceCount = dashedEnds[k];
      markers.forEach((sprite, row) => {
        const point = pointAtStep(path, row, s, (x, y, f) => this.place(x, y, f, MARKER_LIFT));
        sprite.visible = point !== null;
        if (point) sprite.position.set(...point);
      });
    }
    this.step = s;
  }

  // The lines' widths are in CSS px of a canvas this size.
  setResolution(width, height) {
    for (const material of this.materials) material.resolution.set(width, height);
  }

  // For tests: where each marker is now ({key, row, world: [X, Y, Z]}), visible ones only.
  markerPoints() {
    return this.paths.flatMap(({key, markers}) => markers.map((sprite, row) => ({key, row, sprite})))
      .filter(({sprite}) => sprite.visible)
      .map(({key, row, sprite}) => ({key, row, world: sprite.position.toArray()}));
  }

  clear() {
    for (const child of [...this.group.children]) {
      this.group.remove(child);
      if (child.isSprite) child.material.dispose();   // (its texture is the SpriteMaker's, its geometry shared)
      else child.geometry?.dispose();
    }
    for (const material of this.materials) material.dispose();
    this.materials = [];
    this.paths = [];
    this.startSprites = [];
  }
}
